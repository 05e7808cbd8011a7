package io.veille.streams.detect;

import io.veille.common.model.Signal.Severity;
import java.nio.ByteBuffer;

/**
 * The evidence for one kind of surge (volume, or negative) and the signal it holds open: a CUSUM of
 * the buckets' z-scores with the volume of its current run, an exponentially weighted mean of the
 * clipped z-scores (the shift test), the watch's decaying memory of its own past surges, and the
 * open signal (onset, severity, quiet buckets, last emission).
 */
final class SurgeTracker {
  static final int BYTES = 8 * 6 + 1 + 8 + 1 + 4 + 8 + 8 + 8 + 8;

  double cusum;
  double runVolume;
  double shift;
  double spikeMemory;
  double shiftMemory;
  /** Exponentially weighted mean z over the quiet period: how the last hour looked. */
  double calm;
  boolean open;
  long onsetMs;
  /** The open signal's severity (ordinal), -1 when closed. */
  byte severity = -1;
  /** Buckets since the open signal's last firing bucket. */
  int quietBuckets;
  long lastEmitMs;
  double peak;
  /** Posts and negative posts since the current run began (kept while the signal is open). */
  double runPosts;
  double runNegative;

  Severity severity() {
    return severity < 0 ? null : Severity.values()[severity];
  }

  void close() {
    open = false;
    severity = -1;
    quietBuckets = 0;
    peak = 0;
    runPosts = 0;
    runNegative = 0;
  }

  void write(ByteBuffer b) {
    b.putDouble(cusum).putDouble(runVolume).putDouble(shift).putDouble(spikeMemory).putDouble(shiftMemory).putDouble(calm);
    b.put((byte) (open ? 1 : 0)).putLong(onsetMs).put(severity).putInt(quietBuckets).putLong(lastEmitMs)
        .putDouble(peak).putDouble(runPosts).putDouble(runNegative);
  }

  static SurgeTracker read(ByteBuffer b) {
    SurgeTracker t = new SurgeTracker();
    t.cusum = b.getDouble();
    t.runVolume = b.getDouble();
    t.shift = b.getDouble();
    t.spikeMemory = b.getDouble();
    t.shiftMemory = b.getDouble();
    t.calm = b.getDouble();
    t.open = b.get() != 0;
    t.onsetMs = b.getLong();
    t.severity = b.get();
    t.quietBuckets = b.getInt();
    t.lastEmitMs = b.getLong();
    t.peak = b.getDouble();
    t.runPosts = b.getDouble();
    t.runNegative = b.getDouble();
    return t;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SurgeTracker t && cusum == t.cusum && runVolume == t.runVolume && shift == t.shift
        && spikeMemory == t.spikeMemory && shiftMemory == t.shiftMemory && calm == t.calm && open == t.open && onsetMs == t.onsetMs
        && severity == t.severity && quietBuckets == t.quietBuckets && lastEmitMs == t.lastEmitMs && peak == t.peak
        && runPosts == t.runPosts && runNegative == t.runNegative;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(cusum, shift, open, onsetMs, severity);
  }
}
