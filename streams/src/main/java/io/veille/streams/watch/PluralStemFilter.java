package io.veille.streams.watch;

import java.io.IOException;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * A light plural stemmer for French and English on one field, applied after lower-casing and
 * accent folding. It only takes plurals off, so it is safe on the other language and on names:
 * {@code pannes -> panne}, {@code services -> service}, {@code outages -> outage},
 * {@code reseaux -> reseau}, {@code journaux -> journal}, {@code applis -> appli}; and it spells a
 * final consonant+y as "ie" so that {@code company}, {@code companies}, {@code battery} and
 * {@code batteries} meet. Lucene's FrenchMinimalStemFilter was not used: it leaves words of fewer
 * than six letters alone ({@code panne}) but stems their plurals ({@code pannes -> pann}), so the two
 * forms never met.
 */
final class PluralStemFilter extends TokenFilter {
  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

  PluralStemFilter(TokenStream in) {
    super(in);
  }

  @Override
  public boolean incrementToken() throws IOException {
    if (!input.incrementToken()) {
      return false;
    }
    int len = term.length();
    char[] b = term.resizeBuffer(len + 1); // room for company -> companie
    term.setLength(stem(b, len));
    return true;
  }

  /** Stems {@code s[0..len)} in place (the buffer must hold len + 1 chars) and returns the new length. */
  static int stem(char[] s, int len) {
    if (len < 4 || !isLetter(s[len - 1]) || !isLetter(s[len - 2])) {
      return len;
    }
    char last = s[len - 1];
    char prev = s[len - 2];
    if (last == 'x') {
      if (prev == 'u' && (s[len - 3] == 'a' || s[len - 3] == 'e' || s[len - 3] == 'o')) {
        // reseaux -> reseau, jeux -> jeu, bijoux -> bijou; journaux -> journal (not after e: eaux)
        if (s[len - 3] == 'a' && len >= 5 && s[len - 4] != 'e') {
          s[len - 2] = 'l';
          return len - 1;
        }
        return len - 1;
      }
      return len;
    }
    int n = len;
    if (last == 's') {
      if (prev == 's' || prev == 'u' || (prev == 'i' && len <= 4)) {
        return len; // express, bonus, mais, avis
      }
      n = len - 1;
    }
    // English consonant + y: company -> companie, and companies -> companie by the s above
    if (n >= 4 && s[n - 1] == 'y' && !isVowel(s[n - 2])) {
      s[n - 1] = 'i';
      s[n] = 'e';
      return n + 1;
    }
    return n;
  }

  private static boolean isLetter(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isVowel(char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
  }
}
