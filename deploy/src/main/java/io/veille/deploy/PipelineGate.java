package io.veille.deploy;

import io.veille.common.config.VeilleConfig;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.topic.Topics;
import io.veille.ingest.replay.FileReplay;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The demo's backpressure: the replay waits while the streams app has more than {@code maxLag}
 * records of raw (and its repartition topics) still to process, until it is down to half of it.
 *
 * <p>Why: at x20,000 a second of wall time is five hours of event time. Without it, on a slow or
 * busy machine the scoring tasks fall behind the replay, and behind each other, by more than the
 * detector's lateness; buckets are then judged before all their mentions arrived and the demo's
 * incidents depend on the machine's load. Held, the replay's speed is at most its factor, and the
 * scenario's clock (alerting's group waits) stops while it is held ({@link #heldNanos}).
 */
final class PipelineGate implements FileReplay.Gate, AutoCloseable {
  /** How often, at most, the lag is read from Kafka while the replay runs. */
  static final Duration CHECK_EVERY = Duration.ofMillis(100);
  /** How often it is read again while the replay is held. */
  static final Duration HELD_CHECK = Duration.ofMillis(40);

  private final String group;
  private final String servers;
  private final long maxLag;
  private final Admin admin;
  private final Duration timeout;
  private final AtomicLong heldTotal = new AtomicLong();
  private final AtomicLong holdingSince = new AtomicLong(-1);
  private final AtomicLong holds = new AtomicLong();
  private long lastCheck = Long.MIN_VALUE;

  PipelineGate(VeilleConfig config, String group, long maxLag, Duration timeout) {
    if (maxLag < 2) {
      throw new IllegalArgumentException("maxLag must be >= 2: " + maxLag);
    }
    this.group = group;
    this.servers = config.bootstrapServers();
    this.maxLag = maxLag;
    this.timeout = timeout;
    var props = KafkaClients.admin(config, "demo-lag");
    int t = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, t);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, t);
    this.admin = Admin.create(props);
  }

  @Override
  public Duration await(Instant eventTime) throws InterruptedException {
    long now = System.nanoTime();
    if (lastCheck != Long.MIN_VALUE && now - lastCheck < CHECK_EVERY.toNanos()) {
      return Duration.ZERO;
    }
    lastCheck = now;
    long lag = lagOrUnknown();
    if (lag <= maxLag) {
      return Duration.ZERO;
    }
    long start = System.nanoTime();
    holdingSince.set(start);
    holds.incrementAndGet();
    try {
      while (lag < 0 || lag > maxLag / 2) {
        TimeUnit.NANOSECONDS.sleep(HELD_CHECK.toNanos());
        lag = lagOrUnknown();
      }
    } finally {
      long held = System.nanoTime() - start;
      heldTotal.addAndGet(held);
      holdingSince.set(-1);
      lastCheck = System.nanoTime();
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** Wall time the replay has been held so far, including a hold going on now. */
  long heldNanos() {
    long since = holdingSince.get();
    return heldTotal.get() + (since < 0 ? 0 : Math.max(0, System.nanoTime() - since));
  }

  /** Times the replay was held. */
  long holds() {
    return holds.get();
  }

  /** The lag, or -1 while Kafka cannot say (the replay is then held until it can). */
  private long lagOrUnknown() {
    try {
      return lag();
    } catch (IllegalStateException e) {
      return -1;
    }
  }

  /** Records of raw (and the app's repartition topics) the streams app has not committed yet; throws when Kafka cannot say. */
  long lag() {
    long t = Math.max(1, timeout.toMillis());
    try {
      var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
          .get(t, TimeUnit.MILLISECONDS);
      var parts = new HashSet<>(committed.keySet());
      admin.describeTopics(List.of(Topics.MENTIONS_RAW.name())).allTopicNames().get(t, TimeUnit.MILLISECONDS)
          .get(Topics.MENTIONS_RAW.name()).partitions()
          .forEach(p -> parts.add(new TopicPartition(Topics.MENTIONS_RAW.name(), p.partition())));
      var request = new HashMap<TopicPartition, OffsetSpec>();
      parts.forEach(tp -> request.put(tp, OffsetSpec.latest()));
      var ends = admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
          .get(t, TimeUnit.MILLISECONDS);
      long lag = 0;
      for (var e : ends.entrySet()) {
        var c = committed.get(e.getKey());
        lag += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()));
      }
      return lag;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the streams app's progress", e);
    } catch (Exception e) {
      Throwable c = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException("cannot read the streams app's progress from Kafka at " + servers + ": "
          + c.getClass().getSimpleName() + (c.getMessage() == null ? "" : " " + c.getMessage()), e);
    }
  }

  @Override
  public void close() {
    admin.close(timeout);
  }
}
