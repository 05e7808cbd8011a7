package io.veille.common.topic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the catalogue's missing topics; idempotent, so every service runs it at start-up. */
public final class TopicAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

  private TopicAdmin() {}

  /** Creates the topics that do not exist yet and returns the names it created. */
  public static List<String> createMissing(Map<String, Object> adminProps, Collection<Topic<?, ?>> topics,
      short replicationFactor) {
    try (Admin admin = Admin.create(adminProps)) {
      return createMissing(admin, topics, replicationFactor);
    }
  }

  /**
   * Waits until every partition of {@code names} has a leader. Producing to a partition in the
   * instant after its creation can meet NOT_LEADER_OR_FOLLOWER, and an idempotent producer whose
   * first batch met it was seen stuck on OUT_OF_ORDER_SEQUENCE_NUMBER retries (Kafka 4.3.1, single
   * KRaft node): so services start producing only once the new topics are led.
   */
  static void awaitLeaders(Admin admin, Collection<String> names, long timeoutMs)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (names.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (true) {
      boolean led;
      try {
        var described = admin.describeTopics(names).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
        led = described.values().stream().allMatch(d -> d.partitions().stream()
            .allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
      } catch (ExecutionException e) {
        // the broker's metadata may not hold a topic created a moment ago: not led yet
        if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
          throw e;
        }
        led = false;
      }
      if (led) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("topics without a leader after " + timeoutMs + " ms: " + names);
      }
      Thread.sleep(50);
    }
  }

  public static List<String> createMissing(Admin admin, Collection<Topic<?, ?>> topics, short replicationFactor) {
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (Topic<?, ?> t : topics) {
        if (!existing.contains(t.name())) {
          missing.add(t.newTopic(replicationFactor));
        }
      }
      List<String> created = new ArrayList<>();
      if (missing.isEmpty()) {
        return created;
      }
      var result = admin.createTopics(missing);
      for (var e : result.values().entrySet()) {
        try {
          e.getValue().get(30, TimeUnit.SECONDS);
          created.add(e.getKey());
          LOG.info("created topic {}", e.getKey());
        } catch (ExecutionException ex) {
          if (!(ex.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + e.getKey() + ": " + ex.getCause().getMessage(), ex.getCause());
          }
        }
      }
      awaitLeaders(admin, created, 30_000);
      return created;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot reach Kafka to create topics: " + e.getMessage(), e);
    }
  }
}
