package io.veille.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.veille.common.json.Json;
import io.veille.common.json.MentionJson;
import io.veille.common.model.Mention;
import io.veille.common.topic.DeadLetters;
import io.veille.ingest.IngestService;
import io.veille.ingest.config.IngestConfig;
import io.veille.ingest.Connectors;
import io.veille.ingest.testing.IngestHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP intake on a real HTTP server and a real broker. */
class IntakeIT {
  @TempDir
  static Path tmp;
  static IngestHarness harness;
  static IngestService service;
  static HttpClient http = HttpClient.newHttpClient();
  static final String TOKEN = "s3cret-intake-token";

  @BeforeAll
  static void start() throws Exception {
    harness = new IngestHarness(tmp);
    IngestConfig cfg = IngestConfig.parse("ingest.yml", Map.of("http", Map.of("port", 0,
        "intake", Map.of("tokens", List.of("env:INTAKE_TOKEN"), "max-request-bytes", 200_000))),
        Connectors.factories(), Map.of("INTAKE_TOKEN", TOKEN)::get);
    service = IngestService.start(cfg, harness.config());
  }

  @AfterAll
  static void stop() throws Exception {
    service.close();
    harness.close();
  }

  static HttpResponse<String> post(String body, String contentType, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/api/v1/mentions"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String mention(String id, int minute) {
    return MentionJson.writeString(Mention.of("intake:" + id, "zapier", "Nuvia panne encore " + id,
        Instant.parse("2026-11-10T17:00:00Z").plusSeconds(60L * minute)));
  }

  @Test
  void oneMentionIsAcceptedWith202AndLandsOnRaw() throws Exception {
    HttpResponse<String> r = post(mention("single", 0), "application/json", TOKEN);
    assertThat(r.statusCode()).isEqualTo(202);
    JsonNode body = Json.MAPPER.readTree(r.body());
    assertThat(body.get("accepted").asInt()).isEqualTo(1);
    assertThat(body.get("rejected").asInt()).isZero();
    List<Mention> got = harness.raw(m -> m.id().equals("intake:single"), 1, Duration.ofSeconds(30));
    assertThat(got).hasSize(1);
    assertThat(got.get(0).fetchedAt()).isNotNull();
  }

  @Test
  void ndjsonBatchWithBadLinesAnswers400WithLineAndFieldAndKeepsTheGoodOnes() throws Exception {
    String batch = String.join("\n",
        mention("b1", 1),
        "{\"v\":1,\"id\":\"intake:b2\",\"source\":\"zapier\",\"text\":\"x\",\"publishedAt\":\"not-a-date\"}",
        mention("b3", 3),
        "",
        "{oops",
        mention("b6", 6));
    HttpResponse<String> r = post(batch, "application/x-ndjson", TOKEN);
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode body = Json.MAPPER.readTree(r.body());
    assertThat(body.get("accepted").asInt()).isEqualTo(3);
    assertThat(body.get("rejected").asInt()).isEqualTo(2);
    assertThat(body.get("errors").get(0).get("line").asInt()).isEqualTo(2);
    assertThat(body.get("errors").get(0).get("field").asText()).isEqualTo("publishedAt");
    assertThat(body.get("errors").get(0).get("reason").asText()).startsWith("not an ISO-8601 instant");
    assertThat(body.get("errors").get(1).get("line").asInt()).isEqualTo(5);
    assertThat(body.get("errors").get(1).get("reason").asText()).startsWith("not valid JSON");

    List<Mention> got = harness.raw(m -> m.id().matches("intake:b\\d"), 3, Duration.ofSeconds(30));
    assertThat(got).extracting(Mention::id).containsExactlyInAnyOrder("intake:b1", "intake:b3", "intake:b6");
    var dlq = harness.dlq("intake", 2, Duration.ofSeconds(30));
    assertThat(dlq).extracting(rec -> DeadLetters.header(rec.headers(), DeadLetters.LINE)).contains("2", "5");
  }

  @Test
  void authSizeMethodAndTypeAreChecked() throws Exception {
    assertThat(post(mention("x", 0), "application/json", null).statusCode()).isEqualTo(401);
    HttpResponse<String> wrong = post(mention("x", 0), "application/json", "nope");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"veille\"");
    assertThat(post(mention("x", 0), "text/plain", TOKEN).statusCode()).isEqualTo(415);
    String big = IntStream.range(0, 2000).mapToObj(i -> mention("big" + i, i)).collect(Collectors.joining("\n"));
    HttpResponse<String> tooBig = post(big, "application/x-ndjson", TOKEN);
    assertThat(tooBig.statusCode()).isEqualTo(413);
    assertThat(tooBig.body()).contains("larger than 200000 bytes");
    HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port()
        + "/api/v1/mentions")).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(post("", "application/x-ndjson", TOKEN).statusCode()).isEqualTo(400);
    assertThat(post("[" + mention("arr", 0) + "]", "application/json", TOKEN).body()).contains("not a JSON array");
  }

  @Test
  void healthShowsTheIntakeCounters() throws Exception {
    post(mention("h1", 0), "application/json", TOKEN);
    HttpResponse<String> h = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/health"))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(h.statusCode()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(h.body());
    assertThat(body.get("status").asText()).isEqualTo("UP");
    assertThat(body.get("intake").get("accepted").asLong()).isPositive();
    assertThat(h.body()).doesNotContain(TOKEN);
  }

  private HttpResponse<String> ops(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
        .timeout(java.time.Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void liveReadyAndMetricsAnswerWithoutTheToken() throws Exception {
    post(mention("m1", 0), "application/json", TOKEN);
    assertThat(ops("/health/live").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = ops("/health/ready");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(ready.body()).path("checks").path("kafka").path("detail").asText())
        .contains("broker(s) at");
    HttpResponse<String> metrics = ops("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).containsPattern("veille_intake_accepted_total\\{service=\"ingest\"\\} [1-9]")
        .contains("veille_intake_rejected_total{service=\"ingest\"}").contains("jvm_threads_live_threads")
        .doesNotContain(TOKEN);
  }
}
