package io.veille.ingest.reddit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.veille.common.model.Author;
import io.veille.common.model.Engagement;
import io.veille.common.model.InvalidRecordException;
import io.veille.common.model.Mention;
import io.veille.ingest.spi.Item;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps a Listing child ({@code {"kind":"t3"|"t1","data":{...}}}) to a mention. Ids are the
 * fullname ({@code reddit:t3_1abcde}, {@code reddit:t1_kxyz12}); a comment replies to its
 * {@code parent_id}; a crosspost is shared from its {@code crosspost_parent}. Reddit gives no
 * follower counts for authors (0) and no language.
 */
final class RedditMapper {
  static final String SOURCE = "reddit";
  static final String WEB = "https://www.reddit.com";

  private RedditMapper() {}

  /** A child that is not worth a mention (deleted or removed content), or null. */
  static String skipReason(JsonNode child) {
    JsonNode d = child.path("data");
    String text = "t1".equals(child.path("kind").asText()) ? d.path("body").asText("") : d.path("selftext").asText("");
    if ("[deleted]".equals(text) || "[removed]".equals(text)) {
      return "t1".equals(child.path("kind").asText()) ? "deleted comment" : null;
    }
    return null;
  }

  static Item map(JsonNode child) {
    String kind = child.path("kind").asText("");
    JsonNode d = child.path("data");
    String name = d.path("name").asText("");
    String where = "item " + (name.isEmpty() ? "(no name)" : name);
    try {
      if (!kind.equals("t3") && !kind.equals("t1")) {
        throw new InvalidRecordException("kind", "expected t3 (post) or t1 (comment), was '" + kind + "'");
      }
      if (!name.matches("t[13]_[a-z0-9]+")) {
        throw new InvalidRecordException("data.name", "missing or not a fullname: '" + name + "'");
      }
      JsonNode created = d.get("created_utc");
      if (created == null || !created.isNumber()) {
        throw new InvalidRecordException("data.created_utc", "missing or not a number");
      }
      Instant at = Instant.ofEpochMilli(Math.round(created.asDouble() * 1000));
      String text;
      String inReplyTo = null;
      long replies;
      if (kind.equals("t3")) {
        String title = d.path("title").asText("");
        String self = d.path("selftext").asText("");
        if (title.isBlank() && self.isBlank()) {
          throw new InvalidRecordException("data.title", "post without title or text");
        }
        text = self.isBlank() ? title : title + "\n\n" + self;
        replies = nonNegative(d.path("num_comments").asLong(0));
      } else {
        text = d.path("body").asText("");
        if (text.isBlank()) {
          throw new InvalidRecordException("data.body", "comment without body");
        }
        String parent = d.path("parent_id").asText("");
        inReplyTo = parent.isEmpty() ? null : SOURCE + ":" + parent;
        replies = 0;
      }
      String sharedFrom = d.hasNonNull("crosspost_parent") ? SOURCE + ":" + d.get("crosspost_parent").asText() : null;
      String permalink = d.path("permalink").asText("");
      String url = permalink.startsWith("/") ? WEB + permalink : null;
      Author author = author(d);
      Engagement e = new Engagement(nonNegative(d.path("score").asLong(0)), nonNegative(d.path("num_crossposts").asLong(0)), replies);
      Map<String, Object> extra = new LinkedHashMap<>();
      if (d.hasNonNull("subreddit")) {
        extra.put("subreddit", TextNode.valueOf(d.get("subreddit").asText()));
      }
      return Item.of(new Mention(Mention.SCHEMA_VERSION, SOURCE + ":" + name, SOURCE, url, null, text, at, null, author, e,
          inReplyTo, sharedFrom, extra));
    } catch (InvalidRecordException e) {
      return Item.rejected(child.toString(), e, where);
    }
  }

  private static Author author(JsonNode d) {
    String user = d.path("author").asText("");
    if (user.isEmpty() || user.equals("[deleted]")) {
      return null;
    }
    String id = d.hasNonNull("author_fullname") ? d.get("author_fullname").asText() : null;
    try {
      return new Author(id, "u/" + user, user, 0, false);
    } catch (InvalidRecordException e) {
      throw e.nestedUnder("author");
    }
  }

  private static long nonNegative(long n) {
    return Math.max(0, n);
  }
}
