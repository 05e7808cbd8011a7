package io.veille.deploy;

import io.veille.common.config.VeilleConfig;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.WatchStats;
import io.veille.common.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The demo's live view of {@code veille.watch.stats}: the latest version of each bucket, summed
 * per watch (mentions, share of negative/neutral/positive, copies, reach) and the newest bucket.
 */
final class StatsBoard implements AutoCloseable {
  private final Map<String, Map<Instant, WatchStats>> buckets = new HashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  StatsBoard(VeilleConfig config) {
    thread = Thread.ofPlatform().daemon().name("veille-demo-stats").start(() -> {
      try (var c = new KafkaConsumer<byte[], byte[]>(KafkaClients.consumer(config, "demo-stats", null))) {
        List<TopicPartition> parts = c.partitionsFor(Topics.WATCH_STATS.name()).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        c.assign(parts);
        c.seekToBeginning(parts);
        while (running) {
          for (var r : c.poll(Duration.ofMillis(200))) {
            WatchStats s = Topics.WATCH_STATS.valueSerde().deserializer().deserialize(r.topic(), r.value());
            synchronized (buckets) {
              buckets.computeIfAbsent(s.watchId(), w -> new TreeMap<>()).put(s.start(), s);
            }
          }
        }
      } catch (org.apache.kafka.common.errors.InterruptException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  /** One line per watch, e.g. {@code ondyne  4,210 mentions  neg 31% neu 52% pos 17%  copies 2,980 ...}. */
  List<String> lines() {
    List<String> out = new ArrayList<>();
    synchronized (buckets) {
      new TreeMap<>(buckets).forEach((watch, byStart) -> {
        long total = 0;
        long neg = 0;
        long neu = 0;
        long pos = 0;
        long copies = 0;
        long reach = 0;
        for (WatchStats s : byStart.values()) {
          total += s.total();
          neg += s.negative();
          neu += s.neutral();
          pos += s.positive();
          copies += s.copies();
          reach += s.reach();
        }
        WatchStats last = ((TreeMap<Instant, WatchStats>) byStart).lastEntry().getValue();
        out.add(String.format(Locale.ROOT, "  %-18s %,7d mentions  neg %3.0f%% neu %3.0f%% pos %3.0f%%  copies %,7d  reach %,12d"
                + "  | last minute %s: %d (neg %d)", watch, total, pct(neg, total), pct(neu, total), pct(pos, total),
            copies, reach, last.start().toString().substring(5, 16).replace('T', ' '), last.total(), last.negative()));
      });
    }
    return out;
  }

  private static double pct(long part, long total) {
    return total == 0 ? 0 : 100.0 * part / total;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5_000);
  }
}
