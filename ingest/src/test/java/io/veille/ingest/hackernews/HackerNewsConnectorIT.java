package io.veille.ingest.hackernews;

import io.veille.ingest.testing.CrashingProducer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Hacker News connector on a real broker against a local Algolia: every hit once through a
 * 500, a 429 with Retry-After and a timeout; the malformed hit in the DLQ with its reason while the
 * connector goes on; a crash in the middle of a multi-page walk loses and repeats nothing.
 */
class HackerNewsConnectorIT {
  static final Instant NOW = Instant.parse("2026-11-22T10:20:00Z");
  @RegisterExtension
  static final IngestHarness harness = IngestHarness.perClass();

  static HackerNewsConnector connector(String id, StubHttp server) {
    var s = new HackerNewsConnector.Settings(id, server.baseUrl(), "acme", List.of("story", "comment"), 3,
        Duration.ofMillis(200), Duration.ofHours(1), Duration.ofSeconds(30));
    return new HackerNewsConnector(s, new HttpFetcher(Duration.ofMillis(500), "it"), InstantSource.fixed(NOW));
  }

  static Map<String, Long> counts(List<Mention> ms) {
    return ms.stream().collect(Collectors.groupingBy(Mention::id, Collectors.counting()));
  }

  @Test
  void everyHitOnceThroughFaultsAndTheMalformedOneInTheDlq() throws Exception {
    try (StubHttp server = StubHttp.start()) {
      FakeAlgolia algolia = new FakeAlgolia("fixtures/hackernews/dataset.json", 1000);
      algolia.serve(server).fail(
          Fault.status(500, StubHttp.resource("fixtures/hackernews/error_500.json"), Map.of()),
          Fault.status(429, StubHttp.resource("fixtures/hackernews/error_429.json"), Map.of("Retry-After", "1")),
          Fault.hanging());
      ConnectorRunner r = harness.start(connector("hn-once", server));

      List<Mention> got = harness.raw(m -> m.id().startsWith("hackernews:42001"), 10, Duration.ofSeconds(30));
      assertThat(counts(got)).hasSize(10).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
      var dlq = harness.dlq("hn-once", 1, Duration.ofSeconds(10));
      assertThat(dlq).singleElement().satisfies(d -> {
        assertThat(DeadLetters.header(d.headers(), DeadLetters.ERROR)).isEqualTo("comment_text: missing or empty");
        assertThat(DeadLetters.header(d.headers(), DeadLetters.ORIGIN)).isEqualTo("hn-once item 42001006");
        assertThat(new String(d.value())).contains("\"objectID\":\"42001006\"");
      });

      // the connector goes on: a hit indexed later arrives, once
      var fresh = algolia.hits.get(0).deepCopy().put("objectID", "42001099").put("created_at_i", 1795342400L);
      algolia.add(fresh);
      List<Mention> later = harness.raw(m -> m.id().startsWith("hackernews:42001"), 11, Duration.ofSeconds(20));
      assertThat(counts(later)).containsEntry("hackernews:42001099", 1L).hasSize(11);
      harness.stop(r);
      assertThat(r.status().lastError()).isNotNull();
    }
  }

  @Test
  void aCrashInTheMiddleOfAWalkNeitherLosesNorRepeats() throws Exception {
    try (StubHttp server = StubHttp.start()) {
      new FakeAlgolia("fixtures/hackernews/dataset.json", 2000).serve(server);
      String id = "hn-crash";
      var producer = new CrashingProducer(KafkaClients.transactionalProducer(harness.config(), "it-hn-crash",
          Runners.transactionalId(id)), 2);
      ConnectorRunner first = new ConnectorRunner(connector(id, server), producer, "", RateLimiter.unlimited(),
          InstantSource.system());
      Thread t = Thread.ofPlatform().start(first);
      await().atMost(Duration.ofSeconds(20)).until(() -> producer.commits() >= 2);
      first.stop();
      t.join(Duration.ofSeconds(20));
      HnCursor stored = HnCursor.parse(first.cursor());
      assertThat(stored.walking()).as("stopped in the middle of a walk").isTrue();
      int requestsBefore = server.requests().size();

      ConnectorRunner second = harness.start(connector(id, server));
      List<Mention> got = harness.raw(m -> m.id().startsWith("hackernews:42002"), 10, Duration.ofSeconds(30));
      harness.stop(second);
      assertThat(counts(got)).hasSize(10).allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
      // the restart asked for the page after the committed one, not the first page again
      var resumed = server.requests().get(requestsBefore).query();
      assertThat(resumed.get("numericFilters")).contains("created_at_i<=" + stored.until());
      assertThat(harness.dlq("hn-crash", 1, Duration.ofSeconds(10))).hasSize(1);
    }
  }
}
