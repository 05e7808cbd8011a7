package io.veille.streams.pipeline;

import io.veille.common.config.ConfigDef;
import io.veille.common.config.VeilleConfig;
import java.time.Duration;

/**
 * What the topology and the Streams runtime need, declared once with defaults and validation.
 *
 * @param dedupWindow how long a mention id is remembered (a repeat within it is dropped)
 * @param nearDupWindow how long a text is remembered for near-duplicates and reshares
 * @param bucket the per-watch stats bucket (event time)
 * @param grace how late a mention may arrive and still count in its bucket
 * @param detect whether the topology runs the detector and publishes signals
 * @param detectLateness how long after a bucket's end (stream time) the detector waits before it reads
 *     the bucket as complete; mentions later than that count in the stats, not in the detector
 */
public record StreamsSettings(String applicationId, int threads, Duration dedupWindow, Duration nearDupWindow,
    Duration bucket, Duration grace, Duration commitInterval, Duration maxFuture, boolean detect, Duration detectLateness) {

  public static final ConfigDef.Key<String> APPLICATION_ID = ConfigDef.string("streams.application.id", "veille-streams",
      "Kafka Streams application id: instances with the same id share the partitions.");
  public static final ConfigDef.Key<Integer> THREADS = ConfigDef.integer("streams.threads", 1, 1, 64,
      "num.stream.threads of this instance.");
  public static final ConfigDef.Key<Duration> DEDUP_WINDOW = ConfigDef.duration("streams.dedup.window", Duration.ofDays(2),
      "How long a mention id is remembered to drop repeats.");
  public static final ConfigDef.Key<Duration> NEAR_DUP_WINDOW = ConfigDef.duration("streams.near.dup.window",
      Duration.ofHours(24), "How long a text is remembered to count reshares and near-duplicates as copies.");
  public static final ConfigDef.Key<Duration> BUCKET = ConfigDef.duration("streams.bucket", Duration.ofMinutes(1),
      "Per-watch stats bucket (event time).");
  public static final ConfigDef.Key<Duration> GRACE = ConfigDef.duration("streams.grace", Duration.ofDays(30),
      "How late a mention may arrive (event time) and still count in its bucket. Buckets are emitted as they "
          + "update, so a long grace costs only state (the buckets that had data): it lets a replay or a backlog, "
          + "whose partitions are read days apart in event time, count every mention.");
  public static final ConfigDef.Key<Duration> COMMIT_INTERVAL = ConfigDef.duration("streams.commit.interval",
      Duration.ofMillis(100), "Exactly-once commit interval: how often results become visible downstream.");

  public static final ConfigDef.Key<Boolean> DETECT = ConfigDef.bool("streams.detect", true,
      "Run the spike and bad-buzz detector on the watches' buckets and publish its signals on veille.signals.");

  public static final ConfigDef.Key<Duration> DETECT_LATENESS = ConfigDef.duration("streams.detect.lateness",
      Duration.ofMinutes(2), "How long after a bucket's end (stream time) the detector waits before reading it as "
          + "complete: mentions arrive late (connectors poll, feeds lag), and a bucket read too early looks emptier "
          + "than it was. Onsets do not wait (a bucket still filling is tried at once); mentions later than this "
          + "count in the stats, not in the detector. At most 6 h.");

  public StreamsSettings {
    if (detectLateness == null || detectLateness.isNegative() || detectLateness.compareTo(Duration.ofHours(6)) > 0) {
      throw new IllegalArgumentException("streams.detect.lateness must be between 0 and 6 h (was " + detectLateness + ")");
    }
    if (bucket.isZero() || dedupWindow.compareTo(bucket) < 0 || nearDupWindow.compareTo(bucket) < 0) {
      throw new IllegalArgumentException("windows must be at least one bucket long");
    }
  }

  public static ConfigDef def() {
    return new ConfigDef().define(APPLICATION_ID).define(THREADS).define(DEDUP_WINDOW).define(NEAR_DUP_WINDOW)
        .define(BUCKET).define(GRACE).define(COMMIT_INTERVAL).define(DETECT)
        .define(DETECT_LATENESS);
  }

  public static StreamsSettings defaults() {
    return new StreamsSettings(APPLICATION_ID.defaultValue(), 1, DEDUP_WINDOW.defaultValue(),
        NEAR_DUP_WINDOW.defaultValue(), BUCKET.defaultValue(), GRACE.defaultValue(), COMMIT_INTERVAL.defaultValue(),
        VeilleConfig.MAX_FUTURE.defaultValue(), DETECT.defaultValue(),
        DETECT_LATENESS.defaultValue());
  }

  public static StreamsSettings from(VeilleConfig c) {
    return new StreamsSettings(c.get(APPLICATION_ID), c.get(THREADS), c.get(DEDUP_WINDOW), c.get(NEAR_DUP_WINDOW),
        c.get(BUCKET), c.get(GRACE), c.get(COMMIT_INTERVAL), c.get(VeilleConfig.MAX_FUTURE),
        c.get(DETECT), c.get(DETECT_LATENESS));
  }

  public StreamsSettings withApplicationId(String id) {
    return new StreamsSettings(id, threads, dedupWindow, nearDupWindow, bucket, grace, commitInterval, maxFuture, detect,
        detectLateness);
  }

  public StreamsSettings withDetect(boolean on) {
    return new StreamsSettings(applicationId, threads, dedupWindow, nearDupWindow, bucket, grace, commitInterval, maxFuture, on,
        detectLateness);
  }

  public StreamsSettings withThreads(int n) {
    return new StreamsSettings(applicationId, n, dedupWindow, nearDupWindow, bucket, grace, commitInterval, maxFuture, detect,
        detectLateness);
  }

  public StreamsSettings withDetectLateness(Duration lateness) {
    return new StreamsSettings(applicationId, threads, dedupWindow, nearDupWindow, bucket, grace, commitInterval, maxFuture,
        detect, lateness);
  }
}
