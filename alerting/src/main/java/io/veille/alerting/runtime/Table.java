package io.veille.alerting.runtime;

import io.veille.common.config.VeilleConfig;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.IntPredicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A compacted topic read as a table (committed records only, no consumer group): {@link #load}
 * reads it from the start to its end, {@link #refresh} what came since. A value that does not
 * decode is logged with its partition and offset and skipped (the key then keeps its last good
 * value): one bad record never stops the service.
 */
public final class Table<V> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Table.class);

  private final Topic<String, V> topic;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<TopicPartition> partitions = new ArrayList<>();
  private long skipped;

  /** Reads the partitions of {@code topic} that {@code which} accepts. */
  public Table(VeilleConfig config, Topic<String, V> topic, String clientId, IntPredicate which) {
    this.topic = topic;
    this.consumer = new KafkaConsumer<>(KafkaClients.consumer(config, clientId, null));
    for (var p : consumer.partitionsFor(topic.name(), Duration.ofSeconds(30))) {
      if (which.test(p.partition())) {
        partitions.add(new TopicPartition(topic.name(), p.partition()));
      }
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  public Table(VeilleConfig config, Topic<String, V> topic, String clientId) {
    this(config, topic, clientId, p -> true);
  }

  /** Reads to the end as it is now (bounded by {@code timeout}), giving each key and value (null: deleted). */
  public Map<String, V> load(Duration timeout) {
    Map<String, V> out = new HashMap<>();
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!reached(end)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(topic.name() + ": not read to its end within " + timeout);
      }
      for (var r : consumer.poll(Duration.ofMillis(100))) {
        apply(r, (k, v) -> {
          if (v == null) {
            out.remove(k);
          } else {
            out.put(k, v);
          }
        });
      }
    }
    return out;
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    for (var e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** What came since the last call, without waiting. */
  public void refresh(BiConsumer<String, V> sink) {
    for (var r : consumer.poll(Duration.ZERO)) {
      apply(r, sink);
    }
  }

  private void apply(ConsumerRecord<byte[], byte[]> r, BiConsumer<String, V> sink) {
    if (r.key() == null) {
      skipped++;
      log.warn("{}: record without a key at partition {} offset {} skipped", topic.name(), r.partition(), r.offset());
      return;
    }
    String key = new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
    V value;
    try {
      value = r.value() == null ? null : topic.valueSerde().deserializer().deserialize(topic.name(), r.value());
    } catch (RuntimeException e) {
      skipped++;
      log.warn("{}: key {} at partition {} offset {} does not decode, skipped: {}", topic.name(), key, r.partition(),
          r.offset(), e.getMessage());
      return;
    }
    sink.accept(key, value);
  }

  /** Records skipped because they did not decode. */
  public long skipped() {
    return skipped;
  }

  public Set<TopicPartition> partitions() {
    return Set.copyOf(partitions);
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
