package io.veille.streams.detect;

import io.veille.common.model.Watch;
import java.time.Duration;

/**
 * How the detector judges one watch: the bucket length, the watch's alert settings (sensitivity and
 * minimum volume) and the {@link Tuning}, the same fixed numbers for every watch. Durations are
 * turned into per-bucket rates by {@link Detector}, so one tuning serves one-minute buckets in the
 * product and five-minute buckets in NAB. {@code volumeOnly}: the buckets carry a volume and nothing
 * else (NAB's series), so a volume spike's severity cannot depend on how negative it is.
 */
public record DetectorConfig(Duration bucket, Watch.Sensitivity sensitivity, long minVolume, Tuning tuning,
    boolean volumeOnly) {

  public DetectorConfig {
    if (bucket == null || bucket.isZero() || bucket.isNegative()) {
      throw new IllegalArgumentException("bucket must be a positive duration");
    }
    if (bucket.compareTo(Duration.ofHours(1)) > 0 || Duration.ofHours(1).toMillis() % bucket.toMillis() != 0) {
      throw new IllegalArgumentException("bucket must divide an hour (was " + bucket + ")");
    }
    sensitivity = sensitivity == null ? Watch.Sensitivity.MEDIUM : sensitivity;
    if (minVolume < 0) {
      throw new IllegalArgumentException("minVolume must not be negative");
    }
    tuning = tuning == null ? Tuning.DEFAULT : tuning;
  }

  /** The product's configuration for a watch: one-minute buckets, its alert settings, the default tuning. */
  public static DetectorConfig forWatch(Watch.Alert alert) {
    return of(Duration.ofMinutes(1), alert);
  }

  public static DetectorConfig of(Duration bucket, Watch.Alert alert) {
    Watch.Alert a = alert == null ? Watch.Alert.DEFAULT : alert;
    return new DetectorConfig(bucket, a.sensitivity(), a.minVolume(), Tuning.DEFAULT, false);
  }

  /** For series of volumes only (no sentiment, copies or reach), as NAB's. */
  public static DetectorConfig volumeOnly(Duration bucket, Watch.Alert alert) {
    Watch.Alert a = alert == null ? Watch.Alert.DEFAULT : alert;
    return new DetectorConfig(bucket, a.sensitivity(), a.minVolume(), Tuning.DEFAULT, true);
  }

  /** How much the thresholds (and the CUSUM's slack) are multiplied by at this sensitivity (low: stricter, high: more eager). */
  public double thresholdFactor() {
    return switch (sensitivity) {
      case LOW -> 1.25;
      case MEDIUM -> 1.0;
      case HIGH -> 0.75;
    };
  }

  /**
   * The fixed numbers. Volumes are tested on the square-root scale (where counts' noise is about
   * the same at every level), against a baseline per hour of the week.
   *
   * @param copyWeight what a copy (reshare, near-duplicate) weighs against a unique post
   * @param followersPerPost the unit of negative reach: a bucket's negative mentions' reach R adds
   *     (R / followersPerPost)^0.75 negative posts, so one complaint from an account with 2 million
   *     followers weighs as 33 negative posts. Reach weighs the negative volume only: a large
   *     account's neutral news or good word is no bad buzz (and the watch's big accounts post every day)
   * @param warmUp no signal before the watch has been seen this long (the baseline learns)
   * @param slotMemory memory of the per-hour-of-week baseline
   * @param slotMaturity how long before an hour-of-week slot's own estimate outweighs the recent level
   *     (until then the expected volume leans on the level: the fallback of a young watch)
   * @param levelMemory memory of the recent level (all hours together)
   * @param noiseFloor smallest standard deviation on the square-root scale (counting noise is 0.5)
   * @param learnClip the baseline learns from values clipped to mean + learnClip standard deviations,
   *     so a surge moves it only slowly
   * @param spikeZ a CUSUM of the buckets' z-scores (less {@code slack}) fires at {@code spikeZ - slack}:
   *     one bucket at spikeZ, or a few moderately high buckets in a row
   * @param slack the CUSUM's allowance per bucket
   * @param shiftLevel an exponentially weighted mean of the z-scores (each clipped at {@code shiftClip})
   *     over {@code shiftMemory} fires at shiftLevel: slower, lasting rises. A level, not a count of
   *     standard errors: buckets' residuals are correlated (the baseline is off for hours at a time),
   *     so the mean's error does not shrink with the number of buckets
   * @param shiftClip clip of the z-scores in the shift test
   * @param shiftMemory memory of the shift test
   * @param quietZ a signal ends when nothing has fired for {@code quiet}, the mean z over that time
   *     (exponentially weighted) is below quietZ and the shift test is below its threshold
   * @param quiet how long the level must stay back to normal before the signal ends
   * @param burstMemory half-life of the watch's memory of its own past surges: a surge no larger than
   *     the watch's recent ones is INFO; a larger one is WARNING
   * @param criticalFactor CRITICAL when the statistic is at least this many times its threshold and
   *     its burst memory
   * @param updateEvery while a signal lasts, an UPDATE at least this often (and on every escalation)
   * @param maxGap gaps up to this long are filled with empty buckets; longer ones are skipped over
   * @param shareWindow the short window of the negative-share test (exponentially weighted sums of posts
   *     and negative posts over about this long): at a few posts a minute one bucket's share says
   *     little, a quarter of an hour's says much
   * @param longShareWindow the long window of the same test: a milder change of tone that lasts
   *     shows over an hour where a quarter of an hour is too short (the short one reacts sooner)
   * @param windowZ the window's share test fires at this z (widened by the windows' own measured
   *     overdispersion), when the window's negative posts above the usual share reach the minimum volume
   */
  public record Tuning(double copyWeight, double followersPerPost, Duration warmUp, Duration slotMemory,
      Duration slotMaturity, Duration levelMemory, double noiseFloor, double learnClip, double spikeZ, double slack,
      double shiftLevel, double shiftClip, Duration shiftMemory, double quietZ, Duration quiet, Duration burstMemory,
      double criticalFactor, Duration updateEvery, Duration maxGap, Duration shareWindow, Duration longShareWindow,
      double windowZ) {

    public static final Tuning DEFAULT = new Tuning(0.25, 20_000, Duration.ofDays(1), Duration.ofDays(21),
        Duration.ofDays(7), Duration.ofHours(8), 0.5, 3.0, 7.0, 2.0, 0.8, 4.0, Duration.ofHours(4), 1.0,
        Duration.ofHours(1), Duration.ofDays(7), 1.5, Duration.ofMinutes(15), Duration.ofDays(7),
        Duration.ofMinutes(15), Duration.ofMinutes(45), 5.0);

    public Tuning {
      for (Duration d : new Duration[] {warmUp, slotMemory, slotMaturity, levelMemory, shiftMemory, quiet, burstMemory,
          updateEvery, maxGap, shareWindow, longShareWindow}) {
        if (d == null || d.isNegative()) {
          throw new IllegalArgumentException("tuning durations must be given and not negative");
        }
      }
      if (!(copyWeight >= 0) || !(followersPerPost > 0) || !(noiseFloor > 0) || !(learnClip > 0) || !(spikeZ > slack)
          || !(slack >= 0) || !(shiftLevel > 0) || !(shiftClip > 0) || !(criticalFactor >= 1)
          || !(windowZ > 0)) {
        throw new IllegalArgumentException("tuning out of range: " + this);
      }
    }
  }
}
