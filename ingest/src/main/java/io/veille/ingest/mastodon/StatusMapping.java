package io.veille.ingest.mastodon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veille.common.json.Json;
import io.veille.common.model.Author;
import io.veille.common.model.Engagement;
import io.veille.common.model.InvalidRecordException;
import io.veille.common.model.Mention;
import io.veille.common.text.HtmlText;
import io.veille.common.text.LangTag;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps a Mastodon Status entity to a mention. Ids are the instance's status ids, scoped by the
 * instance's host ({@code mastodon:mastodon.social:113...}) since another instance numbers the
 * same post differently; replies and boosts point to ids of the same form. The author is the
 * account's full address ({@code @alice@example.social}) with its follower count. Content is HTML:
 * it is turned into plain text, after the content warning when there is one. A boost ({@code
 * reblog}) keeps the booster as author and the boosted post's text, with {@code sharedFrom}.
 */
final class StatusMapping {
  private StatusMapping() {}

  static final String SOURCE = "mastodon";

  static String mentionId(String host, String statusId) {
    return SOURCE + ":" + host + ":" + statusId;
  }

  /** The status id, or null when it has none usable. */
  static String statusId(JsonNode status) {
    JsonNode n = status == null ? null : status.get("id");
    return n != null && (n.isTextual() || n.isIntegralNumber()) && !n.asText().isBlank() ? n.asText().trim() : null;
  }

  static Mention map(JsonNode s, String host) {
    if (s == null || !s.isObject()) {
      throw new InvalidRecordException("", "a status must be a JSON object");
    }
    String id = statusId(s);
    if (id == null) {
      throw new InvalidRecordException("id", "required");
    }
    Instant created = instant(s, "created_at");
    JsonNode reblog = s.get("reblog");
    boolean boost = reblog != null && reblog.isObject();
    JsonNode shown = boost ? reblog : s;
    String text = text(shown);
    String url = textual(s, "url");
    if (url == null && boost) {
      url = textual(reblog, "url");
    }
    if (url == null) {
      String uri = textual(s, "uri");
      url = uri != null && uri.startsWith("http") ? uri : null;
    }
    String lang = LangTag.normalize(textual(shown, "language"));
    Author author;
    try {
      author = account(s.get("account"), host);
    } catch (InvalidRecordException e) {
      throw e.field().startsWith("account") ? e : e.nestedUnder("account");
    }
    Engagement e = new Engagement(count(s, "favourites_count"), count(s, "reblogs_count"), count(s, "replies_count"));
    String replyTo = textual(s, "in_reply_to_id");
    String sharedFrom = boost ? statusId(reblog) : null;

    ObjectNode extra = Json.MAPPER.createObjectNode();
    extra.put("instance", host);
    String uri = textual(s, "uri");
    if (uri != null) {
      extra.put("uri", uri);
    }
    List<String> tags = new ArrayList<>();
    shown.path("tags").forEach(t -> {
      if (t.hasNonNull("name")) {
        tags.add(t.get("name").asText());
      }
    });
    if (!tags.isEmpty()) {
      ArrayNode a = extra.putArray("tags");
      tags.forEach(a::add);
    }
    if (s.path("account").path("bot").asBoolean(false)) {
      extra.put("bot", true);
    }
    return new Mention(Mention.SCHEMA_VERSION, mentionId(host, id), SOURCE, url, lang, text, created, null, author, e,
        replyTo == null ? null : mentionId(host, replyTo), sharedFrom == null ? null : mentionId(host, sharedFrom),
        Map.of(SOURCE, extra));
  }

  private static String text(JsonNode s) {
    String content = HtmlText.toText(textual(s, "content"));
    String warning = textual(s, "spoiler_text");
    StringBuilder sb = new StringBuilder();
    if (warning != null && !warning.isBlank()) {
      sb.append(warning.strip());
    }
    if (content != null && !content.isBlank()) {
      sb.append(sb.isEmpty() ? "" : "\n\n").append(content);
    }
    if (sb.isEmpty()) {
      // a media-only post: its image descriptions are its words
      for (JsonNode m : s.path("media_attachments")) {
        String d = m.hasNonNull("description") ? m.get("description").asText().strip() : "";
        if (!d.isEmpty()) {
          sb.append(sb.isEmpty() ? "" : "\n").append(d);
        }
      }
    }
    if (sb.isEmpty()) {
      throw new InvalidRecordException("content", "empty (no text, content warning or media description)");
    }
    return sb.length() <= 100_000 ? sb.toString() : sb.substring(0, 100_000);
  }

  private static Author account(JsonNode a, String host) {
    if (a == null || a.isNull()) {
      return null;
    }
    if (!a.isObject()) {
      throw new InvalidRecordException("account", "must be an object");
    }
    String acct = textual(a, "acct");
    if (acct == null || acct.isBlank()) {
      throw new InvalidRecordException("account.acct", "required");
    }
    String full = acct.contains("@") ? acct : acct + "@" + host;
    String name = textual(a, "display_name");
    return new Author(full, "@" + full, name == null || name.isBlank() ? null : name.strip(),
        count(a, "followers_count"), false);
  }

  private static Instant instant(JsonNode s, String f) {
    String v = textual(s, f);
    if (v == null) {
      throw new InvalidRecordException(f, "required");
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(v).toInstant();
      } catch (DateTimeParseException e2) {
        throw new InvalidRecordException(f, "not an ISO-8601 instant: '" + (v.length() <= 40 ? v : v.substring(0, 37) + "...") + "'");
      }
    }
  }

  private static String textual(JsonNode s, String f) {
    JsonNode n = s.get(f);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      if (n.isIntegralNumber()) {
        return n.asText();
      }
      throw new InvalidRecordException(f, "must be a string, was " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    return n.textValue().isBlank() ? null : n.textValue();
  }

  private static long count(JsonNode s, String f) {
    JsonNode n = s.get(f);
    if (n == null || n.isNull()) {
      return 0;
    }
    if (!n.isIntegralNumber() || n.asLong() < 0) {
      throw new InvalidRecordException(f, "must be a count >= 0, was " + n);
    }
    return n.asLong();
  }
}
