package io.veille.ingest.rss;

import io.veille.common.model.InvalidRecordException;
import io.veille.ingest.http.HttpFetcher;
import io.veille.ingest.spi.Connector;
import io.veille.ingest.spi.Item;
import io.veille.ingest.spi.Page;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RSS or Atom feed. Each poll is a conditional GET (If-None-Match / If-Modified-Since from the
 * cursor); a 304, or a body identical to the last one, is an empty page. The body is read as bytes
 * and decoded in the feed's own encoding ({@link FeedParser#parse(byte[], String)}: byte order
 * mark, XML declaration, Content-Type charset). Items whose key (guid, id or link, hashed) is in
 * the cursor's seen list are skipped, so an item is published once however often the feed
 * repeats it. A document that is not RSS or Atom, or whose bytes are not
 * valid in its encoding, goes to the DLQ once (its validators and hash are stored) and the
 * connector goes on polling.
 */
public final class RssConnector implements Connector {
  private static final Logger LOG = LoggerFactory.getLogger(RssConnector.class);
  private static final Map<String, String> ACCEPT = Map.of("Accept",
      "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5");

  /** One feed: the connector id, its URL, the poll interval and the language of items that say none. */
  public record Settings(String id, String feedUrl, Duration interval, String defaultLang) {
    public Settings {
      Objects.requireNonNull(id);
      Objects.requireNonNull(feedUrl);
    }
  }

  private final Settings settings;
  private final HttpFetcher http;
  private final InstantSource clock;
  private final String feedKey;

  public RssConnector(Settings settings, HttpFetcher http, InstantSource clock) {
    this.settings = settings;
    this.http = http;
    this.clock = clock;
    this.feedKey = FeedMapping.sha256(settings.feedUrl(), 8);
  }

  @Override
  public String id() {
    return settings.id();
  }

  @Override
  public String source() {
    return FeedMapping.SOURCE;
  }

  @Override
  public Page poll(String cursor) throws IOException, InterruptedException {
    RssCursor c = RssCursor.parse(cursor);
    HttpFetcher.BytesResponse r = http.getBytes(settings.feedUrl(), c.etag(), c.lastModified(), ACCEPT);
    if (r.notModified()) {
      LOG.trace("rss {}: not modified", id());
      return Page.empty(cursor, settings.interval());
    }
    byte[] body = r.bytes();
    String hash = FeedMapping.sha256(body, 32);
    if (hash.equals(c.bodyHash())) {
      RssCursor same = new RssCursor(r.etag(), r.lastModified(), hash, c.seen());
      return Page.empty(same.write(), settings.interval());
    }
    FeedParser.Feed feed;
    try {
      feed = FeedParser.parse(body, r.contentType());
    } catch (FeedParser.FeedFormatException e) {
      String raw = FeedParser.readable(body, r.contentType(), FeedParser.MAX_RAW);
      RssCursor next = new RssCursor(r.etag(), r.lastModified(), hash, c.seen());
      return new Page(List.of(Item.rejected(raw, "feed", e.getMessage(), "feed " + HttpFetcher.redact(settings.feedUrl()))),
          next.write(), settings.interval());
    }
    Set<String> seen = new HashSet<>(c.seen());
    List<String> inDocument = new ArrayList<>();
    List<Item> items = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    FeedMapping.Context ctx = new FeedMapping.Context(settings.feedUrl(), feedKey, feed.lang(), settings.defaultLang(),
        clock.instant());
    List<FeedParser.Entry> entries = feed.entries();
    for (int i = entries.size() - 1; i >= 0; i--) { // feeds list the newest first: publish the oldest first
      FeedParser.Entry e = entries.get(i);
      String key = FeedMapping.nativeKey(e);
      String hashedKey = FeedMapping.sha256(key, 16);
      inDocument.add(0, hashedKey);
      if (!seen.add(hashedKey)) {
        continue;
      }
      try {
        items.add(Item.of(FeedMapping.map(e, ctx, warnings)));
      } catch (InvalidRecordException ex) {
        items.add(Item.rejected(e.raw(), ex, "item " + abbreviate(key)));
      } catch (RuntimeException ex) {
        items.add(Item.rejected(e.raw(), "", "cannot map the item: " + ex, "item " + abbreviate(key)));
      }
    }
    RssCursor next = new RssCursor(r.etag(), r.lastModified(), hash, RssCursor.remember(inDocument, c.seen()));
    LOG.trace("rss {}: {} item(s) in the feed, {} new", id(), entries.size(), items.size());
    if (warnings.size() > MAX_WARNINGS) {
      int more = warnings.size() - MAX_WARNINGS;
      warnings.subList(MAX_WARNINGS, warnings.size()).clear();
      warnings.add("... and " + more + " more item(s) with an unreadable date");
    }
    return new Page(items, next.write(), settings.interval(), warnings);
  }

  /** Warnings reported per page, at most. */
  static final int MAX_WARNINGS = 20;

  @Override
  public void close() {
    // nothing held between polls: the HTTP client is shared and closes with the JVM
  }

  private static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }
}
