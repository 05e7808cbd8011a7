package io.veille.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
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
    Mention m = readStreaming(json, null);
    return m != null ? m : readTree(json);
  }

  public static Mention read(String json) {
    if (json == null || json.isBlank()) {
      throw new InvalidRecordException("", "empty record");
    }
    Mention m = readStreaming(null, json);
    return m != null ? m : readTree(json);
  }

  /** The reference reader: the whole record as a Jackson tree, then {@link #fromTree}. */
  static Mention readTree(byte[] json) {
    if (json == null || json.length == 0) {
      throw new InvalidRecordException("", "empty record" + (json == null ? " (null value)" : ""));
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(json);
    } catch (IOException e) {
      String msg = e instanceof JsonProcessingException jpe ? syntaxError(jpe) : e.getMessage();
      throw new InvalidRecordException("", "not valid JSON: " + msg, e);
    }
    if (node == null || node.isMissingNode()) {
      throw new InvalidRecordException("", "empty record");
    }
    return fromTree(node);
  }

  /** The reference reader for text. */
  static Mention readTree(String json) {
    if (json == null || json.isBlank()) {
      throw new InvalidRecordException("", "empty record");
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidRecordException("", "not valid JSON: " + syntaxError(e), e);
    }
    return fromTree(node);
  }

  /** The parser's message and column; a broken stream constraint (nesting depth) has no location. */
  private static String syntaxError(JsonProcessingException e) {
    return e.getLocation() == null ? e.getOriginalMessage()
        : e.getOriginalMessage() + " at column " + e.getLocation().getColumnNr();
  }

  // ---- streaming reader -------------------------------------------------------------------------
  //
  // The hot path reads the tokens of the record once, without building a tree for the known fields
  // (unknown top-level fields are read as trees, as before). It only decides for well-typed
  // records: anything else it is not sure about (a syntax error, a wrong type, a null where a value
  // is needed, an unknown nested field, a non-object root, trailing tokens) returns null and the
  // caller re-reads the record with the tree reader, so errors are exactly those of readTree. When
  // every field has the expected JSON type, the checks below run in the order of fromTree, with the
  // same code, so the result (a Mention or the first broken rule) is the same.

  private static final ObjectReader SUBTREE = Json.MAPPER.readerFor(JsonNode.class)
      .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Field values of a well-typed author object. */
  record RawAuthor(String id, String handle, String name, long followers, boolean verified) {}

  /**
   * Reads {@code bytes} (or else {@code text}): returns the mention, throws the first broken rule, or
   * returns null to let readTree decide.
   */
  static Mention readStreaming(byte[] bytes, String text) {
    int v = Mention.SCHEMA_VERSION;
    String id = null;
    String source = null;
    String url = null;
    String lang = null;
    String txt = null;
    String publishedAt = null;
    String fetchedAt = null;
    RawAuthor author = null;
    Engagement engagement = null;
    String inReplyTo = null;
    String sharedFrom = null;
    Map<String, Object> extra = null;
    try (JsonParser p = bytes != null ? Json.MAPPER.getFactory().createParser(bytes)
        : Json.MAPPER.getFactory().createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String f;
      while ((f = p.nextFieldName()) != null) {
        JsonToken t = p.nextToken();
        switch (f) {
          case "v" -> {
            if (t != JsonToken.VALUE_NUMBER_INT || !fitsLong(p)) {
              return null;
            }
            v = (int) p.getLongValue();
          }
          case "id" -> {
            if (!isStringOrNull(t)) {
              return null;
            }
            id = str(p, t);
          }
          case "source" -> {
            if (!isStringOrNull(t)) {
              return null;
            }
            source = str(p, t);
          }
          case "url" -> {
            if (!isStringOrNull(t)) {
              return null;
            }
            url = str(p, t);
          }
          case "lang" -> {
            if (!isStringOrNull(t)) {
              return null;
            }
            lang = str(p, t);
          }
          case "text" -> {
            if (!isStringOrNull(t)) {
              return null;
            }
            txt = str(p, t);
          }
          case "publishedAt" -> {
            if (!isStringOrNull(t)) {
              return null;
            }
            publishedAt = str(p, t);
          }
          case "fetchedAt" -> {
            if (!isStringOrNull(t)) {
              return null;
            }
            fetchedAt = str(p, t);
          }
          case "inReplyTo" -> {
            if (!isStringOrNull(t)) {
              return null;
            }
            inReplyTo = str(p, t);
          }
          case "sharedFrom" -> {
            if (!isStringOrNull(t)) {
              return null;
            }
            sharedFrom = str(p, t);
          }
          case "author" -> {
            if (t == JsonToken.VALUE_NULL) {
              author = null;
            } else if (t == JsonToken.START_OBJECT) {
              author = fastAuthor(p);
              if (author == null) {
                return null;
              }
            } else {
              return null;
            }
          }
          case "engagement" -> {
            if (t == JsonToken.VALUE_NULL) {
              engagement = null;
            } else if (t == JsonToken.START_OBJECT) {
              long[] counts = fastEngagement(p);
              if (counts == null) {
                return null;
              }
              try {
                engagement = new Engagement(counts[0], counts[1], counts[2]);
              } catch (InvalidRecordException e) {
                return null; // a negative count: let the tree reader report it in its order
              }
            } else {
              return null;
            }
          }
          default -> {
            if (extra == null) {
              extra = new LinkedHashMap<>();
            }
            extra.put(f, SUBTREE.readTree(p));
          }
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        return null;
      }
    } catch (IOException | RuntimeException e) {
      return null; // not valid JSON, or something unusual: the tree reader reports it
    }
    return build(v, id, source, url, lang, txt, publishedAt, fetchedAt, author, engagement, inReplyTo, sharedFrom,
        extra);
  }

  /**
   * The checks of fromTree on well-typed values, in its order: instants, author, (engagement, built
   * by the caller), then the record's own. Shared by the streaming and the tree reader.
   */
  static Mention build(int v, String id, String source, String url, String lang, String txt, String publishedAt,
      String fetchedAt, RawAuthor author, Engagement engagement, String inReplyTo, String sharedFrom,
      Map<String, Object> extra) {
    Instant published = publishedAt == null ? null : instant(publishedAt, "publishedAt");
    Instant fetched = fetchedAt == null ? null : instant(fetchedAt, "fetchedAt");
    Author a = null;
    if (author != null) {
      try {
        a = new Author(author.id(), author.handle(), author.name(), author.followers(), author.verified());
      } catch (InvalidRecordException e) {
        throw e.field().startsWith("author") ? e : e.nestedUnder("author");
      }
    }
    return new Mention(v, id, source, url, lang, txt, published, fetched, a, engagement, inReplyTo, sharedFrom,
        extra);
  }

  private static String str(JsonParser p, JsonToken t) throws IOException {
    return t == JsonToken.VALUE_STRING ? p.getText() : null;
  }

  private static boolean isStringOrNull(JsonToken t) {
    return t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NULL;
  }

  private static boolean fitsLong(JsonParser p) throws IOException {
    JsonParser.NumberType nt = p.getNumberType();
    return nt == JsonParser.NumberType.INT || nt == JsonParser.NumberType.LONG;
  }

  /** Reads a well-typed author object (the parser is on its START_OBJECT), or returns null. */
  private static RawAuthor fastAuthor(JsonParser p) throws IOException {
    String id = null;
    String handle = null;
    String name = null;
    long followers = 0;
    boolean verified = false;
    String f;
    while ((f = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      switch (f) {
        case "id", "handle", "name" -> {
          if (!isStringOrNull(t)) {
            return null;
          }
          String s = str(p, t);
          switch (f) {
            case "id" -> id = s;
            case "handle" -> handle = s;
            default -> name = s;
          }
        }
        case "followers" -> {
          if (t == JsonToken.VALUE_NULL) {
            followers = 0;
          } else if (t == JsonToken.VALUE_NUMBER_INT && fitsLong(p)) {
            followers = p.getLongValue();
          } else {
            return null;
          }
        }
        case "verified" -> {
          if (t == JsonToken.VALUE_NULL || t == JsonToken.VALUE_FALSE) {
            verified = false;
          } else if (t == JsonToken.VALUE_TRUE) {
            verified = true;
          } else {
            return null;
          }
        }
        default -> {
          return null;
        }
      }
    }
    return p.currentToken() == JsonToken.END_OBJECT ? new RawAuthor(id, handle, name, followers, verified) : null;
  }

  /** Reads a well-typed engagement object (the parser is on its START_OBJECT), or returns null. */
  private static long[] fastEngagement(JsonParser p) throws IOException {
    long[] counts = new long[3];
    String f;
    while ((f = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      int i = switch (f) {
        case "likes" -> 0;
        case "shares" -> 1;
        case "replies" -> 2;
        default -> -1;
      };
      if (i < 0) {
        return null;
      }
      if (t == JsonToken.VALUE_NULL) {
        counts[i] = 0;
      } else if (t == JsonToken.VALUE_NUMBER_INT && fitsLong(p)) {
        counts[i] = p.getLongValue();
      } else {
        return null;
      }
    }
    return p.currentToken() == JsonToken.END_OBJECT ? counts : null;
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
    return instant(n.textValue(), f);
  }

  private static Instant instant(String text, String f) {
    Instant fast = io.veille.common.model.FastChecks.parseUtcInstant(text);
    if (fast != null) {
      return fast;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e2) {
        throw new InvalidRecordException(f, "not an ISO-8601 instant: '" + abbreviate(text) + "'");
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
