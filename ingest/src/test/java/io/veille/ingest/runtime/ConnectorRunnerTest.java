package io.veille.ingest.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.veille.common.json.Json;
import io.veille.ingest.http.HttpFetcher;
import io.veille.common.testing.StubHttp;
import io.veille.common.testing.StubHttp.Fault;
import io.veille.ingest.rss.RssConnector;
import io.veille.common.http.HttpService;
import io.veille.ingest.testing.ManualTime;
import io.veille.ingest.testing.MockRuns;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runner's retries on a fixture server and a mock producer, with a manual clock that records
 * every wait: a fatal answer stops the connector at once ({@code failed} in {@code /health}, with
 * its reason, the others going on); a retriable one is retried after the policy's delay; retries
 * end when the policy's limits are reached.
 */
class ConnectorRunnerTest {
  static final Instant NOW = Instant.parse("2026-11-22T10:40:00Z");
  static final String SECRET = "sk-live-0123456789abcdef";
  static final Duration INTERVAL = Duration.ofMinutes(5);

  StubHttp server;
  final ManualTime time = new ManualTime(NOW);

  @BeforeEach
  void start() {
    server = StubHttp.start();
    server.on("/feed", ex -> StubHttp.send(ex, 200, "application/rss+xml; charset=utf-8",
        StubHttp.resource("fixtures/rss/rss2.xml")));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  RssConnector rss(String id, String path, ManualTime clock) {
    return new RssConnector(new RssConnector.Settings(id, server.baseUrl() + path, INTERVAL, "de"),
        new HttpFetcher(Duration.ofSeconds(5), "test", clock), clock);
  }

  ConnectorRunner runner(RssConnector c, MockProducer<byte[], byte[]> p, ManualTime clock, RetryPolicy policy, Sleeper sleeper) {
    return new ConnectorRunner(c, p, "", RateLimiter.unlimited(), clock, policy, sleeper);
  }

  long requests(String path) {
    return server.requests().stream().filter(r -> r.path().equals(path)).count();
  }

  static Fault status(int status, Map<String, String> headers) {
    return Fault.status(status, "{\"error\":\"denied\",\"token\":\"" + SECRET + "\"}", headers);
  }

  static HttpResponse<String> health(HttpService http) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/health"))
          .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403, 404})
  void aFatalAnswerStopsTheConnectorAtOnceAndHealthShowsItFailedWithTheReason(int code) throws Exception {
    server.on("/private", ex -> StubHttp.send(ex, code, "application/json",
        "{\"error\":\"denied\",\"token\":\"" + SECRET + "\"}"));
    MockProducer<byte[], byte[]> failedProducer = MockRuns.producer();
    ConnectorRunner failing = runner(rss("rss-private", "/private", time), failedProducer, time, RetryPolicy.standard(), time);
    ManualTime otherTime = new ManualTime(NOW);
    MockProducer<byte[], byte[]> healthyProducer = MockRuns.producer();
    ConnectorRunner healthy = runner(rss("rss-ok", "/feed", otherTime), healthyProducer, otherTime, RetryPolicy.standard(),
        otherTime.parkingFrom(INTERVAL));
    MockRuns.start(failing);
    MockRuns.start(healthy);
    try (HttpService http = HttpService.start("127.0.0.1", 0, HttpService.Limits.DEFAULT,
        Map.of("/health", new HealthHandler(() -> List.of(failing.status(), healthy.status()), Map::of, time)))) {
      assertThat(failing.awaitStopped(Duration.ofSeconds(10))).as("the runner ends on a fatal error").isTrue();
      assertThat(requests("/private")).as("not retried").isEqualTo(1);
      assertThat(time.sleeps()).as("no wait at all").isEmpty();
      assertThat(failedProducer.transactionInFlight()).isFalse();
      assertThat(failedProducer.closed()).isTrue();

      String reason = "fatal error, not retried: GET " + server.baseUrl() + "/private: HTTP " + code;
      ConnectorStatus s = failing.status();
      assertThat(s.state()).isEqualTo("failed");
      assertThat(s.failedReason()).isEqualTo(reason);
      assertThat(s.lastError()).isEqualTo("GET " + server.baseUrl() + "/private: HTTP " + code);

      // the other connector goes on
      await().atMost(Duration.ofSeconds(10)).until(() -> MockRuns.mentions(healthyProducer).size() >= 3);
      assertThat(healthy.status().state()).isEqualTo("running");

      HttpResponse<String> h = health(http);
      assertThat(h.statusCode()).isEqualTo(503);
      assertThat(h.body()).doesNotContain(SECRET).doesNotContain("denied");
      JsonNode body = Json.MAPPER.readTree(h.body());
      assertThat(body.get("status").asText()).isEqualTo("DEGRADED");
      assertThat(body.get("failed")).extracting(JsonNode::asText).containsExactly("rss-private");
      JsonNode entry = body.get("connectors").get(0);
      assertThat(entry.get("id").asText()).isEqualTo("rss-private");
      assertThat(entry.get("state").asText()).isEqualTo("failed");
      assertThat(entry.get("failedReason").asText()).isEqualTo(reason);
      assertThat(entry.get("failedAt").asText()).isEqualTo(NOW.toString());
      assertThat(entry.get("consecutiveFailures").asLong()).isEqualTo(1);
      JsonNode other = body.get("connectors").get(1);
      assertThat(other.get("state").asText()).isEqualTo("running");
      assertThat(other.get("failedReason").isNull()).isTrue();
    } finally {
      MockRuns.stop(healthy);
    }
  }

  /**
   * A feed over the source's {@code max-body}: its connector stops at the first poll (the document
   * will be as large on the next), {@code failed} in {@code /health} with the URL (secrets masked),
   * the limit and the Content-Length; the source's other feed goes on.
   */
  @Test
  void aFeedOverTheBodyLimitStopsItsConnectorWithTheLimitInHealthAndTheOtherFeedGoesOn() throws Exception {
    StubHttp.Flood huge = StubHttp.Flood.withLength(1L << 30);
    server.on("/huge", huge);
    var factory = new io.veille.ingest.rss.RssConnectorFactory();
    String hugeUrl = server.baseUrl() + "/huge?key=" + SECRET;
    var settings = io.veille.ingest.spi.SourceSettings.of("sources[0] (press)", Map.of("feeds",
        List.of(hugeUrl, server.baseUrl() + "/feed"), "max-body", "64KiB"), factory.keys());
    List<io.veille.ingest.spi.Connector> feeds = factory.create("press", settings);
    settings.checkAllUsed();
    MockProducer<byte[], byte[]> failedProducer = MockRuns.producer();
    ConnectorRunner failing = new ConnectorRunner(feeds.get(0), failedProducer, "", RateLimiter.unlimited(), time,
        RetryPolicy.standard(), time);
    ManualTime otherTime = new ManualTime(NOW);
    MockProducer<byte[], byte[]> healthyProducer = MockRuns.producer();
    ConnectorRunner healthy = new ConnectorRunner(feeds.get(1), healthyProducer, "", RateLimiter.unlimited(), otherTime,
        RetryPolicy.standard(), otherTime.parkingFrom(INTERVAL));
    MockRuns.start(failing);
    MockRuns.start(healthy);
    try (HttpService http = HttpService.start("127.0.0.1", 0, HttpService.Limits.DEFAULT,
        Map.of("/health", new HealthHandler(() -> List.of(failing.status(), healthy.status()), Map::of, time)))) {
      assertThat(failing.awaitStopped(Duration.ofSeconds(10))).as("the runner ends on the oversized body").isTrue();
      assertThat(requests("/huge")).as("not retried").isEqualTo(1);
      assertThat(time.sleeps()).as("no wait at all").isEmpty();

      String error = "GET " + server.baseUrl() + "/huge?key=***: HTTP 200 with a body over the 64KiB limit (max-body): "
          + "Content-Length 1073741824";
      assertThat(failing.status().state()).isEqualTo("failed");
      assertThat(failing.status().failedReason()).isEqualTo("fatal error, not retried: " + error);

      await().atMost(Duration.ofSeconds(10)).until(() -> MockRuns.mentions(healthyProducer).size() >= 3);
      assertThat(healthy.status().state()).isEqualTo("running");

      HttpResponse<String> h = health(http);
      assertThat(h.statusCode()).isEqualTo(503);
      assertThat(h.body()).doesNotContain(SECRET);
      JsonNode body = Json.MAPPER.readTree(h.body());
      assertThat(body.get("failed")).extracting(JsonNode::asText).containsExactly(feeds.get(0).id());
      assertThat(body.get("connectors").get(0).get("failedReason").asText()).isEqualTo("fatal error, not retried: " + error);
      assertThat(body.get("connectors").get(1).get("state").asText()).isEqualTo("running");
    } finally {
      MockRuns.stop(healthy);
    }
  }

  @Test
  void healthIsUpWhileNoConnectorHasFailed() throws Exception {
    MockProducer<byte[], byte[]> p = MockRuns.producer();
    ConnectorRunner r = runner(rss("rss-ok", "/feed", time), p, time, RetryPolicy.standard(), time.parkingFrom(INTERVAL));
    MockRuns.start(r);
    try (HttpService http = HttpService.start("127.0.0.1", 0, HttpService.Limits.DEFAULT,
        Map.of("/health", new HealthHandler(() -> List.of(r.status()), Map::of, time)))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> r.status().state().equals("running"));
      HttpResponse<String> h = health(http);
      assertThat(h.statusCode()).isEqualTo(200);
      JsonNode body = Json.MAPPER.readTree(h.body());
      assertThat(body.get("status").asText()).isEqualTo("UP");
      assertThat(body.get("failed")).isEmpty();
    } finally {
      MockRuns.stop(r);
    }
    assertThat(r.status().state()).isEqualTo("stopped");
  }

  @Test
  void aRetriableFailureIsRetriedAfterThePolicysDelayAndASuccessEndsTheStreak() throws Exception {
    server.fail(status(503, Map.of("Retry-After", "7")), status(500, Map.of()));
    MockProducer<byte[], byte[]> p = MockRuns.producer();
    RetryPolicy policy = RetryPolicy.standard().withRandom(new SplittableRandom(11));
    ConnectorRunner r = runner(rss("rss-flaky", "/feed", time), p, time, policy, time.parkingFrom(INTERVAL));
    MockRuns.start(r);
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> MockRuns.mentions(p).size() >= 3);
      await().atMost(Duration.ofSeconds(10)).until(() -> time.sleeps().size() == 3);
      List<Duration> sleeps = time.sleeps();
      assertThat(sleeps.get(0)).as("the server's Retry-After").isEqualTo(Duration.ofSeconds(7));
      assertThat(sleeps.get(1)).as("full jitter, second try").isBetween(Duration.ZERO, policy.ceiling(2));
      assertThat(sleeps.get(2)).as("then the feed's interval").isEqualTo(INTERVAL);
      assertThat(requests("/feed")).isEqualTo(3);
      ConnectorStatus s = r.status();
      assertThat(s.state()).isEqualTo("running");
      assertThat(s.consecutiveFailures()).isZero();
      assertThat(s.lastError()).isEqualTo("GET " + server.baseUrl() + "/feed: HTTP 500");
      assertThat(s.failedReason()).isNull();
    } finally {
      MockRuns.stop(r);
    }
  }

  @Test
  void retriesEndAtThePolicysLimitAndTheConnectorFails() throws Exception {
    server.on("/down", ex -> StubHttp.send(ex, 503, "text/plain", "maintenance"));
    RetryPolicy policy = RetryPolicy.standard().withRandom(new SplittableRandom(5)).withLimits(3, null);
    ConnectorRunner r = runner(rss("rss-down", "/down", time), MockRuns.producer(), time, policy, time);
    MockRuns.start(r);
    assertThat(r.awaitStopped(Duration.ofSeconds(10))).isTrue();
    assertThat(requests("/down")).isEqualTo(3);
    assertThat(time.sleeps()).hasSize(2);
    assertThat(time.sleeps().get(0)).isLessThanOrEqualTo(policy.ceiling(1));
    assertThat(time.sleeps().get(1)).isLessThanOrEqualTo(policy.ceiling(2));
    assertThat(r.status().state()).isEqualTo("failed");
    assertThat(r.status().failedReason()).isEqualTo("gave up after 3 failures in a row (the limit): GET " + server.baseUrl()
        + "/down: HTTP 503");
  }

  @Test
  void theStandardPolicyGivesUpAfter24HoursOfFailuresInARow() throws Exception {
    server.on("/down", ex -> {
      ex.getResponseHeaders().set("Retry-After", "3600");
      StubHttp.send(ex, 503, "text/plain", "maintenance");
    });
    ConnectorRunner r = runner(rss("rss-down", "/down", time), MockRuns.producer(), time, RetryPolicy.standard(), time);
    MockRuns.start(r);
    assertThat(r.awaitStopped(Duration.ofSeconds(30))).isTrue();
    assertThat(time.sleeps()).hasSize(24).containsOnly(Duration.ofHours(1));
    assertThat(requests("/down")).isEqualTo(25);
    assertThat(r.status().failedReason()).startsWith("gave up after 25 failures in a row over 24h (the limit is 24h): GET ");
  }
}
