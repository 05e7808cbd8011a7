package io.veille.common.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Test helpers shared by the modules' integration tests (common's test-jar). */
public final class KafkaTestSupport {
  private KafkaTestSupport() {}

  /**
   * Reads {@code topic} from the beginning (read_committed) until {@code expected} records arrived
   * and then for {@code settle} more with nothing new, or fails at {@code timeout}. Returning more than
   * expected is how a test sees duplicates.
   */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic, int expected,
      Duration timeout, Duration settle) {
    Map<String, Object> props = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    long settledAt = -1;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(topic));
      while (System.nanoTime() < deadline) {
        var batch = consumer.poll(Duration.ofMillis(200));
        batch.forEach(out::add);
        if (out.size() >= expected) {
          if (settledAt < 0 || !batch.isEmpty()) {
            settledAt = System.nanoTime() + settle.toNanos();
          } else if (System.nanoTime() >= settledAt) {
            return out;
          }
        }
      }
    }
    throw new AssertionError("expected at least " + expected + " records on " + topic + " within " + timeout
        + ", got " + out.size());
  }
}
