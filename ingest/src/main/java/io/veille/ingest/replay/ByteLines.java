package io.veille.ingest.replay;

import io.veille.common.json.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of a UTF-8 stream as bytes, split as {@link java.io.BufferedReader#readLine()} splits
 * them ({@code \n}, {@code \r} or {@code \r\n}; a last line without terminator counts), without
 * decoding them: the replay's reading thread only cuts, the parsing threads decode. {@link #normalise}
 * gives the bytes the old path gave ({@code readLine} then {@code getBytes(UTF_8)}): the same bytes for
 * valid UTF-8, the replacement characters of the JDK decoder otherwise.
 */
public final class ByteLines {
  private final InputStream in;
  private byte[] buf = new byte[64 * 1024];
  private int pos;
  private int limit;
  private boolean eof;
  private boolean skipLf;

  public ByteLines(InputStream in) {
    this.in = in;
  }

  /** The next line without its terminator, or null at the end. */
  public byte[] next() throws IOException {
    if (skipLf) {
      if (pos == limit && !fill()) {
        return null;
      }
      if (buf[pos] == '\n') {
        pos++;
      }
      skipLf = false;
    }
    int scan = pos;
    while (true) {
      for (int j = scan; j < limit; j++) {
        byte c = buf[j];
        if (c == '\n' || c == '\r') {
          byte[] line = Arrays.copyOfRange(buf, pos, j);
          pos = j + 1;
          skipLf = c == '\r';
          return line;
        }
      }
      scan = limit - pos; // relative: fill() moves the unread bytes to the start
      if (!fill()) {
        if (pos < limit) {
          byte[] line = Arrays.copyOfRange(buf, pos, limit);
          pos = limit;
          return line;
        }
        return null;
      }
      scan += pos;
    }
  }

  /** Whether the next line can probably be read without blocking (bytes buffered, or available). */
  boolean ready() throws IOException {
    return pos < limit || (!eof && in.available() > 0);
  }

  /** Reads more bytes after the unread ones (moved to the start, the buffer grown if full). */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    if (limit == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    int n;
    do {
      n = in.read(buf, limit, buf.length - limit);
    } while (n == 0);
    if (n < 0) {
      eof = true;
      return false;
    }
    limit += n;
    return true;
  }

  /** What {@code new String(line, UTF_8).getBytes(UTF_8)} gives, without the round trip for valid UTF-8. */
  public static byte[] normalise(byte[] line) {
    return Utf8.firstInvalid(line) < 0 ? line : new String(line, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
  }

  /** {@code new String(line, UTF_8).isBlank()} for a normalised line. */
  public static boolean isBlank(byte[] line) {
    for (byte c : line) {
      if (c < 0) {
        return new String(line, StandardCharsets.UTF_8).isBlank(); // maybe a non-ASCII space: let the JDK say
      }
      if (!(c == ' ' || (c >= 9 && c <= 13) || (c >= 28 && c <= 31))) {
        return false;
      }
    }
    return true;
  }
}
