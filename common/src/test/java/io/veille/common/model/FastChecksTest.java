package io.veille.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FastChecksTest {

  @ParameterizedTest
  @ValueSource(strings = {"2026-11-22T10:15:00Z", "2026-11-22T10:15:00.5Z", "2026-11-22T10:15:00.123456789Z",
      "2024-02-29T23:59:59Z", "1970-01-01T00:00:00Z", "2026-01-31T00:00:00.000Z"})
  void agreesWithTheJdkOnValidInstants(String s) {
    assertThat(FastChecks.parseUtcInstant(s)).isEqualTo(Instant.parse(s));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-02-30T10:15:00Z", "2025-02-29T10:15:00Z", "2026-13-01T10:15:00Z", "2026-11-22T24:00:00Z",
      "2026-11-22T10:60:00Z", "2026-11-22 10:15:00Z", "2026-11-22T10:15:00+01:00", "2026-11-22T10:15:00.Z",
      "2026-11-22T10:15:00.1234567890Z", "yesterday", "2026-11-22T10:15Z", "2026-1a-22T10:15:00Z"})
  void declinesWhatItDoesNotKnowSoTheJdkDecides(String s) {
    assertThat(FastChecks.parseUtcInstant(s)).isNull();
  }

  @Test
  void randomInstantsRoundTrip() {
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 10_000; i++) {
      Instant t = Instant.ofEpochSecond(r.nextLong(0, 4_000_000_000L), r.nextInt(0, 1_000_000_000));
      assertThat(FastChecks.parseUtcInstant(t.toString())).isEqualTo(t);
    }
  }

  @Test
  void namesCodesAndUrls() {
    assertThat(FastChecks.isSourceName("mastodon")).isTrue();
    assertThat(FastChecks.isSourceName("hacker-news_2")).isTrue();
    assertThat(FastChecks.isSourceName("Mastodon")).isFalse();
    assertThat(FastChecks.isSourceName("2x")).isFalse();
    assertThat(FastChecks.isSourceName("a".repeat(33))).isFalse();
    assertThat(FastChecks.isLangCode("fr")).isTrue();
    assertThat(FastChecks.isLangCode("und")).isTrue();
    assertThat(FastChecks.isLangCode("FR")).isFalse();
    assertThat(FastChecks.isLangCode("fren")).isFalse();
    assertThat(FastChecks.isPlainHttpUrl("https://bsky.app/profile/did:plc:x/post/3l3")).isTrue();
    assertThat(FastChecks.isPlainHttpUrl("HTTP://Example.org:8080/a?b=c#d")).isTrue();
    assertThat(FastChecks.isPlainHttpUrl("http://a b")).isFalse();
    assertThat(FastChecks.isPlainHttpUrl("ftp://x/y")).isFalse();
    assertThat(FastChecks.isPlainHttpUrl("https:///path")).isFalse();
  }
}
