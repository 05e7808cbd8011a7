package io.veille.common.model;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Hand-written checks on the hot path (every mention is validated at every stage): a UTC ISO-8601
 * instant parser for the common form {@code 2026-11-22T10:15:00Z} / {@code ...00.123Z}, and
 * allocation-free checks for source names, language codes and http(s) URLs. Anything unusual falls
 * back to the JDK's parsers, so the accepted language is the same, only faster.
 */
public final class FastChecks {
  private FastChecks() {}

  /** Parses {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, or returns null to let the caller use the JDK. */
  public static Instant parseUtcInstant(String s) {
    int n = s.length();
    if (n < 20 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
        || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
        || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    int nanos = 0;
    if (n > 20) {
      if (s.charAt(19) != '.' || n - 21 > 9 || n - 21 < 1) {
        return null;
      }
      int frac = digits(s, 20, n - 1);
      if (frac < 0) {
        return null;
      }
      nanos = frac;
      for (int i = n - 21; i < 9; i++) {
        nanos *= 10;
      }
    } else if (s.charAt(19) != 'Z') {
      return null;
    }
    if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
      return null;
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400 + hour * 3600L + minute * 60L + second, nanos);
  }

  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** [a-z][a-z0-9_-]{0,31} */
  static boolean isSourceName(String s) {
    int n = s.length();
    if (n == 0 || n > 32 || s.charAt(0) < 'a' || s.charAt(0) > 'z') {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** [a-z]{2,3} */
  static boolean isLangCode(String s) {
    int n = s.length();
    if (n < 2 || n > 3) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 'a' || c > 'z') {
        return false;
      }
    }
    return true;
  }

  /**
   * True for a plain absolute http(s) URL that {@code java.net.URI} accepts with a host: the scheme,
   * a host name of dot-separated labels (letters, digits and inner '-', the last label starting
   * with a letter), an optional port of digits, then only RFC 3986 characters ({@code %} followed by
   * two hex digits, one {@code #} at most). False means "check it properly": anything else (an IP
   * address, user info, non-ASCII, an odd character) goes to the full check.
   */
  static boolean isPlainHttpUrl(String s) {
    int start;
    if (s.regionMatches(true, 0, "https://", 0, 8)) {
      start = 8;
    } else if (s.regionMatches(true, 0, "http://", 0, 7)) {
      start = 7;
    } else {
      return false;
    }
    int n = s.length();
    int i = start;
    int labelStart = i;
    while (true) {
      // one label: [A-Za-z0-9] ([A-Za-z0-9-]* [A-Za-z0-9])?
      labelStart = i;
      while (i < n && isAlnum(s.charAt(i)) || i < n && s.charAt(i) == '-') {
        i++;
      }
      if (i == labelStart || i - labelStart > 63 || s.charAt(labelStart) == '-' || s.charAt(i - 1) == '-') {
        return false;
      }
      if (i < n && s.charAt(i) == '.') {
        i++;
        continue;
      }
      break;
    }
    if (!isLetter(s.charAt(labelStart))) {
      return false; // the last label of a host name starts with a letter (else: an IPv4 address, or not a host)
    }
    if (i < n && s.charAt(i) == ':') {
      int portStart = ++i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i == portStart || i - portStart > 5) {
        return false;
      }
    }
    if (i < n && s.charAt(i) != '/' && s.charAt(i) != '?' && s.charAt(i) != '#') {
      return false;
    }
    boolean fragment = false;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= n || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
          return false;
        }
        i += 2;
      } else if (c == '#') {
        if (fragment) {
          return false;
        }
        fragment = true;
      } else if (!(isAlnum(c) || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isAlnum(char c) {
    return isLetter(c) || (c >= '0' && c <= '9');
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
