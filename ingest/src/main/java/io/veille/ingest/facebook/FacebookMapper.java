package io.veille.ingest.facebook;

import com.fasterxml.jackson.databind.JsonNode;
import io.veille.common.model.Author;
import io.veille.common.model.Engagement;
import io.veille.common.model.InvalidRecordException;
import io.veille.common.model.Mention;
import io.veille.ingest.spi.Item;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Maps Graph API posts and comments: {@code facebook:<id>} (a post id is {@code <page>_<post>}),
 * the permalink, reactions as likes, shares, comment counts as replies; a comment replies to its
 * parent comment or to its post. The page's own followers are known (one call to the page node);
 * other authors' are not (0). Facebook gives no language.
 */
final class FacebookMapper {
  static final String SOURCE = "facebook";
  static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

  private FacebookMapper() {}

  /** Graph's {@code 2026-11-22T10:15:00+0000}, or null when unreadable. */
  static Instant time(JsonNode n) {
    String s = n.asText("");
    try {
      return OffsetDateTime.parse(s, GRAPH_TIME).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  /** The page as an author (name and followers from the page node), or null when unknown. */
  static Author page(JsonNode pageNode) {
    if (pageNode == null || !pageNode.hasNonNull("id")) {
      return null;
    }
    long followers = pageNode.path("followers_count").asLong(pageNode.path("fan_count").asLong(0));
    return new Author(pageNode.get("id").asText(), pageNode.hasNonNull("username") ? pageNode.get("username").asText() : null,
        pageNode.path("name").asText(null), Math.max(0, followers), false);
  }

  static Item post(JsonNode p, JsonNode pageNode) {
    String id = p.path("id").asText("");
    try {
      checkId(id);
      Instant at = time(p.path("created_time"));
      if (at == null) {
        throw new InvalidRecordException("created_time", "missing or unreadable: '" + p.path("created_time").asText("") + "'");
      }
      String text = p.path("message").asText("");
      Engagement e = new Engagement(count(p.path("reactions").path("summary").path("total_count")),
          count(p.path("shares").path("count")), count(p.path("comments").path("summary").path("total_count")));
      Author author = author(p.path("from"), pageNode);
      return Item.of(new Mention(Mention.SCHEMA_VERSION, SOURCE + ":" + id, SOURCE, url(p), null, text, at, null, author, e,
          null, null, Map.of()));
    } catch (InvalidRecordException e) {
      return Item.rejected(p.toString(), e, "post " + (id.isEmpty() ? "(no id)" : id));
    }
  }

  static Item comment(JsonNode c, String postId, JsonNode pageNode) {
    String id = c.path("id").asText("");
    try {
      checkId(id);
      Instant at = time(c.path("created_time"));
      if (at == null) {
        throw new InvalidRecordException("created_time", "missing or unreadable: '" + c.path("created_time").asText("") + "'");
      }
      String parent = c.path("parent").path("id").asText(postId);
      Engagement e = new Engagement(count(c.path("like_count")), 0, count(c.path("comment_count")));
      return Item.of(new Mention(Mention.SCHEMA_VERSION, SOURCE + ":" + id, SOURCE, url(c), null, c.path("message").asText(""),
          at, null, author(c.path("from"), pageNode), e, SOURCE + ":" + parent, null, Map.of()));
    } catch (InvalidRecordException e) {
      return Item.rejected(c.toString(), e, "comment " + (id.isEmpty() ? "(no id)" : id));
    }
  }

  private static void checkId(String id) {
    if (!id.matches("[0-9_]{1,100}")) {
      throw new InvalidRecordException("id", "missing or not a Graph id: '" + id + "'");
    }
  }

  private static String url(JsonNode n) {
    String u = n.path("permalink_url").asText("");
    return u.startsWith("https://") ? u : null;
  }

  private static Author author(JsonNode from, JsonNode pageNode) {
    if (!from.hasNonNull("id")) {
      return null; // Graph hides commenters' identity unless the app may see it
    }
    Author page = page(pageNode);
    if (page != null && page.id().equals(from.get("id").asText())) {
      return page;
    }
    return new Author(from.get("id").asText(), null, from.path("name").asText(null), 0, false);
  }

  private static long count(JsonNode n) {
    return Math.max(0, n.asLong(0));
  }
}
