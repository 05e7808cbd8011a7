package io.veille.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

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

  /** The URLs the issue found accepted by the fast check and refused by Mention: now left to the full check, which refuses them. */
  @ParameterizedTest
  @ValueSource(strings = {"http://a..b/", "http://-x/", "http://:80/", "http://x-/", "http://a.b:/", "http://a.b:123456/",
      "http://a.b/%zz", "http://a.b/%4", "http://a.b/#x#y", "http://a.b/[x]", "http://a.b/x y", "http://1.2/", "http://a.1/",
      "http://.a/", "http://a./", "http://user@a.b/", "http://a.b/é"})
  void declinesUrlsItCannotVouchFor(String url) {
    assertThat(FastChecks.isPlainHttpUrl(url)).as(url).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://a..b/", "http://-x/", "http://:80/", "http://x-/", "http://a.b/%zz", "http://a.b/#x#y"})
  void theFullCheckRefusesThem(String url) {
    assertThatThrownBy(() -> Mention.checkUrl(url)).as(url).isInstanceOf(InvalidRecordException.class);
  }

  /** Strings near URLs, built from the characters that matter; the fast check may decline, never accept what the full check refuses. */
  @Test
  void everyUrlTheFastCheckAcceptsTheFullCheckAccepts() {
    SplittableRandom r = new SplittableRandom(16);
    String alphabet = "ab0-.:/?#%@[]_~!$&'()*+,;= \\\"<>{}|^`eF9\u00e9\u0000";
    List<String> seeds = List.of("https://example.org/a?b=c#d", "http://a-b.c.fr:8080/x/y%20z", "https://bsky.app/profile/did:plc:x/post/3l3",
        "http://x.io", "HTTPS://News.YCombinator.com/item?id=1");
    int accepted = 0;
    for (int i = 0; i < 200_000; i++) {
      StringBuilder b = new StringBuilder(seeds.get(r.nextInt(seeds.size())));
      for (int k = r.nextInt(1, 4); k > 0; k--) {
        int at = r.nextInt(b.length() + 1);
        switch (r.nextInt(3)) {
          case 0 -> b.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
          case 1 -> { if (at < b.length()) b.deleteCharAt(at); }
          default -> { if (at < b.length()) b.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length()))); }
        }
      }
      String url = b.toString();
      if (FastChecks.isPlainHttpUrl(url)) {
        accepted++;
        assertThatCode(() -> Mention.checkUrl(url)).as(url).doesNotThrowAnyException();
      }
    }
    assertThat(accepted).as("the fast check still accepts most plain URLs").isGreaterThan(20_000);
  }

  @Test
  void sourceNamesAndLanguageCodesAgreeWithTheirPatterns() {
    SplittableRandom r = new SplittableRandom(17);
    String alphabet = "abzAZ09_-. \u00e9";
    for (int i = 0; i < 100_000; i++) {
      StringBuilder b = new StringBuilder();
      for (int k = r.nextInt(0, i % 2 == 0 ? 5 : 36); k > 0; k--) {
        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      String s = b.toString();
      assertThat(FastChecks.isSourceName(s)).as("source '%s'", s).isEqualTo(Checks.SOURCE.matcher(s).matches());
      assertThat(FastChecks.isLangCode(s)).as("lang '%s'", s).isEqualTo(Checks.LANG.matcher(s).matches());
    }
  }

  /** Mutated instants: whenever the fast parser answers, the JDK gives the same instant. */
  @Test
  void everyInstantTheFastParserReadsTheJdkReadsTheSame() {
    SplittableRandom r = new SplittableRandom(18);
    String alphabet = "0123456789-:.TZz +";
    int answered = 0;
    for (int i = 0; i < 200_000; i++) {
      StringBuilder b = new StringBuilder(Instant.ofEpochSecond(r.nextLong(0, 4_000_000_000L), r.nextInt(0, 1_000_000_000) / (i % 3 == 0 ? 1 : 1_000_000) * (i % 3 == 0 ? 1 : 1_000_000)).toString());
      int at = r.nextInt(b.length());
      b.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
      String s = b.toString();
      Instant fast = FastChecks.parseUtcInstant(s);
      if (fast != null) {
        answered++;
        Instant jdk;
        try {
          jdk = Instant.parse(s);
        } catch (DateTimeParseException e) {
          throw new AssertionError("the fast parser read '" + s + "' as " + fast + ", the JDK refuses it", e);
        }
        assertThat(fast).as(s).isEqualTo(jdk);
      }
    }
    assertThat(answered).isGreaterThan(50_000);
  }
}
