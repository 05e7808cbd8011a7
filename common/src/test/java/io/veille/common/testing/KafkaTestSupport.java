package io.veille.common.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Test helpers shared by the modules' integration tests (common's test-jar). */
public final class KafkaTestSupport {
  private KafkaTestSupport() {}

  /**
   * Every committed record of {@code topic} from the beginning up to its read_committed end offsets
   * as they are when called: exact once the writers are done (or caught up, {@link #awaitCaughtUp}).
   */
  public static List<ConsumerRecord<byte[], byte[]>> readToEnd(String bootstrap, String topic, Duration timeout) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(bootstrap))) {
      var parts = consumer.partitionsFor(topic, timeout).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> ends = consumer.endOffsets(parts, timeout);
      while (parts.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to its end offsets " + ends + " within " + timeout);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  /**
   * Waits until consumer group {@code groupId} has committed, on every partition it reads, the
   * read_committed end offset, and on {@code inputs} too (partitions it has not committed count
   * from 0): everything written so far has been processed and its output committed.
   */
  public static void awaitCaughtUp(String bootstrap, String groupId, Duration timeout, String... inputs) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      long lag = -1;
      while (System.nanoTime() < deadline) {
        var committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        committed.keySet().forEach(tp -> request.put(tp, OffsetSpec.latest()));
        for (var d : admin.describeTopics(List.of(inputs)).allTopicNames().get().values()) {
          d.partitions().forEach(p -> request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
        }
        var ends = admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
        lag = 0;
        for (var e : ends.entrySet()) {
          var c = committed.get(e.getKey());
          lag += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()));
        }
        if (lag == 0) {
          return;
        }
        consumerPause();
      }
      throw new AssertionError("group " + groupId + " still " + lag + " records behind after " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("cannot read the offsets of group " + groupId + ": " + e.getCause(), e);
    }
  }

  private static void consumerPause() throws InterruptedException {
    // between two offset queries: a poll interval, not a settle (the loop ends on the condition)
    java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
  }

  private static Map<String, Object> consumerProps(String bootstrap) {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
  }

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
