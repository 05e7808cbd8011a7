package io.veille.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veille.common.model.InvalidRecordException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
  static byte[] with(String before, byte[] bad, String after) {
    byte[] a = before.getBytes(StandardCharsets.UTF_8);
    byte[] c = after.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[a.length + bad.length + c.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(bad, 0, out, a.length, bad.length);
    System.arraycopy(c, 0, out, a.length + bad.length, c.length);
    return out;
  }

  @Test
  void namesTheFieldThatHoldsTheBadBytes() {
    byte[] b = with("{\"v\":1,\"text\":\"caf", new byte[] {(byte) 0xE9}, "\",\"author\":{\"id\":\"1\"}}");
    assertThatThrownBy(() -> Utf8.check(b)).isInstanceOfSatisfying(InvalidRecordException.class, e -> {
      assertThat(e.field()).isEqualTo("text");
      assertThat(e.reason()).contains("0xE9").contains("offset 18");
    });
    byte[] nested = with("{\"text\":\"ok\",\"author\":{\"id\":\"1\",\"name\":\"x", new byte[] {(byte) 0xC0, (byte) 0x80}, "\"}}");
    assertThatThrownBy(() -> Utf8.check(nested)).isInstanceOfSatisfying(InvalidRecordException.class,
        e -> assertThat(e.field()).isEqualTo("author.name"));
    byte[] afterNested = with("{\"author\":{\"id\":\"1\"},\"url\":\"", new byte[] {(byte) 0xFF}, "\"}");
    assertThatThrownBy(() -> Utf8.check(afterNested)).isInstanceOfSatisfying(InvalidRecordException.class,
        e -> assertThat(e.field()).isEqualTo("url"));
  }

  @Test
  void acceptsEveryWellFormedSequenceAndRefusesSurrogatesAndOverlongs() {
    Utf8.check("{\"text\":\"Ça coûte 5 € 😡 — 日本\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(Utf8.firstInvalid(new byte[] {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80})).isEqualTo(1); // U+D800
    assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xC1, (byte) 0xBF})).isZero(); // overlong
    assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})).isZero(); // > U+10FFFF
    assertThat(Utf8.firstInvalid(new byte[] {'a', 'b', (byte) 0xE2, (byte) 0x82})).isEqualTo(2); // truncated
  }
}
