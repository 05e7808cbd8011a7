package io.veille.streams.detect;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;

/**
 * The terms a mention contributes to its watches' term statistics: lower-cased words of at least
 * three letters and hashtags (kept with their {@code #}), without French and English stop words,
 * links, {@code @handles} and numbers; each once, at most {@code max}, in text order. Elisions are
 * split ({@code l'appli} gives {@code appli}). Cheap: one pass over the text, no analyzer chain.
 */
public final class Terms {
  private static final CharArraySet STOP = stopWords();

  private Terms() {}

  private static CharArraySet stopWords() {
    CharArraySet s = new CharArraySet(FrenchAnalyzer.getDefaultStopSet(), false);
    s.addAll(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
    for (String w : List.of("les", "des", "est", "pas", "plus", "tout", "tous", "très", "bien", "fait", "faire", "comme",
        "mais", "avec", "pour", "dans", "sur", "par", "encore", "depuis", "quand", "alors", "aussi", "même", "rien",
        "you", "your", "are", "was", "have", "has", "had", "just", "all", "from", "our", "out", "what", "who", "why",
        "how", "can", "get", "got", "been", "they", "them", "their", "about", "again", "still", "now", "today", "via",
        "http", "https", "www", "com")) {
      s.add(w);
    }
    return CharArraySet.unmodifiableSet(s);
  }

  /** The text's terms, at most {@code max}. */
  public static List<String> of(String text, int max) {
    Set<String> out = new LinkedHashSet<>();
    int n = text.length();
    int i = 0;
    StringBuilder w = new StringBuilder(24);
    while (i < n && out.size() < max) {
      char c = text.charAt(i);
      if (c == 'h' && (text.startsWith("http://", i) || text.startsWith("https://", i))) {
        while (i < n && !Character.isWhitespace(text.charAt(i))) {
          i++;
        }
        continue;
      }
      if (c == '@') {
        i++;
        while (i < n && isWordChar(text.charAt(i))) {
          i++;
        }
        continue;
      }
      boolean hashtag = c == '#' && i + 1 < n && Character.isLetter(text.charAt(i + 1));
      if (!hashtag && !Character.isLetterOrDigit(c)) {
        i++;
        continue;
      }
      int start = hashtag ? i + 1 : i;
      int j = start;
      while (j < n && isWordChar(text.charAt(j))) {
        j++;
      }
      w.setLength(0);
      boolean letters = false;
      for (int k = start; k < j; k++) {
        char ch = text.charAt(k);
        letters |= Character.isLetter(ch);
        w.append(Character.toLowerCase(ch));
      }
      i = j;
      if (!hashtag && j < n && (text.charAt(j) == '\'' || text.charAt(j) == '’') && w.length() <= 2) {
        i = j + 1; // an elision: l', d', qu'...
        continue;
      }
      if (!letters) {
        continue;
      }
      if (hashtag) {
        if (w.length() >= 2 && w.length() <= 40) {
          out.add("#" + w);
        }
      } else if (w.length() >= 3 && w.length() <= 30 && !STOP.contains(w)) {
        out.add(w.toString());
      }
    }
    return new ArrayList<>(out);
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-';
  }
}
