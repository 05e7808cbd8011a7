package io.veille.ingest.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.veille.common.model.Author;
import io.veille.common.model.InvalidRecordException;
import io.veille.common.model.Mention;
import io.veille.ingest.spi.Item;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a Jetstream commit of an {@code app.bsky.feed.post} record: {@code bluesky:<did>/<rkey>},
 * the bsky.app URL, the first of the record's {@code langs}, the reply's parent as inReplyTo, a
 * quoted post in {@code quoted}. Jetstream carries no handle, follower count or engagement (a post
 * is seen at its creation): the author is the DID with 0 followers.
 */
final class BlueskyMapper {
  static final String SOURCE = "bluesky";
  static final String POST = "app.bsky.feed.post";

  private BlueskyMapper() {}

  /** Whether the event is the creation of a post (other kinds, operations and collections are skipped). */
  static boolean isPostCreate(JsonNode e) {
    JsonNode c = e.path("commit");
    return "commit".equals(e.path("kind").asText()) && "create".equals(c.path("operation").asText())
        && POST.equals(c.path("collection").asText());
  }

  static String text(JsonNode e) {
    return e.path("commit").path("record").path("text").asText("");
  }

  static Item map(JsonNode e) {
    String did = e.path("did").asText("");
    JsonNode c = e.path("commit");
    String rkey = c.path("rkey").asText("");
    String where = "event " + e.path("time_us").asText("?") + " " + did + "/" + rkey;
    try {
      if (!did.startsWith("did:")) {
        throw new InvalidRecordException("did", "missing or not a DID: '" + did + "'");
      }
      if (!rkey.matches("[A-Za-z0-9._:~-]{1,512}")) {
        throw new InvalidRecordException("commit.rkey", "missing or not a record key: '" + rkey + "'");
      }
      JsonNode r = c.path("record");
      Instant at = instant(r.path("createdAt").asText(""));
      if (at == null) {
        throw new InvalidRecordException("commit.record.createdAt", "missing or not a date-time: '" + r.path("createdAt").asText("") + "'");
      }
      String lang = null;
      if (r.path("langs").isArray() && !r.path("langs").isEmpty()) {
        String l = r.path("langs").get(0).asText("").split("[-_]")[0].toLowerCase(Locale.ROOT);
        lang = l.matches("[a-z]{2,3}") ? l : null;
      }
      String inReplyTo = id(r.path("reply").path("parent").path("uri").asText(""));
      Map<String, Object> extra = new LinkedHashMap<>();
      JsonNode embed = r.path("embed");
      String quoted = switch (embed.path("$type").asText("")) {
        case "app.bsky.embed.record" -> id(embed.path("record").path("uri").asText(""));
        case "app.bsky.embed.recordWithMedia" -> id(embed.path("record").path("record").path("uri").asText(""));
        default -> null;
      };
      if (quoted != null) {
        extra.put("quoted", TextNode.valueOf(quoted));
      }
      return Item.of(new Mention(Mention.SCHEMA_VERSION, SOURCE + ":" + did + "/" + rkey, SOURCE,
          "https://bsky.app/profile/" + did + "/post/" + rkey, lang, r.path("text").asText(""), at, null,
          new Author(did, null, null, 0, false), null, inReplyTo, null, extra));
    } catch (InvalidRecordException ex) {
      return Item.rejected(e.toString(), ex, where);
    }
  }

  /** {@code at://<did>/app.bsky.feed.post/<rkey>} as a mention id, or null. */
  static String id(String atUri) {
    if (!atUri.startsWith("at://")) {
      return null;
    }
    String[] parts = atUri.substring(5).split("/");
    if (parts.length != 3 || !parts[1].equals(POST)) {
      return null;
    }
    return SOURCE + ":" + parts[0] + "/" + parts[2];
  }

  private static Instant instant(String s) {
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
