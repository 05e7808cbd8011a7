package io.veille.streams.detect;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Everything the detector remembers about one watch, and nothing else: the last bucket seen, the
 * baselines of its volume and negative volume, its usual negative share, and the two surge trackers
 * with their open signals. A plain value (no clock, no references out), mutated in place by
 * {@link Detector#step}; it travels as compact binary ({@link #serde()}, 4,143 bytes), so a Kafka
 * Streams processor keeps it in a key-value store keyed by watch id.
 */
public final class DetectorState {
  private static final byte VERSION = 3;
  static final int BYTES = 1 + 8 + 8 + 8 + 2 * SeasonalBaseline.BYTES + 5 * 8 + 2 * ShareWindow.BYTES + 2 * SurgeTracker.BYTES;

  long bucketMs;
  long lastStartMs = Long.MIN_VALUE;
  long seen;
  SeasonalBaseline volume = new SeasonalBaseline();
  SeasonalBaseline negative = new SeasonalBaseline();
  /** Exponentially weighted negative posts and posts: their ratio is the usual negative share. */
  double shareNegative;
  double sharePosts;
  /** Exponentially weighted mean square of the share test's raw z-scores (its overdispersion). */
  double shareDispersion = 1;
  /** The negative-share tests over a short and a long window. */
  ShareWindow shortWindow = new ShareWindow();
  ShareWindow longWindow = new ShareWindow();
  /** Exponentially weighted volume and negative posts per bucket over about an hour. */
  double recentVolume;
  double recentNegative;
  SurgeTracker volumeSurge = new SurgeTracker();
  SurgeTracker negativeSurge = new SurgeTracker();

  DetectorState(long bucketMs) {
    this.bucketMs = bucketMs;
  }

  /** How many buckets the detector has read (gaps filled included). */
  public long bucketsSeen() {
    return seen;
  }

  /** The start of the last bucket read, or null before the first. */
  public java.time.Instant lastStart() {
    return lastStartMs == Long.MIN_VALUE ? null : java.time.Instant.ofEpochMilli(lastStartMs);
  }

  /** The watch's usual share of negative posts (0 before it has seen any post). */
  public double usualNegativeShare() {
    return sharePosts > 0 ? shareNegative / sharePosts : 0;
  }

  /** Whether a signal of this kind is open. */
  public boolean isOpen(io.veille.common.model.Signal.Kind kind) {
    return (kind == io.veille.common.model.Signal.Kind.VOLUME_SPIKE ? volumeSurge : negativeSurge).open;
  }

  /** A deep copy (what {@link Detector#step} on a bucket still filling works on). */
  public DetectorState copy() {
    return fromBytes(toBytes());
  }

  public byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(BYTES);
    b.put(VERSION).putLong(bucketMs).putLong(lastStartMs).putLong(seen);
    volume.write(b);
    negative.write(b);
    b.putDouble(shareNegative).putDouble(sharePosts).putDouble(shareDispersion).putDouble(recentVolume)
        .putDouble(recentNegative);
    shortWindow.write(b);
    longWindow.write(b);
    volumeSurge.write(b);
    negativeSurge.write(b);
    return b.array();
  }

  public static DetectorState fromBytes(byte[] bytes) {
    if (bytes.length != BYTES || bytes[0] != VERSION) {
      throw new SerializationException("not a detector state (version " + (bytes.length == 0 ? "none" : bytes[0])
          + ", " + bytes.length + " bytes; expected version " + VERSION + ", " + BYTES + " bytes)");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    DetectorState s = new DetectorState(b.getLong());
    s.lastStartMs = b.getLong();
    s.seen = b.getLong();
    s.volume = SeasonalBaseline.read(b);
    s.negative = SeasonalBaseline.read(b);
    s.shareNegative = b.getDouble();
    s.sharePosts = b.getDouble();
    s.shareDispersion = b.getDouble();
    s.recentVolume = b.getDouble();
    s.recentNegative = b.getDouble();
    s.shortWindow = ShareWindow.read(b);
    s.longWindow = ShareWindow.read(b);
    s.volumeSurge = SurgeTracker.read(b);
    s.negativeSurge = SurgeTracker.read(b);
    return s;
  }

  /** The state's binary serde, for a Kafka Streams store. */
  public static Serde<DetectorState> serde() {
    Serializer<DetectorState> ser = (topic, s) -> s == null ? null : s.toBytes();
    Deserializer<DetectorState> de = (topic, bytes) -> bytes == null ? null : fromBytes(bytes);
    return Serdes.serdeFrom(ser, de);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DetectorState s && bucketMs == s.bucketMs && lastStartMs == s.lastStartMs && seen == s.seen
        && volume.equals(s.volume) && negative.equals(s.negative) && shareNegative == s.shareNegative
        && sharePosts == s.sharePosts && shareDispersion == s.shareDispersion && recentVolume == s.recentVolume
        && recentNegative == s.recentNegative && shortWindow.equals(s.shortWindow)
        && longWindow.equals(s.longWindow) && volumeSurge.equals(s.volumeSurge)
        && negativeSurge.equals(s.negativeSurge);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(bucketMs, lastStartMs, seen, volumeSurge, negativeSurge);
  }
}
