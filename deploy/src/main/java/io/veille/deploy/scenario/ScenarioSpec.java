package io.veille.deploy.scenario;

import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/**
 * What to generate: the seed, how many days from which start, a volume factor, on which day
 * (1-based, 0 = none) and at what Paris time the bad buzz starts, and the same for the product
 * launch (a harmless positive spike, on another day). Invalid values fail here, with the
 * parameter's name.
 *
 * @param seed the random seed; the same spec always gives the same scenario
 * @param days length of the scenario, 1 to {@value #MAX_DAYS}
 * @param start first instant (truncated to the second)
 * @param scale volume factor (1.0 = the demo's ~20,000 mentions in 14 days), in (0, {@value #MAX_SCALE}]
 * @param buzzDay the day of the bad buzz, 1-based; 0 for a scenario without one
 * @param buzzTime the local Paris time around which it starts
 * @param launchDay the day of the product launch, 1-based, not the buzz day; 0 for none
 * @param launchTime the local Paris time of the launch
 */
public record ScenarioSpec(long seed, int days, Instant start, double scale, int buzzDay, LocalTime buzzTime,
    int launchDay, LocalTime launchTime) {
  public static final long DEFAULT_SEED = 42;
  public static final int DEFAULT_DAYS = 14;
  public static final int MAX_DAYS = 60;
  public static final double MAX_SCALE = 20.0;
  /** Monday 2 November 2026, midnight UTC. */
  public static final Instant DEFAULT_START = Instant.parse("2026-11-02T00:00:00Z");
  public static final int DEFAULT_BUZZ_DAY = 9;
  public static final LocalTime DEFAULT_BUZZ_TIME = LocalTime.of(18, 0);
  /** Thursday 5 November in the default scenario. */
  public static final int DEFAULT_LAUNCH_DAY = 4;
  public static final LocalTime DEFAULT_LAUNCH_TIME = LocalTime.of(10, 0);

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
    if (launchDay < 0 || launchDay > days) {
      throw new IllegalArgumentException("launch day must be between 1 and days (" + days + "), or 0 for none (was " + launchDay + ")");
    }
    if (launchDay > 0 && launchDay == buzzDay) {
      throw new IllegalArgumentException("launch day must be another day than the buzz day (both " + launchDay + ")");
    }
    if (launchTime == null) {
      throw new IllegalArgumentException("launch time is required");
    }
  }

  /** A spec with the default launch: on day {@value #DEFAULT_LAUNCH_DAY} when the scenario goes past it and the buzz is not then. */
  public ScenarioSpec(long seed, int days, Instant start, double scale, int buzzDay, LocalTime buzzTime) {
    this(seed, days, start, scale, buzzDay, buzzTime, defaultLaunchDay(days, buzzDay), DEFAULT_LAUNCH_TIME);
  }

  /** The default launch day for this length and buzz day: day 4 if the scenario is longer and the buzz is not on it, else none. */
  public static int defaultLaunchDay(int days, int buzzDay) {
    return days > DEFAULT_LAUNCH_DAY && buzzDay != DEFAULT_LAUNCH_DAY ? DEFAULT_LAUNCH_DAY : 0;
  }

  /**
   * The demo's defaults with this seed and length: the buzz on day 9, or on the last day of a shorter
   * scenario; the launch on day 4 of a scenario longer than that (see {@link #defaultLaunchDay}).
   */
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

  public boolean hasLaunch() {
    return launchDay > 0;
  }

  public ScenarioSpec withStart(Instant newStart) {
    return new ScenarioSpec(seed, days, newStart, scale, buzzDay, buzzTime, launchDay, launchTime);
  }

  public ScenarioSpec withScale(double newScale) {
    return new ScenarioSpec(seed, days, start, newScale, buzzDay, buzzTime, launchDay, launchTime);
  }

  /** Moves the buzz (0: none); a launch on that day is dropped. */
  public ScenarioSpec withBuzzDay(int newBuzzDay) {
    return new ScenarioSpec(seed, days, start, scale, newBuzzDay, buzzTime, launchDay == newBuzzDay ? 0 : launchDay,
        launchTime);
  }

  public ScenarioSpec withLaunchDay(int newLaunchDay) {
    return new ScenarioSpec(seed, days, start, scale, buzzDay, buzzTime, newLaunchDay, launchTime);
  }
}
