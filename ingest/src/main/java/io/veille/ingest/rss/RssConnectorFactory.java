package io.veille.ingest.rss;

import io.veille.common.text.LangTag;
import io.veille.ingest.spi.SourceKey;
import io.veille.ingest.spi.SourceSettings;
import io.veille.ingest.http.HttpFetcher;
import io.veille.ingest.spi.Connector;
import io.veille.ingest.spi.ConnectorFactory;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * {@code type: rss}; its keys are declared below ({@link #keys()}). One connector per feed, with id
 * {@code <name>-<8 hex of the URL's hash>}, so reordering or adding feeds keeps every feed's cursor.
 */
public final class RssConnectorFactory implements ConnectorFactory {
  @Override
  public String type() {
    return "rss";
  }

  @Override
  public String description() {
    return "RSS 0.9x-2.0 / RSS 1.0 (RDF) / Atom 0.3-1.0 feeds (news, blogs, forums), conditional GET, items deduplicated by guid or link";
  }

  static final SourceKey<List<String>> FEEDS = SourceKey.list("feeds", true, "RSS or Atom feed URLs, one connector each");
  static final SourceKey<Duration> INTERVAL = SourceKey.duration("interval", Duration.ofMinutes(5), "time between fetches of a feed");
  static final SourceKey<String> LANGUAGE = SourceKey.string("language", null,
      "the language (ISO 639 code) of items whose feed does not give one");
  static final SourceKey<Duration> TIMEOUT = SourceKey.duration("timeout", Duration.ofSeconds(15),
      "per HTTP call, the body included");
  static final SourceKey<Long> MAX_BODY = HttpFetcher.maxBodyKey("max-body");

  @Override
  public List<SourceKey<?>> keys() {
    return List.of(FEEDS, INTERVAL, LANGUAGE, TIMEOUT, MAX_BODY);
  }

  @Override
  public List<Connector> create(String name, SourceSettings s) {
    List<String> feeds = s.get(FEEDS);
    Duration interval = s.get(INTERVAL);
    String lang = s.get(LANGUAGE);
    if (lang != null && (LangTag.normalize(lang) == null || !LangTag.normalize(lang).equals(lang))) {
      throw s.error("language", "must be an ISO 639 code such as fr or en, was '" + lang + "'");
    }
    HttpFetcher http = new HttpFetcher(s.get(TIMEOUT), "Veille/0.1 (+https://github.com/veille)")
        .withMaxBody(s.get(MAX_BODY), MAX_BODY.name());
    List<Connector> out = new ArrayList<>();
    var unique = new HashSet<String>();
    for (int i = 0; i < feeds.size(); i++) {
      String url = feeds.get(i);
      s.checkUrl("feeds[" + i + "]", url);
      if (!unique.add(url)) {
        throw s.error("feeds[" + i + "]", "listed twice: " + url);
      }
      out.add(new RssConnector(new RssConnector.Settings(connectorId(name, url), url, interval, lang), http,
          InstantSource.system()));
    }
    return out;
  }

  static String connectorId(String name, String url) {
    return name + "-" + FeedMapping.sha256(url, 8);
  }
}
