package io.veille.common.json;

import io.veille.common.model.InvalidRecordException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Strict UTF-8 for records as received: a record with bytes that are not well-formed UTF-8 is
 * rejected, naming the JSON field that holds them, rather than silently altered (a decoder would
 * put U+FFFD in their place).
 */
public final class Utf8 {
  private Utf8() {}

  /** Throws, naming the field and the offset, when {@code b} is not well-formed UTF-8. */
  public static void check(byte[] b) {
    int bad = firstInvalid(b);
    if (bad >= 0) {
      String field = fieldAt(b, bad);
      throw new InvalidRecordException(field, "not valid UTF-8: byte 0x" + String.format("%02X", b[bad] & 0xFF)
          + " at offset " + bad + " (send the record as UTF-8)");
    }
  }

  /** The offset of the first byte that breaks well-formed UTF-8 (as the JDK decoder reads it), or -1. */
  public static int firstInvalid(byte[] b) {
    int i = 0;
    int n = b.length;
    while (i < n) {
      int c = b[i];
      if (c >= 0) {
        i++;
        continue;
      }
      c &= 0xFF;
      if (c < 0xC2) {
        return i;
      }
      if (c < 0xE0) {
        if (i + 1 >= n || (b[i + 1] & 0xC0) != 0x80) {
          return i;
        }
        i += 2;
      } else if (c < 0xF0) {
        if (i + 2 >= n) {
          return i;
        }
        int c1 = b[i + 1] & 0xFF;
        if ((c1 & 0xC0) != 0x80 || (b[i + 2] & 0xC0) != 0x80 || (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) {
          return i;
        }
        i += 3;
      } else if (c < 0xF5) {
        if (i + 3 >= n) {
          return i;
        }
        int c1 = b[i + 1] & 0xFF;
        if ((c1 & 0xC0) != 0x80 || (b[i + 2] & 0xC0) != 0x80 || (b[i + 3] & 0xC0) != 0x80 || (c == 0xF0 && c1 < 0x90)
            || (c == 0xF4 && c1 >= 0x90)) {
          return i;
        }
        i += 4;
      } else {
        return i;
      }
    }
    return -1;
  }

  /**
   * The dotted path of the JSON member whose key or value holds {@code offset} ({@code author.name},
   * {@code text}), by a light scan of the bytes before it; "" when it lies outside any member.
   */
  static String fieldAt(byte[] b, int offset) {
    Deque<String> path = new ArrayDeque<>();
    String lastKey = null; // the key of the member being read at this depth
    boolean inString = false;
    int stringStart = -1;
    for (int i = 0; i < offset && i < b.length; i++) {
      byte c = b[i];
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
          int j = i + 1;
          while (j < b.length && (b[j] == ' ' || b[j] == '\t' || b[j] == '\r' || b[j] == '\n')) {
            j++;
          }
          if (j < b.length && b[j] == ':') {
            lastKey = new String(b, stringStart, i - stringStart, java.nio.charset.StandardCharsets.UTF_8);
          }
        }
        continue;
      }
      switch (c) {
        case '"' -> {
          inString = true;
          stringStart = i + 1;
        }
        case '{', '[' -> {
          path.push(lastKey == null ? "" : lastKey);
          lastKey = null;
        }
        case '}', ']' -> {
          if (!path.isEmpty()) {
            lastKey = path.pop();
          }
        }
        default -> { }
      }
    }
    StringBuilder sb = new StringBuilder();
    var it = path.descendingIterator();
    while (it.hasNext()) {
      String k = it.next();
      if (!k.isEmpty()) {
        sb.append(sb.isEmpty() ? "" : ".").append(k);
      }
    }
    if (lastKey != null) {
      sb.append(sb.isEmpty() ? "" : ".").append(lastKey);
    }
    return sb.toString();
  }
}
