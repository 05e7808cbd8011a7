package io.veille.deploy.scenario;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;

/**
 * When the bad buzz happens and how loud it is, per language: a steep exponential rise to a peak,
 * then an exponential decay that follows the time of day (quieter during the night, a second wind
 * in the morning). English starts later and smaller. The same curves give the ground truth: the
 * peak, and the end, the last minute at which the buzz is still above a small share of its peak.
 */
final class BuzzModel {
  /** Fresh posts per minute at the French peak, at scale 1 (reshares of viral posts come on top). */
  static final double FR_PEAK_PER_MINUTE = 6.0;
  static final double EN_PEAK_PER_MINUTE = 2.4;
  static final long FR_RISE_MINUTES = 100;
  static final long EN_DELAY_MINUTES = 150;
  static final long EN_RISE_MINUTES = 90;
  static final double DECAY_MINUTES = 360;
  /** The buzz is over when its rate stays below this share of its peak. */
  static final double END_THRESHOLD = 0.025;
  /** Nothing of the buzz is generated past this. */
  static final long HORIZON_MINUTES = 40 * 60;

  private final Instant onset;
  private final double scale;

  BuzzModel(Instant onset, double scale) {
    this.onset = onset;
    this.scale = scale;
  }

  /** The onset on a scenario day (0-based) at a local Paris time, plus {@code jitterMinutes}. */
  static Instant onsetOn(Instant start, int dayIndex, LocalTime parisTime, int jitterMinutes) {
    LocalDate day = start.atZone(Rhythm.PARIS).toLocalDate().plusDays(dayIndex);
    return ZonedDateTime.of(day, parisTime, Rhythm.PARIS).toInstant().plusSeconds(60L * jitterMinutes);
  }

  Instant onset() {
    return onset;
  }

  Instant englishOnset() {
    return onset.plusSeconds(60 * EN_DELAY_MINUTES);
  }

  Instant horizon() {
    return onset.plusSeconds(60 * HORIZON_MINUTES);
  }

  /** Expected fresh buzz posts per minute in a language at an instant. */
  double rate(Lang lang, Instant t) {
    return lang == Lang.FR
        ? curve(t, onset, FR_RISE_MINUTES, FR_PEAK_PER_MINUTE * scale, Lang.FR)
        : curve(t, englishOnset(), EN_RISE_MINUTES, EN_PEAK_PER_MINUTE * scale, Lang.EN);
  }

  double rate(Instant t) {
    return rate(Lang.FR, t) + rate(Lang.EN, t);
  }

  Instant peak() {
    return onset.plusSeconds(60 * FR_RISE_MINUTES);
  }

  Instant englishPeak() {
    return englishOnset().plusSeconds(60 * EN_RISE_MINUTES);
  }

  /** The last minute at which the combined rate is still at least {@link #END_THRESHOLD} of its peak. */
  Instant end() {
    double threshold = END_THRESHOLD * rate(peak());
    Instant last = peak();
    for (long m = FR_RISE_MINUTES; m < HORIZON_MINUTES; m++) {
      Instant t = onset.plusSeconds(60 * m);
      if (rate(t) >= threshold) {
        last = t;
      }
    }
    return last;
  }

  private static double curve(Instant t, Instant start, long riseMinutes, double peak, Lang lang) {
    double dt = (t.getEpochSecond() - start.getEpochSecond()) / 60.0;
    if (dt < 0 || dt > HORIZON_MINUTES) {
      return 0;
    }
    if (dt < riseMinutes) {
      double a = 4.0;
      return peak * (StrictMath.exp(a * dt / riseMinutes) - 1) / (StrictMath.exp(a) - 1);
    }
    Instant peakAt = start.plusSeconds(60 * riseMinutes);
    double timeOfDay = Math.min(1.3, Rhythm.daily(t, lang) / Rhythm.daily(peakAt, lang));
    return peak * StrictMath.exp(-(dt - riseMinutes) / DECAY_MINUTES) * timeOfDay;
  }
}
