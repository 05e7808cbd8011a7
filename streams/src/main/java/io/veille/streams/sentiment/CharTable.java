package io.veille.streams.sentiment;

import java.util.Map;

/**
 * An immutable map from strings to floats that is looked up with a slice of a char array, so the
 * scoring loop finds a word without creating a String. Open addressing, linear probing, the table
 * at most half full.
 */
final class CharTable {
  private final char[][] keys;
  private final float[] values;
  private final int mask;
  private final int size;

  CharTable(Map<String, Float> entries) {
    int cap = Integer.highestOneBit(Math.max(4, entries.size() * 2 - 1)) << 1;
    keys = new char[cap][];
    values = new float[cap];
    mask = cap - 1;
    for (Map.Entry<String, Float> e : entries.entrySet()) {
      char[] k = e.getKey().toCharArray();
      int slot = hash(k, 0, k.length) & mask;
      while (keys[slot] != null) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = k;
      values[slot] = e.getValue();
    }
    size = entries.size();
  }

  int size() {
    return size;
  }

  /** The value of {@code buf[off, off+len)}, or NaN when absent. */
  float get(char[] buf, int off, int len) {
    int slot = hash(buf, off, len) & mask;
    while (true) {
      char[] k = keys[slot];
      if (k == null) {
        return Float.NaN;
      }
      if (k.length == len && same(k, buf, off, len)) {
        return values[slot];
      }
      slot = (slot + 1) & mask;
    }
  }

  float get(String s) {
    char[] c = s.toCharArray();
    return get(c, 0, c.length);
  }

  boolean contains(char[] buf, int off, int len) {
    return !Float.isNaN(get(buf, off, len));
  }

  private static boolean same(char[] k, char[] buf, int off, int len) {
    for (int i = 0; i < len; i++) {
      if (k[i] != buf[off + i]) {
        return false;
      }
    }
    return true;
  }

  private static int hash(char[] buf, int off, int len) {
    int h = 0;
    for (int i = off, end = off + len; i < end; i++) {
      h = 31 * h + buf[i];
    }
    return h ^ (h >>> 16) ^ (h >>> 7);
  }
}
