package io.veille.ingest.http;

import java.util.regex.Pattern;

/**
 * Text from outside (an upstream error body, an exception message that quotes one) made fit for a
 * log line or {@code /health}: one line, control characters removed, bounded, and anything that
 * looks like a credential masked.
 */
public final class Scrub {
  private Scrub() {}

  /** Longest message kept. */
  public static final int MAX_MESSAGE = 300;
  /** Longest excerpt of an upstream body kept (logs only, never {@code /health}). */
  public static final int MAX_BODY = 160;

  private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\s]+");
  private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic|token)\\s+[A-Za-z0-9._~+/=-]{6,}");
  private static final Pattern KEY_VALUE = Pattern.compile(
      "(?i)(\"?(?:access_token|refresh_token|id_token|token|api[_-]?key|apikey|client_secret|secret|password|passwd"
          + "|authorization|session|sig|signature)\"?\\s*[:=]\\s*\"?)[^\"&\\s,;}]{3,}");
  private static final Pattern URL_CREDENTIALS = Pattern.compile("(?i)(https?://)[^/@\\s:]+:[^/@\\s]+@");

  /** A one-line, bounded, masked version of {@code s}; "" for null. */
  public static String message(String s) {
    return clean(s, MAX_MESSAGE);
  }

  /** An upstream body excerpt for a log line. */
  public static String body(String s) {
    return clean(s, MAX_BODY);
  }

  private static String clean(String s, int max) {
    if (s == null) {
      return "";
    }
    String t = s.length() > 4 * max ? s.substring(0, 4 * max) : s;
    t = CONTROL.matcher(t).replaceAll(" ").strip();
    t = URL_CREDENTIALS.matcher(t).replaceAll("$1***@");
    t = BEARER.matcher(t).replaceAll("$1 ***");
    t = KEY_VALUE.matcher(t).replaceAll("$1***");
    t = HttpFetcher.redact(t);
    if (t.length() > max) {
      int cut = max - 3;
      if (Character.isHighSurrogate(t.charAt(cut - 1))) {
        cut--;
      }
      t = t.substring(0, cut) + "...";
    }
    return t;
  }
}
