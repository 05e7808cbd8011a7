package io.veille.common.model;

import java.time.Instant;
import java.util.regex.Pattern;

/** Small validation helpers shared by the contract's records. */
final class Checks {
  private Checks() {}

  static final Pattern SOURCE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
  static final Pattern LANG = Pattern.compile("[a-z]{2,3}");
  static final int MAX_ID = 512;
  static final int MAX_TEXT = 100_000;
  static final int MAX_SHORT = 1_024;

  static String required(String field, String value) {
    if (value == null) {
      throw new InvalidRecordException(field, "required");
    }
    if (value.isBlank()) {
      throw new InvalidRecordException(field, "must not be blank");
    }
    return value;
  }

  static String optional(String field, String value, int max) {
    if (value == null) {
      return null;
    }
    if (value.isBlank()) {
      throw new InvalidRecordException(field, "must not be blank when present (omit it or use null)");
    }
    if (value.length() > max) {
      throw new InvalidRecordException(field, "longer than " + max + " characters");
    }
    return value;
  }

  /** The earliest instant a mention may carry: Kafka timestamps cannot be negative. */
  static final Instant MIN_TIME = Instant.EPOCH;
  /** The latest instant a mention may carry at all (four-digit years); the edges also refuse the future. */
  static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59Z");

  static Instant inRange(String field, Instant t) {
    if (t.isBefore(MIN_TIME)) {
      throw new InvalidRecordException(field, "before 1970-01-01T00:00:00Z (was " + t + ")");
    }
    if (t.isAfter(MAX_TIME)) {
      throw new InvalidRecordException(field, "after 9999-12-31T23:59:59Z (was " + t + ")");
    }
    return t;
  }

  /**
   * Ids travel in logs, keys, headers and URLs: printable characters only (no control or format
   * character, no line break, no NUL, no lone surrogate, no unassigned or private-use code point).
   */
  static String printable(String field, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c < 0x7F) {
        continue; // the usual ASCII id
      }
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        int cp = value.codePointAt(i);
        if (!Character.isDefined(cp) || Character.getType(cp) == Character.PRIVATE_USE) {
          throw new InvalidRecordException(field, "contains an unassigned or private-use code point at index " + i);
        }
        i++;
        continue;
      }
      if (Character.isSurrogate(c)) {
        throw new InvalidRecordException(field, "contains a lone surrogate (U+" + hex(c) + ") at index " + i);
      }
      switch (Character.getType(c)) {
        case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.PRIVATE_USE,
            Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR ->
            throw new InvalidRecordException(field, "contains a non-printable character (U+" + hex(c) + ") at index " + i);
        default -> { }
      }
    }
    return value;
  }

  private static String hex(char c) {
    return String.format("%04X", (int) c);
  }

  static long nonNegative(String field, long value) {
    if (value < 0) {
      throw new InvalidRecordException(field, "must be >= 0, was " + value);
    }
    return value;
  }
}
