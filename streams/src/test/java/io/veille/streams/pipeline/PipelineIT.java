package io.veille.streams.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.veille.common.config.VeilleConfig;
import io.veille.common.json.MentionJson;
import io.veille.common.kafka.EmbeddedKafka;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.Author;
import io.veille.common.model.Engagement;
import io.veille.common.model.Mention;
import io.veille.common.model.ScoredMention;
import io.veille.common.model.Watch;
import io.veille.common.model.WatchStats;
import io.veille.common.testing.KafkaTestSupport;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import io.veille.streams.lang.LanguageDetector;
import io.veille.streams.sentiment.LexiconSentimentModel;
import io.veille.streams.watch.WatchMatcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology on a real broker under exactly-once: end to end, a stop and restart mid-stream
 * without loss or duplicates (read_committed), exact bucket counts against an offline recount,
 * and two instances sharing the partitions.
 */
class PipelineIT {
  static final Instant T0 = Instant.parse("2026-11-10T17:00:00Z");
  static final String[] WORDS = {"fibre", "box", "réseau", "appli", "facture", "boutique", "technicien", "offre",
      "forfait", "débit", "télé", "contrat", "client", "mobile", "installation", "câble", "antenne", "modem"};

  /** Mentions per test stream: event time runs in order over {@code minutes}, as a live stream does. */
  static final int TOTAL = 3000;

  @TempDir
  static Path tmp;
  static EmbeddedKafka kafka;
  static VeilleConfig config;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
    config = VeilleConfig.defaults().withBootstrapServers(kafka.bootstrapServers());
    TopicAdmin.createMissing(KafkaClients.admin(config, "it"), Topics.ALL, (short) 1);
    try (var p = new KafkaProducer<byte[], byte[]>(KafkaClients.producer(config, "it-watch"))) {
      Watch w = new Watch("ondyne", "Ondyne", "ondyne", Set.of(), Set.of(), null, List.of());
      p.send(new ProducerRecord<>(Topics.WATCHES.name(), w.id().getBytes(StandardCharsets.UTF_8),
          Topics.WATCHES.valueSerde().serializer().serialize("", w))).get();
    }
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  /** Unique texts (no copies), all about the brand, spread over {@code minutes} minutes. */
  static Mention mention(String prefix, int i, int minutes) {
    String text = "Ondyne " + prefix + " " + WORDS[i % WORDS.length] + " " + WORDS[(i / 7) % WORDS.length] + " numéro " + i
        + (i % 3 == 0 ? " vraiment nul, je suis furieux" : i % 3 == 1 ? " super merci, très content" : " annonce du jour");
    return new Mention(1, prefix + ":" + i, "x", null, i % 5 == 0 ? null : "fr", text,
        T0.plusMillis((long) i * minutes * 60_000L / TOTAL), null, new Author("u" + (i % 50), "@u" + (i % 50), null, i % 50, false),
        Engagement.NONE, null, null, Map.of());
  }

  static void produce(List<Mention> ms) throws Exception {
    var props = KafkaClients.producer(config, "it-raw");
    // one request in flight and every send checked: on fresh topics the embedded broker sometimes
    // answers OutOfOrderSequence for a whole batch (KAFKA-15591); such a batch is sent again
    props.put(org.apache.kafka.clients.producer.ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    List<Mention> left = ms;
    for (int round = 0; !left.isEmpty(); round++) {
      if (round == 5) {
        throw new AssertionError(left.size() + " mentions could not be produced in 5 rounds");
      }
      List<Mention> failed = new java.util.ArrayList<>();
      try (var p = new KafkaProducer<byte[], byte[]>(props)) {
        List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
        for (Mention m : left) {
          sent.add(p.send(new ProducerRecord<>(Topics.MENTIONS_RAW.name(), m.id().getBytes(StandardCharsets.UTF_8),
              MentionJson.write(m))));
        }
        for (int i = 0; i < sent.size(); i++) {
          try {
            sent.get(i).get();
          } catch (java.util.concurrent.ExecutionException e) {
            failed.add(left.get(i));
          }
        }
      }
      left = failed;
    }
  }

  static StreamsApp app(String appId, String instance) {
    StreamsSettings s = StreamsSettings.defaults().withApplicationId(appId);
    var models = new PipelineTopology.Models(new WatchMatcher(), LexiconSentimentModel.create(), LanguageDetector.get());
    return StreamsApp.start(config, s, models, tmp.resolve("state-" + appId + "-" + instance));
  }

  @Test
  void stopAndRestartMidStreamLosesAndRepeatsNothingAndBucketsRecountExactly() throws Exception {
    int n = TOTAL;
    int minutes = 20;
    List<Mention> input = java.util.stream.IntStream.range(0, n).mapToObj(i -> mention("eos", i, minutes)).toList();
    produce(input.subList(0, n / 2));

    StreamsApp first = app("veille-it-eos", "a");
    // wait until part of the input is processed, then stop in the middle of the stream
    collect("eos", n / 4, Duration.ofSeconds(120));
    first.close();
    produce(input.subList(n / 2, n));
    StreamsApp second = app("veille-it-eos", "a");
    List<ScoredMention> out;
    try {
      out = awaitScored("eos", n, "veille-it-eos");
    } finally {
      second.close();
    }
    Map<String, Long> perId = out.stream().collect(Collectors.groupingBy(ScoredMention::id, Collectors.counting()));
    assertThat(perId).hasSize(n);
    assertThat(perId.values()).as("no mention scored twice").allMatch(c -> c == 1);
    assertThat(out).allMatch(s -> s.watchIds().equals(List.of("ondyne")));

    // offline recount of every one-minute bucket from the input and the scored labels
    Map<Instant, long[]> expected = new TreeMap<>();
    Map<String, ScoredMention> byId = out.stream().collect(Collectors.toMap(ScoredMention::id, s -> s));
    for (Mention m : input) {
      Instant bucket = Instant.ofEpochSecond(m.publishedAt().getEpochSecond() / 60 * 60);
      long[] c = expected.computeIfAbsent(bucket, b -> new long[4]);
      c[0]++;
      c[1 + byId.get(m.id()).sentiment().label().ordinal()]++;
    }
    Map<Instant, WatchStats> latest = new HashMap<>();
    // the app is closed and caught up: the topic's end offsets hold every bucket update it made
    KafkaTestSupport.readToEnd(kafka.bootstrapServers(), Topics.WATCH_STATS.name(), Duration.ofSeconds(60)).stream()
        .map(r -> Topics.WATCH_STATS.valueSerde().deserializer().deserialize("", r.value()))
        .filter(s -> s.watchId().equals("ondyne") && s.start().isBefore(T0.plusSeconds(3600)))
        .forEach(s -> latest.put(s.start(), s));
    assertThat(latest.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach((b, c) -> {
      WatchStats s = latest.get(b);
      assertThat(new long[] {s.total(), s.negative(), s.neutral(), s.positive()}).as("bucket " + b).containsExactly(c);
    });
  }

  @Test
  void twoInstancesShareThePartitionsAndTheWork() throws Exception {
    StreamsApp a = app("veille-it-scale", "a");
    StreamsApp b = app("veille-it-scale", "b");
    try {
      await().atMost(Duration.ofSeconds(120)).until(() -> a.state() == KafkaStreams.State.RUNNING
          && b.state() == KafkaStreams.State.RUNNING && activeTasks(a) > 0 && activeTasks(b) > 0);
      int n = 600;
      produce(java.util.stream.IntStream.range(0, n).mapToObj(i -> mention("scale", i * (TOTAL / n), 5)).toList());
      List<ScoredMention> out = awaitScored("scale", n, "veille-it-scale");
      assertThat(out.stream().map(ScoredMention::id).distinct().count()).isEqualTo(n);
      assertThat(activeTasks(a) + activeTasks(b)).isGreaterThanOrEqualTo(6);
    } finally {
      a.close();
      b.close();
    }
  }

  static int activeTasks(StreamsApp app) {
    return app.streams().metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
  }

  /**
   * Reads veille.mentions.scored from the beginning (read_committed) with one consumer until
   * {@code n} records of this prefix arrived.
   */
  static List<ScoredMention> collect(String prefix, int n, Duration timeout) {
    var props = KafkaClients.consumer(config, "it-collect", null);
    List<ScoredMention> out = new java.util.ArrayList<>();
    try (var c = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(props)) {
      var parts = c.partitionsFor(Topics.MENTIONS_SCORED.name()).stream()
          .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (out.size() < n && System.nanoTime() < deadline) {
        for (var r : c.poll(Duration.ofMillis(200))) {
          if (new String(r.key(), StandardCharsets.UTF_8).startsWith(prefix + ":")) {
            out.add(Topics.MENTIONS_SCORED.valueSerde().deserializer().deserialize("", r.value()));
          }
        }
      }
    }
    if (out.size() < n) {
      throw new AssertionError("only " + out.size() + " of " + n + " " + prefix + " mentions scored within " + timeout);
    }
    return out;
  }

  /**
   * Every scored record of this prefix once {@code n} arrived and the app {@code appId} has
   * committed all it read (its input and repartition topics at their end offsets): a duplicate
   * would be among them, with no time-based settle.
   */
  static List<ScoredMention> awaitScored(String prefix, int n, String appId) {
    collect(prefix, n, Duration.ofSeconds(180));
    KafkaTestSupport.awaitCaughtUp(kafka.bootstrapServers(), appId, Duration.ofSeconds(120), Topics.MENTIONS_RAW.name());
    return KafkaTestSupport.readToEnd(kafka.bootstrapServers(), Topics.MENTIONS_SCORED.name(), Duration.ofSeconds(60))
        .stream()
        .filter(r -> new String(r.key(), StandardCharsets.UTF_8).startsWith(prefix + ":"))
        .map(r -> Topics.MENTIONS_SCORED.valueSerde().deserializer().deserialize("", r.value()))
        .toList();
  }
}
