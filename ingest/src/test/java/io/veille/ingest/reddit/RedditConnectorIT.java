package io.veille.ingest.reddit;

import io.veille.ingest.testing.CrashingProducer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.veille.common.model.Mention;
import io.veille.common.topic.DeadLetters;
import io.veille.ingest.http.HttpFetcher;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reddit on a real broker: the right mentions once through a 429 and a 500; a malformed post in the
 * DLQ with its reason while the walk goes on; a crash while page 2 of 3 is committed loses and
 * repeats nothing after a restart from the stored cursor.
 */
class RedditConnectorIT {
  @RegisterExtension
  static final IngestHarness harness = IngestHarness.perClass();

  /** The fixtures' listing, with post ids renamed {@code 1g00..} to {@code <tag>00..} so each test has its own. */
  static StubHttp server(AtomicInteger failures, String tag) {
    StubHttp api = new StubHttp(StubHttp.fixtures("reddit"));
    api.route("/api/v1/access_token", r -> api.json("token.json"));
    api.route("/r/acme/new", r -> {
      StubHttp.Reply reply = page(api, failures, String.valueOf(r.param("after")).replace(tag + "00", "1g00"));
      return new StubHttp.Reply(reply.status(), reply.headers(), reply.body().replace("1g00", tag + "00"));
    });
    return api;
  }

  static StubHttp.Reply page(StubHttp api, AtomicInteger failures, String after) {
    {
      // the first try of page 2 is throttled, the first try of page 3 fails on the server
      if (after.equals("t3_1g0009") && failures.compareAndSet(0, 1)) {
        return api.json(429, "error-429.json").header("Retry-After", "1");
      }
      if (after.equals("t3_1g0005") && failures.compareAndSet(1, 2)) {
        return StubHttp.text(500, "text/html", api.fixture("error-500.html"));
      }
      return switch (after) {
        case "null" -> api.json("new-page1.json");
        case "t3_1g0009" -> api.json("new-page2.json");
        case "t3_1g0005" -> api.json("new-page3.json");
        default -> StubHttp.text(400, "application/json", "{\"message\":\"Bad Request\",\"error\":400}");
      };
    }
  }

  static Connector connector(StubHttp api, String name) {
    RedditSettings s = RedditConnectorTest.settings(RedditConnectorTest.block(api.baseUrl(), "subreddits", "acme",
        "comments", false, "backfill_pages", 3, "interval", "200ms"));
    return RedditConnectorFactory.create(name, s, new HttpFetcher(s.timeout(), s.userAgent()), InstantSource.system()).get(0);
  }

  static Map<String, Long> counts(List<Mention> ms) {
    return ms.stream().collect(Collectors.groupingBy(Mention::id, Collectors.counting()));
  }

  @Test
  void rightMentionsOnceThrough429And500AndTheMalformedPostInTheDlq() throws Exception {
    AtomicInteger failures = new AtomicInteger();
    try (StubHttp api = server(failures, "1g")) {
      ConnectorRunner r = harness.start(connector(api, "once"));
      List<Mention> got = harness.raw(m -> m.id().startsWith("reddit:t3_1g"), 11, Duration.ofSeconds(20));
      assertThat(counts(got)).hasSize(11).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
      assertThat(failures).hasValue(2);
      var dlq = harness.dlq("once-new-acme", 1, Duration.ofSeconds(10));
      assertThat(dlq).hasSize(1);
      assertThat(DeadLetters.header(dlq.get(0).headers(), DeadLetters.ERROR)).isEqualTo("data.created_utc: missing or not a number");
      assertThat(DeadLetters.header(dlq.get(0).headers(), DeadLetters.ORIGIN)).isEqualTo("once-new-acme item t3_1g0007");

      // two new posts on top of the listing: only they arrive
      api.route("/r/acme/new", q -> api.json("new-latest.json"));
      List<Mention> later = harness.raw(m -> m.id().startsWith("reddit:t3_1g"), 13, Duration.ofSeconds(20));
      assertThat(counts(later)).hasSize(13).allSatisfy((id, n) -> assertThat(n).isEqualTo(1))
          .containsKeys("reddit:t3_1g0014", "reddit:t3_1g0013");
      harness.stop(r);
    }
  }

  @Test
  void aCrashWhilePage2Of3IsCommittedNeitherLosesNorRepeats() throws Exception {
    AtomicInteger failures = new AtomicInteger(2); // no injected failures
    try (StubHttp api = server(failures, "2g")) {
      Connector first = connector(api, "crash");
      CrashingProducer producer = new CrashingProducer(harness, first.id(), 2);
      ConnectorRunner r1 = new ConnectorRunner(first, producer, "", RateLimiter.unlimited(), InstantSource.system());
      Thread t = Thread.ofPlatform().start(r1);
      await().atMost(Duration.ofSeconds(20)).until(producer::crashed);
      r1.stop();
      t.join(Duration.ofSeconds(20));
      assertThat(r1.cursor()).contains("\"after\":\"t3_2g0009\"");

      ConnectorRunner r2 = harness.start(connector(api, "crash"));
      List<Mention> got = harness.raw(m -> m.id().startsWith("reddit:t3_2g"), 11, Duration.ofSeconds(20));
      harness.stop(r2);
      assertThat(counts(got)).hasSize(11).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
      assertThat(harness.dlq("crash-new-acme", 1, Duration.ofSeconds(10))).hasSize(1);
      assertThat(CursorStore.load(harness.config(), Duration.ofSeconds(10)).get("crash-new-acme").position())
          .isEqualTo("{\"hw\":{\"t\":1730000720000,\"n\":[\"t3_2g0012\"]}}");
      // page 2 was asked before the crash (perhaps retried before the stop) and again after it,
      // resuming there (no step back to page 1); then page 3
      List<String> asked = api.requests("/r/acme/new").stream().map(q -> String.valueOf(q.param("after"))).toList();
      assertThat(asked).filteredOn("t3_2g0009"::equals).hasSizeGreaterThanOrEqualTo(2);
      assertThat(IngestHarness.steps(asked)).startsWith("null", "t3_2g0009", "t3_2g0005");
    }
  }
}
