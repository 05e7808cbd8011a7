package io.veille.streams.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.veille.common.config.VeilleConfig;
import io.veille.common.kafka.EmbeddedKafka;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.ScoredMention;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index store on a real broker: replays are idempotent, a clean restart reuses the index on disk (nothing
 * restored), a wiped state folder is rebuilt from the topic, and a new mention is searchable within a second.
 */
class IndexStoreIT {
  static final int N = 600;
  static final int REPEATS = 100;

  @TempDir
  static Path tmp;
  static EmbeddedKafka kafka;
  static VeilleConfig config;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
    config = VeilleConfig.defaults().withBootstrapServers(kafka.bootstrapServers());
    TopicAdmin.createMissing(KafkaClients.admin(config, "it"), Topics.ALL, (short) 1);
    try (var p = producer("it-scored")) {
      for (int i = 0; i < N; i++) {
        send(p, IndexFixtures.scored("it", i, 600, N));
      }
      // a replay of the first REPEATS mentions, with another sentiment: the last version wins
      for (int i = 0; i < REPEATS; i++) {
        ScoredMention s = IndexFixtures.scored("it", i, 600, N);
        send(p, new ScoredMention(s.mention(), s.lang(), s.sentiment(), List.of("replayed"), s.copies()));
      }
      p.send(new ProducerRecord<>(Topics.MENTIONS_SCORED.name(), "bad".getBytes(StandardCharsets.UTF_8),
          "{not a scored mention".getBytes(StandardCharsets.UTF_8))).get();
      p.flush();
    }
  }

  static void send(KafkaProducer<byte[], byte[]> p, ScoredMention s) throws Exception {
    p.send(new ProducerRecord<>(Topics.MENTIONS_SCORED.name(), s.id().getBytes(StandardCharsets.UTF_8), IndexFixtures.json(s)))
        .get();
  }

  /** One request in flight: Kafka 4.3.1 can lose the first batches to a new partition otherwise (KAFKA-15591). */
  static KafkaProducer<byte[], byte[]> producer(String id) {
    var props = KafkaClients.producer(config, id);
    props.put(org.apache.kafka.clients.producer.ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    props.put(org.apache.kafka.clients.producer.ProducerConfig.LINGER_MS_CONFIG, 0);
    return new KafkaProducer<>(props);
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  static IndexApp app(String appId, Path state) {
    return IndexApp.start(config, IndexSettings.defaults().withApplicationId(appId), state, null);
  }

  static long documents(LocalIndex index) throws java.io.IOException {
    try (LocalIndex.Snapshot s = index.snapshot()) {
      return s.missing().isEmpty() && s.partitions().size() == Topics.MENTIONS_SCORED.partitions()
          ? s.searcher().count(new PrefixQuery(new Term(MentionDocuments.ID, "it:"))) : -1;
    }
  }

  static long sum(LocalIndex index, java.util.function.ToLongFunction<MentionIndexStore.Stats> f) {
    return index.stats().values().stream().mapToLong(f).sum();
  }

  static void awaitRunningWith(IndexApp app, LocalIndex index, long docs) {
    await().atMost(Duration.ofSeconds(90)).until(() -> app.streams().state() == KafkaStreams.State.RUNNING
        && documents(index) == docs);
  }

  @Test
  void replaysAreIdempotentAndBadRecordsSkipped() throws Exception {
    try (IndexApp app = app("it-idempotent", tmp.resolve("state-idem"))) {
      LocalIndex index = new LocalIndex(app.streams());
      awaitRunningWith(app, index, N);
      try (LocalIndex.Snapshot s = index.snapshot()) {
        TopDocs hits = s.searcher().search(new TermQuery(new Term(MentionDocuments.ID, "it:7")), 10);
        assertThat(hits.totalHits.value()).isEqualTo(1);
        Document d = s.searcher().storedFields().document(hits.scoreDocs[0].doc);
        assertThat(d.getBinaryValue(MentionDocuments.SOURCE_JSON).utf8ToString()).contains("\"replayed\"");
        assertThat(s.searcher().count(new TermQuery(new Term(MentionDocuments.WATCH, "replayed")))).isEqualTo(REPEATS);
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> sum(index, MentionIndexStore.Stats::skipped) == 1);
    }
  }

  @Test
  void cleanRestartReusesTheIndexAndWipedStateIsRebuilt() throws Exception {
    Path state = tmp.resolve("state-restart");
    String id = "it-restart";
    try (IndexApp app = app(id, state)) {
      awaitRunningWith(app, new LocalIndex(app.streams()), N);
    }
    try (IndexApp app = app(id, state)) {
      LocalIndex index = new LocalIndex(app.streams());
      awaitRunningWith(app, index, N);
      assertThat(sum(index, MentionIndexStore.Stats::restored)).as("a clean restart restores nothing").isZero();
      assertThat(sum(index, MentionIndexStore.Stats::indexed)).as("and re-indexes nothing").isZero();
    }
    deleteTree(state);
    try (IndexApp app = app(id, state)) {
      LocalIndex index = new LocalIndex(app.streams());
      awaitRunningWith(app, index, N);
      assertThat(sum(index, MentionIndexStore.Stats::restored)).as("rebuilt from the topic").isEqualTo(N + REPEATS + 1);
      assertThat(sum(index, MentionIndexStore.Stats::indexed)).as("every document came through the restore, none through"
          + " the processor: processing resumed where the group stopped").isEqualTo(N + REPEATS);
    }
  }

  @Test
  void aNewMentionIsSearchableWithinASecond() throws Exception {
    try (IndexApp app = app("it-nrt", tmp.resolve("state-nrt"));
        var p = producer("it-nrt")) {
      LocalIndex index = new LocalIndex(app.streams());
      awaitRunningWith(app, index, N);
      long[] latencies = new long[10];
      for (int k = 0; k < latencies.length; k++) {
        ScoredMention s = IndexFixtures.scored("nrt", k, 1, 1);
        long t0 = System.nanoTime();
        send(p, s);
        Term id = new Term(MentionDocuments.ID, s.id());
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> {
          try (LocalIndex.Snapshot snap = index.snapshot()) {
            return snap.searcher().count(new TermQuery(id)) == 1;
          }
        });
        latencies[k] = (System.nanoTime() - t0) / 1_000_000;
      }
      long[] sorted = latencies.clone();
      java.util.Arrays.sort(sorted);
      System.out.println("RESULT test=index_nrt n=" + sorted.length + " p50_ms=" + sorted[sorted.length / 2] + " max_ms="
          + sorted[sorted.length - 1]);
      assertThat(sorted[sorted.length / 2]).as("median produce-to-searchable, ms").isLessThan(1000);
    }
  }

  static void deleteTree(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

}
