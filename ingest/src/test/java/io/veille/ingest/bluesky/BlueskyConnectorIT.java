package io.veille.ingest.bluesky;

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
import io.veille.ingest.testing.TestWebSocketServer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jetstream on a real broker: the posts with a keyword arrive once and the malformed one goes to
 * the DLQ; stopped after some events and restarted, the connector resumes from the stored time_us
 * with nothing lost or repeated; a crash in the middle of a commit loses and repeats nothing.
 */
class BlueskyConnectorIT {
  @RegisterExtension
  static final IngestHarness harness = IngestHarness.perClass();

  static Map<String, Long> counts(List<Mention> ms) {
    return ms.stream().collect(Collectors.groupingBy(Mention::id, Collectors.counting()));
  }

  /** The fixture's events with their DIDs renamed so each test has its own ids. */
  static List<String> events(String tag) throws Exception {
    return BlueskyConnectorTest.fixture().stream().map(e -> e.replace("did:plc:", "did:plc:" + tag)).toList();
  }

  @Test
  void onceWithTheMalformedPostInTheDlqThenStopAndResumeFromTheStoredTimeUs() throws Exception {
    try (TestWebSocketServer server = new TestWebSocketServer(BlueskyConnectorTest::timeUs)) {
      server.publishAll(events("r1"));
      Connector c1 = BlueskyConnectorTest.connector("bsky-resume", server.url("/subscribe"));
      ConnectorRunner r1 = harness.start(c1);
      List<Mention> got = harness.raw(m -> m.id().startsWith("bluesky:did:plc:r1"), 4, Duration.ofSeconds(20));
      assertThat(counts(got)).hasSize(4).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
      var dlq = harness.dlq("bsky-resume", 1, Duration.ofSeconds(10));
      assertThat(dlq).hasSize(1);
      assertThat(DeadLetters.header(dlq.get(0).headers(), DeadLetters.ERROR)).startsWith("commit.record.createdAt: missing or not a date-time");
      harness.stop(r1);
      String stored = CursorStore.load(harness.config(), Duration.ofSeconds(10)).get("bsky-resume").position();
      assertThat(stored).isEqualTo(Long.toString(BlueskyConnectorTest.T + 10000));

      // while it was down, more posts came
      List<String> later = new ArrayList<>();
      for (int i = 11; i <= 15; i++) {
        later.add(BlueskyConnectorTest.event(i, "did:plc:r1later", "3l3qo2y" + i, i % 2 == 0 ? "Acme " + i : "other " + i));
      }
      server.publishAll(later);
      ConnectorRunner r2 = harness.start(BlueskyConnectorTest.connector("bsky-resume", server.url("/subscribe")));
      List<Mention> all = harness.raw(m -> m.id().startsWith("bluesky:did:plc:r1"), 6, Duration.ofSeconds(20));
      harness.stop(r2);
      assertThat(counts(all)).hasSize(6).allSatisfy((id, n) -> assertThat(n).isEqualTo(1))
          .containsKeys("bluesky:did:plc:r1later/3l3qo2y12", "bluesky:did:plc:r1later/3l3qo2y14");
      assertThat(server.connections().getLast()).containsEntry("cursor", stored);
      assertThat(harness.dlq("bsky-resume", 1, Duration.ofSeconds(5))).hasSize(1);
    }
  }

  @Test
  void aCrashInTheMiddleOfACommitNeitherLosesNorRepeats() throws Exception {
    try (TestWebSocketServer server = new TestWebSocketServer(BlueskyConnectorTest::timeUs)) {
      List<String> es = new ArrayList<>();
      for (int i = 1; i <= 60; i++) {
        es.add(BlueskyConnectorTest.event(i, "did:plc:c1", "3l3qo2z" + (100 + i), "Acme " + i));
      }
      server.publishAll(es);
      Connector first = BlueskyConnectorTest.connector("bsky-crash", server.url("/subscribe"), "batch", 10);
      CrashingProducer producer = new CrashingProducer(harness, first.id(), 3);
      ConnectorRunner r1 = new ConnectorRunner(first, producer, "", RateLimiter.unlimited(), InstantSource.system());
      Thread t = Thread.ofPlatform().start(r1);
      await().atMost(Duration.ofSeconds(20)).until(producer::crashed);
      r1.stop();
      t.join(Duration.ofSeconds(20));

      ConnectorRunner r2 = harness.start(BlueskyConnectorTest.connector("bsky-crash", server.url("/subscribe"), "batch", 10));
      List<Mention> got = harness.raw(m -> m.id().startsWith("bluesky:did:plc:c1"), 60, Duration.ofSeconds(20));
      harness.stop(r2);
      assertThat(counts(got)).hasSize(60).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
      assertThat(server.connections().getLast()).containsKey("cursor");
    }
  }
}
