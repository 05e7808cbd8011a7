package io.veille.ingest.mastodon;

import java.util.Comparator;

/**
 * Mastodon status ids are numeric strings (snowflake-like, 18 digits today) that must be compared
 * as numbers, never as text of different lengths; other servers' ids (Pleroma's flakes) compare as
 * text.
 */
final class StatusIds {
  private StatusIds() {}

  static final Comparator<String> ORDER = (a, b) -> {
    if (a.chars().allMatch(Character::isDigit) && b.chars().allMatch(Character::isDigit)) {
      String x = a.replaceFirst("^0+(?=.)", "");
      String y = b.replaceFirst("^0+(?=.)", "");
      return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
    }
    return a.compareTo(b);
  };

  static String max(String a, String b) {
    return a == null ? b : b == null ? a : ORDER.compare(a, b) >= 0 ? a : b;
  }

  static String min(String a, String b) {
    return a == null ? b : b == null ? a : ORDER.compare(a, b) <= 0 ? a : b;
  }
}
