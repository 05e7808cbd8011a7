package io.veille.ingest.facebook;

import io.veille.ingest.spi.SourceKey;
import io.veille.ingest.spi.SourceSettings;
import io.veille.ingest.http.HttpFetcher;
import io.veille.ingest.spi.Connector;
import io.veille.ingest.spi.ConnectorFactory;
import java.time.InstantSource;
import java.util.List;

/** {@code type: facebook}: one page the user manages (posts and their comments), with its page token. */
public final class FacebookConnectorFactory implements ConnectorFactory {
  @Override
  public String type() {
    return "facebook";
  }

  @Override
  public String description() {
    return "Facebook pages: posts and comments of a page you manage (Graph API, page access token)";
  }

  @Override
  public List<SourceKey<?>> keys() {
    return FacebookSettings.KEYS;
  }

  @Override
  public List<Connector> create(String name, SourceSettings settings) {
    FacebookSettings s = FacebookSettings.from(settings);
    return List.of(create(name, s, new HttpFetcher(s.timeout(), "Veille/0.1").withMaxBody(s.maxBody(), FacebookSettings.MAX_BODY.name()), InstantSource.system()));
  }

  static Connector create(String name, FacebookSettings s, HttpFetcher http, InstantSource clock) {
    return new FacebookPageConnector(name, s, http, clock);
  }
}
