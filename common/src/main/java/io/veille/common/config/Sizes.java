package io.veille.common.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one size grammar of Veille (how many bytes a body, a file or a record may hold), beside
 * {@link Durations}: digits and an optional unit, optionally separated by spaces: {@code 1048576}
 * or {@code 1048576B} (bytes), {@code KiB}, {@code MiB}, {@code GiB} (1024, 1024², 1024³) and
 * {@code kB}, {@code MB}, {@code GB} (1000, 1000², 1000³). Case does not matter, so {@code kb} is
 * 1000 and {@code kib} 1024. Whole numbers only, never negative; at most {@value #MAX_LENGTH}
 * characters.
 */
public final class Sizes {
  /** Longest text read as a size. */
  public static final int MAX_LENGTH = 32;
  /** What a message says a size looks like. */
  public static final String EXAMPLES = "examples: 16MiB, 512KiB, 5MB, 1048576";

  public static final long KIB = 1024;
  public static final long MIB = 1024 * KIB;
  public static final long GIB = 1024 * MIB;

  private static final Pattern SIZE = Pattern.compile("(\\d{1,19}) *(b|kb|kib|mb|mib|gb|gib)?");

  private Sizes() {}

  /**
   * Parses a size in bytes; throws {@link IllegalArgumentException} with a message saying why (and
   * {@link #EXAMPLES} when it is not a size at all).
   */
  public static long parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("not a size: none given (" + EXAMPLES + ")");
    }
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("not a size: longer than " + MAX_LENGTH + " characters");
    }
    if (t.startsWith("-")) {
      throw new IllegalArgumentException("must not be negative, was '" + text.strip() + "'");
    }
    Matcher m = SIZE.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size: '" + text.strip() + "' (" + EXAMPLES + ")");
    }
    long unit = switch (m.group(2) == null ? "b" : m.group(2)) {
      case "kb" -> 1000L;
      case "kib" -> KIB;
      case "mb" -> 1000_000L;
      case "mib" -> MIB;
      case "gb" -> 1000_000_000L;
      case "gib" -> GIB;
      default -> 1L;
    };
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("not a size: '" + text.strip() + "' is too large");
    }
  }

  /**
   * A size as this grammar writes it, in the largest binary unit that divides it ({@code 16MiB},
   * {@code 64KiB}), else in bytes ({@code 5000000}): what key tables and messages show.
   */
  public static String text(long bytes) {
    if (bytes != 0) {
      if (bytes % GIB == 0) {
        return bytes / GIB + "GiB";
      }
      if (bytes % MIB == 0) {
        return bytes / MIB + "MiB";
      }
      if (bytes % KIB == 0) {
        return bytes / KIB + "KiB";
      }
    }
    return Long.toString(bytes);
  }
}
