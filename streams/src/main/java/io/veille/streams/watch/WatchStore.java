package io.veille.streams.watch;

import io.veille.common.config.VeilleConfig;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.Watch;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watches as Kafka holds them: the compacted topic {@code veille.watches} (key: watch id,
 * null value: deleted). Used by {@code veille watch} and by the streams application at start-up
 * to load a watches file. Every write is validated first ({@link WatchMatcher#validate}), so a
 * watch whose query does not parse never reaches the topic; writes go through an idempotent
 * producer (acks=all) and return once acknowledged.
 */
public final class WatchStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WatchStore.class);
  private static final String TOPIC = Topics.WATCHES.name();

  private final VeilleConfig config;
  private final Duration timeout;
  private KafkaProducer<byte[], byte[]> producer;
  private boolean topicChecked;

  /** @param timeout how long one read or write may wait for Kafka before it fails */
  public WatchStore(VeilleConfig config, Duration timeout) {
    this.config = config;
    this.timeout = timeout;
  }

  /** What {@link #sync} did (or would do): watch ids by outcome, each list sorted. */
  public record SyncResult(List<String> added, List<String> changed, List<String> unchanged, List<String> removed) {
    public SyncResult {
      added = List.copyOf(added);
      changed = List.copyOf(changed);
      unchanged = List.copyOf(unchanged);
      removed = List.copyOf(removed);
    }

    /** Whether anything is (or was) written. */
    public boolean writes() {
      return !added.isEmpty() || !changed.isEmpty() || !removed.isEmpty();
    }

    @Override
    public String toString() {
      return "added " + added.size() + ", changed " + changed.size() + ", unchanged " + unchanged.size()
          + ", removed " + removed.size();
    }
  }

  /**
   * Reads the topic to its end (read_committed) and returns the latest watch per id, sorted by
   * id; tombstones remove. A missing topic is an empty store. A record that is not a valid watch
   * is logged and skipped.
   */
  /** What the topic holds: the watches that load, and why each of the others does not (key to reason). */
  public record Listing(Map<String, Watch> watches, Map<String, String> rejected) {}

  public static Map<String, Watch> readAll(VeilleConfig config, Duration timeout) {
    return scan(config, timeout, false).watches();
  }

  /**
   * Every record of the topic, latest per key, checked as the streams app checks it when it loads
   * them ({@link #check}): what streams will match, and what it skips and why.
   */
  public static Listing list(VeilleConfig config, Duration timeout) {
    return scan(config, timeout, true);
  }

  /** Why streams would skip this record, or null when it loads: the one check of both the loader and the listing. */
  public static String check(String key, byte[] value) {
    if (key == null) {
      return "record without a key";
    }
    try {
      Watch w = Topics.WATCHES.valueSerde().deserializer().deserialize(TOPIC, value);
      if (w == null) {
        return "empty value";
      }
      if (!w.id().equals(key)) {
        return "the record's key is " + QueryBounds.abbreviate(key) + " but it holds watch " + QueryBounds.abbreviate(w.id());
      }
      WatchQuery.validate(w);
      return null;
    } catch (RuntimeException | StackOverflowError e) {
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replaceAll("\\s+", " ");
      return m.length() > 300 ? m.substring(0, 297) + "..." : m;
    }
  }

  private static Listing scan(VeilleConfig config, Duration timeout, boolean validate) {
    Map<String, Object> props = KafkaClients.consumer(config, "watch-store", null);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Watch> watches = new TreeMap<>();
    Map<String, String> rejected = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<PartitionInfo> infos = consumer.partitionsFor(TOPIC, timeout);
      if (infos == null || infos.isEmpty()) {
        return new Listing(watches, rejected);
      }
      List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(TOPIC, i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      var deserializer = Topics.WATCHES.valueSerde().deserializer();
      while (!reached(consumer, end)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new WatchStoreException("cannot read " + TOPIC + " to its end within " + timeout.toMillis() + " ms");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofNanos(Math.min(left, 500_000_000L)))) {
          String id = Topics.WATCHES.keySerde().deserializer().deserialize(TOPIC, r.key());
          if (id == null) {
            if (validate) {
              rejected.put("(no key) at " + TOPIC + "-" + r.partition() + "@" + r.offset(), "record without a key");
            }
            continue;
          }
          watches.remove(id);
          rejected.remove(id);
          if (r.value() == null) {
            continue;
          }
          String why = validate ? check(id, r.value()) : null;
          if (why != null) {
            rejected.put(id, why);
            continue;
          }
          try {
            watches.put(id, deserializer.deserialize(TOPIC, r.value()));
          } catch (RuntimeException e) {
            LOG.warn("skipping watch {} at {}-{}@{}: {}", QueryBounds.abbreviate(id), TOPIC, r.partition(), r.offset(),
                e.getMessage());
          }
        }
      }
      return new Listing(watches, rejected);
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new WatchStoreException("cannot reach Kafka at " + config.bootstrapServers() + " to read " + TOPIC
          + " (waited " + timeout.toMillis() + " ms): " + e.getMessage(), e);
    } catch (KafkaException e) {
      throw new WatchStoreException("cannot read " + TOPIC + " from " + config.bootstrapServers() + ": " + e.getMessage(), e);
    }
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** The watches and the records streams skips, with why. */
  public Listing list() {
    return list(config, timeout);
  }

  /** Every watch, latest version, sorted by id. */
  public Map<String, Watch> readAll() {
    return readAll(config, timeout);
  }

  public Optional<Watch> get(String id) {
    return Optional.ofNullable(readAll().get(id));
  }

  /** Validates and writes a watch (add or replace); throws {@link InvalidWatchException} without writing when it is invalid. */
  public void put(Watch w) {
    WatchQuery.validate(w);
    await(List.of(send(w.id(), w)));
  }

  /** Writes a tombstone for {@code id}. */
  public void remove(String id) {
    await(List.of(send(id, null)));
  }

  /**
   * Makes the topic hold {@code desired}: writes only the watches that are new or differ from the
   * stored ones, and with {@code deleteOthers} removes the stored watches that are not in
   * {@code desired}. Running it twice writes nothing the second time. Every watch is validated
   * before anything is written.
   */
  public SyncResult sync(Collection<Watch> desired, boolean deleteOthers) {
    SyncResult plan = plan(desired, deleteOthers);
    if (!plan.writes()) {
      return plan;
    }
    Map<String, Watch> byId = new TreeMap<>();
    desired.forEach(w -> byId.put(w.id(), w));
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (String id : plan.added()) {
      sent.add(send(id, byId.get(id)));
    }
    for (String id : plan.changed()) {
      sent.add(send(id, byId.get(id)));
    }
    for (String id : plan.removed()) {
      sent.add(send(id, null));
    }
    await(sent);
    LOG.info("watches synced: {}", plan);
    return plan;
  }

  /** What {@link #sync} would write, without writing. */
  public SyncResult plan(Collection<Watch> desired, boolean deleteOthers) {
    Set<String> ids = new HashSet<>();
    for (Watch w : desired) {
      WatchQuery.validate(w);
      if (!ids.add(w.id())) {
        throw new InvalidWatchException(w.id(), "listed twice");
      }
    }
    Map<String, Watch> current = readAll();
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    for (Watch w : desired) {
      Watch stored = current.get(w.id());
      (stored == null ? added : stored.equals(w) ? unchanged : changed).add(w.id());
    }
    List<String> removed = deleteOthers
        ? current.keySet().stream().filter(id -> !ids.contains(id)).toList()
        : List.of();
    return new SyncResult(sorted(added), sorted(changed), sorted(unchanged), sorted(removed));
  }

  private static List<String> sorted(List<String> l) {
    return l.stream().sorted().toList();
  }

  private Future<RecordMetadata> send(String id, Watch w) {
    KafkaProducer<byte[], byte[]> p = producer();
    byte[] key = Topics.WATCHES.keySerde().serializer().serialize(TOPIC, id);
    byte[] value = w == null ? null : Topics.WATCHES.valueSerde().serializer().serialize(TOPIC, w);
    try {
      return p.send(new ProducerRecord<>(TOPIC, key, value));
    } catch (KafkaException e) {
      throw new WatchStoreException("cannot write watch " + id + " to " + TOPIC + ": " + e.getMessage(), e);
    }
  }

  private void await(List<Future<RecordMetadata>> sent) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      for (Future<RecordMetadata> f : sent) {
        f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WatchStoreException("interrupted while writing to " + TOPIC, e);
    } catch (ExecutionException e) {
      throw new WatchStoreException("cannot write to " + TOPIC + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new WatchStoreException("no acknowledgement from Kafka at " + config.bootstrapServers() + " within "
          + timeout.toMillis() + " ms", e);
    }
  }

  private synchronized KafkaProducer<byte[], byte[]> producer() {
    if (!topicChecked) {
      try {
        TopicAdmin.createMissing(KafkaClients.admin(config, "watch-store"), List.of(Topics.WATCHES), config.replicationFactor());
      } catch (IllegalStateException e) {
        throw new WatchStoreException(e.getMessage(), e);
      }
      topicChecked = true;
    }
    if (producer == null) {
      Map<String, Object> props = KafkaClients.producer(config, "watch-store");
      props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
      props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      producer = new KafkaProducer<>(props);
    }
    return producer;
  }

  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close(timeout);
      producer = null;
    }
  }

  /** Kafka could not be read or written: unreachable, timed out, refused. */
  public static final class WatchStoreException extends RuntimeException {
    public WatchStoreException(String message) {
      super(message);
    }

    public WatchStoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
