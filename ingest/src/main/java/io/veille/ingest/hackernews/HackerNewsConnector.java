package io.veille.ingest.hackernews;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.veille.common.json.Json;
import io.veille.common.model.InvalidRecordException;
import io.veille.ingest.http.HttpFetcher;
import io.veille.ingest.spi.Connector;
import io.veille.ingest.spi.Item;
import io.veille.ingest.spi.Page;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hacker News through the Algolia search API, newest first ({@code /api/v1/search_by_date}),
 * filtered with {@code numericFilters=created_at_i>=since}. One poll fetches one page; a walk over
 * several pages moves its upper bound down to the oldest hit of the last page (keyset pagination,
 * falling back to the {@code page} number when a whole page shares one second), so hits indexed
 * during the walk shift nothing. See {@link HnCursor} for what the cursor holds.
 */
public final class HackerNewsConnector implements Connector {
  private static final Logger LOG = LoggerFactory.getLogger(HackerNewsConnector.class);

  /** What a Hacker News connector needs; see {@link HackerNewsConnectorFactory} for the keys. */
  public record Settings(String id, String baseUrl, String query, List<String> tags, int hitsPerPage,
      Duration interval, Duration backfill, Duration overlap) {
    public Settings {
      Objects.requireNonNull(id);
      baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
      tags = List.copyOf(tags);
    }
  }

  private final Settings settings;
  private final HttpFetcher http;
  private final InstantSource clock;

  public HackerNewsConnector(Settings settings, HttpFetcher http, InstantSource clock) {
    this.settings = settings;
    this.http = http;
    this.clock = clock;
  }

  @Override
  public String id() {
    return settings.id();
  }

  @Override
  public String source() {
    return HnMapping.SOURCE;
  }

  @Override
  public Page poll(String cursor) throws IOException, InterruptedException {
    HnCursor c = cursor.isEmpty()
        ? HnCursor.start(clock.instant().minus(settings.backfill()).getEpochSecond())
        : HnCursor.parse(cursor);
    String url = url(c);
    HttpFetcher.Response r = http.get(url, Map.of("Accept", "application/json"));
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(r.body());
    } catch (JsonProcessingException e) {
      throw new IOException("GET " + HttpFetcher.redact(url) + ": the response is not JSON: " + e.getOriginalMessage());
    }
    if (body == null || !body.path("hits").isArray()) {
      throw new IOException("GET " + HttpFetcher.redact(url) + ": the response has no 'hits' array");
    }
    JsonNode hits = body.get("hits");
    int nbPages = body.path("nbPages").asInt(0);

    Set<String> seen = new HashSet<>(c.seen());
    List<String> added = new ArrayList<>();
    List<Item> items = new ArrayList<>();
    long newest = Long.MIN_VALUE;
    long oldest = Long.MAX_VALUE;
    for (int i = hits.size() - 1; i >= 0; i--) { // oldest first
      JsonNode hit = hits.get(i);
      long t = HnMapping.createdAt(hit);
      if (t >= 0) {
        newest = Math.max(newest, t);
        oldest = Math.min(oldest, t);
      }
      String oid = HnMapping.objectId(hit);
      String key = oid != null ? oid : "raw:" + sha256(hit.toString());
      if (!seen.add(key)) {
        continue;
      }
      added.add(key);
      try {
        items.add(Item.of(HnMapping.map(hit)));
      } catch (InvalidRecordException e) {
        items.add(Item.rejected(hit.toString(), e, where(oid, i, c.page())));
      } catch (RuntimeException e) {
        items.add(Item.rejected(hit.toString(), "", "cannot map the hit: " + e, where(oid, i, c.page())));
      }
    }
    List<String> nextSeen = HnCursor.remember(c.seen(), added);
    long top = c.walking() ? c.top() : Math.max(c.since(), newest);
    boolean last = hits.isEmpty() || c.page() + 1 >= nbPages || oldest == Long.MAX_VALUE;
    HnCursor next;
    if (last) {
      next = new HnCursor(Math.max(c.since(), top), null, null, 0, nextSeen);
    } else if (c.until() == null || oldest < c.until()) {
      next = new HnCursor(c.since(), top, oldest, 0, nextSeen);
    } else {
      next = new HnCursor(c.since(), top, c.until(), c.page() + 1, nextSeen);
    }
    LOG.trace("hackernews {}: {} hit(s), {} new, page {}/{}", id(), hits.size(), added.size(), c.page() + 1, nbPages);
    return new Page(items, next.write(), last ? settings.interval() : Duration.ZERO);
  }

  @Override
  public void close() {
    // nothing held between polls: the HTTP client is shared and closes with the JVM
  }

  String url(HnCursor c) {
    StringBuilder filters = new StringBuilder("created_at_i>=").append(Math.max(0, c.since() - settings.overlap().toSeconds()));
    if (c.until() != null) {
      filters.append(",created_at_i<=").append(c.until());
    }
    StringBuilder u = new StringBuilder(settings.baseUrl()).append("/api/v1/search_by_date?query=")
        .append(enc(settings.query()));
    if (!settings.tags().isEmpty()) {
      u.append("&tags=").append(enc(settings.tags().size() == 1 ? settings.tags().get(0)
          : "(" + String.join(",", settings.tags()) + ")"));
    }
    u.append("&numericFilters=").append(enc(filters.toString()))
        .append("&hitsPerPage=").append(settings.hitsPerPage())
        .append("&page=").append(c.page());
    return u.toString();
  }

  private static String where(String objectId, int index, int page) {
    return objectId != null ? "item " + objectId : "hit " + index + " of page " + page;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String sha256(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
