package io.veille.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.veille.common.json.Utf8;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The byte-level line cutting of the replay against BufferedReader.readLine + getBytes + isBlank. */
class ByteLinesTest {
  static final byte[][] PIECES = {
      {'a'}, {'{'}, {'"'}, {' '}, {'\t'}, {'\n'}, {'\r'}, {'\r', '\n'}, {'\n', '\r'}, {0x0B}, {0x1C}, {0x1F}, {0},
      "é".getBytes(StandardCharsets.UTF_8), "😡".getBytes(StandardCharsets.UTF_8), "\u2003".getBytes(StandardCharsets.UTF_8),
      "\u00A0".getBytes(StandardCharsets.UTF_8), "\u3000".getBytes(StandardCharsets.UTF_8), "\uFFFD".getBytes(StandardCharsets.UTF_8),
      {(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
      {(byte) 0xF0, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF0, (byte) 0x9F},
      {(byte) 0x80}, {(byte) 0xBF}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}};

  record Line(byte[] bytes, boolean blank) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Line l && Arrays.equals(bytes, l.bytes) && blank == l.blank;
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return Arrays.toString(bytes) + (blank ? " blank" : "");
    }
  }

  static List<Line> viaReader(byte[] input) throws Exception {
    List<Line> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(input), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        out.add(new Line(line.getBytes(StandardCharsets.UTF_8), line.isBlank()));
      }
    }
    return out;
  }

  static List<Line> viaBytes(InputStream in) throws Exception {
    List<Line> out = new ArrayList<>();
    ByteLines lines = new ByteLines(in);
    byte[] line;
    while ((line = lines.next()) != null) {
      byte[] n = ByteLines.normalise(line);
      out.add(new Line(n, ByteLines.isBlank(n)));
    }
    return out;
  }

  @Test
  void cutsAndDecodesLikeBufferedReader() throws Exception {
    Random random = new Random(42);
    for (int round = 0; round < 3000; round++) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int pieces = round % 100 == 0 ? 60_000 : random.nextInt(60);
      for (int k = 0; k < pieces; k++) {
        byte[] p = PIECES[random.nextInt(PIECES.length)];
        if (round % 7 == 0 && k % 5 != 0) {
          p = PIECES[random.nextInt(3)]; // long plain runs, lines across the 64 KiB buffer
        }
        b.write(p);
      }
      byte[] input = b.toByteArray();
      List<Line> expected = viaReader(input);
      assertThat(viaBytes(new ByteArrayInputStream(input))).as("round %d", round).isEqualTo(expected);
      // a stream that gives a few bytes at a time
      assertThat(viaBytes(new ByteArrayInputStream(input) {
        @Override
        public synchronized int read(byte[] buf, int off, int len) {
          return super.read(buf, off, Math.min(len, 1 + random.nextInt(7)));
        }
      })).as("round %d, trickled", round).isEqualTo(expected);
    }
  }

  @Test
  void validUtf8IsExactlyWhatSurvivesTheRoundTrip() {
    Random random = new Random(7);
    for (int round = 0; round < 200_000; round++) {
      byte[] b = new byte[random.nextInt(6)];
      random.nextBytes(b);
      boolean roundTrips = Arrays.equals(new String(b, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), b);
      assertThat((Utf8.firstInvalid(b) < 0)).as(Arrays.toString(b)).isEqualTo(roundTrips);
    }
    for (int cp = 0; cp <= 0x10FFFF; cp += (cp < 0x20000 ? 1 : 97)) {
      if (cp >= 0xD800 && cp <= 0xDFFF) {
        continue;
      }
      assertThat((Utf8.firstInvalid(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) < 0)).as("U+%X", cp).isTrue();
    }
  }
}
