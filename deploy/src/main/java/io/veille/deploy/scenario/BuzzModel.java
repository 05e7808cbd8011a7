package io.veille.deploy.scenario;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;

/**
 * When an episode (the bad buzz, the launch) happens and how loud it is, per language: a steep
 * exponential rise to a peak, then an exponential decay that follows the time of day (quieter during
 * the night, a second wind in the morning). English starts later and smaller. The same curves give
 * the ground truth: the peak, and the end, the last minute at which the episode is still above a
 * small share of its peak.
 */
final class BuzzModel {
  /**
   * The curve of an episode at scale 1.
   *
   * @param frPeakPerMinute fresh posts per minute at the French peak (reshares of featured posts come on top)
   * @param horizonMinutes nothing of the episode is generated past this
   */
  record Shape(double frPeakPerMinute, double enPeakPerMinute, long frRiseMinutes, long enDelayMinutes,
      long enRiseMinutes, double decayMinutes, long horizonMinutes) {}

  /** The outage: a two-hour rise, English 2.5 hours later, a slow decay over the night and the next day. */
  static final Shape OUTAGE = new Shape(6.0, 2.4, 100, 150, 90, 360, 40 * 60);
  /** The launch: a sharp rise in the first 40 minutes, English close behind, over by the evening. */
  static final Shape LAUNCH = new Shape(2.6, 1.1, 40, 20, 40, 95, 12 * 60);
  /** The episode is over when its rate stays below this share of its peak. */
  static final double END_THRESHOLD = 0.025;

  private final Instant onset;
  private final double scale;
  private final Shape shape;

  BuzzModel(Instant onset, double scale, Shape shape) {
    this.onset = onset;
    this.scale = scale;
    this.shape = shape;
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
    return onset.plusSeconds(60 * shape.enDelayMinutes());
  }

  Instant horizon() {
    return onset.plusSeconds(60 * shape.horizonMinutes());
  }

  /** Expected fresh posts per minute in a language at an instant. */
  double rate(Lang lang, Instant t) {
    return lang == Lang.FR
        ? curve(t, onset, shape.frRiseMinutes(), shape.frPeakPerMinute() * scale, Lang.FR)
        : curve(t, englishOnset(), shape.enRiseMinutes(), shape.enPeakPerMinute() * scale, Lang.EN);
  }

  double rate(Instant t) {
    return rate(Lang.FR, t) + rate(Lang.EN, t);
  }

  Instant peak() {
    return onset.plusSeconds(60 * shape.frRiseMinutes());
  }

  Instant englishPeak() {
    return englishOnset().plusSeconds(60 * shape.enRiseMinutes());
  }

  /** The last minute at which the combined rate is still at least {@link #END_THRESHOLD} of its peak. */
  Instant end() {
    double threshold = END_THRESHOLD * rate(peak());
    Instant last = peak();
    for (long m = shape.frRiseMinutes(); m < shape.horizonMinutes(); m++) {
      Instant t = onset.plusSeconds(60 * m);
      if (rate(t) >= threshold) {
        last = t;
      }
    }
    return last;
  }

  private double curve(Instant t, Instant start, long riseMinutes, double peak, Lang lang) {
    double dt = (t.getEpochSecond() - start.getEpochSecond()) / 60.0;
    if (dt < 0 || dt > shape.horizonMinutes()) {
      return 0;
    }
    if (dt < riseMinutes) {
      double a = 4.0;
      return peak * (StrictMath.exp(a * dt / riseMinutes) - 1) / (StrictMath.exp(a) - 1);
    }
    Instant peakAt = start.plusSeconds(60 * riseMinutes);
    double timeOfDay = Math.min(1.3, Rhythm.daily(t, lang) / Rhythm.daily(peakAt, lang));
    return peak * StrictMath.exp(-(dt - riseMinutes) / shape.decayMinutes()) * timeOfDay;
  }
}
