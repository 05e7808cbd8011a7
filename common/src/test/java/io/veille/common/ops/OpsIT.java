package io.veille.common.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.veille.common.config.VeilleConfig;
import io.veille.common.http.HttpService;
import io.veille.common.json.Json;
import io.veille.common.kafka.EmbeddedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operators' routes on a real server, and readiness' Kafka check against a real broker and a closed port. */
class OpsIT {
  @TempDir
  Path tmp;

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static HttpResponse<String> get(HttpService s, String path, String method) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthAndMetricsAnswerWhatTheChecksAndMetersSay() throws Exception {
    PrometheusMeterRegistry registry = Ops.registry("test-service");
    Counter sent = Counter.builder("veille.test.sent").description("things sent").register(registry);
    sent.increment(3);
    AtomicBoolean ready = new AtomicBoolean(false);
    var routes = new LinkedHashMap<>(Ops.routes(registry, () -> Map.of("process", Ops.Check.up("running")),
        () -> Map.of("kafka", Ops.Check.up("1 broker(s)"), "state", ready.get() ? Ops.Check.up("restored")
            : Ops.Check.down("restoring 3 of 4 partitions"))));
    try (HttpService s = HttpService.start("127.0.0.1", 0, HttpService.Limits.DEFAULT, routes)) {
      var live = get(s, "/health/live", "GET");
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(Json.MAPPER.readTree(live.body()).path("status").asText()).isEqualTo("UP");

      var notReady = get(s, "/health/ready", "GET");
      assertThat(notReady.statusCode()).isEqualTo(503);
      var body = Json.MAPPER.readTree(notReady.body());
      assertThat(body.path("status").asText()).isEqualTo("DOWN");
      assertThat(body.path("checks").path("state").path("detail").asText()).isEqualTo("restoring 3 of 4 partitions");
      assertThat(body.path("checks").path("kafka").path("status").asText()).isEqualTo("UP");
      ready.set(true);
      assertThat(get(s, "/health/ready", "GET").statusCode()).isEqualTo(200);

      var metrics = get(s, "/metrics", "GET");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
      assertThat(metrics.body()).contains("veille_test_sent_total{service=\"test-service\"} 3.0")
          .contains("jvm_memory_used_bytes").contains("process_uptime_seconds");

      assertThat(get(s, "/metrics", "POST").statusCode()).isEqualTo(405);
      assertThat(get(s, "/health/livex", "GET").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void aCheckThatThrowsIsDownWithItsReason() throws Exception {
    var routes = Ops.routes(Ops.registry("t"), () -> { throw new IllegalStateException("boom"); }, Map::of);
    try (HttpService s = HttpService.start("127.0.0.1", 0, HttpService.Limits.DEFAULT, routes)) {
      var r = get(s, "/health/live", "GET");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).contains("boom");
      assertThat(get(s, "/health/ready", "GET").statusCode()).isEqualTo(200); // no checks: nothing is down
    }
  }

  @Test
  void theKafkaCheckIsUpWithABrokerAndDownWithinItsTimeoutWithout() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
        KafkaCheck up = new KafkaCheck(VeilleConfig.defaults().withBootstrapServers(kafka.bootstrapServers()), "t-up")) {
      Ops.Check c = up.check();
      assertThat(c.up()).as(c.detail()).isTrue();
      assertThat(c.detail()).contains("1 broker(s) at " + kafka.bootstrapServers());
    }
    try (KafkaCheck down = new KafkaCheck(VeilleConfig.defaults().withBootstrapServers("127.0.0.1:1"), "t-down",
        Duration.ofMillis(500), Duration.ZERO)) {
      long t0 = System.nanoTime();
      Ops.Check c = down.check();
      assertThat(c.up()).isFalse();
      assertThat(c.detail()).startsWith("no answer from 127.0.0.1:1 within 500 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }
  }
}
