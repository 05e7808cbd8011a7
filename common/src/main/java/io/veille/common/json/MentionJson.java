package io.veille.common.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veille.common.model.Author;
import io.veille.common.model.Engagement;
import io.veille.common.model.InvalidRecordException;
import io.veille.common.model.Mention;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes {@link Mention} as the v1 JSON of DESIGN.md. Reading reports the first broken
 * rule as an {@link InvalidRecordException} naming the field ({@code publishedAt: not an ISO-8601
 * instant}); fields this version does not know are kept in {@link Mention#extra()} and written back.
 */
public final class MentionJson {
  private MentionJson() {}

  private static final Set<String> KNOWN = Set.of("v", "id", "source", "url", "lang", "text", "publishedAt",
      "fetchedAt", "author", "engagement", "inReplyTo", "sharedFrom");
  private static final Set<String> AUTHOR_FIELDS = Set.of("id", "handle", "name", "followers", "verified");
  private static final Set<String> ENGAGEMENT_FIELDS = Set.of("likes", "shares", "replies");

  public static Mention read(byte[] json) {
    if (json == null || json.length == 0) {
      throw new InvalidRecordException("", "empty record" + (json == null ? " (null value)" : ""));
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(json);
    } catch (IOException e) {
      String msg = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() + " at column "
          + jpe.getLocation().getColumnNr() : e.getMessage();
      throw new InvalidRecordException("", "not valid JSON: " + msg, e);
    }
    if (node == null || node.isMissingNode()) {
      throw new InvalidRecordException("", "empty record");
    }
    return fromTree(node);
  }

  public static Mention read(String json) {
    if (json == null || json.isBlank()) {
      throw new InvalidRecordException("", "empty record");
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidRecordException("", "not valid JSON: " + e.getOriginalMessage()
          + " at column " + e.getLocation().getColumnNr(), e);
    }
    return fromTree(node);
  }

  public static Mention fromTree(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new InvalidRecordException("", "a mention must be a JSON object, was " + kind(node));
    }
    int v = node.has("v") ? (int) integer(node, "v", "v") : Mention.SCHEMA_VERSION;
    Map<String, Object> extra = new LinkedHashMap<>();
    node.properties().forEach(e -> {
      if (!KNOWN.contains(e.getKey())) {
        extra.put(e.getKey(), e.getValue());
      }
    });
    return new Mention(
        v,
        string(node, "id", "id"),
        string(node, "source", "source"),
        string(node, "url", "url"),
        string(node, "lang", "lang"),
        string(node, "text", "text"),
        instant(node, "publishedAt"),
        instant(node, "fetchedAt"),
        author(node.get("author")),
        engagement(node.get("engagement")),
        string(node, "inReplyTo", "inReplyTo"),
        string(node, "sharedFrom", "sharedFrom"),
        extra);
  }

  public static byte[] write(Mention m) {
    try {
      return Json.MAPPER.writeValueAsBytes(toTree(m));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String writeString(Mention m) {
    return new String(write(m), StandardCharsets.UTF_8);
  }

  public static ObjectNode toTree(Mention m) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("v", m.v());
    o.put("id", m.id());
    o.put("source", m.source());
    putIfPresent(o, "url", m.url());
    putIfPresent(o, "lang", m.lang());
    o.put("text", m.text());
    o.put("publishedAt", m.publishedAt().toString());
    if (m.fetchedAt() != null) {
      o.put("fetchedAt", m.fetchedAt().toString());
    }
    if (m.author() != null) {
      ObjectNode a = o.putObject("author");
      Author au = m.author();
      putIfPresent(a, "id", au.id());
      putIfPresent(a, "handle", au.handle());
      putIfPresent(a, "name", au.name());
      a.put("followers", au.followers());
      a.put("verified", au.verified());
    }
    ObjectNode e = o.putObject("engagement");
    e.put("likes", m.engagement().likes());
    e.put("shares", m.engagement().shares());
    e.put("replies", m.engagement().replies());
    putIfPresent(o, "inReplyTo", m.inReplyTo());
    putIfPresent(o, "sharedFrom", m.sharedFrom());
    m.extra().forEach((k, val) -> o.set(k, val instanceof JsonNode n ? n : Json.MAPPER.valueToTree(val)));
    return o;
  }

  private static void putIfPresent(ObjectNode o, String k, String v) {
    if (v != null) {
      o.put(k, v);
    }
  }

  private static Author author(JsonNode a) {
    if (a == null || a.isNull()) {
      return null;
    }
    if (!a.isObject()) {
      throw new InvalidRecordException("author", "must be an object, was " + kind(a));
    }
    rejectUnknown(a, AUTHOR_FIELDS, "author");
    try {
      return new Author(
          string(a, "id", "author.id"),
          string(a, "handle", "author.handle"),
          string(a, "name", "author.name"),
          a.has("followers") && !a.get("followers").isNull() ? integer(a, "followers", "author.followers") : 0,
          bool(a, "verified", "author.verified"));
    } catch (InvalidRecordException e) {
      throw e.field().startsWith("author") ? e : e.nestedUnder("author");
    }
  }

  private static Engagement engagement(JsonNode e) {
    if (e == null || e.isNull()) {
      return null;
    }
    if (!e.isObject()) {
      throw new InvalidRecordException("engagement", "must be an object, was " + kind(e));
    }
    rejectUnknown(e, ENGAGEMENT_FIELDS, "engagement");
    try {
      return new Engagement(
          optionalCount(e, "likes"), optionalCount(e, "shares"), optionalCount(e, "replies"));
    } catch (InvalidRecordException ex) {
      throw ex.field().startsWith("engagement") ? ex : ex.nestedUnder("engagement");
    }
  }

  private static long optionalCount(JsonNode e, String f) {
    return e.has(f) && !e.get(f).isNull() ? integer(e, f, "engagement." + f) : 0;
  }

  /** Nested objects are small and fully specified: an unknown key there is a typo, not a future field. */
  private static void rejectUnknown(JsonNode obj, Set<String> known, String path) {
    obj.fieldNames().forEachRemaining(f -> {
      if (!known.contains(f)) {
        throw new InvalidRecordException(path + "." + f, "unknown field (expected one of " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
      }
    });
  }

  private static String string(JsonNode node, String f, String path) {
    JsonNode n = node.get(f);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw new InvalidRecordException(path, "must be a string, was " + kind(n));
    }
    return n.textValue();
  }

  private static long integer(JsonNode node, String f, String path) {
    JsonNode n = node.get(f);
    if (n == null || n.isNull()) {
      throw new InvalidRecordException(path, "required");
    }
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new InvalidRecordException(path, "must be an integer, was " + kind(n) + (n.isValueNode() ? " " + n.asText() : ""));
    }
    return n.longValue();
  }

  private static boolean bool(JsonNode node, String f, String path) {
    JsonNode n = node.get(f);
    if (n == null || n.isNull()) {
      return false;
    }
    if (!n.isBoolean()) {
      throw new InvalidRecordException(path, "must be true or false, was " + kind(n));
    }
    return n.booleanValue();
  }

  private static Instant instant(JsonNode node, String f) {
    JsonNode n = node.get(f);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw new InvalidRecordException(f, "not an ISO-8601 instant (expected a string such as 2026-11-22T10:15:00Z, was " + kind(n) + ")");
    }
    Instant fast = io.veille.common.model.FastChecks.parseUtcInstant(n.textValue());
    if (fast != null) {
      return fast;
    }
    try {
      return Instant.parse(n.textValue());
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(n.textValue()).toInstant();
      } catch (DateTimeParseException e2) {
        throw new InvalidRecordException(f, "not an ISO-8601 instant: '" + abbreviate(n.textValue()) + "'");
      }
    }
  }

  private static String kind(JsonNode n) {
    if (n == null) {
      return "missing";
    }
    JsonNodeType t = n.getNodeType();
    return switch (t) {
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case BOOLEAN -> "a boolean";
      case NUMBER -> "a number";
      case STRING -> "a string";
      case NULL, MISSING -> "null";
      case BINARY -> "binary";
    };
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
