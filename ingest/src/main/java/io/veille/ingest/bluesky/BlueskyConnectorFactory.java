package io.veille.ingest.bluesky;

import io.veille.ingest.spi.SourceKey;
import io.veille.ingest.spi.SourceSettings;
import io.veille.ingest.http.HttpFetcher;
import io.veille.ingest.spi.Connector;
import io.veille.ingest.spi.ConnectorFactory;
import java.time.InstantSource;
import java.util.List;

/** {@code type: bluesky}: posts from the Jetstream firehose that contain one of the keywords. */
public final class BlueskyConnectorFactory implements ConnectorFactory {
  @Override
  public String type() {
    return "bluesky";
  }

  @Override
  public String description() {
    return "Bluesky: new posts from a Jetstream WebSocket, kept when they contain a keyword (no account needed)";
  }

  @Override
  public List<SourceKey<?>> keys() {
    return BlueskySettings.KEYS;
  }

  @Override
  public List<Connector> create(String name, SourceSettings settings) {
    BlueskySettings s = BlueskySettings.from(settings);
    return List.of(new JetstreamConnector(name, s, new HttpFetcher(s.timeout(), "Veille/0.1").client(),
        InstantSource.system()));
  }
}
