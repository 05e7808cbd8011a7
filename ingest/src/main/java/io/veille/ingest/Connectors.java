package io.veille.ingest;

import io.veille.ingest.bluesky.BlueskyConnectorFactory;
import io.veille.ingest.facebook.FacebookConnectorFactory;
import io.veille.ingest.hackernews.HackerNewsConnectorFactory;
import io.veille.ingest.mastodon.MastodonConnectorFactory;
import io.veille.ingest.replay.FileConnector;
import io.veille.ingest.reddit.RedditConnectorFactory;
import io.veille.ingest.rss.RssConnectorFactory;
import io.veille.ingest.x.XConnectorFactory;
import io.veille.ingest.spi.ConnectorFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The connector types that ingest.yml may name. */
public final class Connectors {
  private Connectors() {}

  public static Map<String, ConnectorFactory> factories() {
    Map<String, ConnectorFactory> m = new LinkedHashMap<>();
    for (ConnectorFactory f : List.<ConnectorFactory>of(
        new FileConnector.Factory(),
        new RssConnectorFactory(),
        new MastodonConnectorFactory(),
        new HackerNewsConnectorFactory(),
        new BlueskyConnectorFactory(),
        new RedditConnectorFactory(),
        new XConnectorFactory(),
        new FacebookConnectorFactory())) {
      m.put(f.type(), f);
    }
    return m;
  }
}
