package io.veille.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veille.common.json.MentionJson;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MentionBoundsTest {
  static String json(String id, String at) {
    return "{\"v\":1,\"id\":\"" + id + "\",\"source\":\"x\",\"text\":\"t\",\"publishedAt\":\"" + at + "\"}";
  }

  @Test
  void datesOutsideKafkasRangeAreContractErrors() {
    for (String at : new String[] {"1969-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z"}) {
      assertThatThrownBy(() -> MentionJson.read(json("a", at).getBytes())).as(at)
          .isInstanceOfSatisfying(InvalidRecordException.class, e -> {
            assertThat(e.field()).isEqualTo("publishedAt");
            assertThat(e.reason()).startsWith("before 1970");
          });
    }
    assertThatThrownBy(() -> MentionJson.read(json("a", "+1000000000-01-01T00:00:00Z").getBytes()))
        .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason()).startsWith("after 9999"));
    assertThat(MentionJson.read(json("a", "1970-01-01T00:00:00Z").getBytes()).publishedAt()).isEqualTo(Instant.EPOCH);
  }

  @Test
  void theFutureIsBoundedByTheSkew() {
    Instant now = Instant.parse("2026-12-06T12:00:00Z");
    Mention ok = Mention.of("a", "x", "t", now.plus(Duration.ofMinutes(15)));
    assertThat(MentionTime.checkNotFuture(ok, now, MentionTime.DEFAULT_MAX_FUTURE)).isSameAs(ok);
    assertThatThrownBy(() -> MentionTime.checkNotFuture(Mention.of("a", "x", "t", now.plusSeconds(15 * 60 + 1)), now,
        MentionTime.DEFAULT_MAX_FUTURE)).isInstanceOfSatisfying(InvalidRecordException.class, e -> {
          assertThat(e.field()).isEqualTo("publishedAt");
          assertThat(e.reason()).contains("more than 15 min after now");
        });
  }

  @Test
  void aKeyGivenTwiceIsRefusedByEveryReader() {
    for (String dup : new String[] {
        "{\"v\":1,\"id\":\"a\",\"id\":\"b\",\"source\":\"x\",\"text\":\"t\",\"publishedAt\":\"2026-01-01T00:00:00Z\"}",
        "{\"v\":1,\"id\":\"a\",\"source\":\"x\",\"text\":\"t\",\"publishedAt\":\"2026-01-01T00:00:00Z\",\"x\":1,\"x\":2}",
        "{\"v\":1,\"id\":\"a\",\"source\":\"x\",\"text\":\"t\",\"publishedAt\":\"2026-01-01T00:00:00Z\","
            + "\"author\":{\"id\":\"1\",\"id\":\"2\"}}",
        "{\"v\":1,\"id\":\"a\",\"source\":\"x\",\"text\":\"t\",\"publishedAt\":\"2026-01-01T00:00:00Z\","
            + "\"engagement\":{\"likes\":1,\"likes\":2}}"}) {
      assertThatThrownBy(() -> MentionJson.read(dup.getBytes())).as(dup)
          .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason()).contains("Duplicate field"));
      assertThatThrownBy(() -> MentionJson.read(dup)).as(dup).isInstanceOf(InvalidRecordException.class);
    }
  }

  @Test
  void idsArePrintable() {
    for (String id : new String[] {"a\u0000b", "a\nb", "a\rb", "a\tb", "a\ud800", "\udc00a", "a\u2028b", "a\u200Eb", "a\uE000"}) {
      assertThatThrownBy(() -> Mention.of(id, "x", "t", Instant.EPOCH)).as(id)
          .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.field()).isEqualTo("id"));
    }
    for (String id : new String[] {"rss:https://x.fr/a b", "mastodon:h:1", "x:Ça😡", "reddit:t3_abc"}) {
      assertThat(Mention.of(id, "x", "t", Instant.EPOCH).id()).isEqualTo(id);
    }
    assertThatThrownBy(() -> new Mention(1, "a", "x", null, null, "t", Instant.EPOCH, null, null, null, "b\nc", null, null))
        .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.field()).isEqualTo("inReplyTo"));
  }
}
