package io.veille.streams.detect;

import java.nio.ByteBuffer;

/**
 * A watch's usual level of one measure on the square-root scale: an exponentially weighted mean and
 * variance per hour of the week (168 slots, UTC), per hour of the day (24 slots) and one recent
 * level over all hours. While a slot is young its estimate is blended with the next coarser one
 * (weight visits / (visits + maturity)): a new watch is judged against its recent level first,
 * against its daily rhythm after a day or two, and against its weekly rhythm after a week. It learns from clipped values (see {@link #learn}), so a surge cannot become the
 * new normal within minutes.
 */
final class SeasonalBaseline {
  static final int SLOTS = 168;
  static final int HOURS = 24;
  static final int BYTES = 1 + 8 + 8 + (SLOTS + HOURS) * (4 + 4 + 2);

  private final float[] mean = new float[SLOTS];
  private final float[] var = new float[SLOTS];
  private final short[] visits = new short[SLOTS];
  private final float[] dayMean = new float[HOURS];
  private final float[] dayVar = new float[HOURS];
  private final short[] dayVisits = new short[HOURS];
  private boolean started;
  private double level;
  private double levelVar;

  /** The expected value at {@code slot}: {@code out[0]} mean, {@code out[1]} variance (no floor). */
  void expected(int slot, double maturity, double dayMaturity, double[] out) {
    if (!started) {
      out[0] = Double.NaN;
      out[1] = 0;
      return;
    }
    int h = slot % HOURS;
    double wd = dayVisits[h] / (dayVisits[h] + dayMaturity);
    double m = wd * dayMean[h] + (1 - wd) * level;
    double v = wd * dayVar[h] + (1 - wd) * levelVar;
    double w = visits[slot] / (visits[slot] + maturity);
    out[0] = w * mean[slot] + (1 - w) * m;
    out[1] = w * var[slot] + (1 - w) * v;
  }

  boolean started() {
    return started;
  }

  /**
   * Learns {@code y} (clipped to {@code ceiling}) into the slot and the level. {@code mu} and
   * {@code v} are what {@link #expected} said for this slot (a slot's first visit starts there).
   */
  void learn(int slot, double y, double ceiling, double mu, double v, double aSlot, double aDay, double aLevel) {
    double yc = started ? Math.min(y, ceiling) : y;
    if (!started) {
      started = true;
      level = yc;
      levelVar = 0;
      mu = yc;
      v = 0;
    } else {
      double d = yc - level;
      level += aLevel * d;
      levelVar = (1 - aLevel) * (levelVar + aLevel * d * d);
    }
    if (visits[slot] == 0) {
      mean[slot] = (float) mu;
      var[slot] = (float) v;
    }
    double d = yc - mean[slot];
    mean[slot] = (float) (mean[slot] + aSlot * d);
    var[slot] = (float) ((1 - aSlot) * (var[slot] + aSlot * d * d));
    if (visits[slot] < Short.MAX_VALUE) {
      visits[slot]++;
    }
    int h = slot % HOURS;
    if (dayVisits[h] == 0) {
      dayMean[h] = (float) mu;
      dayVar[h] = (float) v;
    }
    d = yc - dayMean[h];
    dayMean[h] = (float) (dayMean[h] + aDay * d);
    dayVar[h] = (float) ((1 - aDay) * (dayVar[h] + aDay * d * d));
    if (dayVisits[h] < Short.MAX_VALUE) {
      dayVisits[h]++;
    }
  }

  void write(ByteBuffer b) {
    b.put((byte) (started ? 1 : 0)).putDouble(level).putDouble(levelVar);
    for (int i = 0; i < SLOTS; i++) {
      b.putFloat(mean[i]).putFloat(var[i]).putShort(visits[i]);
    }
    for (int i = 0; i < HOURS; i++) {
      b.putFloat(dayMean[i]).putFloat(dayVar[i]).putShort(dayVisits[i]);
    }
  }

  static SeasonalBaseline read(ByteBuffer b) {
    SeasonalBaseline s = new SeasonalBaseline();
    s.started = b.get() != 0;
    s.level = b.getDouble();
    s.levelVar = b.getDouble();
    for (int i = 0; i < SLOTS; i++) {
      s.mean[i] = b.getFloat();
      s.var[i] = b.getFloat();
      s.visits[i] = b.getShort();
    }
    for (int i = 0; i < HOURS; i++) {
      s.dayMean[i] = b.getFloat();
      s.dayVar[i] = b.getFloat();
      s.dayVisits[i] = b.getShort();
    }
    return s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeasonalBaseline s && started == s.started && level == s.level && levelVar == s.levelVar
        && java.util.Arrays.equals(mean, s.mean) && java.util.Arrays.equals(var, s.var)
        && java.util.Arrays.equals(visits, s.visits) && java.util.Arrays.equals(dayMean, s.dayMean)
        && java.util.Arrays.equals(dayVar, s.dayVar) && java.util.Arrays.equals(dayVisits, s.dayVisits);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(started, level, levelVar, java.util.Arrays.hashCode(mean));
  }
}
