package io.veille.ingest.mastodon;

import io.veille.ingest.testing.CrashingProducer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.Mention;
import io.veille.common.topic.DeadLetters;
import io.veille.ingest.http.HttpFetcher;
import io.veille.common.testing.StubHttp;
import io.veille.common.testing.StubHttp.Fault;
import io.veille.ingest.runtime.ConnectorRunner;
import io.veille.ingest.runtime.RateLimiter;
import io.veille.ingest.runtime.Runners;
import io.veille.ingest.testing.IngestHarness;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Mastodon connector on a real broker against a local instance: polling once through a 500, a
 * 429 with Retry-After and a timeout, with the malformed status in the DLQ; a crash in the middle
 * of a since_id walk (page 2 of 3) loses and repeats nothing; streaming (SSE) after a REST catch-up,
 * and a catch-up again after the streaming server ends the stream.
 */
class MastodonConnectorIT {
  @RegisterExtension
  static final IngestHarness harness = IngestHarness.perClass();

  static MastodonConnector connector(String id, StubHttp server, MastodonConnector.Mode mode, int limit) {
    var s = new MastodonConnector.Settings(id, server.baseUrl(), null, MastodonConnector.Timeline.hashtag("acme", false),
        mode, Duration.ofMillis(200), limit, null, Duration.ofSeconds(30), Duration.ofMillis(200), 1000);
    return new MastodonConnector(s, new HttpFetcher(Duration.ofMillis(500), "it"), InstantSource.system());
  }

  /** statuses.json renumbered under {@code prefix}, oldest first. */
  static List<ObjectNode> statuses(String prefix) throws Exception {
    List<ObjectNode> l = new java.util.ArrayList<>(FakeMastodon.renumbered("fixtures/mastodon/statuses.json", prefix));
    l.sort(Comparator.comparing(s -> s.get("id").asText(), StatusIds.ORDER));
    return l;
  }

  static Map<String, Long> counts(List<Mention> ms) {
    return ms.stream().collect(Collectors.groupingBy(Mention::id, Collectors.counting()));
  }

  static String id(String prefix, int n) {
    return "mastodon:127.0.0.1:" + prefix + n;
  }

  @Test
  void pollingPublishesEveryStatusOnceThroughFaults() throws Exception {
    String prefix = "113500000000001";
    FakeMastodon fake = new FakeMastodon(null);
    try (StubHttp server = StubHttp.start()) {
      fake.serve(server).add(statuses(prefix));
      server.fail(Fault.status(500, StubHttp.resource("fixtures/mastodon/error_500.json"), Map.of()),
          Fault.status(429, StubHttp.resource("fixtures/mastodon/error_429.json"), Map.of("Retry-After", "1")),
          Fault.hanging());
      ConnectorRunner r = harness.start(connector("masto-once", server, MastodonConnector.Mode.POLL, 40));
      assertThat(counts(harness.raw(m -> m.id().contains(":" + prefix), 10, Duration.ofSeconds(30))))
          .hasSize(10).doesNotContainKey(id(prefix, 207)).allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
      assertThat(harness.dlq("masto-once", 1, Duration.ofSeconds(10))).singleElement().satisfies(d -> {
        assertThat(DeadLetters.header(d.headers(), DeadLetters.ERROR)).isEqualTo("created_at: not an ISO-8601 instant: '22/11/2026 11:06'");
        assertThat(DeadLetters.header(d.headers(), DeadLetters.ORIGIN)).isEqualTo("masto-once status " + prefix + "207");
      });
      // it goes on: later statuses come with since_id, once
      ObjectNode later = statuses(prefix).get(0).deepCopy().put("id", prefix + "300");
      fake.add(List.of(later));
      assertThat(counts(harness.raw(m -> m.id().contains(":" + prefix), 11, Duration.ofSeconds(20))))
          .containsEntry(id(prefix, 300), 1L).hasSize(11);
      harness.stop(r);
    } finally {
      fake.close();
    }
  }

  @Test
  void aCrashInTheMiddleOfASinceIdWalkNeitherLosesNorRepeats() throws Exception {
    String prefix = "113500000000002";
    List<ObjectNode> all = statuses(prefix);
    FakeMastodon fake = new FakeMastodon(null);
    try (StubHttp server = StubHttp.start()) {
      fake.serve(server).add(all.subList(0, 3));
      String cid = "masto-crash";
      // commit 1: the first run's page (3 statuses); then 8 more make a walk of 3 pages, whose 2nd commit crashes
      var producer = new CrashingProducer(KafkaClients.transactionalProducer(harness.config(), "it-masto-crash",
          Runners.transactionalId(cid)), 3);
      ConnectorRunner first = new ConnectorRunner(connector(cid, server, MastodonConnector.Mode.POLL, 3), producer, "",
          RateLimiter.unlimited(), InstantSource.system());
      Thread t = Thread.ofPlatform().start(first);
      await().atMost(Duration.ofSeconds(20)).until(() -> producer.commits() >= 1);
      fake.add(all.subList(3, all.size()));
      await().atMost(Duration.ofSeconds(20)).until(() -> producer.commits() >= 3);
      first.stop();
      t.join(Duration.ofSeconds(20));
      MastodonCursor stored = MastodonCursor.parse(first.cursor());
      assertThat(stored.walking()).as("stopped in the middle of a walk: " + first.cursor()).isTrue();
      int before = server.requests().size();

      ConnectorRunner second = harness.start(connector(cid, server, MastodonConnector.Mode.POLL, 3));
      List<Mention> got = harness.raw(m -> m.id().contains(":" + prefix), 10, Duration.ofSeconds(30));
      harness.stop(second);
      assertThat(counts(got)).hasSize(10).allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
      assertThat(server.requests().get(before).uri().getQuery()).contains("max_id=" + stored.max());
      assertThat(harness.dlq("masto-crash", 1, Duration.ofSeconds(5))).hasSize(1);
    } finally {
      fake.close();
    }
  }

  @Test
  void streamingAfterACatchUpAndAgainAfterTheStreamEnds() throws Exception {
    String prefix = "113500000000003";
    List<ObjectNode> all = statuses(prefix);
    FakeMastodon fake = new FakeMastodon(null);
    try (StubHttp server = StubHttp.start()) {
      fake.serve(server).add(all.subList(0, 3));
      ConnectorRunner r = harness.start(connector("masto-stream", server, MastodonConnector.Mode.STREAM, 40));
      assertThat(harness.raw(m -> m.id().contains(":" + prefix), 3, Duration.ofSeconds(20))).hasSize(3);
      await().atMost(Duration.ofSeconds(10)).until(() -> fake.openStreams() == 1);

      fake.post(all.get(3));
      fake.post(all.get(4));
      fake.send("event: update\ndata: {\"id\": \"" + prefix + "999\", \"created_at\": \n\n");
      assertThat(harness.raw(m -> m.id().contains(":" + prefix), 5, Duration.ofSeconds(20))).hasSize(5);
      assertThat(harness.dlq("masto-stream", 1, Duration.ofSeconds(5))).singleElement().satisfies(d ->
          assertThat(DeadLetters.header(d.headers(), DeadLetters.ERROR)).startsWith("stream event is not JSON"));

      // the streaming server restarts; two posts come while the stream is down; the connector reconnects and catches up
      fake.endStreams();
      fake.add(all.subList(5, 7)); // 206 and 207 (207 is malformed)
      await().atMost(Duration.ofSeconds(15)).until(() -> fake.streamRequests.size() >= 2 && fake.openStreams() == 1);
      fake.post(all.get(7));
      List<Mention> got = harness.raw(m -> m.id().contains(":" + prefix), 7, Duration.ofSeconds(20));
      harness.stop(r);
      assertThat(counts(got)).hasSize(7).containsKeys(id(prefix, 206), id(prefix, 208))
          .allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
      assertThat(harness.dlq("masto-stream", 2, Duration.ofSeconds(5))).hasSize(2);
    } finally {
      fake.close();
    }
  }
}
