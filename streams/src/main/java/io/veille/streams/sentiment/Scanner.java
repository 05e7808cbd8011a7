package io.veille.streams.sentiment;

/**
 * Splits a mention into tokens for the lexicon model, in one pass and without regular expressions:
 * words (lower-cased, elongations such as "nuuuul" shortened and flagged, French elisions such as
 * j'adore split), emoji, ASCII emoticons, punctuation that ends a clause or a sentence, and
 * hashtags split into words (#ServicePourri by its capitals, #servicepourri with the lexicon).
 * URLs and @handles are skipped.
 */
final class Scanner {
  private static final int MAX_HASHTAG_SPLIT = 40;
  /** Shortest lexicon word recognised inside a hashtag next to unknown letters (#servicepourri). */
  private static final int MIN_EMBEDDED_WORD = 4;
  /** Shortest word kept from one end of a hashtag when the rest is no word (#servicepourri). */
  private static final int MIN_EMBEDDED_ALONE = 5;
  /** Weakest valence kept from one end of a hashtag when the rest is no word. */
  private static final float MIN_EMBEDDED_VALENCE = 1.5f;

  private final Symbols symbols;

  Scanner(Symbols symbols) {
    this.symbols = symbols;
  }

  Symbols symbols() {
    return symbols;
  }

  void scan(String s, Lexicon lex, Tokens t) {
    int n = s.length();
    t.reset(n);
    if (t.src.length < n) {
      t.src = new char[Math.max(n, t.src.length * 2)];
    }
    s.getChars(0, n, t.src, 0);
    char[] text = t.src;
    int i = 0;
    while (i < n) {
      char c = text[i];
      if (c <= ' ') {
        if (c == '\n' && t.n > 0 && t.kind[t.n - 1] < Tokens.SENTENCE) {
          t.add(Tokens.SENTENCE, 0, 0, (byte) 0, 0);
        }
        i++;
      } else if (c < 0x80) {
        if (isAsciiWordChar(c)) {
          if ((c == 'h' || c == 'H' || c == 'w' || c == 'W') && isUrl(text, i, n)) {
            i = skipNonSpace(text, i, n);
          } else {
            i = word(text, i, n, lex, t, (byte) 0);
          }
        } else if (c == '@' && i + 1 < n && isWordChar(text[i + 1])) {
          i++;
          while (i < n && (isWordChar(text[i]) || text[i] == '.' && i + 1 < n && isWordChar(text[i + 1]))) {
            i++;
          }
        } else if (c == '&' && htmlEntity(text, i, n) > 0) {
          // &amp; &gt; &lt; &quot; as tweets carry them: not words
          i += htmlEntity(text, i, n);
        } else if (c == '#' && i + 1 < n && Character.isLetterOrDigit(text[i + 1])) {
          i = hashtag(text, i + 1, n, lex, t);
        } else {
          int m = emoticon(text, i, n, t);
          if (m > 0) {
            t.add(Tokens.EMOTICON, 0, 0, (byte) 0, symbols.emoticons.get(t.buf, t.bufLen, m));
            i += m;
          } else {
            punctuation(c, t);
            i++;
          }
        }
      } else {
        int cp = Character.codePointAt(text, i, n);
        if (Character.isLetter(cp)) {
          i = word(text, i, n, lex, t, (byte) 0);
          continue;
        }
        float v = symbols.emoji(cp);
        if (!Float.isNaN(v)) {
          t.add(Tokens.EMOJI, 0, 0, (byte) 0, v);
        } else if (cp == '\u2026' || cp == '\u3002') {
          t.add(Tokens.SENTENCE, 0, 0, (byte) 0, 0);
        } else if (cp == '\u00AB' || cp == '\u00BB' || cp == '\u201C' || cp == '\u201D' || cp == '\u2013' || cp == '\u2014') {
          t.add(Tokens.BREAK, 0, 0, (byte) 0, 0);
        } else if (cp == '\u203C' || cp == '\u2757' || cp == '\u2755') {
          t.exclamations++;
          t.add(Tokens.EXCLAMATION, 0, 0, (byte) 0, 0);
        }
        i += Character.charCount(cp);
      }
    }
  }

  private static void punctuation(char c, Tokens t) {
    switch (c) {
      case '!' -> {
        t.exclamations++;
        t.add(Tokens.EXCLAMATION, 0, 0, (byte) 0, 0);
      }
      case '.', '?' -> {
        if (t.n == 0 || t.kind[t.n - 1] != Tokens.SENTENCE) {
          t.add(Tokens.SENTENCE, 0, 0, (byte) 0, 0);
        }
      }
      case ',', ';', ':', '(', ')', '"', '[', ']', '/', '|' -> t.add(Tokens.BREAK, 0, 0, (byte) 0, 0);
      default -> { }
    }
  }

  /** Length of the emoticon at {@code i} (left in the buffer's free tail), 0 when none. */
  private int emoticon(char[] text, int i, int n, Tokens t) {
    if (i + 1 >= n || !symbols.mayStartEmoticon(text[i], text[i + 1])) {
      return 0;
    }
    // a bracket that closes a word is punctuation: "(Lyon):" is no frown, "(2014)=" no face
    char c0 = text[i];
    if ((c0 == ')' || c0 == '(' || c0 == ']' || c0 == '[') && i > 0 && Character.isLetterOrDigit(text[i - 1])) {
      return 0;
    }
    int max = Math.min(symbols.maxEmoticon, n - i);
    for (int len = max; len >= 2; len--) {
      char last = text[i + len - 1];
      if (i + len < n) {
        char after = text[i + len];
        if (Character.isLetterOrDigit(last) && Character.isLetterOrDigit(after)) {
          continue;
        }
      }
      t.ensureBuf(len);
      System.arraycopy(text, i, t.buf, t.bufLen, len);
      if (symbols.emoticons.contains(t.buf, t.bufLen, len)) {
        return len;
      }
    }
    return 0;
  }

  /**
   * Reads a word starting at {@code i}: letters and digits, with inner apostrophes and hyphens.
   * Writes its normalised form into the buffer (several tokens when a French elision splits it).
   */
  private static int word(char[] text, int i, int n, Lexicon lex, Tokens t, byte extraFlags) {
    int upper = 0;
    int lower = 0;
    int firstLetter = i;
    t.ensureBuf((n - i) * 2 + 8);
    int start = t.bufLen;
    byte flags = extraFlags;
    char prev = 0;
    int run = 0;
    while (i < n) {
      char c = text[i];
      boolean letter;
      if (c < 0x80) {
        letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
        if (!letter && !(c >= '0' && c <= '9') && c != '_') {
          if ((c == '\'' || c == '-' || c == '`') && i + 1 < n && Character.isLetter(text[i + 1]) && t.bufLen > start) {
            if (c != '-' && lex.elision && isElision(t.buf, start, t.bufLen - start)) {
              int l = t.bufLen - start;
              if (l == 1 && t.buf[start] == 'n') {
                t.buf[start + 1] = 'e';
                t.bufLen++;
              }
              t.add(Tokens.WORD, start, t.bufLen - start, flags, 0);
              start = t.bufLen;
              prev = 0;
              run = 0;
              i++;
              firstLetter = i;
              upper = 0;
              lower = 0;
              continue;
            }
            t.buf[t.bufLen++] = c == '`' ? '\'' : c;
            prev = c;
            run = 1;
            i++;
            continue;
          }
          break;
        }
      } else if (TextNormalizer.isApostrophe(c)) {
        if (i + 1 < n && Character.isLetter(text[i + 1]) && t.bufLen > start) {
          if (lex.elision && isElision(t.buf, start, t.bufLen - start)) {
            if (t.bufLen - start == 1 && t.buf[start] == 'n') {
              t.buf[start + 1] = 'e';
              t.bufLen++;
            }
            t.add(Tokens.WORD, start, t.bufLen - start, flags, 0);
            start = t.bufLen;
            prev = 0;
            run = 0;
            i++;
            firstLetter = i;
            upper = 0;
            lower = 0;
            continue;
          }
          t.buf[t.bufLen++] = '\'';
          prev = '\'';
          run = 1;
          i++;
          continue;
        }
        break;
      } else if (Character.isLetterOrDigit(c)) {
        letter = Character.isLetter(c);
        flags |= Tokens.F_NON_ASCII;
      } else {
        break;
      }
      if (letter) {
        if (Character.isUpperCase(c)) {
          upper++;
        } else {
          lower++;
        }
      }
      char l = Character.toLowerCase(c);
      if (l == '\u0153' || l == '\u00E6') {
        t.buf[t.bufLen++] = l == '\u0153' ? 'o' : 'a';
        t.buf[t.bufLen++] = 'e';
        prev = 'e';
        run = 1;
        i++;
        continue;
      }
      if (l == prev && letter) {
        run++;
        if (run >= 3) {
          flags |= Tokens.F_ELONGATED;
          i++;
          continue;
        }
      } else {
        run = 1;
        prev = l;
      }
      t.buf[t.bufLen++] = l;
      i++;
    }
    int len = t.bufLen - start;
    if (len > 0) {
      if (upper == 1 && lower > 0 && Character.isUpperCase(text[firstLetter])) {
        flags |= Tokens.F_TITLE;
      }
      if (upper >= 2 && lower == 0) {
        flags |= Tokens.F_CAPS;
        t.upperWords++;
      } else if (lower > 0) {
        t.lowerWords++;
      }
      t.add(Tokens.WORD, start, len, flags, 0);
    }
    return i;
  }

  private static boolean isElision(char[] b, int off, int len) {
    if (len == 1) {
      char c = b[off];
      return c == 'c' || c == 'd' || c == 'j' || c == 'l' || c == 'm' || c == 'n' || c == 's' || c == 't';
    }
    if (b[off + len - 2] != 'q' || b[off + len - 1] != 'u') {
      return false;
    }
    return len == 2 || eq(b, off, len, "jusqu") || eq(b, off, len, "lorsqu") || eq(b, off, len, "puisqu")
        || eq(b, off, len, "quoiqu") || eq(b, off, len, "presqu");
  }

  private static boolean eq(char[] b, int off, int len, String s) {
    if (len != s.length()) {
      return false;
    }
    for (int k = 0; k < len; k++) {
      if (b[off + k] != s.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** A hashtag's body at {@code i}: split by capitals or underscores, or with the lexicon. */
  private int hashtag(char[] text, int i, int n, Lexicon lex, Tokens t) {
    int end = i;
    boolean camel = false;
    boolean anyLower = false;
    while (end < n && (Character.isLetterOrDigit(text[end]) || text[end] == '_')) {
      char c = text[end];
      if (Character.isLowerCase(c)) {
        anyLower = true;
      } else if (Character.isUpperCase(c) && end > i && Character.isLowerCase(text[end - 1])) {
        camel = true;
      }
      end++;
    }
    if (camel && anyLower || indexOf(text, '_', i, end) >= 0) {
      int p = i;
      while (p < end) {
        int q = p + 1;
        while (q < end && text[q] != '_' && !(Character.isUpperCase(text[q]) && Character.isLowerCase(text[q - 1]))) {
          q++;
        }
        if (text[p] != '_') {
          word(text, p, q, lex, t, Tokens.F_HASHTAG);
        }
        p = text[q < end ? q : end - 1] == '_' ? q + 1 : q;
      }
      return end;
    }
    int first = t.n;
    word(text, i, end, lex, t, Tokens.F_HASHTAG);
    // a single-case hashtag that is not a known word: try splitting it with the lexicon
    if (t.n == first + 1 && t.kind[first] == Tokens.WORD) {
      int o = t.off[first];
      int l = t.len[first];
      if (l <= MAX_HASHTAG_SPLIT && !known(lex, t.buf, o, l)) {
        split(lex, t, first, o, l);
      }
    }
    return end;
  }

  static boolean known(Lexicon lex, char[] b, int o, int l) {
    return lex.known(b, o, l);
  }

  /**
   * A word found at one end of a hashtag next to letters that are no word: at least
   * {@value #MIN_EMBEDDED_ALONE} letters and a valence of at least {@value #MIN_EMBEDDED_VALENCE}
   * (#servicepourri -> pourri), so that names and topics do not yield a polar sub-word.
   */
  private static boolean strong(Lexicon lex, char[] b, int o, int l) {
    int i = lex.find(b, o, l);
    return i >= 0 && !Float.isNaN(lex.valence[i]) && Math.abs(lex.valence[i]) >= MIN_EMBEDDED_VALENCE;
  }

  /** A piece of a split hashtag: a function word, or a lexicon word of at least 4 letters. */
  private static boolean piece(Lexicon lex, char[] b, int o, int l) {
    int i = lex.find(b, o, l);
    if (i < 0) {
      return false;
    }
    return lex.function[i] || l >= MIN_EMBEDDED_WORD && !Float.isNaN(lex.valence[i]);
  }

  /**
   * Splits the single token {@code idx} into known words when the whole of it is covered by them
   * (#pasdechance), else keeps the longest lexicon word of at least 4 letters that begins or ends
   * it (#servicepourri -> pourri).
   */
  private static void split(Lexicon lex, Tokens t, int idx, int o, int l) {
    // full cover, fewest pieces (dynamic programming over prefixes)
    int[] best = new int[l + 1];
    int[] from = new int[l + 1];
    java.util.Arrays.fill(best, Integer.MAX_VALUE);
    best[0] = 0;
    for (int s = 0; s < l - 1; s++) {
      if (best[s] == Integer.MAX_VALUE) {
        continue;
      }
      for (int e = s + 1; e <= l && e - s <= 24; e++) {
        if (!lex.prefixes.contains(t.buf, o + s, e - s)) {
          break;
        }
        // two short pieces in a row are letters of a name, not words (#Outaouais is no ou|ta|ouais)
        boolean shortRun = e - s <= 2 && s > 0 && s - from[s] <= 2;
        if (e - s >= 2 && !shortRun && piece(lex, t.buf, o + s, e - s) && best[s] + 1 < best[e]) {
          best[e] = best[s] + 1;
          from[e] = s;
        }
      }
    }
    if (best[l] != Integer.MAX_VALUE && best[l] > 1) {
      int pieces = best[l];
      int[] cuts = new int[pieces + 1];
      int e = l;
      for (int k = pieces; k > 0; k--) {
        cuts[k] = e;
        e = from[e];
      }
      byte f = t.flags[idx];
      t.n = idx;
      for (int k = 0; k < pieces; k++) {
        t.add(Tokens.WORD, o + cuts[k], cuts[k + 1] - cuts[k], f, 0);
      }
      return;
    }
    for (int len = l - 1; len >= MIN_EMBEDDED_ALONE; len--) {
      if (strong(lex, t.buf, o + l - len, len)) {
        t.off[idx] = o + l - len;
        t.len[idx] = len;
        return;
      }
      if (strong(lex, t.buf, o, len)) {
        t.len[idx] = len;
        return;
      }
    }
    // a hashtag word at its end (#ondynedown: down); otherwise nothing strong enough, the hashtag
    // is a name or a topic (#Outaouais is no "ouais", #amiens no "amie")
    for (int len = l - 2; len >= MIN_EMBEDDED_WORD; len--) {
      int e = lex.find(t.buf, o + l - len, len);
      if (e >= 0 && !Float.isNaN(lex.hashtagValence[e])) {
        t.off[idx] = o + l - len;
        t.len[idx] = len;
        return;
      }
    }
  }

  /** Length of an HTML entity such as {@code &amp;} or {@code &#39;} at {@code i}, 0 when none. */
  private static int htmlEntity(char[] s, int i, int n) {
    int j = i + 1;
    while (j < n && j - i <= 7 && (Character.isLetterOrDigit(s[j]) || s[j] == '#' && j == i + 1)) {
      j++;
    }
    return j < n && s[j] == ';' && j > i + 1 ? j + 1 - i : 0;
  }

  private static boolean isAsciiWordChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private static boolean isUrl(char[] s, int i, int n) {
    return startsWith(s, i, n, "http://") || startsWith(s, i, n, "https://") || startsWith(s, i, n, "www.")
        || startsWith(s, i, n, "http") && (i + 4 == n || s[i + 4] <= ' ');
  }

  /** Case-insensitive {@code s[i..]} starts with the lower-case ASCII {@code prefix}. */
  private static boolean startsWith(char[] s, int i, int n, String prefix) {
    if (i + prefix.length() > n) {
      return false;
    }
    for (int k = 0; k < prefix.length(); k++) {
      char c = s[i + k];
      if ((c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) != prefix.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(char[] s, char c, int from, int to) {
    for (int k = from; k < to; k++) {
      if (s[k] == c) {
        return k;
      }
    }
    return -1;
  }

  private static int skipNonSpace(char[] s, int i, int n) {
    while (i < n && s[i] > ' ') {
      i++;
    }
    return i;
  }

  /** The tokens of a lexicon key, joined by single spaces, so multi-word entries meet the scanner's output. */
  String keyForm(String key, Lexicon lex) {
    Tokens t = new Tokens();
    scan(key, lex, t);
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < t.n; k++) {
      if (t.kind[k] == Tokens.WORD) {
        if (sb.length() > 0) {
          sb.append(' ');
        }
        sb.append(t.buf, t.off[k], t.len[k]);
      }
    }
    return sb.toString();
  }
}
