package io.veille.streams.pipeline;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Nullable UTF-8 strings in the topology's binary serdes: a length (-1 for null) then the bytes. */
final class Bin {
  private Bin() {}

  static int size(String s) {
    return 4 + (s == null ? 0 : utf8Length(s));
  }

  static void put(ByteBuffer b, String s) {
    if (s == null) {
      b.putInt(-1);
      return;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    b.putInt(bytes.length).put(bytes);
  }

  static String get(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0) {
      return null;
    }
    if (n > b.remaining()) {
      throw new java.nio.BufferUnderflowException();
    }
    String s = new String(b.array(), b.arrayOffset() + b.position(), n, StandardCharsets.UTF_8);
    b.position(b.position() + n);
    return s;
  }

  static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
