package io.veille.streams.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.veille.common.config.VeilleConfig;
import io.veille.common.json.MentionJson;
import io.veille.common.kafka.EmbeddedKafka;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.Author;
import io.veille.common.model.Engagement;
import io.veille.common.model.Mention;
import io.veille.common.model.Signal;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detection latency on a real broker, exactly-once, wall clock: twenty watches learn two steady
 * days, then each gets a surge, one mention at a time, each sent once the previous one is in the
 * watch's stats (so the onset can only come from the mention just sent). The time from sending
 * the mention that crosses the threshold to reading its {@code onset} on {@code veille.signals}
 * (read_committed) must be at most one second at the 99th percentile.
 */
class DetectionLatencyIT {
  static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
      "juliett", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"};

  @TempDir
  Path tmp;

  @Test
  void theOnsetIsOnTheSignalsTopicWithinOneSecondOfTheMentionThatCrossesTheThreshold() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"))) {
      VeilleConfig config = VeilleConfig.defaults().withBootstrapServers(kafka.bootstrapServers());
      TopicAdmin.createMissing(KafkaClients.admin(config, "it"), Topics.ALL, (short) 1);
      Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
      Instant surge = now.minus(Duration.ofMinutes(20));
      Instant historyEnd = surge.minus(Duration.ofMinutes(10));
      try (var producer = new KafkaProducer<byte[], byte[]>(KafkaClients.producer(config, "it-latency"));
          StreamsApp app = StreamsApp.start(config, StreamsSettings.defaults().withApplicationId("veille-it-latency"),
              new PipelineTopology.Models(new WatchMatcher(), LexiconSentimentModel.create(), LanguageDetector.get()),
              tmp.resolve("state"))) {
        for (String w : WORDS) {
          Watch watch = new Watch(w, w, w, Set.of(), Set.of(), null, List.of());
          producer.send(new ProducerRecord<>(Topics.WATCHES.name(), w.getBytes(StandardCharsets.UTF_8),
              Topics.WATCHES.valueSerde().serializer().serialize("", watch))).get();
        }
        // two steady days: about two posts a minute naming every watch (each counts for all twenty)
        Random rnd = new Random(11);
        String all = String.join(" ", WORDS);
        int n = 0;
        for (Instant t = historyEnd.minus(Duration.ofDays(2)); t.isBefore(historyEnd); t = t.plus(Duration.ofMinutes(1))) {
          int k = rnd.nextInt(4);
          for (int i = 0; i < k; i++) {
            send(producer, mention("h" + (++n), "n" + n + " " + all + " nouvelles du jour", t.plusSeconds(i * 15L)), false);
          }
        }
        producer.flush();
        KafkaTestSupport.awaitCaughtUp(kafka.bootstrapServers(), "veille-it-latency", Duration.ofSeconds(240),
            Topics.MENTIONS_RAW.name());

        Map<String, Long> onsetAt = new ConcurrentHashMap<>();
        Map<String, Long> processed = new ConcurrentHashMap<>();
        java.util.concurrent.Semaphore changed = new java.util.concurrent.Semaphore(0);
        Thread reader = Thread.ofPlatform().daemon().start(() -> read(config, surge, onsetAt, processed, changed));
        List<Long> latencies = new ArrayList<>();
        try {
          for (String w : WORDS) {
            Long latency = null;
            for (int k = 1; k <= 60 && latency == null; k++) {
              Mention m = mention(w + k, "n" + (++n) + " " + w + " en panne, plus rien ne marche chez moi",
                  surge.plusMillis(k * 500L));
              long sent = System.nanoTime();
              send(producer, m, true);
              long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
              int seen = k;
              while (System.nanoTime() < deadline && !onsetAt.containsKey(w) && processed.getOrDefault(w, 0L) < seen) {
                changed.tryAcquire(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), java.util.concurrent.TimeUnit.MILLISECONDS);
              }
              assertThat(onsetAt.containsKey(w) || processed.getOrDefault(w, 0L) >= seen)
                  .as("mention %d of watch %s processed within 30 s", k, w).isTrue();
              if (onsetAt.containsKey(w)) {
                latency = (onsetAt.get(w) - sent) / 1_000_000;
              }
            }
            assertThat(latency).as("watch %s: an onset within 60 surge mentions", w).isNotNull();
            latencies.add(latency);
          }
        } finally {
          reader.interrupt();
        }
        List<Long> sorted = latencies.stream().sorted().toList();
        long p50 = sorted.get(sorted.size() / 2);
        long p99 = sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
        System.out.printf("detection latency, %d onsets: p50 %d ms, p99 %d ms, max %d ms, all %s%n", sorted.size(), p50, p99,
            sorted.get(sorted.size() - 1), latencies);
        assertThat(p99).as("p99 of %s", latencies).isLessThanOrEqualTo(1000);
      }
    }
  }

  static Mention mention(String id, String text, Instant at) {
    return new Mention(1, "x:" + id, "x", null, "fr", text, at, null, new Author(id, "@" + id, null, 120, false),
        Engagement.NONE, null, null, Map.of());
  }

  static void send(KafkaProducer<byte[], byte[]> p, Mention m, boolean sync) throws Exception {
    var f = p.send(new ProducerRecord<>(Topics.MENTIONS_RAW.name(), m.id().getBytes(StandardCharsets.UTF_8),
        MentionJson.write(m)));
    if (sync) {
      f.get();
    }
  }

  /** Records when each watch's onset is read, and how many mentions its surge bucket holds. */
  static void read(VeilleConfig config, Instant surge, Map<String, Long> onsetAt, Map<String, Long> processed,
      java.util.concurrent.Semaphore changed) {
    try (var c = new KafkaConsumer<byte[], byte[]>(KafkaClients.consumer(config, "it-latency-reader", null))) {
      List<TopicPartition> parts = new ArrayList<>();
      for (String topic : List.of(Topics.SIGNALS.name(), Topics.WATCH_STATS.name())) {
        c.partitionsFor(topic).forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
      }
      c.assign(parts);
      c.seekToBeginning(parts);
      while (!Thread.currentThread().isInterrupted()) {
        var records = c.poll(Duration.ofMillis(20));
        for (var r : records) {
          long at = System.nanoTime();
          if (r.topic().equals(Topics.SIGNALS.name())) {
            Signal s = Topics.SIGNALS.valueSerde().deserializer().deserialize(r.topic(), r.value());
            if (s.phase() == Signal.Phase.ONSET && !s.onset().isBefore(surge)) {
              onsetAt.putIfAbsent(s.watchId(), at);
            }
          } else {
            WatchStats s = Topics.WATCH_STATS.valueSerde().deserializer().deserialize(r.topic(), r.value());
            if (s.start().equals(surge)) {
              processed.merge(s.watchId(), s.total(), Math::max);
            }
          }
        }
        if (!records.isEmpty()) {
          changed.release();
        }
      }
    } catch (org.apache.kafka.common.errors.InterruptException e) {
      Thread.currentThread().interrupt();
    }
  }
}
