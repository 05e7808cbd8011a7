package io.veille.ingest.hackernews;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veille.common.json.Json;
import io.veille.common.model.Author;
import io.veille.common.model.Engagement;
import io.veille.common.model.InvalidRecordException;
import io.veille.common.model.Mention;
import io.veille.common.text.HtmlText;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Maps one hit of the Algolia Hacker News search API ({@code /api/v1/search_by_date}) to a
 * mention. Stories give their title (and {@code story_text} for Ask/Show HN), comments their
 * {@code comment_text} (HTML); {@code points} and {@code num_comments} are the engagement; a
 * comment replies to {@code parent_id}. Algolia gives no follower counts and no language.
 */
final class HnMapping {
  private HnMapping() {}

  static final String SOURCE = "hackernews";
  static final String ITEM_URL = "https://news.ycombinator.com/item?id=";

  static String mentionId(String objectId) {
    return SOURCE + ":" + objectId;
  }

  /** The hit's objectID, or null when it has none usable. */
  static String objectId(JsonNode hit) {
    JsonNode n = hit.get("objectID");
    if (n == null || !(n.isTextual() || n.isIntegralNumber()) || n.asText().isBlank()) {
      return null;
    }
    return n.asText().trim();
  }

  static Mention map(JsonNode hit) {
    if (!hit.isObject()) {
      throw new InvalidRecordException("", "a hit must be a JSON object");
    }
    String objectId = objectId(hit);
    if (objectId == null) {
      throw new InvalidRecordException("objectID", "required");
    }
    boolean comment = hasTag(hit, "comment") || (!hasTag(hit, "story") && hit.hasNonNull("comment_text"));
    String text;
    if (comment) {
      text = HtmlText.toText(textual(hit, "comment_text"));
      if (text == null || text.isBlank()) {
        throw new InvalidRecordException("comment_text", "missing or empty");
      }
    } else {
      String title = textual(hit, "title");
      if (title == null || title.isBlank()) {
        throw new InvalidRecordException("title", "missing or empty");
      }
      String body = HtmlText.toText(textual(hit, "story_text"));
      text = body == null || body.isBlank() ? title.strip() : title.strip() + "\n\n" + body;
    }
    Instant published = published(hit);
    String author = textual(hit, "author");
    Author a = author == null || author.isBlank() ? null : new Author(author, author, null, 0, false);
    Engagement e = new Engagement(count(hit, "points"), 0, count(hit, "num_comments"));
    String parent = comment && hit.hasNonNull("parent_id") ? mentionId(hit.get("parent_id").asText()) : null;

    ObjectNode hn = Json.MAPPER.createObjectNode();
    hn.put("type", comment ? "comment" : "story");
    if (hit.hasNonNull("story_id")) {
      hn.set("story_id", hit.get("story_id"));
    }
    String storyTitle = textual(hit, comment ? "story_title" : "title");
    if (storyTitle != null) {
      hn.put("story_title", storyTitle);
    }
    String link = textual(hit, comment ? "story_url" : "url");
    if (link != null && !link.isBlank()) {
      hn.put("link", link);
    }
    return new Mention(Mention.SCHEMA_VERSION, mentionId(objectId), SOURCE, ITEM_URL + objectId, null, text, published,
        null, a, e, parent, null, Map.of(SOURCE, hn));
  }

  private static Instant published(JsonNode hit) {
    JsonNode i = hit.get("created_at_i");
    if (i != null && !i.isNull()) {
      if (!i.canConvertToLong() || !i.isIntegralNumber() || i.asLong() <= 0) {
        throw new InvalidRecordException("created_at_i", "must be a positive integer (seconds since the epoch), was " + i);
      }
      return Instant.ofEpochSecond(i.asLong());
    }
    String s = textual(hit, "created_at");
    if (s == null) {
      throw new InvalidRecordException("created_at", "required (neither created_at_i nor created_at)");
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException ex) {
      throw new InvalidRecordException("created_at", "not an ISO-8601 instant: '" + s + "'");
    }
  }

  /** The hit's created_at_i, or -1 when absent or unreadable. */
  static long createdAt(JsonNode hit) {
    JsonNode i = hit.get("created_at_i");
    if (i != null && i.isIntegralNumber()) {
      return i.asLong();
    }
    try {
      return hit.hasNonNull("created_at") ? Instant.parse(hit.get("created_at").asText()).getEpochSecond() : -1;
    } catch (DateTimeParseException e) {
      return -1;
    }
  }

  private static boolean hasTag(JsonNode hit, String tag) {
    for (JsonNode t : hit.path("_tags")) {
      if (tag.equals(t.asText())) {
        return true;
      }
    }
    return false;
  }

  private static String textual(JsonNode hit, String f) {
    JsonNode n = hit.get(f);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw new InvalidRecordException(f, "must be a string, was " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    return n.textValue();
  }

  private static long count(JsonNode hit, String f) {
    JsonNode n = hit.get(f);
    if (n == null || n.isNull()) {
      return 0;
    }
    if (!n.isIntegralNumber()) {
      throw new InvalidRecordException(f, "must be an integer, was " + n);
    }
    // points can be negative on flagged items; engagement counts are >= 0
    return Math.max(0, n.asLong());
  }
}
