package io.veille.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veille.common.model.Author;
import io.veille.common.model.Engagement;
import io.veille.common.model.InvalidRecordException;
import io.veille.common.model.Mention;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MentionJsonTest {

  static final String FULL = """
      {"v":1,"id":"mastodon:109872345","source":"mastodon","url":"https://mastodon.social/@a/109872345","lang":"fr",
       "text":"Encore une panne chez @nuvia 😡 #NuviaDown","publishedAt":"2026-11-22T10:15:00Z","fetchedAt":"2026-11-22T10:15:03Z",
       "author":{"id":"42","handle":"@claire","name":"Claire","followers":1200,"verified":false},
       "engagement":{"likes":3,"shares":1,"replies":0},"inReplyTo":null,"sharedFrom":null}""";

  @Test
  void readsTheContractExample() {
    Mention m = MentionJson.read(FULL);
    assertThat(m.id()).isEqualTo("mastodon:109872345");
    assertThat(m.lang()).isEqualTo("fr");
    assertThat(m.publishedAt()).isEqualTo(Instant.parse("2026-11-22T10:15:00Z"));
    assertThat(m.author()).isEqualTo(new Author("42", "@claire", "Claire", 1200, false));
    assertThat(m.engagement()).isEqualTo(new Engagement(3, 1, 0));
    assertThat(m.reach()).isEqualTo(1200);
    assertThat(m.extra()).isEmpty();
  }

  @Test
  void roundTripIsLossless() {
    Mention m = MentionJson.read(FULL);
    assertThat(MentionJson.read(MentionJson.write(m))).isEqualTo(m);
    Mention minimal = Mention.of("rss:abc", "rss", "Nuvia annonce la fibre", Instant.parse("2026-11-02T08:00:00Z"));
    assertThat(MentionJson.read(MentionJson.writeString(minimal))).isEqualTo(minimal);
  }

  @Test
  void keepsUnknownFieldsThroughARoundTrip() {
    String withExtra = FULL.replace("\"v\":1,", "\"v\":1,\"sentimentHint\":{\"x\":[1,2]},\"campaign\":\"black-friday\",");
    Mention m = MentionJson.read(withExtra);
    assertThat(m.extra()).containsOnlyKeys("sentimentHint", "campaign");
    ObjectNode back = MentionJson.toTree(MentionJson.read(MentionJson.write(m)));
    assertThat(back.get("campaign").asText()).isEqualTo("black-friday");
    assertThat(back.get("sentimentHint").get("x").get(1).asInt()).isEqualTo(2);
  }

  @Test
  void acceptsOffsetTimestampsAndNormalisesToUtc() {
    Mention m = MentionJson.read(FULL.replace("2026-11-22T10:15:00Z", "2026-11-22T11:15:00+01:00"));
    assertThat(m.publishedAt()).isEqualTo(Instant.parse("2026-11-22T10:15:00Z"));
  }

  @Test
  void serdeRoundTrip() {
    MentionSerde serde = new MentionSerde();
    Mention m = MentionJson.read(FULL);
    byte[] bytes = serde.serializer().serialize("t", m);
    assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(m);
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }

  /** Every rule of the contract, with the field and the reason the error must name. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = ';', quoteCharacter = '`', textBlock = """
      "id":"mastodon:109872345",                  ; id          ; required
      "id":"mastodon:109872345"=>"id":"  "           ; id          ; must not be blank
      "id":"mastodon:109872345"=>"id":42             ; id          ; must be a string, was a number
      "source":"mastodon",                        ; source      ; required
      "source":"mastodon"=>"source":"Mast odon"     ; source      ; must be a lower-case word
      "text":"Encore une panne chez @nuvia 😡 #NuviaDown",; text ; required
      "text":"Encore une panne chez @nuvia 😡 #NuviaDown"=>"text":" " ; text ; must not be blank
      "publishedAt":"2026-11-22T10:15:00Z",       ; publishedAt ; required
      "publishedAt":"2026-11-22T10:15:00Z"=>"publishedAt":"yesterday" ; publishedAt ; not an ISO-8601 instant
      "publishedAt":"2026-11-22T10:15:00Z"=>"publishedAt":1700000000 ; publishedAt ; not an ISO-8601 instant
      "fetchedAt":"2026-11-22T10:15:03Z"=>"fetchedAt":"2026-13-45" ; fetchedAt ; not an ISO-8601 instant
      "url":"https://mastodon.social/@a/109872345"=>"url":"ftp://x/y" ; url ; must be an absolute http(s) URL
      "url":"https://mastodon.social/@a/109872345"=>"url":"http://a b" ; url ; not a valid URL
      "lang":"fr"=>"lang":"French"                 ; lang        ; must be an ISO 639 code
      "followers":1200=>"followers":-5             ; author.followers ; must be >= 0, was -5
      "followers":1200=>"followers":"many"         ; author.followers ; must be an integer
      "verified":false=>"verified":"no"            ; author.verified ; must be true or false
      "verified":false=>"verified":false,"karma":3 ; author.karma ; unknown field
      "id":"42","handle":"@claire",               ; author      ; an author needs an id or a handle
      "likes":3=>"likes":-1                        ; engagement.likes ; must be >= 0
      "replies":0=>"replies":1.5                   ; engagement.replies ; must be an integer
      "v":1=>"v":2                                 ; v           ; unsupported schema version 2
      "v":1=>"v":"one"                             ; v           ; must be an integer
      "inReplyTo":null=>"inReplyTo":""             ; inReplyTo   ; must not be blank when present
      "engagement":{"likes":3,"shares":1,"replies":0}=>"engagement":[1,2] ; engagement ; must be an object, was an array
      """)
  void reportsFieldAndReason(String edit, String field, String reason) {
    String json;
    if (edit.contains("=>")) {
      String[] fromTo = edit.split("=>", 2);
      assertThat(FULL).contains(fromTo[0]);
      json = FULL.replace(fromTo[0], fromTo[1]);
    } else {
      assertThat(FULL).contains(edit);
      json = FULL.replace(edit, "");
    }
    assertThatThrownBy(() -> MentionJson.read(json))
        .isInstanceOf(InvalidRecordException.class)
        .satisfies(e -> {
          InvalidRecordException ire = (InvalidRecordException) e;
          assertThat(ire.field()).isEqualTo(field);
          assertThat(ire.reason()).contains(reason);
          assertThat(ire.getMessage()).startsWith(field + ": ");
        });
  }

  @Test
  void theIssueExampleMessage() {
    assertThatThrownBy(() -> MentionJson.read(FULL.replace("2026-11-22T10:15:00Z", "22/11/2026")))
        .hasMessageStartingWith("publishedAt: not an ISO-8601 instant");
  }

  @Test
  void rejectsWhatIsNotAMentionObject() {
    assertThatThrownBy(() -> MentionJson.read("{\"id\":")).isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> MentionJson.read("[1,2]")).hasMessageContaining("must be a JSON object, was an array");
    assertThatThrownBy(() -> MentionJson.read("")).hasMessageContaining("empty record");
    assertThatThrownBy(() -> MentionJson.read((byte[]) null)).hasMessageContaining("empty record");
    assertThatThrownBy(() -> MentionJson.read(FULL + " {}")).hasMessageContaining("not valid JSON");
  }

  @Test
  void rejectsOversizedFields() {
    String longText = "a".repeat(100_001);
    assertThatThrownBy(() -> MentionJson.read(FULL.replace("Encore une panne chez @nuvia 😡 #NuviaDown", longText)))
        .hasMessage("text: longer than 100000 characters");
    String longId = "x:" + "1".repeat(600);
    assertThatThrownBy(() -> MentionJson.read(FULL.replace("mastodon:109872345", longId)))
        .hasMessage("id: longer than 512 characters");
  }

  @Test
  void writesUtf8AndOmitsAbsentOptionals() {
    Mention m = Mention.of("x:1", "x", "Génial ✨", Instant.parse("2026-11-02T08:00:00Z"));
    String json = new String(MentionJson.write(m), StandardCharsets.UTF_8);
    assertThat(json).contains("Génial ✨").doesNotContain("\"url\"").doesNotContain("\"author\"");
    assertThat(MentionJson.toTree(m).get("engagement")).isNotNull();
    assertThat(m.extra()).isEqualTo(Map.of());
  }
}
