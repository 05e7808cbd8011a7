package io.veille.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.veille.common.json.Json;
import io.veille.common.json.MentionJson;
import io.veille.common.model.Mention;
import io.veille.common.topic.DeadLetters;
import io.veille.ingest.Connectors;
import io.veille.ingest.IngestService;
import io.veille.ingest.config.IngestConfig;
import io.veille.ingest.testing.IngestHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The intake against an attacker's inputs (issue 22), on a real Jetty server and a real broker:
 * dates, slow and idle connections, 500 concurrent clients, records Kafka cannot take, bad UTF-8,
 * unprintable ids, and the loopback default.
 */
class IntakeBadInputIT {
  @TempDir
  static Path tmp;
  static IngestHarness harness;
  static IngestService service;
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
  static final String TOKEN = "bad-input-token-42";

  @BeforeAll
  static void start() throws Exception {
    harness = new IngestHarness(tmp);
    IngestConfig cfg = IngestConfig.parse("ingest.yml", Map.of("http", Map.of("port", 0, "header-timeout", "6s",
        "intake", Map.of("tokens", List.of("env:INTAKE_TOKEN"), "max-request-bytes", 5_000_000))),
        Connectors.factories(), Map.of("INTAKE_TOKEN", TOKEN)::get);
    service = IngestService.start(cfg, harness.config());
  }

  @AfterAll
  static void stop() throws Exception {
    service.close();
    harness.close();
  }

  static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + service.port() + path);
  }

  static HttpResponse<String> post(byte[] body, String type) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(IntakeHandler.PATH)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", type).header("Authorization", "Bearer " + TOKEN)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(String body) throws Exception {
    return post(body.getBytes(StandardCharsets.UTF_8), "application/x-ndjson");
  }

  static HttpResponse<String> health() throws Exception {
    return http.send(HttpRequest.newBuilder(uri("/health")).timeout(Duration.ofSeconds(3)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String line(String id, String publishedAt) {
    return "{\"v\":1,\"id\":\"" + id + "\",\"source\":\"zapier\",\"text\":\"panne Ondyne " + id + "\",\"publishedAt\":\""
        + publishedAt + "\"}";
  }

  static JsonNode error(JsonNode body, int line) {
    for (JsonNode e : body.get("errors")) {
      if (e.get("line").asInt() == line) {
        return e;
      }
    }
    throw new AssertionError("no error for line " + line + " in " + body);
  }

  @Test
  void datesBefore1970OrInTheFutureAreRejectedWithTheField() throws Exception {
    String future = Instant.now().plus(Duration.ofHours(2)).toString();
    HttpResponse<String> r = post(String.join("\n", line("d:ok", "2026-11-10T10:00:00Z"),
        line("d:9999", "9999-12-31T23:59:59Z"), line("d:1969", "1969-12-31T23:59:59Z"),
        line("d:huge", "+1000000000-01-01T00:00:00Z"), line("d:future", future)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonNode body = Json.MAPPER.readTree(r.body());
    assertThat(body.get("accepted").asInt()).isEqualTo(1);
    assertThat(body.get("rejected").asInt()).isEqualTo(4);
    for (int l = 2; l <= 5; l++) {
      assertThat(error(body, l).get("field").asText()).as("line " + l).isEqualTo("publishedAt");
    }
    assertThat(error(body, 3).get("reason").asText()).contains("before 1970");
    assertThat(error(body, 5).get("reason").asText()).contains("in the future");
    var dlq = harness.read(io.veille.common.topic.Topics.MENTIONS_DLQ.name(), 4, Duration.ofSeconds(30), rec -> {
      String v = new String(rec.value(), StandardCharsets.UTF_8);
      return v.contains("\"d:") ? DeadLetters.header(rec.headers(), DeadLetters.FIELD) : null;
    });
    assertThat(dlq).containsOnly("publishedAt").hasSize(4);
    assertThat(harness.raw(m -> m.id().startsWith("d:"), 1, Duration.ofSeconds(30))).extracting(Mention::id)
        .containsExactly("d:ok");
  }

  @Test
  void invalidUtf8IsRejectedWithLineAndFieldNeverAltered() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes((line("u:ok", "2026-11-10T10:00:00Z") + "\n").getBytes(StandardCharsets.UTF_8));
    b.writeBytes("{\"v\":1,\"id\":\"u:text\",\"source\":\"zapier\",\"text\":\"caf".getBytes(StandardCharsets.UTF_8));
    b.writeBytes(new byte[] {(byte) 0xC3, 0x28}); // a lead byte without its continuation
    b.writeBytes("\",\"publishedAt\":\"2026-11-10T10:00:00Z\"}\n".getBytes(StandardCharsets.UTF_8));
    b.writeBytes(("{\"v\":1,\"id\":\"u:author\",\"source\":\"zapier\",\"text\":\"x\",\"publishedAt\":\"2026-11-10T10:00:00Z\","
        + "\"author\":{\"name\":\"Ren").getBytes(StandardCharsets.UTF_8));
    b.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}); // an encoded surrogate
    b.writeBytes("\"}}".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = post(b.toByteArray(), "application/x-ndjson");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonNode body = Json.MAPPER.readTree(r.body());
    assertThat(body.get("accepted").asInt()).isEqualTo(1);
    assertThat(error(body, 2).get("field").asText()).isEqualTo("text");
    assertThat(error(body, 2).get("reason").asText()).contains("not valid UTF-8").contains("0xC3");
    assertThat(error(body, 3).get("field").asText()).isEqualTo("author.name");
    List<Mention> raw = harness.raw(m -> m.id().startsWith("u:"), 1, Duration.ofSeconds(30));
    assertThat(raw).extracting(Mention::id).containsExactly("u:ok");
    assertThat(raw).allSatisfy(m -> assertThat(m.text()).doesNotContain("\uFFFD"));
  }

  @Test
  void idsMustBePrintable() throws Exception {
    HttpResponse<String> r = post(String.join("\n", line("p:nul\\u0000x", "2026-11-10T10:00:00Z"),
        line("p:new\\nline", "2026-11-10T10:00:00Z"), line("p:lone\\ud800", "2026-11-10T10:00:00Z"),
        line("p:ok", "2026-11-10T10:00:00Z")));
    JsonNode body = Json.MAPPER.readTree(r.body());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(body.get("accepted").asInt()).isEqualTo(1);
    for (int l = 1; l <= 3; l++) {
      assertThat(error(body, l).get("field").asText()).as("line " + l).isEqualTo("id");
    }
    assertThat(error(body, 3).get("reason").asText()).contains("lone surrogate");
  }

  @Test
  void aRecordKafkaCannotTakeIsRejectedByLineAndTheRestIsAcceptedOnce() throws Exception {
    String big = "{\"v\":1,\"id\":\"k:big\",\"source\":\"zapier\",\"text\":\"gros\",\"publishedAt\":\"2026-11-10T10:00:00Z\","
        + "\"blob\":\"" + "x".repeat(2_000_000) + "\"}";
    HttpResponse<String> r = post(String.join("\n", line("k:1", "2026-11-10T10:00:00Z"), big,
        line("k:3", "2026-11-10T10:00:00Z"), "{\"bad json over the limit " + "y".repeat(1_200_000)));
    assertThat(r.statusCode()).as(r.body().substring(0, Math.min(300, r.body().length()))).isEqualTo(400);
    JsonNode body = Json.MAPPER.readTree(r.body());
    assertThat(body.get("accepted").asInt()).isEqualTo(2);
    assertThat(body.get("rejected").asInt()).isEqualTo(2);
    assertThat(body.has("retry")).isFalse();
    assertThat(error(body, 2).get("reason").asText()).contains("over the per-record limit");
    assertThat(error(body, 4).get("reason").asText()).contains("over the per-record limit");
    // what was accepted is on raw, once; the two rejected lines are in the DLQ, cut, with their size
    assertThat(harness.raw(m -> m.id().startsWith("k:"), 2, Duration.ofSeconds(30))).extracting(Mention::id)
        .containsExactlyInAnyOrder("k:1", "k:3");
    var dlq = harness.read(io.veille.common.topic.Topics.MENTIONS_DLQ.name(), 2, Duration.ofSeconds(30), rec -> {
      String size = DeadLetters.header(rec.headers(), DeadLetters.ORIGINAL_SIZE);
      return size == null ? null : Integer.parseInt(size) + ":" + rec.value().length;
    });
    assertThat(dlq).hasSize(2).allSatisfy(s -> assertThat(s).endsWith(":" + DeadLetters.MAX_VALUE_BYTES));
    // one such record alone is a 413 naming the limit, not a 503 that never clears
    HttpResponse<String> alone = post(big.getBytes(StandardCharsets.UTF_8), "application/json");
    assertThat(alone.statusCode()).isEqualTo(413);
    assertThat(alone.body()).contains("per-record limit");
  }

  @Test
  void slowAndIdleConnectionsNeitherBlockTheServerNorStayOpen() throws Exception {
    List<Socket> slow = new ArrayList<>();
    List<Socket> idle = new ArrayList<>();
    ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
    try {
      for (int i = 0; i < 24; i++) {
        Socket s = new Socket("127.0.0.1", service.port());
        s.getOutputStream().write("P".getBytes(StandardCharsets.US_ASCII));
        slow.add(s);
        idle.add(new Socket("127.0.0.1", service.port()));
      }
      byte[] header = "OST /api/v1/mentions HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(
          StandardCharsets.US_ASCII);
      int[] at = {0};
      drip.scheduleAtFixedRate(() -> {
        int i = at[0]++;
        if (i >= header.length) {
          return;
        }
        for (Socket s : slow) {
          try {
            OutputStream o = s.getOutputStream();
            o.write(header[i]);
            o.flush();
          } catch (IOException closed) {
            // the server closed it: what we want
          }
        }
      }, 0, 500, TimeUnit.MILLISECONDS);
      // while they are open, health and the intake answer at once
      for (int i = 0; i < 3; i++) {
        long t0 = System.nanoTime();
        assertThat(health().statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
      }
      assertThat(post(line("s:1", "2026-11-10T10:00:00Z")).statusCode()).isEqualTo(202);
      // and the server closes both kinds after its header timeout (6 s here)
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        for (Socket s : slow) {
          assertThat(closedByPeer(s)).isTrue();
        }
        for (Socket s : idle) {
          assertThat(closedByPeer(s)).isTrue();
        }
      });
    } finally {
      drip.shutdownNow();
      for (Socket s : slow) {
        s.close();
      }
      for (Socket s : idle) {
        s.close();
      }
    }
  }

  /** Whether the server has closed its side: a read gives end of stream (or a reset). */
  static boolean closedByPeer(Socket s) throws IOException {
    s.setSoTimeout(50);
    try {
      InputStream in = s.getInputStream();
      while (true) {
        int b = in.read();
        if (b < 0) {
          return true;
        }
      }
    } catch (java.net.SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  @Test
  void fiveHundredConcurrentClientsAreAllAnsweredAndHealthStaysUp() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      calls.add(http.sendAsync(HttpRequest.newBuilder(uri(IntakeHandler.PATH)).timeout(Duration.ofSeconds(60))
          .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
          .POST(HttpRequest.BodyPublishers.ofString(line("c:" + i, "2026-11-10T10:00:00Z"))).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    long t0 = System.nanoTime();
    assertThat(health().statusCode()).isEqualTo(200);
    Duration healthTook = Duration.ofNanos(System.nanoTime() - t0);
    List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
    for (var c : calls) {
      statuses.add(c.get(90, TimeUnit.SECONDS).statusCode());
    }
    assertThat(statuses).hasSize(500).containsOnly(202);
    assertThat(healthTook).isLessThan(Duration.ofSeconds(3));
    assertThat(harness.raw(m -> m.id().startsWith("c:"), 500, Duration.ofSeconds(60))).extracting(Mention::id)
        .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(IntStream.range(0, 500).mapToObj(i -> "c:" + i).toList());
  }

  @Test
  void theServerListensOnLoopbackByDefault() throws Exception {
    IngestConfig cfg = IngestConfig.parse("ingest.yml", Map.of(), Connectors.factories(), Map.<String, String>of()::get);
    assertThat(cfg.httpBind()).isEqualTo("127.0.0.1");
    Optional<InetAddress> external = NetworkInterface.networkInterfaces().filter(n -> {
      try {
        return n.isUp() && !n.isLoopback();
      } catch (IOException e) {
        return false;
      }
    }).flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address).findFirst();
    assertThat(service.port()).isPositive();
    if (external.isPresent()) {
      try (Socket s = new Socket()) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.connect(new InetSocketAddress(external.get(),
            service.port()), 2000)).isInstanceOf(IOException.class);
      }
    }
    // the health endpoint shows no upstream body and no secret
    HttpResponse<String> h = health();
    assertThat(h.body()).doesNotContain(TOKEN);
    assertThat(MentionJson.class).isNotNull();
  }
}
