package io.veille.ingest.facebook;

import io.veille.ingest.testing.CrashingProducer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.veille.common.model.Mention;
import io.veille.common.topic.DeadLetters;
import io.veille.ingest.runtime.ConnectorRunner;
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
 * A Facebook page on a real broker: posts and comments once through Graph throttling (429) and a
 * 500, the post with a broken date in the DLQ; a crash while posts page 2 of 3 is committed
 * neither loses nor repeats.
 */
class FacebookConnectorIT {
  @RegisterExtension
  static final IngestHarness harness = IngestHarness.perClass();

  static Connector connector(StubHttp api, String name, String page) {
    return FacebookConnectorTest.connector(name, FacebookConnectorTest.block(api.baseUrl(), "page_id", page, "interval", "300ms"));
  }

  static Map<String, Long> counts(List<Mention> ms) {
    return ms.stream().collect(Collectors.groupingBy(Mention::id, Collectors.counting()));
  }

  /** 4 posts (of 6: one without text, one malformed) and the 3 comments of the newest post. */
  static final int EXPECTED = 7;

  @Test
  void postsAndCommentsOnceThroughThrottlingAndA500AndTheBrokenPostInTheDlq() throws Exception {
    AtomicInteger failures = new AtomicInteger();
    String page = "304412345678";
    try (StubHttp api = new StubHttp(StubHttp.fixtures("facebook"))) {
      FacebookConnectorTest.serve(api, page, failures);
      ConnectorRunner r = harness.start(connector(api, "fbonce", page));
      List<Mention> got = harness.raw(m -> m.id().startsWith("facebook:" + page) || m.id().startsWith("facebook:300006_"),
          EXPECTED, Duration.ofSeconds(20));
      assertThat(counts(got)).hasSize(EXPECTED).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
      assertThat(failures).hasValue(2);
      var dlq = harness.dlq("fbonce", 1, Duration.ofSeconds(10));
      assertThat(dlq).hasSize(1);
      assertThat(DeadLetters.header(dlq.get(0).headers(), DeadLetters.ERROR)).startsWith("created_time: missing or unreadable");
      assertThat(DeadLetters.header(dlq.get(0).headers(), DeadLetters.ORIGIN)).isEqualTo("fbonce post " + page + "_900003");
      harness.stop(r);
    }
  }

  @Test
  void aCrashWhilePage2Of3IsCommittedNeitherLosesNorRepeats() throws Exception {
    String page = "404412345678";
    try (StubHttp api = new StubHttp(StubHttp.fixtures("facebook"))) {
      FacebookConnectorTest.serve(api, page, new AtomicInteger(2));
      Connector first = connector(api, "fbcrash", page);
      CrashingProducer producer = new CrashingProducer(harness, first.id(), 2);
      ConnectorRunner r1 = new ConnectorRunner(first, producer, "", RateLimiter.unlimited(), InstantSource.system());
      Thread t = Thread.ofPlatform().start(r1);
      await().atMost(Duration.ofSeconds(20)).until(producer::crashed);
      r1.stop();
      t.join(Duration.ofSeconds(20));
      assertThat(r1.cursor()).contains("\"after\":\"QVFIUk5ZAV9wYWdlMg\"");

      ConnectorRunner r2 = harness.start(connector(api, "fbcrash", page));
      List<Mention> got = harness.raw(m -> m.id().startsWith("facebook:" + page) || m.id().startsWith("facebook:400006_"),
          EXPECTED, Duration.ofSeconds(20));
      harness.stop(r2);
      assertThat(counts(got)).hasSize(EXPECTED).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
      assertThat(harness.dlq("fbcrash", 1, Duration.ofSeconds(10))).hasSize(1);
      // page 2 was asked before the crash (perhaps retried before the stop) and again after it,
      // resuming there (no step back to page 1); then page 3
      List<String> asked = api.requests("/v19.0/" + page + "/posts").stream().map(q -> String.valueOf(q.param("after"))).toList();
      assertThat(asked).filteredOn("QVFIUk5ZAV9wYWdlMg"::equals).hasSizeGreaterThanOrEqualTo(2);
      assertThat(IngestHarness.steps(asked)).startsWith("null", "QVFIUk5ZAV9wYWdlMg", "QVFIUk5ZAV9wYWdlMw");
    }
  }
}
