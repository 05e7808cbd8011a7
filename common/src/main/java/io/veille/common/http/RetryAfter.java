package io.veille.common.http;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Retry-After} header (RFC 9110, section 10.2.3): {@code delay-seconds} (digits only) or
 * an {@code HTTP-date} in any of its three forms (IMF-fixdate {@code Sun, 06 Nov 1994 08:49:37 GMT},
 * the obsolete RFC 850 {@code Sunday, 06-Nov-94 08:49:37 GMT} and asctime
 * {@code Sun Nov  6 08:49:37 1994}), read relative to a given now. The only parser of the header in
 * Veille: ingest's HTTP clients and connectors and alerting's notifiers read it here, and the
 * intake writes it with {@link #header}.
 *
 * <p>What a server may ask is bounded: a past date is "now" (zero), anything longer than
 * {@link #MAX} (an overflowing number included) is {@link #MAX}; a value that is neither form (a
 * negative or signed number, a fraction, a date that does not exist, text) is ignored (empty).
 * The day name of a date is not checked. A retry policy bounds the wait further
 * (ingest's {@code RetryPolicy}, alerting's one hour).
 */
public final class RetryAfter {
  private RetryAfter() {}

  /** The longest wait a Retry-After is read as. */
  public static final Duration MAX = Duration.ofDays(1);

  private static final Pattern SECONDS = Pattern.compile("[0-9]+");
  private static final String TIME = "([0-9]{2}):([0-9]{2}):([0-9]{2})";
  private static final Pattern IMF_FIXDATE = Pattern.compile(
      "(?i)(?:[a-z]{3},\\s*)?([0-9]{1,2}) ([a-z]{3}) ([0-9]{4}) " + TIME + " (?:GMT|UTC)");
  private static final Pattern RFC_850 = Pattern.compile("(?i)[a-z]+, ([0-9]{2})-([a-z]{3})-([0-9]{2}) " + TIME + " GMT");
  private static final Pattern ASCTIME = Pattern.compile("(?i)[a-z]{3} ([a-z]{3}) +([0-9]{1,2}) " + TIME + " ([0-9]{4})");
  private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
      "nov", "dec");

  /**
   * How long {@code value} asks to wait from {@code now}: empty when absent, blank or unreadable;
   * zero for a date in the past; at most {@link #MAX}.
   */
  public static Optional<Duration> parse(String value, Instant now) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.strip();
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (SECONDS.matcher(v).matches()) {
      String digits = v.replaceFirst("^0+(?=.)", "");
      if (digits.length() > 12) {
        return Optional.of(MAX);
      }
      return Optional.of(bounded(Duration.ofSeconds(Long.parseLong(digits))));
    }
    Instant at = date(v, now);
    if (at == null) {
      return Optional.empty();
    }
    Duration d = Duration.between(now, at);
    return Optional.of(d.isNegative() ? Duration.ZERO : bounded(d));
  }

  /** A wait written as the header's {@code delay-seconds}: whole seconds, rounded up, never negative. */
  public static String header(Duration wait) {
    if (wait.isNegative() || wait.isZero()) {
      return "0";
    }
    long s = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
    return Long.toString(s);
  }

  private static Duration bounded(Duration d) {
    return d.compareTo(MAX) > 0 ? MAX : d;
  }

  private static Instant date(String v, Instant now) {
    try {
      Matcher m = IMF_FIXDATE.matcher(v);
      if (m.matches()) {
        return at(Integer.parseInt(m.group(3)), m.group(2), m.group(1), m);
      }
      m = RFC_850.matcher(v);
      if (m.matches()) {
        // a two-digit year more than 50 years ahead is the most recent past year with those digits
        int yy = Integer.parseInt(m.group(3));
        int thisYear = LocalDateTime.ofInstant(now, ZoneOffset.UTC).getYear();
        int year = thisYear - Math.floorMod(thisYear, 100) + yy;
        if (year > thisYear + 50) {
          year -= 100;
        }
        return at(year, m.group(2), m.group(1), m);
      }
      m = ASCTIME.matcher(v);
      if (m.matches()) {
        return at(Integer.parseInt(m.group(6)), m.group(1), m.group(2), m.group(3), m.group(4), m.group(5));
      }
    } catch (DateTimeException e) {
      // 30 February, 25:00: not a date
    }
    return null;
  }

  /** For the forms whose time is in groups 4 to 6. */
  private static Instant at(int year, String month, String day, Matcher m) {
    return at(year, month, day, m.group(4), m.group(5), m.group(6));
  }

  private static Instant at(int year, String month, String day, String h, String min, String s) {
    int mon = MONTHS.indexOf(month.toLowerCase(Locale.ROOT)) + 1;
    if (mon == 0) {
      throw new DateTimeException("no month " + month);
    }
    return LocalDateTime.of(year, mon, Integer.parseInt(day), Integer.parseInt(h), Integer.parseInt(min), Integer.parseInt(s))
        .toInstant(ZoneOffset.UTC);
  }
}
