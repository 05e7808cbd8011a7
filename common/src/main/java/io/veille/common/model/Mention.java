package io.veille.common.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One public message that may talk about a watched brand: the data contract v1 (see DESIGN.md).
 *
 * <p>{@code id}, {@code source}, {@code text} and {@code publishedAt} are required; the rest is
 * optional. {@code extra} holds the JSON fields this version does not know, so that a newer
 * producer's data survives a round trip through an older service. Values in {@code extra} are
 * JSON trees ({@code com.fasterxml.jackson.databind.JsonNode}), kept opaque here.
 */
public record Mention(
    int v,
    String id,
    String source,
    String url,
    String lang,
    String text,
    Instant publishedAt,
    Instant fetchedAt,
    Author author,
    Engagement engagement,
    String inReplyTo,
    String sharedFrom,
    Map<String, Object> extra) {

  public static final int SCHEMA_VERSION = 1;

  public Mention {
    if (v != SCHEMA_VERSION) {
      throw new InvalidRecordException("v", "unsupported schema version " + v + " (this build reads " + SCHEMA_VERSION + ")");
    }
    Checks.required("id", id);
    if (id.length() > Checks.MAX_ID) {
      throw new InvalidRecordException("id", "longer than " + Checks.MAX_ID + " characters");
    }
    Checks.printable("id", id);
    Checks.required("source", source);
    if (!FastChecks.isSourceName(source)) {
      throw new InvalidRecordException("source", "must be a lower-case word of letters, digits, '-' or '_' (was '" + abbreviate(source) + "')");
    }
    url = Checks.optional("url", url, 4096);
    if (url != null && !FastChecks.isPlainHttpUrl(url)) {
      checkUrl(url);
    }
    lang = Checks.optional("lang", lang, 8);
    if (lang != null && !FastChecks.isLangCode(lang)) {
      throw new InvalidRecordException("lang", "must be an ISO 639 code such as fr or en, or und (was '" + abbreviate(lang) + "')");
    }
    if (text == null) {
      throw new InvalidRecordException("text", "required");
    }
    if (text.isBlank()) {
      throw new InvalidRecordException("text", "must not be blank");
    }
    if (text.length() > Checks.MAX_TEXT) {
      throw new InvalidRecordException("text", "longer than " + Checks.MAX_TEXT + " characters");
    }
    if (publishedAt == null) {
      throw new InvalidRecordException("publishedAt", "required");
    }
    Checks.inRange("publishedAt", publishedAt);
    if (fetchedAt != null) {
      Checks.inRange("fetchedAt", fetchedAt);
    }
    engagement = engagement == null ? Engagement.NONE : engagement;
    inReplyTo = Checks.optional("inReplyTo", inReplyTo, Checks.MAX_ID);
    if (inReplyTo != null) {
      Checks.printable("inReplyTo", inReplyTo);
    }
    sharedFrom = Checks.optional("sharedFrom", sharedFrom, Checks.MAX_ID);
    if (sharedFrom != null) {
      Checks.printable("sharedFrom", sharedFrom);
    }
    extra = extra == null || extra.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  /** A mention with the required fields only. */
  public static Mention of(String id, String source, String text, Instant publishedAt) {
    return new Mention(SCHEMA_VERSION, id, source, null, null, text, publishedAt, null, null, null, null, null, Map.of());
  }

  public Mention withId(String newId) {
    return new Mention(v, newId, source, url, lang, text, publishedAt, fetchedAt, author, engagement, inReplyTo, sharedFrom, extra);
  }

  public Mention withLang(String newLang) {
    return new Mention(v, id, source, url, newLang, text, publishedAt, fetchedAt, author, engagement, inReplyTo, sharedFrom, extra);
  }

  public Mention withAuthor(Author newAuthor) {
    return new Mention(v, id, source, url, lang, text, publishedAt, fetchedAt, newAuthor, engagement, inReplyTo, sharedFrom, extra);
  }

  public Mention withFetchedAt(Instant at) {
    return new Mention(v, id, source, url, lang, text, publishedAt, at, author, engagement, inReplyTo, sharedFrom, extra);
  }

  /** Reach of this mention: the author's followers, 0 when unknown. */
  public long reach() {
    return author == null ? 0 : author.followers();
  }

  public boolean isReshare() {
    return sharedFrom != null;
  }

  /** The full URL check {@link FastChecks#isPlainHttpUrl} shortcuts: throws when {@code url} is not an absolute http(s) URL with a host. */
  static void checkUrl(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || uri.getHost() == null) {
        throw new InvalidRecordException("url", "must be an absolute http(s) URL (was '" + abbreviate(url) + "')");
      }
    } catch (URISyntaxException e) {
      throw new InvalidRecordException("url", "not a valid URL: " + e.getReason());
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
