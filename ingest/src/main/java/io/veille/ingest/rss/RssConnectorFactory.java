package io.veille.ingest.rss;

import io.veille.ingest.config.SourceSettings;
import io.veille.ingest.http.HttpFetcher;
import io.veille.ingest.spi.Connector;
import io.veille.ingest.spi.ConnectorFactory;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * {@code type: rss}. Keys: {@code feeds} (required, a list of RSS or Atom URLs), {@code interval}
 * (default 5m), {@code language} (the language of items whose feed says none), {@code timeout}
 * (per HTTP call, default 15s). One connector per feed, with id {@code <name>-<8 hex of the URL's
 * hash>}, so reordering or adding feeds keeps every feed's cursor.
 */
public final class RssConnectorFactory implements ConnectorFactory {
  @Override
  public String type() {
    return "rss";
  }

  @Override
  public String description() {
    return "RSS 2.0 / RSS 1.0 / Atom feeds (news, blogs, forums), conditional GET, items deduplicated by guid or link";
  }

  @Override
  public List<Connector> create(String name, SourceSettings s) {
    List<String> feeds = s.list("feeds", true);
    Duration interval = s.duration("interval", Duration.ofMinutes(5));
    String lang = s.optionalString("language", null);
    if (lang != null && (LangTag.normalize(lang) == null || !LangTag.normalize(lang).equals(lang))) {
      throw s.error("language", "must be an ISO 639 code such as fr or en, was '" + lang + "'");
    }
    HttpFetcher http = new HttpFetcher(s.duration("timeout", Duration.ofSeconds(15)), "Veille/0.1 (+https://github.com/veille)");
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
