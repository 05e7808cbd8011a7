package io.veille.ingest.hackernews;

import io.veille.ingest.spi.SourceKey;
import io.veille.ingest.spi.SourceSettings;
import io.veille.ingest.http.HttpFetcher;
import io.veille.ingest.spi.Connector;
import io.veille.ingest.spi.ConnectorFactory;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;

/**
 * {@code type: hackernews}; its keys are declared below ({@link #keys()}): a query, Algolia tags
 * (story and comment by default), how far back the first run goes and how much it re-asks.
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

  static final SourceKey<String> QUERY = SourceKey.string("query", "the search terms (Algolia syntax)");
  static final SourceKey<List<String>> TAGS = SourceKey.list("tags", false,
      "story, comment (default: both), poll, pollopt, show_hn, ask_hn, front_page, author_NAME or story_ID");
  static final SourceKey<Duration> INTERVAL = SourceKey.duration("interval", Duration.ofMinutes(1), "time between searches");
  static final SourceKey<Integer> HITS_PER_PAGE = SourceKey.integer("hits-per-page", 100, 1, 1000, "hits asked per page");
  static final SourceKey<Duration> BACKFILL = SourceKey.duration("backfill", Duration.ofHours(1), "how far back the first run starts");
  static final SourceKey<Duration> OVERLAP = SourceKey.duration("overlap", Duration.ofSeconds(60),
      "re-asked window for hits indexed late (duplicates are dropped)");
  static final SourceKey<Duration> TIMEOUT = SourceKey.duration("timeout", Duration.ofSeconds(15),
      "per HTTP call, the body included");
  static final SourceKey<Long> MAX_BODY = HttpFetcher.maxBodyKey("max-body");
  static final SourceKey<String> BASE_URL = SourceKey.url("base-url", "https://hn.algolia.com", "the Algolia API's base URL");

  @Override
  public List<SourceKey<?>> keys() {
    return List.of(QUERY, TAGS, INTERVAL, HITS_PER_PAGE, BACKFILL, OVERLAP, TIMEOUT, MAX_BODY, BASE_URL);
  }

  @Override
  public List<Connector> create(String name, SourceSettings s) {
    String query = s.get(QUERY);
    List<String> tags = s.get(TAGS);
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
    var settings = new HackerNewsConnector.Settings(name, s.get(BASE_URL), query, tags, s.get(HITS_PER_PAGE), s.get(INTERVAL),
        s.get(BACKFILL), s.get(OVERLAP));
    HttpFetcher http = new HttpFetcher(s.get(TIMEOUT), "Veille/0.1 (+https://github.com/veille)")
        .withMaxBody(s.get(MAX_BODY), MAX_BODY.name());
    return List.of(new HackerNewsConnector(settings, http, InstantSource.system()));
  }
}
