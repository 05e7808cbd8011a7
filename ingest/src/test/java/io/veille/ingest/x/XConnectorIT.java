package io.veille.ingest.x;

import io.veille.ingest.testing.CrashingProducer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.veille.common.model.Mention;
import io.veille.common.topic.DeadLetters;
import io.veille.ingest.runtime.ConnectorRunner;
import io.veille.ingest.runtime.CursorStore;
import io.veille.ingest.runtime.RateLimiter;
import io.veille.ingest.spi.Connector;
import io.veille.ingest.testing.IngestHarness;
import io.veille.common.testing.StubHttp;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * X on a real broker: recent search delivers the right posts once through a 429 and a 503, with the
 * malformed post in the DLQ; a crash while page 2 of 3 is committed neither loses nor repeats; the
 * filtered stream, stopped and restarted, fills its gap with search and repeats nothing.
 */
class XConnectorIT {
  @RegisterExtension
  static final IngestHarness harness = IngestHarness.perClass();

  /** The fixtures' pages with ids 1850000000000000xxx renamed to {@code <prefix>xxx}: each test its own ids. */
  static StubHttp server(AtomicInteger failures, String prefix) {
    StubHttp api = new StubHttp(StubHttp.fixtures("x"));
    StubHttp.Handler pages = XConnectorTest.pages(api);
    api.route("/2/tweets/search/recent", r -> {
      String token = String.valueOf(r.param("next_token"));
      if (token.equals("b26v89c19zqg8o3fr5") && failures.compareAndSet(0, 1)) {
        return api.json(429, "error-429.json").header("Retry-After", "1");
      }
      if (token.equals("b26v89c19zqg8o3frt") && failures.compareAndSet(1, 2)) {
        return api.json(503, "error-503.json");
      }
      StubHttp.Reply reply = pages.handle(r);
      return new StubHttp.Reply(reply.status(), reply.headers(), reply.body().replace("1850000000000000", prefix));
    });
    return api;
  }

  static Connector search(StubHttp api, String name) {
    return XConnectorTest.connector(name, XConnectorTest.block(api.baseUrl(), "backfill_pages", 3, "interval", "300ms"));
  }

  static Map<String, Long> counts(List<Mention> ms) {
    return ms.stream().collect(Collectors.groupingBy(Mention::id, Collectors.counting()));
  }

  @Test
  void searchDeliversOnceThrough429And503AndTheMalformedPostGoesToTheDlq() throws Exception {
    AtomicInteger failures = new AtomicInteger();
    try (StubHttp api = server(failures, "1850000000000000")) {
      ConnectorRunner r = harness.start(search(api, "xonce"));
      List<Mention> got = harness.raw(m -> m.id().startsWith("x:1850000000000000"), 7, Duration.ofSeconds(20));
      assertThat(counts(got)).hasSize(7).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
      assertThat(failures).hasValue(2);
      var dlq = harness.dlq("xonce", 1, Duration.ofSeconds(10));
      assertThat(dlq).hasSize(1);
      assertThat(DeadLetters.header(dlq.get(0).headers(), DeadLetters.ERROR)).startsWith("created_at: missing");
      assertThat(DeadLetters.header(dlq.get(0).headers(), DeadLetters.ORIGIN)).isEqualTo("xonce item 1850000000000000003");
      harness.stop(r);
    }
  }

  @Test
  void aCrashWhilePage2Of3IsCommittedNeitherLosesNorRepeats() throws Exception {
    try (StubHttp api = server(new AtomicInteger(2), "1860000000000000")) {
      Connector first = search(api, "xcrash");
      CrashingProducer producer = new CrashingProducer(harness, first.id(), 2);
      ConnectorRunner r1 = new ConnectorRunner(first, producer, "", RateLimiter.unlimited(), InstantSource.system());
      Thread t = Thread.ofPlatform().start(r1);
      await().atMost(Duration.ofSeconds(20)).until(producer::crashed);
      r1.stop();
      t.join(Duration.ofSeconds(20));
      assertThat(r1.cursor()).contains("\"next\":\"b26v89c19zqg8o3fr5\"");

      ConnectorRunner r2 = harness.start(search(api, "xcrash"));
      List<Mention> got = harness.raw(m -> m.id().startsWith("x:1860000000000000"), 7, Duration.ofSeconds(20));
      harness.stop(r2);
      assertThat(counts(got)).hasSize(7).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
      assertThat(harness.dlq("xcrash", 1, Duration.ofSeconds(10))).hasSize(1);
      assertThat(CursorStore.load(harness.config(), Duration.ofSeconds(10)).get("xcrash").position())
          .isEqualTo("{\"since\":\"1860000000000000008\"}");
    }
  }

  @Test
  void theStreamStoppedAndRestartedFillsItsGapWithSearchAndRepeatsNothing() throws Exception {
    try (StubHttp api = new StubHttp(StubHttp.fixtures("x"))) {
      LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
      api.route("/2/tweets/search/stream/rules", r -> r.method().equals("GET") ? api.json("rules.json") : api.json("rules-add.json"));
      api.route("/2/tweets/search/stream", r -> StubHttp.stream(lines));
      Map<String, Object> block = XConnectorTest.block(api.baseUrl(), "mode", "stream", "query", null,
          "rules", List.of("acme -is:retweet"), "reconnect_delay", "50ms");
      for (int n = 1; n <= 3; n++) {
        lines.add(line(n));
      }
      ConnectorRunner r1 = harness.start(XConnectorTest.connector("xstream", block));
      assertThat(harness.raw(m -> m.id().startsWith("x:1870000000000000"), 3, Duration.ofSeconds(20))).hasSize(3);
      harness.stop(r1);

      // while down: 004 and 005 were posted; the search finds them since 003; the new stream repeats 005
      api.route("/2/tweets/search/recent", r -> StubHttp.text(200, "application/json",
          "{\"data\":[" + tweet(5) + "," + tweet(4) + "],\"includes\":{\"users\":[]},"
              + "\"meta\":{\"newest_id\":\"1870000000000000005\",\"oldest_id\":\"1870000000000000004\",\"result_count\":2}}"));
      lines.add(StubHttp.CLOSE); // ends the first connection's handler on the server
      await().atMost(Duration.ofSeconds(10)).until(lines::isEmpty);
      lines.add(line(5));
      lines.add(line(6));
      ConnectorRunner r2 = harness.start(XConnectorTest.connector("xstream", block));
      List<Mention> got = harness.raw(m -> m.id().startsWith("x:1870000000000000"), 6, Duration.ofSeconds(20));
      harness.stop(r2);
      assertThat(counts(got)).hasSize(6).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
      assertThat(api.requests("/2/tweets/search/recent")).singleElement()
          .satisfies(q -> assertThat(q.param("since_id")).isEqualTo("1870000000000000003"));
    }
  }

  static String tweet(int n) {
    String id = Long.toString(1870000000000000000L + n);
    return "{\"id\":\"" + id + "\",\"text\":\"Acme " + n + "\",\"author_id\":\"2244994945\",\"lang\":\"fr\","
        + "\"created_at\":\"2026-11-22T11:00:0" + n + ".000Z\",\"edit_history_tweet_ids\":[\"" + id + "\"]}";
  }

  static String line(int n) {
    return "{\"data\":" + tweet(n) + ",\"includes\":{\"users\":[{\"id\":\"2244994945\",\"name\":\"Camille Martin\","
        + "\"username\":\"camille_m\",\"public_metrics\":{\"followers_count\":1200}}]},\"matching_rules\":[{\"id\":\"1\",\"tag\":\"xstream\"}]}";
  }
}
