package io.veille.ingest.replay;

import java.time.Duration;

/** How fast a replay goes: as fast as the broker takes it, or event time compressed by a factor. */
public sealed interface Pacing {

  /** No waiting: throughput is bounded by the producer (and its back-pressure) only. */
  record AsFastAsPossible() implements Pacing {}

  /** Event time runs {@code factor} times faster than the wall clock (e.g. 6720 = 14 days in 3 minutes). */
  record SpeedFactor(double factor) implements Pacing {
    public SpeedFactor {
      if (!(factor > 0) || Double.isInfinite(factor)) {
        throw new IllegalArgumentException("speed factor must be > 0, was " + factor);
      }
    }
  }

  static Pacing fast() {
    return new AsFastAsPossible();
  }

  static Pacing factor(double factor) {
    return new SpeedFactor(factor);
  }

  /** The factor that plays {@code eventSpan} of event time in {@code wallTime}. */
  static Pacing compress(Duration eventSpan, Duration wallTime) {
    if (wallTime.isZero() || wallTime.isNegative()) {
      throw new IllegalArgumentException("replay time must be > 0, was " + wallTime);
    }
    return new SpeedFactor(Math.max(1e-9, (double) eventSpan.toMillis() / wallTime.toMillis()));
  }
}
