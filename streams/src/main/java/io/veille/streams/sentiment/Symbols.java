package io.veille.streams.sentiment;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** Emoji (by code point) and ASCII emoticons (case-sensitive) with their valences, shared by both languages. */
final class Symbols {
  final CharTable emoticons;
  final int maxEmoticon;
  private final boolean[] emoticonPair = new boolean[128 * 128];
  private final int[] emojiCodes;
  private final float[] emojiValues;

  Symbols(Map<String, Float> emoticons, Map<Integer, Float> emoji) {
    this.emoticons = new CharTable(emoticons);
    this.maxEmoticon = emoticons.keySet().stream().mapToInt(String::length).max().orElse(0);
    for (String k : emoticons.keySet()) {
      if (k.charAt(0) < 128) {
        if (k.charAt(1) < 128) {
          emoticonPair[k.charAt(0) * 128 + k.charAt(1)] = true;
        }
      }
    }
    TreeMap<Integer, Float> sorted = new TreeMap<>(emoji);
    emojiCodes = sorted.keySet().stream().mapToInt(Integer::intValue).toArray();
    emojiValues = new float[emojiCodes.length];
    int i = 0;
    for (float v : sorted.values()) {
      emojiValues[i++] = v;
    }
  }

  /** Whether an emoticon may start with these two characters. */
  boolean mayStartEmoticon(char c0, char c1) {
    return c0 < 128 && c1 < 128 && emoticonPair[c0 * 128 + c1];
  }

  /** The valence of an emoji code point, NaN when unknown. */
  float emoji(int codePoint) {
    int i = Arrays.binarySearch(emojiCodes, codePoint);
    return i >= 0 ? emojiValues[i] : Float.NaN;
  }

  int emojiCount() {
    return emojiCodes.length;
  }
}
