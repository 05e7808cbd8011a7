package io.veille.streams.sentiment;

import java.util.Arrays;

/**
 * Per-thread scratch space of the lexicon model: the normalised text of each token in one char
 * buffer, and parallel arrays describing the tokens. Reused from one call to the next, so scoring
 * a mention allocates nothing but its result.
 */
final class Tokens {
  static final byte WORD = 0;
  static final byte EMOJI = 1;
  static final byte EMOTICON = 2;
  /** Ends a clause: comma, semicolon, colon, brackets, quotes. */
  static final byte BREAK = 3;
  /** Ends a sentence: full stop, question mark, ellipsis, line break. */
  static final byte SENTENCE = 4;
  /** An exclamation mark: ends a sentence and adds emphasis. */
  static final byte EXCLAMATION = 5;

  static final byte F_CAPS = 1;
  static final byte F_ELONGATED = 2;
  static final byte F_HASHTAG = 4;
  static final byte F_NON_ASCII = 8;
  /** A capital initial and nothing else in capitals (Angers, Nice, Royal). */
  static final byte F_TITLE = 16;

  /** The text being scanned. */
  char[] src = new char[512];
  char[] buf = new char[512];
  int bufLen;
  int n;
  int[] off = new int[128];
  int[] len = new int[128];
  byte[] kind = new byte[128];
  byte[] flags = new byte[128];
  float[] value = new float[128];
  /** Letters seen in upper and lower case in word tokens (for the "capitals" rule). */
  int upperWords;
  int lowerWords;
  int exclamations;

  // per-token analysis, filled by the model
  float[] valence = new float[128];
  float[] modifier = new float[128];
  byte[] neg = new byte[128];
  byte[] clause = new byte[128];
  boolean[] negated = new boolean[128];
  /** What each token added to the sum (0 for most), written by every scoring pass, for explanations. */
  float[] contrib = new float[128];
  /** What the exclamation marks added to the sum. */
  float exclamationContrib;

  void reset(int textLength) {
    bufLen = 0;
    n = 0;
    upperWords = 0;
    lowerWords = 0;
    exclamations = 0;
    int need = textLength * 3 + 64;
    if (buf.length < need) {
      buf = new char[need];
    }
  }

  void ensureBuf(int extra) {
    if (bufLen + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, bufLen + extra));
    }
  }

  int add(byte k, int o, int l, byte f, float v) {
    if (n == off.length) {
      int cap = n * 2;
      off = Arrays.copyOf(off, cap);
      len = Arrays.copyOf(len, cap);
      kind = Arrays.copyOf(kind, cap);
      flags = Arrays.copyOf(flags, cap);
      value = Arrays.copyOf(value, cap);
      valence = Arrays.copyOf(valence, cap);
      modifier = Arrays.copyOf(modifier, cap);
      neg = Arrays.copyOf(neg, cap);
      clause = Arrays.copyOf(clause, cap);
      negated = Arrays.copyOf(negated, cap);
      contrib = Arrays.copyOf(contrib, cap);
    }
    off[n] = o;
    len[n] = l;
    kind[n] = k;
    flags[n] = f;
    value[n] = v;
    return n++;
  }

  boolean isBreak(int i) {
    return kind[i] >= BREAK;
  }

  String text(int i) {
    return new String(buf, off[i], len[i]);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : " ").append(kind[i] == WORD ? text(i) : kind[i] >= BREAK ? "|" : "<" + value[i] + ">");
    }
    return sb.toString();
  }
}
