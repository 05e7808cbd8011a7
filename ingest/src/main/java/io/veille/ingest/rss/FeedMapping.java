package io.veille.ingest.rss;

import io.veille.common.text.HtmlText;
import io.veille.common.text.LangTag;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veille.common.json.Json;
import io.veille.common.model.Author;
import io.veille.common.model.Engagement;
import io.veille.common.model.InvalidRecordException;
import io.veille.common.model.Mention;
import io.veille.common.model.MentionTime;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a feed entry to a mention. The native id is the guid (RSS), the id (Atom) or else the
 * link; an id that is an absolute URI (a permalink, {@code tag:}, {@code urn:}) is globally
 * unique and is used as is ({@code rss:https://blog.example/post}), any other is scoped by the
 * feed ({@code rss:<feed hash>:<guid>}). Text is the title and the description (or content),
 * HTML stripped. Language: the item's, else the feed's, else the configured default.
 */
final class FeedMapping {
  private FeedMapping() {}

  static final String SOURCE = "rss";
  private static final Pattern ABSOLUTE_URI = Pattern.compile("(?i)(https?://\\S+|tag:\\S+|urn:\\S+)");
  private static final Pattern RSS_AUTHOR = Pattern.compile("^(\\S+@\\S+)\\s*\\((.+)\\)$");

  /** Where an entry comes from: the feed, its language, the configured default and the fetch time. */
  record Context(String feedUrl, String feedKey, String feedLang, String defaultLang, Instant fetchedAt) {}

  /** The key an entry is deduplicated by: guid / id, else link, else a hash of its title and description. */
  static String nativeKey(FeedParser.Entry e) {
    if (e.guid() != null) {
      return e.guid();
    }
    if (e.link() != null) {
      return e.link();
    }
    return "sha256:" + sha256(e.title() + "\n" + e.summary() + "\n" + e.content() + "\n" + e.published(), 16);
  }

  static String mentionId(String key, String feedKey) {
    boolean printable = printable(key);
    if (printable && ABSOLUTE_URI.matcher(key).matches() && key.length() <= 500) {
      return SOURCE + ":" + key;
    }
    return SOURCE + ":" + feedKey + ":" + (printable && key.length() <= 200 ? key : "sha256:" + sha256(key, 32));
  }

  /** Whether a guid can be part of an id as it is: no control or format character, no line break, no lone surrogate. */
  private static boolean printable(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      int t = Character.getType(c);
      if (t == Character.CONTROL || t == Character.FORMAT || t == Character.SURROGATE || t == Character.UNASSIGNED
          || t == Character.PRIVATE_USE || t == Character.LINE_SEPARATOR || t == Character.PARAGRAPH_SEPARATOR) {
        if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
          i++;
          continue;
        }
        return false;
      }
    }
    return true;
  }

  static Mention map(FeedParser.Entry e, Context ctx) {
    return map(e, ctx, new java.util.ArrayList<>());
  }

  /** Maps one entry; a date that cannot be read adds a line to {@code warnings} (the item is kept). */
  static Mention map(FeedParser.Entry e, Context ctx, java.util.List<String> warnings) {
    String key = nativeKey(e);
    String title = e.title() == null ? null : ("text".equals(e.titleType()) ? e.title() : HtmlText.toText(e.title()));
    String body = HtmlText.toText(e.summary() != null ? e.summary() : e.content());
    String text = join(title, body);
    if (text == null) {
      throw new InvalidRecordException("title", "the item has neither a title nor a description");
    }
    if (text.length() > 100_000) {
      text = text.substring(0, 100_000);
    }
    Instant published;
    boolean estimated = false;
    String date = e.published() != null ? e.published() : e.updated();
    published = date == null ? null : FeedDates.parse(date);
    if (published != null && (published.isBefore(Instant.EPOCH)
        || published.isAfter(ctx.fetchedAt().plus(MentionTime.DEFAULT_MAX_FUTURE)))) {
      published = null; // a date that reads but cannot be true (a year 4, a clock far ahead)
    }
    if (published == null) {
      // never drop the item for its date: the fetch time is the best estimate we have, and it is marked
      published = ctx.fetchedAt();
      estimated = true;
      if (date != null) {
        warnings.add("feed " + ctx.feedUrl() + " item " + abbreviate(nativeKey(e)) + ": unreadable date '"
            + FeedDates.abbreviate(date.strip()) + "', fetch time used");
      }
    }
    String lang = LangTag.normalize(e.lang());
    if (lang == null) {
      lang = LangTag.normalize(ctx.feedLang());
    }
    if (lang == null) {
      lang = LangTag.normalize(ctx.defaultLang());
    }
    String link = e.link() != null ? e.link() : e.guidIsPermaLink() ? e.guid() : null;
    ObjectNode rss = Json.MAPPER.createObjectNode();
    rss.put("feed", ctx.feedUrl());
    if (!e.categories().isEmpty()) {
      ArrayNode a = rss.putArray("categories");
      e.categories().forEach(a::add);
    }
    if (estimated) {
      rss.put("publishedAtEstimated", true);
      if (date != null) {
        String r = date.strip();
        rss.put("publishedAtRaw", r.length() <= 100 ? r : r.substring(0, 100));
      }
    }
    return new Mention(Mention.SCHEMA_VERSION, mentionId(key, ctx.feedKey()), SOURCE, absolute(link, ctx.feedUrl()), lang,
        text, published, null, author(e.author()), new Engagement(0, 0, count(e.replies())),
        e.inReplyTo() == null ? null : mentionId(e.inReplyTo(), ctx.feedKey()), null, Map.of(SOURCE, rss));
  }

  /** A feed date ({@link FeedDates}); throws when it cannot be read. */
  static Instant parseDate(String raw) {
    Instant t = FeedDates.parse(raw);
    if (t == null) {
      throw FeedDates.unreadable(raw == null ? "" : raw);
    }
    return t;
  }

  /** RSS's {@code jdoe@example.com (John Doe)}, Atom's name, dc:creator's name. */
  static Author author(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String s = raw.strip();
    if (s.length() > 1000) {
      s = s.substring(0, 1000);
    }
    Matcher m = RSS_AUTHOR.matcher(s);
    if (m.matches()) {
      return new Author(null, m.group(1), m.group(2).strip(), 0, false);
    }
    return new Author(null, s, s, 0, false);
  }

  private static String absolute(String link, String feedUrl) {
    if (link == null) {
      return null;
    }
    try {
      URI u = URI.create(feedUrl).resolve(link.strip());
      return ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) && u.getHost() != null
          ? u.toString() : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static long count(String s) {
    if (s == null) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(s.strip()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String join(String title, String body) {
    boolean t = title != null && !title.isBlank();
    boolean b = body != null && !body.isBlank();
    if (t && b) {
      return body.startsWith(title.strip()) ? body : title.strip() + "\n\n" + body;
    }
    return t ? title.strip() : b ? body : null;
  }

  static String sha256(String s, int hexChars) {
    return sha256(s.getBytes(StandardCharsets.UTF_8), hexChars);
  }

  /**
   * Of bytes (a feed's body): a UTF-8 body hashes as the string it decodes to did, so the cursors
   * written when bodies were hashed as strings still recognise an unchanged feed.
   */
  static String sha256(byte[] bytes, int hexChars) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(d).substring(0, hexChars);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
