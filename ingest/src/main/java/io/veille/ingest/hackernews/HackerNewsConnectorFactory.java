package io.veille.ingest.hackernews;

import io.veille.ingest.config.SourceSettings;
import io.veille.ingest.http.HttpFetcher;
import io.veille.ingest.spi.Connector;
import io.veille.ingest.spi.ConnectorFactory;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;

/**
 * {@code type: hackernews}. Keys: {@code query} (required, the search terms), {@code tags}
 * (story, comment, or both: the default; also any Algolia tag such as show_hn or author_pg),
 * {@code interval} (default 1m), {@code hits-per-page} (default 100), {@code backfill} (how far
 * back the first run starts, default 1h), {@code overlap} (re-asked seconds for late-indexed hits,
 * default 60s), {@code timeout} (per HTTP call, default 15s), {@code base-url} (default
 * https://hn.algolia.com).
 */
public final class HackerNewsConnectorFactory implements ConnectorFactory {
  private static final Set<String> TYPES = Set.of("story", "comment", "poll", "pollopt", "show_hn", "ask_hn", "front_page");

  @Override
  public String type() {
    return "hackernews";
  }

  @Override
  public String description() {
    return "Hacker News stories and comments matching a query (Algolia search_by_date API, no key needed)";
  }

  @Override
  public List<Connector> create(String name, SourceSettings s) {
    String query = s.string("query");
    List<String> tags = s.list("tags", false);
    for (int i = 0; i < tags.size(); i++) {
      String t = tags.get(i);
      if (!TYPES.contains(t) && !t.matches("(author|story)_[A-Za-z0-9_-]+")) {
        throw s.error("tags[" + i + "]", "unknown tag '" + t + "' (use " + String.join(", ", new java.util.TreeSet<>(TYPES))
            + ", author_NAME or story_ID)");
      }
    }
    if (tags.isEmpty()) {
      tags = List.of("story", "comment");
    }
    var settings = new HackerNewsConnector.Settings(name, s.url("base-url", "https://hn.algolia.com"), query, tags,
        s.integer("hits-per-page", 100, 1, 1000), s.duration("interval", Duration.ofMinutes(1)),
        s.duration("backfill", Duration.ofHours(1)), s.duration("overlap", Duration.ofSeconds(60)));
    HttpFetcher http = new HttpFetcher(s.duration("timeout", Duration.ofSeconds(15)), "Veille/0.1 (+https://github.com/veille)");
    return List.of(new HackerNewsConnector(settings, http, InstantSource.system()));
  }
}
