package io.veille.ingest.rss;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Map;

/**
 * Feed dates as feeds really write them (the rules of Rome's DateParser and more): RFC 822/1123
 * with or without weekday, commas and seconds, short or full English month names, two-digit years
 * (00-49: 20xx, 50-99: 19xx, as RFC 2822 says), numeric offsets with or without a colon, named zones
 * (UT, GMT, the US and European abbreviations, AT/ET/CT/MT/PT as their regions, Etc/GMT+n with its
 * inverted sign, region ids such as Europe/Paris); asctime ({@code Sun Jan  4 16:29:06 2004}) and
 * Twitter's {@code Sun Jul 15 01:16:00 +0000 2012}; W3C/ISO-8601 from {@code 2003} to fractions of a
 * second, with {@code T} or a space, offsets in minutes ({@code -01:01}). No time means midnight, no
 * zone means UTC. {@link #parse} returns null for anything else: the caller decides what then.
 */
final class FeedDates {
  private FeedDates() {}

  static final int MAX_LENGTH = 100;

  private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  private static final Map<String, String> FULL_MONTHS = Map.ofEntries(Map.entry("january", "jan"), Map.entry("february", "feb"),
      Map.entry("march", "mar"), Map.entry("april", "apr"), Map.entry("june", "jun"), Map.entry("july", "jul"),
      Map.entry("august", "aug"), Map.entry("september", "sep"), Map.entry("sept", "sep"), Map.entry("october", "oct"),
      Map.entry("november", "nov"), Map.entry("december", "dec"));
  private static final java.util.Set<String> WEEKDAYS = java.util.Set.of("mon", "tue", "tues", "wed", "thu", "thur",
      "thurs", "fri", "sat", "sun", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");
  private static final Map<String, ZoneId> ZONES = Map.ofEntries(
      Map.entry("UT", ZoneOffset.UTC), Map.entry("UTC", ZoneOffset.UTC), Map.entry("GMT", ZoneOffset.UTC),
      Map.entry("Z", ZoneOffset.UTC), Map.entry("WET", ZoneOffset.UTC),
      Map.entry("EST", ZoneOffset.ofHours(-5)), Map.entry("EDT", ZoneOffset.ofHours(-4)),
      Map.entry("CST", ZoneOffset.ofHours(-6)), Map.entry("CDT", ZoneOffset.ofHours(-5)),
      Map.entry("MST", ZoneOffset.ofHours(-7)), Map.entry("MDT", ZoneOffset.ofHours(-6)),
      Map.entry("PST", ZoneOffset.ofHours(-8)), Map.entry("PDT", ZoneOffset.ofHours(-7)),
      Map.entry("AST", ZoneOffset.ofHours(-4)), Map.entry("ADT", ZoneOffset.ofHours(-3)),
      Map.entry("AKST", ZoneOffset.ofHours(-9)), Map.entry("AKDT", ZoneOffset.ofHours(-8)),
      Map.entry("HST", ZoneOffset.ofHours(-10)),
      // the generic US names: their region, standard or daylight time as the date says
      Map.entry("AT", ZoneId.of("America/Halifax")), Map.entry("ET", ZoneId.of("America/New_York")),
      Map.entry("CT", ZoneId.of("America/Chicago")), Map.entry("MT", ZoneId.of("America/Denver")),
      Map.entry("PT", ZoneId.of("America/Los_Angeles")),
      Map.entry("WEST", ZoneOffset.ofHours(1)), Map.entry("BST", ZoneOffset.ofHours(1)),
      Map.entry("CET", ZoneOffset.ofHours(1)), Map.entry("MET", ZoneOffset.ofHours(1)),
      Map.entry("CEST", ZoneOffset.ofHours(2)), Map.entry("MEST", ZoneOffset.ofHours(2)), Map.entry("MESZ", ZoneOffset.ofHours(2)),
      Map.entry("MEZ", ZoneOffset.ofHours(1)), Map.entry("EET", ZoneOffset.ofHours(2)), Map.entry("EEST", ZoneOffset.ofHours(3)),
      Map.entry("MSK", ZoneOffset.ofHours(3)), Map.entry("IST", ZoneOffset.ofHoursMinutes(5, 30)),
      Map.entry("JST", ZoneOffset.ofHours(9)), Map.entry("KST", ZoneOffset.ofHours(9)), Map.entry("HKT", ZoneOffset.ofHours(8)),
      Map.entry("SGT", ZoneOffset.ofHours(8)), Map.entry("AWST", ZoneOffset.ofHours(8)),
      Map.entry("AEST", ZoneOffset.ofHours(10)), Map.entry("AEDT", ZoneOffset.ofHours(11)),
      Map.entry("NZST", ZoneOffset.ofHours(12)), Map.entry("NZDT", ZoneOffset.ofHours(13)));

  /** ISO-8601 date-time with optional seconds, fraction and offset ({@code Z}, {@code +01}, {@code +0100}, {@code +01:00}). */
  private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder().parseCaseInsensitive()
      .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T')
      .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
      .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().optionalEnd()
      .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HH", "Z").optionalEnd()
      .toFormatter(Locale.ROOT);

  /** The instant a feed date names, or null when it cannot be read. */
  static Instant parse(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.strip();
    if (s.isEmpty() || s.length() > MAX_LENGTH) {
      return null;
    }
    try {
      return Character.isDigit(s.charAt(0)) && s.length() >= 4 && Character.isDigit(s.charAt(3))
          && (s.length() == 4 || s.charAt(4) == '-') ? iso(s) : rfc(s);
    } catch (DateTimeException | NumberFormatException e) {
      return null;
    }
  }

  private static Instant iso(String s) {
    if (s.length() == 4) {
      return LocalDate.of(Integer.parseInt(s), 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
    if (s.length() == 7) {
      return LocalDate.of(Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(5, 7)), 1).atStartOfDay()
          .toInstant(ZoneOffset.UTC);
    }
    if (s.length() == 10) {
      return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
    String t = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + "T" + s.substring(11).strip() : s;
    t = t.replace(" ", "");
    var parsed = ISO.parseBest(t, OffsetDateTime::from, LocalDateTime::from);
    return parsed instanceof OffsetDateTime o ? o.toInstant() : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
  }

  /** RFC 822 and its relatives, read as tokens in any order: weekday, day, month, year, time, zone. */
  private static Instant rfc(String s) {
    String[] tokens = s.replace(',', ' ').trim().split("\\s+");
    int day = -1;
    int month = -1;
    int year = -1;
    int yearDigits = 0;
    LocalTime time = LocalTime.MIDNIGHT;
    ZoneId zone = ZoneOffset.UTC;
    boolean zoneSeen = false;
    for (String tok : tokens) {
      String low = tok.toLowerCase(Locale.ROOT);
      if (tok.indexOf(':') > 0 && Character.isDigit(tok.charAt(0))) {
        String[] hms = tok.split(":");
        int h = Integer.parseInt(hms[0]);
        int m = Integer.parseInt(hms[1]);
        int sec = hms.length > 2 ? (int) Double.parseDouble(hms[2]) : 0;
        time = LocalTime.of(h, m, sec);
      } else if (isNumber(tok)) {
        int n = Integer.parseInt(tok);
        if (tok.length() == 4 || n > 31) {
          year = n;
          yearDigits = tok.length();
        } else if (day < 0) {
          day = n;
        } else if (year < 0) {
          year = n;
          yearDigits = tok.length();
        } else {
          return null;
        }
      } else if (month < 0 && month(low) >= 0) {
        month = month(low);
      } else if (WEEKDAYS.contains(low.endsWith(".") ? low.substring(0, low.length() - 1) : low)) {
        continue;
      } else if (!zoneSeen) {
        zone = zone(tok);
        if (zone == null) {
          return null;
        }
        zoneSeen = true;
      } else {
        return null;
      }
    }
    if (day < 0 || month < 0 || year < 0) {
      return null;
    }
    if (yearDigits <= 2) {
      year += year < 50 ? 2000 : 1900;
    }
    return LocalDateTime.of(LocalDate.of(year, month + 1, day), time).atZone(zone).toInstant();
  }

  private static boolean isNumber(String t) {
    if (t.isEmpty() || t.length() > 4) {
      return false;
    }
    for (int i = 0; i < t.length(); i++) {
      if (!Character.isDigit(t.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static int month(String low) {
    String m = low.endsWith(".") ? low.substring(0, low.length() - 1) : low;
    m = FULL_MONTHS.getOrDefault(m, m);
    for (int i = 0; i < MONTHS.length; i++) {
      if (MONTHS[i].equals(m)) {
        return i;
      }
    }
    return -1;
  }

  /** +0100, -01:01, +01, GMT+1, UTC-03:30, Etc/GMT+5 (= UTC-5), EST, PT, Europe/Paris. */
  static ZoneId zone(String tok) {
    String up = tok.toUpperCase(Locale.ROOT);
    if (up.startsWith("+") || up.startsWith("-")) {
      return offset(up);
    }
    if (up.startsWith("ETC/GMT")) {
      String rest = up.substring(7);
      if (rest.isEmpty() || rest.equals("0") || rest.equals("+0") || rest.equals("-0")) {
        return ZoneOffset.UTC;
      }
      // Etc/GMT+5 is five hours behind UTC: the POSIX sign, the other way round
      ZoneOffset o = offset(rest);
      return o == null ? null : ZoneOffset.ofTotalSeconds(-o.getTotalSeconds());
    }
    for (String prefix : new String[] {"GMT", "UTC", "UT"}) {
      if (up.startsWith(prefix) && up.length() > prefix.length()
          && (up.charAt(prefix.length()) == '+' || up.charAt(prefix.length()) == '-')) {
        return offset(up.substring(prefix.length()));
      }
    }
    ZoneId named = ZONES.get(up);
    if (named != null) {
      return named;
    }
    if (tok.indexOf('/') > 0) {
      try {
        return ZoneId.of(tok);
      } catch (DateTimeException e) {
        return null;
      }
    }
    return null;
  }

  private static ZoneOffset offset(String s) {
    int sign = s.charAt(0) == '-' ? -1 : 1;
    String d = s.substring(1).replace(":", "");
    if (!isNumber(d) || d.isEmpty()) {
      return null;
    }
    int h;
    int m = 0;
    if (d.length() <= 2) {
      h = Integer.parseInt(d);
    } else if (d.length() == 3) {
      h = Integer.parseInt(d.substring(0, 1));
      m = Integer.parseInt(d.substring(1));
    } else {
      h = Integer.parseInt(d.substring(0, 2));
      m = Integer.parseInt(d.substring(2));
    }
    if (h > 18 || m > 59) {
      return null;
    }
    return ZoneOffset.ofTotalSeconds(sign * (h * 3600 + m * 60));
  }

  /** For messages: the string cut to 60 characters. */
  static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  static DateTimeParseException unreadable(String s) {
    return new DateTimeParseException("unreadable feed date", abbreviate(s), 0);
  }
}
