package io.veille.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Retry-After as RFC 9110 writes it, read against a fixed now; what a server may ask is bounded. */
class RetryAfterTest {
  static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");

  static Optional<Duration> parse(String v) {
    return RetryAfter.parse(v, NOW);
  }

  @Test
  void delaySeconds() {
    assertThat(parse("120")).contains(Duration.ofSeconds(120));
    assertThat(parse("0")).contains(Duration.ZERO);
    assertThat(parse(" 7 \t")).contains(Duration.ofSeconds(7)); // optional whitespace around the value
    assertThat(parse("0000030")).contains(Duration.ofSeconds(30));
  }

  @Test
  void anHttpDateIsReadAgainstTheGivenNowInAllThreeForms() {
    assertThat(parse("Mon, 02 Nov 2026 10:00:30 GMT")).contains(Duration.ofSeconds(30));
    assertThat(parse("Monday, 02-Nov-26 10:01:00 GMT")).contains(Duration.ofMinutes(1)); // RFC 850
    assertThat(parse("Mon Nov  2 10:02:00 2026")).contains(Duration.ofMinutes(2)); // asctime
    assertThat(parse("mon, 2 nov 2026 11:00:00 gmt")).contains(Duration.ofHours(1));
    assertThat(RetryAfter.parse("Mon, 02 Nov 2026 10:00:30 GMT", NOW.plusSeconds(10))).contains(Duration.ofSeconds(20));
  }

  @Test
  void aDateInThePastMeansNow() {
    assertThat(parse("Sun, 06 Nov 1994 08:49:37 GMT")).contains(Duration.ZERO);
    assertThat(parse("Mon, 02 Nov 2026 09:59:59 GMT")).contains(Duration.ZERO);
    // a two-digit year more than 50 years ahead is in the past century
    assertThat(parse("Sunday, 06-Nov-94 08:49:37 GMT")).contains(Duration.ZERO);
  }

  @Test
  void hugeValuesAreCut() {
    assertThat(parse("86401")).contains(RetryAfter.MAX);
    assertThat(parse("99999999999999999999999999")).contains(RetryAfter.MAX); // beyond a long
    assertThat(parse("Fri, 31 Dec 9999 23:59:59 GMT")).contains(RetryAfter.MAX);
    assertThat(parse("86400")).contains(Duration.ofDays(1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "-5", "+5", "1.5", "5s", "soon", "0x10", "Mon, 30 Feb 2026 10:00:00 GMT",
      "Mon, 02 Nov 2026 25:00:00 GMT", "Mon, 02 Foo 2026 10:00:00 GMT", "2026-11-02T10:00:30Z",
      "Mon, 02 Nov 2026 10:00:30 +0200"})
  void garbageIsIgnored(String v) {
    assertThat(parse(v)).isEmpty();
  }

  @Test
  void absentIsEmpty() {
    assertThat(parse(null)).isEmpty();
  }

  @Test
  void writtenAsWholeSecondsRoundedUp() {
    assertThat(RetryAfter.header(Duration.ofSeconds(5))).isEqualTo("5");
    assertThat(RetryAfter.header(Duration.ofMillis(1200))).isEqualTo("2");
    assertThat(RetryAfter.header(Duration.ofMillis(-3))).isEqualTo("0");
    assertThat(parse(RetryAfter.header(Duration.ofMillis(1)))).contains(Duration.ofSeconds(1));
  }
}
