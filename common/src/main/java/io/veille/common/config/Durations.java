package io.veille.common.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The one duration grammar of Veille, the same in watch files, on the command line, in
 * {@code ingest.yml} and in settings ({@code VEILLE_*}, {@code --config} files): a sequence of
 * {@code <digits><unit>} parts, unit {@code ms}, {@code s}, {@code m}, {@code h} or {@code d},
 * largest first or in any order, optionally separated by spaces ({@code 90s}, {@code 1h30m},
 * {@code 1h 30m}, {@code 500ms}, {@code 2d}), or ISO-8601 ({@code PT1H30M}, {@code P2D}). Case does
 * not matter. Never negative; at most {@value #MAX_LENGTH} characters.
 */
public final class Durations {
  /** Longest text read as a duration. */
  public static final int MAX_LENGTH = 64;
  /** What a message says a duration looks like. */
  public static final String EXAMPLES = "examples: 90s, 5m, 1h30m, 500ms, 2d, PT1H30M";

  private Durations() {}

  /**
   * Parses a duration; throws {@link IllegalArgumentException} with a message saying why (and
   * {@link #EXAMPLES} when it is not a duration at all).
   */
  public static Duration parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("not a duration: none given (" + EXAMPLES + ")");
    }
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("not a duration: longer than " + MAX_LENGTH + " characters");
    }
    if (t.isEmpty()) {
      throw new IllegalArgumentException("not a duration: empty (" + EXAMPLES + ")");
    }
    Duration d;
    if (t.charAt(0) == 'p' || t.startsWith("-p") || t.startsWith("+p")) {
      try {
        d = Duration.parse(t.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException | ArithmeticException e) {
        throw notADuration(text);
      }
    } else {
      d = parseUnits(t, text);
    }
    if (d.isNegative()) {
      throw new IllegalArgumentException("must not be negative, was '" + shown(text) + "'");
    }
    return d;
  }

  private static Duration parseUnits(String t, String text) {
    Duration d = Duration.ZERO;
    int i = 0;
    int n = t.length();
    boolean any = false;
    while (i < n) {
      if (t.charAt(i) == ' ') {
        i++;
        continue;
      }
      int start = i;
      while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
        i++;
      }
      if (i == start || i - start > 12) {
        throw notADuration(text);
      }
      long v = Long.parseLong(t, start, i, 10);
      while (i < n && t.charAt(i) == ' ') {
        i++;
      }
      Duration part;
      if (t.startsWith("ms", i)) {
        part = Duration.ofMillis(v);
        i += 2;
      } else if (i < n && "smhd".indexOf(t.charAt(i)) >= 0) {
        char u = t.charAt(i++);
        part = switch (u) {
          case 's' -> Duration.ofSeconds(v);
          case 'm' -> Duration.ofMinutes(v);
          case 'h' -> Duration.ofHours(v);
          default -> Duration.ofDays(v);
        };
      } else {
        throw notADuration(text);
      }
      d = d.plus(part);
      any = true;
    }
    if (!any) {
      throw notADuration(text);
    }
    return d;
  }

  private static IllegalArgumentException notADuration(String text) {
    return new IllegalArgumentException("not a duration: '" + shown(text) + "' (" + EXAMPLES + ")");
  }

  private static String shown(String text) {
    String s = text.strip();
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
