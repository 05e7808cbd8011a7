package io.veille.ingest.reddit;

import io.veille.ingest.spi.SourceKey;
import io.veille.ingest.spi.SourceSettings;
import io.veille.ingest.http.HttpFetcher;
import io.veille.ingest.reddit.RedditFeedConnector.Feed;
import io.veille.ingest.spi.Connector;
import io.veille.ingest.spi.ConnectorFactory;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code type: reddit}: one connector per listing of the block, {@code <name>-new-<sub>},
 * {@code <name>-comments-<sub>} and {@code <name>-search-<query slug>}, sharing one app-only token
 * and one rate-limit budget.
 */
public final class RedditConnectorFactory implements ConnectorFactory {
  @Override
  public String type() {
    return "reddit";
  }

  @Override
  public String description() {
    return "Reddit: new posts and comments of chosen subreddits, and searches sorted by new (app-only OAuth)";
  }

  @Override
  public List<SourceKey<?>> keys() {
    return RedditSettings.KEYS;
  }

  @Override
  public List<Connector> create(String name, SourceSettings settings) {
    RedditSettings s = RedditSettings.from(settings);
    return create(name, s, new HttpFetcher(s.timeout(), s.userAgent()).withMaxBody(s.maxBody(), RedditSettings.MAX_BODY.name()), InstantSource.system());
  }

  static List<Connector> create(String name, RedditSettings s, HttpFetcher http, InstantSource clock) {
    RedditClient client = new RedditClient(s, http, clock);
    List<Connector> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (String sub : s.subreddits()) {
      String low = sub.toLowerCase(Locale.ROOT);
      out.add(new RedditFeedConnector(unique(ids, name + "-new-" + low), Feed.NEW, sub, s, client));
      if (s.comments()) {
        out.add(new RedditFeedConnector(unique(ids, name + "-comments-" + low), Feed.COMMENTS, sub, s, client));
      }
    }
    for (String q : s.searches()) {
      out.add(new RedditFeedConnector(unique(ids, name + "-search-" + slug(q)), Feed.SEARCH, q, s, client));
    }
    return out;
  }

  static String slug(String q) {
    String s = java.text.Normalizer.normalize(q, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "")
        .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    s = s.length() > 40 ? s.substring(0, 40) : s;
    return s.isEmpty() ? Integer.toHexString(q.hashCode()) : s;
  }

  private static String unique(Set<String> ids, String id) {
    String out = id;
    for (int i = 2; !ids.add(out); i++) {
      out = id + "-" + i;
    }
    return out;
  }
}
