package io.veille.ingest.bluesky;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whole-word keyword matching that ignores case and accents: {@code "Acmé"} matches
 * {@code "#acme"} and {@code "ACME!"} but not {@code "acmeville"}; a keyword of several words
 * matches them in sequence with any spacing.
 */
final class KeywordMatcher {
  private final Pattern pattern;

  KeywordMatcher(List<String> keywords) {
    StringBuilder sb = new StringBuilder();
    for (String k : keywords) {
      String n = fold(k).trim();
      if (n.isEmpty()) {
        continue;
      }
      if (!sb.isEmpty()) {
        sb.append('|');
      }
      String[] words = n.split("\\s+");
      for (int i = 0; i < words.length; i++) {
        sb.append(i == 0 ? "" : "\\s+").append(Pattern.quote(words[i]));
      }
    }
    if (sb.isEmpty()) {
      throw new IllegalArgumentException("no keyword");
    }
    pattern = Pattern.compile("(?<![\\p{L}\\p{N}_])(?:" + sb + ")(?![\\p{L}\\p{N}_])");
  }

  static String fold(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
  }

  boolean matches(String text) {
    return text != null && pattern.matcher(fold(text)).find();
  }
}
