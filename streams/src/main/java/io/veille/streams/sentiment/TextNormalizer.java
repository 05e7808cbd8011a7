package io.veille.streams.sentiment;

import java.text.Normalizer;
import java.util.Locale;

/**
 * How words are compared: lower case, typographic apostrophes as {@code '}, ligatures spelled out
 * ({@code œ} as {@code oe}); and the folded form without accents, since social-media French often
 * drops them ({@code deception}, {@code tres}). Lexicon keys go through the same functions as the
 * words of a text, so both sides meet.
 */
final class TextNormalizer {
  /** Accent-folded form of each char below 0x250; identity elsewhere. */
  private static final char[] FOLD = new char[0x250];

  static {
    for (char c = 0; c < FOLD.length; c++) {
      String d = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
      char base = d.charAt(0);
      FOLD[c] = d.length() > 1 && base < 0x80 && Character.isLetter(base) ? base : c;
    }
  }

  private TextNormalizer() {}

  static boolean isApostrophe(int c) {
    return c == '\'' || c == '\u2019' || c == '\u02BC' || c == '\u2018' || c == '`' || c == '\u00B4';
  }

  static char fold(char c) {
    return c < FOLD.length ? FOLD[c] : c;
  }

  /** Lower case, apostrophes unified, œ/æ spelled out, spaces collapsed. */
  static String normalize(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        space = sb.length() > 0;
        continue;
      }
      if (space) {
        sb.append(' ');
        space = false;
      }
      if (isApostrophe(c)) {
        sb.append('\'');
      } else {
        appendLower(sb, c);
      }
    }
    return sb.toString();
  }

  static void appendLower(StringBuilder sb, char c) {
    char l = Character.toLowerCase(c);
    if (l == '\u0153') {
      sb.append("oe");
    } else if (l == '\u00E6') {
      sb.append("ae");
    } else {
      sb.append(l);
    }
  }

  static String fold(String s) {
    char[] c = s.toCharArray();
    for (int i = 0; i < c.length; i++) {
      c[i] = fold(c[i]);
    }
    return new String(c);
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
