package io.veille.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextsTest {
  @Test
  void oneLineDropsControlFormatAndBidiCharacters() {
    assertThat(Texts.oneLine("  a\tb\r\nc\u001b[31m d\u202Ee\u200Bf ")).isEqualTo("a b c [31m def");
    assertThat(Texts.oneLine("👩\u200D💻 ok")).as("emoji sequences keep their joiner").isEqualTo("👩\u200D💻 ok");
    assertThat(Texts.oneLine("lone \uD800 surrogate")).isEqualTo("lone surrogate");
    assertThat(Texts.oneLine(null)).isEmpty();
  }

  @Test
  void fitCutsAtAWordWithoutSplittingAPairOrAnEscape() {
    assertThat(Texts.fit("short", 10)).isEqualTo("short");
    assertThat(Texts.fit("exactly10!", 10)).isEqualTo("exactly10!");
    assertThat(Texts.fit("une panne générale chez Ondyne", 20)).isEqualTo("une panne générale…");
    String emoji = "🔴".repeat(10);
    for (int max = 2; max < 22; max++) {
      String f = Texts.fit(emoji, max);
      assertThat(f.length()).isLessThanOrEqualTo(max);
      assertThat(f.codePoints().allMatch(cp -> cp == "🔴".codePointAt(0) || cp == '…')).as("max " + max).isTrue();
    }
    String amps = "&".repeat(100);
    for (int max = 1; max < 30; max++) {
      String f = Texts.fit(amps, max, Texts.Escaper.SLACK);
      assertThat(f.length()).isLessThanOrEqualTo(max);
      assertThat(f.replace("&amp;", "")).isIn("…", "");
    }
  }

  @Test
  void joinKeepsWholePiecesAndCountsTheRest() {
    List<String> p = List.of("alpha", "beta", "gamma", "delta");
    assertThat(Texts.join(p, ", ", 100)).isEqualTo("alpha, beta, gamma, delta");
    assertThat(Texts.join(p, ", ", 25)).isEqualTo("alpha, beta, … and 2 more");
    assertThat(Texts.join(p, ", ", 24)).isEqualTo("alpha, … and 3 more");
    for (int max = 0; max < 40; max++) {
      assertThat(Texts.join(p, ", ", max).length()).isLessThanOrEqualTo(max);
    }
  }

  @Test
  void cutBacksOffFromAnUnfinishedEscapeOrLink() {
    assertThat(Texts.cut("abc &amp; def", 8)).isEqualTo("abc …");
    assertThat(Texts.cut("see <https://x.example|open> now", 12)).isEqualTo("see …");
    assertThat(Texts.cut("fine", 8)).isEqualTo("fine");
  }

  @Test
  void safeUrlKeepsOnlyPlainHttpLinks() {
    assertThat(Texts.safeUrl("https://mastodon.social/@cyril/1", 100)).isEqualTo("https://mastodon.social/@cyril/1");
    assertThat(Texts.safeUrl("javascript:alert(1)", 100)).isNull();
    assertThat(Texts.safeUrl("https://x.example/a|b", 100)).isNull();
    assertThat(Texts.safeUrl("https://x.example/a>b", 100)).isNull();
    assertThat(Texts.safeUrl("https://x.example/a b", 100)).isNull();
    assertThat(Texts.safeUrl("https://x.example/" + "a".repeat(100), 100)).isNull();
    assertThat(Texts.safeUrl(null, 100)).isNull();
  }

  @Test
  void retryAfterReadsSecondsAndHttpDatesCappedAtAnHour() {
    Instant now = Instant.parse("2026-11-22T10:00:00Z");
    assertThat(HttpDelivery.retryAfter("30", now)).isEqualTo(Duration.ofSeconds(30));
    assertThat(HttpDelivery.retryAfter(" 0 ", now)).isEqualTo(Duration.ZERO);
    assertThat(HttpDelivery.retryAfter("86400", now)).isEqualTo(Duration.ofHours(1));
    assertThat(HttpDelivery.retryAfter("Sun, 22 Nov 2026 10:02:30 GMT", now)).isEqualTo(Duration.ofSeconds(150));
    assertThat(HttpDelivery.retryAfter("Sun, 22 Nov 2026 09:00:00 GMT", now)).as("in the past").isEqualTo(Duration.ZERO);
    assertThat(HttpDelivery.retryAfter("Mon, 23 Nov 2026 10:00:00 GMT", now)).isEqualTo(Duration.ofHours(1));
    assertThat(HttpDelivery.retryAfter("-5", now)).isNull();
    assertThat(HttpDelivery.retryAfter("soon", now)).isNull();
    assertThat(HttpDelivery.retryAfter("1.5", now)).isNull();
    assertThat(HttpDelivery.retryAfter("99999999999999999999", now)).as("an overflowing number is the cap").isEqualTo(Duration.ofHours(1));
    assertThat(HttpDelivery.retryAfter(null, now)).isNull();
  }

  @Test
  void factsFormatNumbersDurationsAndShares() {
    assertThat(Facts.number(42)).isEqualTo("42");
    assertThat(Facts.number(5.04)).isEqualTo("5");
    assertThat(Facts.number(0.3)).isEqualTo("0.3");
    assertThat(Facts.number(1234.6)).isEqualTo("1,235");
    assertThat(Facts.percent(0.64)).isEqualTo("64%");
    assertThat(Facts.percent(0.045)).isEqualTo("4.5%");
    assertThat(Facts.percent(0)).isEqualTo("0%");
    assertThat(Facts.compact(980)).isEqualTo("980");
    assertThat(Facts.compact(12_000)).isEqualTo("12k");
    assertThat(Facts.compact(1_250_000)).isEqualTo("1.3M");
    assertThat(Facts.duration(Duration.ofSeconds(45))).isEqualTo("45 s");
    assertThat(Facts.duration(Duration.ofMinutes(85))).isEqualTo("1 h 25 min");
    assertThat(Facts.duration(Duration.ofHours(52))).isEqualTo("2 d 4 h");
    assertThat(Facts.duration(Duration.ofHours(3))).isEqualTo("3 h");
  }
}
