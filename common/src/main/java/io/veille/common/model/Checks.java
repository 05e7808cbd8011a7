package io.veille.common.model;

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

  static long nonNegative(String field, long value) {
    if (value < 0) {
      throw new InvalidRecordException(field, "must be >= 0, was " + value);
    }
    return value;
  }
}
