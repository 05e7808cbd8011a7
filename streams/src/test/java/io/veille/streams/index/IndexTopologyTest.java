package io.veille.streams.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.veille.common.model.ScoredMention;
import io.veille.common.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The indexer's topology in a TopologyTestDriver: one document per mention id, bad records skipped. */
class IndexTopologyTest {
  @TempDir
  Path tmp;

  @Test
  void sameMentionTwiceIsOneDocumentAndBadRecordsAreSkipped() throws Exception {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "index-ttd");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, tmp.toString());
    try (TopologyTestDriver driver = new TopologyTestDriver(IndexTopology.build(IndexSettings.defaults()), p)) {
      TestInputTopic<byte[], byte[]> in = driver.createInputTopic(Topics.MENTIONS_SCORED.name(), new ByteArraySerializer(),
          new ByteArraySerializer());
      ScoredMention a = IndexFixtures.scored("ttd", 1, 10, 10);
      ScoredMention b = IndexFixtures.scored("ttd", 2, 10, 10);
      in.pipeInput(key(a), IndexFixtures.json(a));
      in.pipeInput(key(b), IndexFixtures.json(b));
      in.pipeInput(key(a), IndexFixtures.json(a)); // a replay
      in.pipeInput("junk".getBytes(StandardCharsets.UTF_8), "{not json".getBytes(StandardCharsets.UTF_8));
      in.pipeInput(key(a), "{\"mention\":null}".getBytes(StandardCharsets.UTF_8)); // JSON, not a scored mention
      MentionIndexStore store = (MentionIndexStore) driver.getStateStore(IndexTopology.STORE);
      store.refreshNow();
      try (MentionIndexStore.Lease lease = store.acquire()) {
        IndexSearcher s = lease.searcher();
        assertThat(s.getIndexReader().numDocs()).isEqualTo(2);
        assertThat(s.count(new TermQuery(new Term(MentionDocuments.ID, a.id())))).isEqualTo(1);
      }
      assertThat(store.stats().skipped()).isEqualTo(2);
      assertThat(store.stats().indexed()).isEqualTo(3);
      assertThat(store.stats().appliedOffset()).isEqualTo(4);

      in.pipeInput(key(b), (byte[]) null); // a tombstone deletes
      store.refreshNow();
      try (MentionIndexStore.Lease lease = store.acquire()) {
        assertThat(lease.searcher().getIndexReader().numDocs()).isEqualTo(1);
      }
    }
  }

  @Test
  void anIdleIndexRefreshesOnItsNextSearchThenInTheBackground() throws Exception {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "index-idle");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, tmp.resolve("idle").toString());
    try (TopologyTestDriver driver = new TopologyTestDriver(IndexTopology.build(IndexSettings.defaults()), p)) {
      TestInputTopic<byte[], byte[]> in = driver.createInputTopic(Topics.MENTIONS_SCORED.name(), new ByteArraySerializer(),
          new ByteArraySerializer());
      MentionIndexStore store = (MentionIndexStore) driver.getStateStore(IndexTopology.STORE);
      ScoredMention a = IndexFixtures.scored("idle", 1, 10, 10);
      in.pipeInput(key(a), IndexFixtures.json(a));
      // never searched: the first search refreshes before it answers, and sees the record at once
      try (MentionIndexStore.Lease lease = store.acquire()) {
        assertThat(lease.searcher().getIndexReader().numDocs()).isEqualTo(1);
      }
      // now searched: the background refresh (100 ms) makes the next record searchable, no refreshNow()
      ScoredMention b = IndexFixtures.scored("idle", 2, 10, 10);
      in.pipeInput(key(b), IndexFixtures.json(b));
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
      int docs = 0;
      while (docs < 2 && System.nanoTime() < deadline) {
        try (MentionIndexStore.Lease lease = store.acquire()) {
          docs = lease.searcher().getIndexReader().numDocs();
        }
        Thread.onSpinWait();
      }
      assertThat(docs).isEqualTo(2);
    }
  }

  static byte[] key(ScoredMention s) {
    return s.id().getBytes(StandardCharsets.UTF_8);
  }

}
