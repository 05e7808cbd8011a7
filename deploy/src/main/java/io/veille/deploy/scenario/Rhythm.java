package io.veille.deploy.scenario;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When people talk: a daily profile (quiet at night, a lunch peak, the highest level in the
 * evening), a weekly one (weekends quieter, later mornings), in Paris time for the French audience
 * and a UK/US blend for the English one. Weights are relative; {@link #weight} averages 1 over a
 * weekday.
 */
final class Rhythm {
  static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  /** Relative activity per local hour (value at the hour's start), weekdays. */
  private static final double[] WEEKDAY = {
      0.38, 0.22, 0.13, 0.08, 0.07, 0.10, 0.25, 0.55, 0.85, 1.00, 1.05, 1.15,
      1.50, 1.45, 1.10, 1.00, 1.05, 1.15, 1.30, 1.50, 1.65, 1.60, 1.25, 0.75};
  /** Weekends: late start, a long afternoon, the same evening. */
  private static final double[] WEEKEND = {
      0.50, 0.32, 0.18, 0.10, 0.07, 0.07, 0.12, 0.25, 0.45, 0.75, 1.00, 1.15,
      1.30, 1.30, 1.15, 1.10, 1.10, 1.15, 1.25, 1.40, 1.55, 1.50, 1.20, 0.80};
  /** Monday .. Sunday. */
  private static final double[] WEEK = {1.06, 1.02, 1.00, 1.00, 0.96, 0.74, 0.80};
  private static final double WEEKDAY_MEAN = mean(WEEKDAY);

  /** Share of the English audience that lives on UK time (the rest on US Eastern time). */
  private static final double EN_UK_SHARE = 0.8;
  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private Rhythm() {}

  /** Relative activity of an audience at an instant, including the day of the week; 1 = average weekday. */
  static double weight(Instant t, Lang lang) {
    if (lang == Lang.FR) {
      return local(t, PARIS);
    }
    return EN_UK_SHARE * local(t, LONDON) + (1 - EN_UK_SHARE) * local(t, NEW_YORK);
  }

  /** The daily profile alone (no weekly factor), for modulating an episode's decay by time of day. */
  static double daily(Instant t, Lang lang) {
    ZonedDateTime z = t.atZone(lang == Lang.FR ? PARIS : LONDON);
    return hourly(z) / WEEKDAY_MEAN;
  }

  private static double local(Instant t, ZoneId zone) {
    ZonedDateTime z = t.atZone(zone);
    return hourly(z) / WEEKDAY_MEAN * WEEK[z.getDayOfWeek().getValue() - 1];
  }

  /** Linear interpolation between hour starts, so the rate has no steps. */
  private static double hourly(ZonedDateTime z) {
    double[] profile = isWeekend(z.getDayOfWeek()) ? WEEKEND : WEEKDAY;
    double h = z.getHour() + z.getMinute() / 60.0;
    int i = (int) h;
    double f = h - i;
    return profile[i] * (1 - f) + profile[(i + 1) % 24] * f;
  }

  private static boolean isWeekend(DayOfWeek d) {
    return d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY;
  }

  private static double mean(double[] xs) {
    double s = 0;
    for (double x : xs) {
      s += x;
    }
    return s / xs.length;
  }
}
