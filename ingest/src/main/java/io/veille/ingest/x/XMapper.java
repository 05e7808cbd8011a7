package io.veille.ingest.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.veille.common.model.Author;
import io.veille.common.model.Engagement;
import io.veille.common.model.InvalidRecordException;
import io.veille.common.model.Mention;
import io.veille.ingest.spi.Item;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps an API v2 tweet object, with the users of {@code includes.users}, to a mention:
 * {@code x:<id>}; the author's handle, name, followers and verified flag; likes, reposts + quotes,
 * replies; {@code replied_to} as inReplyTo and {@code retweeted} as sharedFrom (a quote keeps its
 * own text and names the quoted post in {@code quoted}); X's language unless it is one of its
 * pseudo-codes ({@code qme}, {@code qht}, {@code zxx}...).
 */
final class XMapper {
  static final String SOURCE = "x";

  private XMapper() {}

  static Map<String, JsonNode> users(JsonNode response) {
    Map<String, JsonNode> users = new HashMap<>();
    for (JsonNode u : response.path("includes").path("users")) {
      users.put(u.path("id").asText(), u);
    }
    return users;
  }

  /** The numeric id of a tweet, or -1 when it has none. */
  static long id(JsonNode tweet) {
    try {
      return Long.parseLong(tweet.path("id").asText(""));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static Item map(JsonNode t, Map<String, JsonNode> users) {
    String id = t.path("id").asText("");
    try {
      if (!id.matches("[0-9]{1,20}")) {
        throw new InvalidRecordException("id", "missing or not a tweet id: '" + id + "'");
      }
      String text = t.path("note_tweet").path("text").asText(t.path("text").asText(""));
      if (text.isBlank()) {
        throw new InvalidRecordException("text", "missing or blank");
      }
      Instant at;
      try {
        at = Instant.parse(t.path("created_at").asText(""));
      } catch (DateTimeParseException e) {
        throw new InvalidRecordException("created_at", "missing or not an ISO-8601 instant: '" + t.path("created_at").asText("") + "'");
      }
      JsonNode u = users.get(t.path("author_id").asText(""));
      Author author = null;
      String url = "https://x.com/i/web/status/" + id;
      if (u != null) {
        String username = u.path("username").asText(null);
        author = new Author(u.path("id").asText(null), username == null ? null : "@" + username, u.path("name").asText(null),
            Math.max(0, u.path("public_metrics").path("followers_count").asLong(0)), u.path("verified").asBoolean(false));
        if (username != null) {
          url = "https://x.com/" + username + "/status/" + id;
        }
      } else if (t.hasNonNull("author_id")) {
        author = new Author(t.get("author_id").asText(), null, null, 0, false);
      }
      JsonNode pm = t.path("public_metrics");
      Engagement e = new Engagement(Math.max(0, pm.path("like_count").asLong(0)),
          Math.max(0, pm.path("retweet_count").asLong(0) + pm.path("quote_count").asLong(0)),
          Math.max(0, pm.path("reply_count").asLong(0)));
      String inReplyTo = null;
      String sharedFrom = null;
      Map<String, Object> extra = new LinkedHashMap<>();
      for (JsonNode ref : t.path("referenced_tweets")) {
        String refId = SOURCE + ":" + ref.path("id").asText();
        switch (ref.path("type").asText("")) {
          case "replied_to" -> inReplyTo = refId;
          case "retweeted" -> sharedFrom = refId;
          case "quoted" -> extra.put("quoted", TextNode.valueOf(refId));
          default -> { }
        }
      }
      if (t.hasNonNull("conversation_id") && !t.get("conversation_id").asText().equals(id)) {
        extra.put("conversation", TextNode.valueOf(SOURCE + ":" + t.get("conversation_id").asText()));
      }
      return Item.of(new Mention(Mention.SCHEMA_VERSION, SOURCE + ":" + id, SOURCE, url, lang(t.path("lang").asText(null)),
          text, at, null, author, e, inReplyTo, sharedFrom, extra));
    } catch (InvalidRecordException e) {
      return Item.rejected(t.toString(), e, "item " + (id.isEmpty() ? "(no id)" : id));
    }
  }

  /** X's lang, or null for its pseudo-codes (q*, zxx, art) that are not languages; "und" stays. */
  static String lang(String l) {
    if (l == null || l.isBlank()) {
      return null;
    }
    String low = l.toLowerCase(java.util.Locale.ROOT);
    if (low.startsWith("q") || low.equals("zxx") || low.equals("art") || !low.matches("[a-z]{2,3}")) {
      return null;
    }
    return switch (low) {
      case "in" -> "id";
      case "iw" -> "he";
      default -> low;
    };
  }
}
