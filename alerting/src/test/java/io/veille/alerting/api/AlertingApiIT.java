package io.veille.alerting.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpServer;
import io.veille.alerting.notify.Notification;
import io.veille.alerting.route.AlertingConfig;
import io.veille.alerting.runtime.AlertingService;
import io.veille.alerting.runtime.IncidentService;
import io.veille.common.config.Secrets;
import io.veille.common.config.VeilleConfig;
import io.veille.common.json.Json;
import io.veille.common.kafka.EmbeddedKafka;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.Incident;
import io.veille.common.model.Signal;
import io.veille.common.model.Watch;
import io.veille.common.testing.KafkaTestSupport;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API of a real alerting service (embedded broker, injected clock, a webhook receiver on
 * 127.0.0.1) through java.net.http: incidents listed with filters, one with its timeline and its
 * deliveries, an acknowledgement that shows in the incident, survives a restart and stops the
 * reminders; silences created, listed, read and expired; bad parameters answered 400 naming
 * them, unknown ids 404, wrong methods 405, the bearer token enforced.
 */
class AlertingApiIT {
  static final String TOKEN = "api-t0k3n-0123456789abcdef";
  static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");

  @TempDir
  static Path tmp;
  static EmbeddedKafka kafka;
  static VeilleConfig config;
  static HttpServer hook;
  static final List<String> hooked = new CopyOnWriteArrayList<>();
  static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
    config = VeilleConfig.defaults().withBootstrapServers(kafka.bootstrapServers());
    TopicAdmin.createMissing(KafkaClients.admin(config, "it-admin"), Topics.ALL, (short) 1);
    watch(new Watch("ondyne", "Ondyne", "ondyne", Set.of(), Set.of(), null, List.of("crisis")));
    watch(new Watch("velia", "Vélia", "velia", Set.of(), Set.of(), null, List.of()));
    hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext("/hook", ex -> {
      ex.getRequestBody().readAllBytes();
      hooked.add(ex.getRequestHeaders().getFirst("Idempotency-Key"));
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    hook.start();
  }

  @AfterAll
  static void stop() {
    hook.stop(0);
    kafka.close();
  }

  static void send(String topic, String key, byte[] value) {
    try (var p = new KafkaProducer<byte[], byte[]>(KafkaClients.producer(config, "it-send"))) {
      p.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
      p.flush();
    }
  }

  static void watch(Watch w) {
    send(Topics.WATCHES.name(), w.id(), Topics.WATCHES.valueSerde().serializer().serialize("", w));
  }

  static void signal(String watch, Signal.Kind kind, Signal.Phase phase, Signal.Severity sev, Instant onset, Instant at) {
    Signal s = new Signal(watch, kind, phase, sev, onset, at, 30, 5, 7, false, null);
    send(Topics.SIGNALS.name(), watch, Topics.SIGNALS.valueSerde().serializer().serialize("", s));
  }

  static AlertingConfig rules() throws Exception {
    String yaml = """
        receivers:
          - name: console
            console: {}
          - name: crisis
            webhook: {url: "http://127.0.0.1:%d/hook", secret: "env:HOOK_SECRET"}
        route:
          receivers: [console]
          group_wait: 30s
          repeat_interval: 1h
          routes:
            - labels: [crisis]
              receivers: [crisis]
        http: {port: 0, token: "env:API_TOKEN"}
        """.formatted(hook.getAddress().getPort());
    return AlertingConfig.parse(new ObjectMapper(new YAMLFactory()).readValue(yaml, Object.class),
        new Secrets(Map.of("HOOK_SECRET", "0123456789abcdef0123", "API_TOKEN", TOKEN)::get));
  }

  record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    String error() {
      return body.path("error").asText();
    }

    String field() {
      return body.path("field").asText(null);
    }
  }

  static String base;

  static Answer call(String method, String path, String json, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    return new Answer(r.statusCode(), Json.MAPPER.readTree(r.body()), r);
  }

  static Answer get(String path) throws Exception {
    return call("GET", path, null, TOKEN);
  }

  static List<String> ids(Answer a) {
    List<String> out = new ArrayList<>();
    a.body().path("incidents").forEach(n -> out.add(n.path("id").asText()));
    return out;
  }

  static List<Notification> outbox() {
    return KafkaTestSupport.readToEnd(kafka.bootstrapServers(), Topics.NOTIFICATIONS.name(), Duration.ofSeconds(30))
        .stream().map(r -> IncidentService.NotificationJson.read(r.value())).toList();
  }

  @Test
  void theApiListsReadsAcknowledgesAndSilences() throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(T0);
    InstantSource clock = now::get;
    String ondyne = Incident.idOf("ondyne", Signal.Kind.NEGATIVE_SURGE, T0);
    String velia = Incident.idOf("velia", Signal.Kind.VOLUME_SPIKE, T0.plusSeconds(600));
    String old = Incident.idOf("velia", Signal.Kind.NEGATIVE_SURGE, T0.minusSeconds(7200));
    AlertingService a = AlertingService.start(config, rules(), clock, "api", new PrintWriter(new StringWriter(), true));
    try {
      assertThat(a.awaitReady(Duration.ofMinutes(1))).isTrue();
      base = a.url();
      assertThat(base).startsWith("http://127.0.0.1:");
      signal("velia", Signal.Kind.NEGATIVE_SURGE, Signal.Phase.ONSET, Signal.Severity.INFO, T0.minusSeconds(7200),
          T0.minusSeconds(7140));
      signal("velia", Signal.Kind.NEGATIVE_SURGE, Signal.Phase.END, Signal.Severity.INFO, T0.minusSeconds(7200),
          T0.minusSeconds(3600));
      signal("ondyne", Signal.Kind.NEGATIVE_SURGE, Signal.Phase.ONSET, Signal.Severity.WARNING, T0, T0.plusSeconds(60));
      signal("ondyne", Signal.Kind.NEGATIVE_SURGE, Signal.Phase.UPDATE, Signal.Severity.CRITICAL, T0,
          T0.plusSeconds(120));
      signal("velia", Signal.Kind.VOLUME_SPIKE, Signal.Phase.ONSET, Signal.Severity.WARNING, T0.plusSeconds(600),
          T0.plusSeconds(660));
      await().atMost(Duration.ofSeconds(60)).until(() -> a.view().incidents().size() == 3);
      now.set(T0.plusSeconds(60));
      // after the group wait: ondyne's crisis webhook and velia's console are told, and their deliveries recorded
      await().atMost(Duration.ofSeconds(60)).until(() -> a.view().deliveriesOf(ondyne).stream()
          .anyMatch(d -> d.status().done()) && a.view().deliveriesOf(velia).stream().anyMatch(d -> d.status().done()));

      // the token
      assertThat(call("GET", "/api/v1/incidents", null, null).status()).isEqualTo(401);
      Answer wrong = call("GET", "/api/v1/incidents", null, "not-the-token");
      assertThat(wrong.status()).isEqualTo(401);
      assertThat(wrong.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
          .startsWith("Bearer"));
      assertThat(call("GET", "/api/v1/nothing-here", null, null).status()).as("no hint before the token").isEqualTo(401);
      Answer health = call("GET", "/health", null, null);
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.body().path("status").asText()).isEqualTo("UP");
      // the operators' routes, without the token: live, ready (Kafka, state restored), and the metrics
      assertThat(call("GET", "/health/live", null, null).status()).isEqualTo(200);
      Answer ready = call("GET", "/health/ready", null, null);
      assertThat(ready.status()).as(ready.body().toString()).isEqualTo(200);
      assertThat(ready.body().path("checks").path("kafka").path("detail").asText()).contains("1 broker(s)");
      HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      // both deliveries above were done: the crisis webhook's and the console's
      assertThat(metrics.body())
          .containsPattern("veille_notifications_total\\{outcome=\"delivered\",receiver=\"crisis\",service=\"alerting\"\\} [1-9]")
          .containsPattern("veille_notifications_total\\{outcome=\"delivered\",receiver=\"console\",service=\"alerting\"\\} [1-9]")
          .contains("veille_notifications_total{outcome=\"gave_up\",receiver=\"crisis\",service=\"alerting\"} 0.0")
          .contains("veille_incidents_owned{service=\"alerting\"} 3.0")
          .contains("jvm_memory_used_bytes");

      // list, newest first, and the filters
      Answer all = get("/api/v1/incidents");
      assertThat(all.status()).isEqualTo(200);
      assertThat(ids(all)).containsExactly(velia, ondyne, old);
      assertThat(all.body().path("matched").asInt()).isEqualTo(3);
      assertThat(all.body().path("incidents").get(0).has("timeline")).as("the list is a summary").isFalse();
      assertThat(ids(get("/api/v1/incidents?watch=ondyne"))).containsExactly(ondyne);
      assertThat(ids(get("/api/v1/incidents?state=resolved"))).containsExactly(old);
      assertThat(ids(get("/api/v1/incidents?state=open,escalated"))).containsExactly(velia, ondyne);
      assertThat(ids(get("/api/v1/incidents?state=escalated&severity=critical"))).containsExactly(ondyne);
      assertThat(ids(get("/api/v1/incidents?severity=warning"))).containsExactly(velia);
      assertThat(ids(get("/api/v1/incidents?since=2026-11-22T08:30:00Z"))).as("the old one resolved at 08:00")
          .containsExactly(velia, ondyne);
      assertThat(ids(get("/api/v1/incidents?since=5m"))).as("still open counts").containsExactly(velia, ondyne);
      Answer one = get("/api/v1/incidents?limit=1");
      assertThat(ids(one)).containsExactly(velia);
      assertThat(one.body().path("matched").asInt()).isEqualTo(3);

      // bad parameters: 400 naming them
      for (var bad : Map.of("/api/v1/incidents?limit=0", "limit", "/api/v1/incidents?limit=9999", "limit",
          "/api/v1/incidents?limit=ten", "limit", "/api/v1/incidents?state=closed", "state",
          "/api/v1/incidents?severity=high", "severity", "/api/v1/incidents?since=yesterday", "since",
          "/api/v1/incidents?sort=asc", "sort", "/api/v1/incidents?watch=a&watch=b", "watch",
          "/api/v1/incidents?watch=" + "w".repeat(300), "watch").entrySet()) {
        Answer r = get(bad.getKey());
        assertThat(r.status()).as(bad.getKey()).isEqualTo(400);
        assertThat(r.field()).as(bad.getKey()).isEqualTo(bad.getValue());
        assertThat(r.error()).as(bad.getKey()).isNotBlank();
      }
      assertThat(get("/api/v1/incidents?state=closed").error())
          .isEqualTo("must be open, escalated, resolved (or a comma-separated list), was 'closed'");

      // one incident: its timeline and its deliveries
      Answer inc = get("/api/v1/incidents/" + ondyne);
      assertThat(inc.status()).isEqualTo(200);
      assertThat(inc.body().path("state").asText()).isEqualTo("ESCALATED");
      assertThat(inc.body().path("peakSeverity").asText()).isEqualTo("CRITICAL");
      List<String> what = new ArrayList<>();
      inc.body().path("timeline").forEach(e -> what.add(e.path("what").asText()));
      assertThat(what).containsSubsequence("onset", "escalated", "notified");
      JsonNode delivery = inc.body().path("deliveries").get(0);
      assertThat(delivery.path("receiver").asText()).isEqualTo("crisis");
      assertThat(delivery.path("event").asText()).isEqualTo("OPENED");
      assertThat(delivery.path("status").asText()).isEqualTo("DELIVERED");
      assertThat(delivery.path("attempts").asInt()).isEqualTo(1);
      assertThat(delivery.path("lastResult").asText()).startsWith("webhook: 200");
      assertThat(hooked).contains(delivery.path("key").asText());
      assertThat(get("/api/v1/incidents/ondyne:negative:1").status()).isEqualTo(404);
      assertThat(get("/api/v1/incidents/ondyne:negative:1").field()).isEqualTo("id");
      assertThat(call("DELETE", "/api/v1/incidents/" + ondyne, null, TOKEN).status()).isEqualTo(405);
      assertThat(call("DELETE", "/api/v1/incidents/" + ondyne, null, TOKEN).raw().headers().firstValue("Allow"))
          .hasValue("GET, HEAD");
      assertThat(get("/api/v1/nothing-here").status()).isEqualTo(404);

      // acknowledge: bad bodies, then done, shown in the incident
      String ack = "/api/v1/incidents/" + ondyne + "/ack";
      assertThat(call("POST", ack, "{\"comment\": \"x\"}", TOKEN).field()).isEqualTo("author");
      assertThat(call("POST", ack, "{\"author\": \"ana\", \"why\": \"x\"}", TOKEN).field()).isEqualTo("why");
      assertThat(call("POST", ack, "{\"author\": 42}", TOKEN).field()).isEqualTo("author");
      assertThat(call("POST", ack, "{\"author\": \"" + "a".repeat(300) + "\"}", TOKEN).field()).isEqualTo("author");
      assertThat(call("POST", ack, "not json", TOKEN).status()).isEqualTo(400);
      assertThat(call("POST", ack, "{\"author\": \"ana\"}", null).status()).isEqualTo(401);
      assertThat(call("GET", ack, null, TOKEN).status()).isEqualTo(405);
      assertThat(call("POST", "/api/v1/incidents/nope:spike:1/ack", "{\"author\": \"ana\"}", TOKEN).status())
          .isEqualTo(404);
      assertThat(call("POST", "/api/v1/incidents/" + old + "/ack", "{\"author\": \"ana\"}", TOKEN).status())
          .as("resolved").isEqualTo(409);
      now.set(T0.plusSeconds(300));
      Answer acked = call("POST", ack, "{\"author\": \"ana\", \"comment\": \"on it, with the network team\"}", TOKEN);
      assertThat(acked.status()).isEqualTo(200);
      assertThat(acked.body().path("acknowledgedBy").asText()).isEqualTo("ana");
      assertThat(acked.body().path("acknowledgedAt").asText()).isEqualTo(T0.plusSeconds(300).toString());
      JsonNode last = acked.body().path("timeline").get(acked.body().path("timeline").size() - 1);
      assertThat(last.path("what").asText()).isEqualTo("acknowledged");
      assertThat(last.path("detail").asText()).isEqualTo("by ana: on it, with the network team");
      assertThat(call("POST", ack, "{\"author\": \"bob\"}", TOKEN).status()).as("already").isEqualTo(409);

      // silences: create, list, read, expire
      Answer created = call("POST", "/api/v1/silences", "{\"watches\": [\"velia\"], \"for\": \"2h\", \"author\": \"ana\","
          + " \"comment\": \"maintenance\"}", TOKEN);
      assertThat(created.status()).isEqualTo(201);
      String sid = created.body().path("id").asText();
      assertThat(sid).matches("s-[0-9a-f]{8}");
      assertThat(created.raw().headers().firstValue("Location")).hasValue("/api/v1/silences/" + sid);
      assertThat(created.body().path("state").asText()).isEqualTo("active");
      assertThat(created.body().path("endsAt").asText()).isEqualTo(T0.plusSeconds(300 + 7200).toString());
      Answer listed = get("/api/v1/silences");
      assertThat(listed.body().path("silences")).extracting(n -> n.path("id").asText()).contains(sid);
      assertThat(get("/api/v1/silences/" + sid).body().path("comment").asText()).isEqualTo("maintenance");
      for (var bad : Map.of("{\"watches\": [\"velia\"], \"author\": \"ana\"}", "for",
          "{\"watches\": [\"velia\"], \"for\": \"40d\", \"author\": \"ana\"}", "for",
          "{\"watches\": [\"velia\"], \"for\": \"soon\", \"author\": \"ana\"}", "for",
          "{\"for\": \"1h\", \"author\": \"ana\"}", "watches",
          "{\"watches\": [\"velia\"], \"for\": \"1h\"}", "author",
          "{\"watches\": [\"velia\", 3], \"for\": \"1h\", \"author\": \"ana\"}", "watches[1]",
          "{\"watch\": [\"velia\"], \"for\": \"1h\", \"author\": \"ana\"}", "watch").entrySet()) {
        Answer r = call("POST", "/api/v1/silences", bad.getKey(), TOKEN);
        assertThat(r.status()).as(bad.getKey()).isEqualTo(400);
        assertThat(r.field()).as(bad.getKey()).isEqualTo(bad.getValue());
      }
      assertThat(get("/api/v1/silences?state=gone").field()).isEqualTo("state");
      assertThat(get("/api/v1/silences/s-00000000").status()).isEqualTo(404);
      assertThat(call("DELETE", "/api/v1/silences/s-00000000", null, TOKEN).status()).isEqualTo(404);
      assertThat(call("PUT", "/api/v1/silences/" + sid, "{}", TOKEN).status()).isEqualTo(405);
      now.set(T0.plusSeconds(400));
      Answer expired = call("DELETE", "/api/v1/silences/" + sid, null, TOKEN);
      assertThat(expired.status()).isEqualTo(200);
      assertThat(expired.body().path("state").asText()).isEqualTo("expired");
      assertThat(expired.body().path("endsAt").asText()).isEqualTo(T0.plusSeconds(400).toString());
      assertThat(get("/api/v1/silences").body().path("silences")).extracting(n -> n.path("id").asText())
          .doesNotContain(sid);
      assertThat(get("/api/v1/silences?state=expired").body().path("silences")).extracting(n -> n.path("id").asText())
          .contains(sid);
      await().atMost(Duration.ofSeconds(30)).until(() -> a.view().silence(sid) != null
          && !a.view().silence(sid).endsAt().isAfter(T0.plusSeconds(400)));
    } finally {
      a.close();
    }

    // a restart: the acknowledgement is in the stored incident, and it stops the reminders (velia gets its own)
    AlertingService b = AlertingService.start(config, rules(), clock, "api", new PrintWriter(new StringWriter(), true));
    try {
      assertThat(b.awaitReady(Duration.ofMinutes(1))).isTrue();
      base = b.url();
      await().atMost(Duration.ofSeconds(30)).until(() -> b.incidents().incident(ondyne) != null);
      Answer after = get("/api/v1/incidents/" + ondyne);
      assertThat(after.body().path("acknowledgedBy").asText()).isEqualTo("ana");
      assertThat(b.incidents().incident(ondyne).acknowledgedBy()).as("the owner's engine too").isEqualTo("ana");
      now.set(T0.plus(Duration.ofHours(2)));
      await().atMost(Duration.ofSeconds(60)).until(() -> outbox().stream()
          .anyMatch(n -> n.incidentId().equals(velia) && n.event() == Notification.Event.REMINDER));
      assertThat(outbox()).filteredOn(n -> n.incidentId().equals(ondyne)).extracting(Notification::event)
          .doesNotContain(Notification.Event.REMINDER);
      assertThat(b.failure()).isNull();
    } finally {
      b.close();
    }
  }
}
