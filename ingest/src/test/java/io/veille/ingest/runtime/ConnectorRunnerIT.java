package io.veille.ingest.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.Mention;
import io.veille.common.topic.DeadLetters;
import io.veille.common.topic.Topics;
import io.veille.ingest.spi.Connector;
import io.veille.ingest.spi.Item;
import io.veille.ingest.spi.Page;
import io.veille.ingest.testing.CrashingProducer;
import io.veille.ingest.testing.IngestHarness;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The runner's guarantees on a real broker: pages and cursors commit together; a crash in the
 * middle of a page (records sent, transaction not committed) loses and repeats nothing after a
 * restart from the stored cursor; a failing poll is retried; a bad item goes to the DLQ.
 */
class ConnectorRunnerIT {
  @RegisterExtension
  static final IngestHarness harness = IngestHarness.perClass();

  /** A source of {@code pages} pages of {@code size} mentions; the cursor is the next page number. */
  static final class PagedSource implements Connector {
    final String id;
    final int pages;
    final int size;
    final AtomicInteger polls = new AtomicInteger();
    final AtomicInteger failBeforePage;

    PagedSource(String id, int pages, int size, int failOncePage) {
      this.id = id;
      this.pages = pages;
      this.size = size;
      this.failBeforePage = new AtomicInteger(failOncePage);
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public String source() {
      return "test";
    }

    @Override
    public Page poll(String cursor) throws Exception {
      polls.incrementAndGet();
      int page = cursor.isEmpty() ? 0 : Integer.parseInt(cursor);
      if (page >= pages) {
        return Page.empty(cursor, Duration.ofMillis(50));
      }
      if (failBeforePage.compareAndSet(page, -1)) {
        throw new java.io.IOException("source unavailable (simulated 503)");
      }
      List<Item> items = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        int n = page * size + i;
        if (n == 7) {
          items.add(Item.rejected("{\"n\":7}", "publishedAt", "missing in the source item", "page " + page));
        } else {
          items.add(Item.of(Mention.of("test:" + id + "-" + n, "test", "mention " + n,
              Instant.parse("2026-11-02T00:00:00Z").plusSeconds(n))));
        }
      }
      return new Page(items, Integer.toString(page + 1), Duration.ZERO);
    }
  }

  @Test
  void everyMentionOnceAndTheCursorStored() throws Exception {
    PagedSource src = new PagedSource("paged", 5, 100, 2);
    ConnectorRunner r = harness.start(src);
    List<Mention> got = harness.raw(m -> m.id().startsWith("test:paged-"), 499, Duration.ofSeconds(60));
    assertThat(got).hasSize(499);
    assertThat(got.stream().map(Mention::id).distinct().count()).isEqualTo(499);
    assertThat(got).allSatisfy(m -> assertThat(m.fetchedAt()).isNotNull());
    var dlq = harness.dlq("paged", 1, Duration.ofSeconds(30));
    assertThat(DeadLetters.header(dlq.get(0).headers(), DeadLetters.ERROR)).isEqualTo("publishedAt: missing in the source item");
    assertThat(DeadLetters.header(dlq.get(0).headers(), DeadLetters.STAGE)).isEqualTo("ingest");
    harness.stop(r);
    assertThat(r.status().consecutiveFailures()).isZero();
    assertThat(r.status().lastError()).contains("simulated 503");
    assertThat(r.status().records()).isEqualTo(499);
    assertThat(CursorStore.load(harness.config(), Duration.ofSeconds(10)).get("paged").position()).isEqualTo("5");
  }

  @Test
  void aCrashInTheMiddleOfAPageNeitherLosesNorRepeats() throws Exception {
    String id = "crashy";
    var props = KafkaClients.transactionalProducer(harness.config(), "it-crashy", Runners.transactionalId(id));
    CrashingProducer producer = new CrashingProducer(props, 3);
    PagedSource src = new PagedSource(id, 6, 200, -1);
    ConnectorRunner first = new ConnectorRunner(src, producer, "", RateLimiter.unlimited(), InstantSource.system());
    Thread t = Thread.ofPlatform().start(first);

    // part of page 2 (mentions 400..599) reached the log, uncommitted, before the crash
    List<String> uncommitted = harness.read(Topics.MENTIONS_RAW.name(), 401, Duration.ofSeconds(60),
        r -> IngestHarness.key(r).startsWith("test:crashy-") ? IngestHarness.key(r) : null, "read_uncommitted");
    assertThat(uncommitted).contains("test:crashy-0", "test:crashy-399", "test:crashy-400");
    first.stop();
    t.join(Duration.ofSeconds(30));
    assertThat(first.cursor()).isEqualTo("2");

    // restart the way production does: stored cursor, new producer with the same transactional id
    ConnectorRunner second = harness.start(new PagedSource(id, 6, 200, -1));
    List<Mention> got = harness.raw(m -> m.id().startsWith("test:crashy-"), 1199, Duration.ofSeconds(60));
    harness.stop(second);
    assertThat(got).hasSize(1199);
    assertThat(got.stream().collect(Collectors.groupingBy(Mention::id, Collectors.counting())).values())
        .allMatch(n -> n == 1);
    assertThat(CursorStore.load(harness.config(), Duration.ofSeconds(10)).get(id).position()).isEqualTo("6");
  }
}
