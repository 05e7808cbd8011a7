package io.veille.deploy.scenario;

import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/**
 * What to generate: the seed, how many days from which start, a volume factor, and on which day
 * (1-based, 0 = none) and at what Paris time the bad buzz starts. Invalid values fail here, with the
 * parameter's name.
 *
 * @param seed the random seed; the same spec always gives the same scenario
 * @param days length of the scenario, 1 to {@value #MAX_DAYS}
 * @param start first instant (truncated to the second)
 * @param scale volume factor (1.0 = the demo's ~20,000 mentions in 14 days), in (0, {@value #MAX_SCALE}]
 * @param buzzDay the day of the bad buzz, 1-based; 0 for a scenario without one
 * @param buzzTime the local Paris time around which it starts
 */
public record ScenarioSpec(long seed, int days, Instant start, double scale, int buzzDay, LocalTime buzzTime) {
  public static final long DEFAULT_SEED = 42;
  public static final int DEFAULT_DAYS = 14;
  public static final int MAX_DAYS = 60;
  public static final double MAX_SCALE = 20.0;
  /** Monday 2 November 2026, midnight UTC. */
  public static final Instant DEFAULT_START = Instant.parse("2026-11-02T00:00:00Z");
  public static final int DEFAULT_BUZZ_DAY = 9;
  public static final LocalTime DEFAULT_BUZZ_TIME = LocalTime.of(18, 0);

  public ScenarioSpec {
    if (days < 1 || days > MAX_DAYS) {
      throw new IllegalArgumentException("days must be between 1 and " + MAX_DAYS + " (was " + days + ")");
    }
    if (start == null) {
      throw new IllegalArgumentException("start is required");
    }
    start = start.truncatedTo(ChronoUnit.SECONDS);
    if (!(scale > 0 && scale <= MAX_SCALE)) {
      throw new IllegalArgumentException("scale must be > 0 and <= " + MAX_SCALE + " (was " + scale + ")");
    }
    if (buzzDay < 0 || buzzDay > days) {
      throw new IllegalArgumentException("buzz day must be between 1 and days (" + days + "), or 0 for none (was " + buzzDay + ")");
    }
    if (buzzTime == null) {
      throw new IllegalArgumentException("buzz time is required");
    }
  }

  /** The demo's defaults with this seed and length: the buzz on day 9, or on the last day of a shorter scenario. */
  public static ScenarioSpec of(long seed, int days) {
    return new ScenarioSpec(seed, days, DEFAULT_START, 1.0, Math.min(DEFAULT_BUZZ_DAY, Math.max(1, days)), DEFAULT_BUZZ_TIME);
  }

  /** The scenario shipped with the distribution: seed 42, 14 days. */
  public static ScenarioSpec bundled() {
    return of(DEFAULT_SEED, DEFAULT_DAYS);
  }

  public Instant end() {
    return start.plus(days, ChronoUnit.DAYS);
  }

  public boolean hasBuzz() {
    return buzzDay > 0;
  }

  public ScenarioSpec withStart(Instant newStart) {
    return new ScenarioSpec(seed, days, newStart, scale, buzzDay, buzzTime);
  }

  public ScenarioSpec withScale(double newScale) {
    return new ScenarioSpec(seed, days, start, newScale, buzzDay, buzzTime);
  }

  public ScenarioSpec withBuzzDay(int newBuzzDay) {
    return new ScenarioSpec(seed, days, start, scale, newBuzzDay, buzzTime);
  }
}
