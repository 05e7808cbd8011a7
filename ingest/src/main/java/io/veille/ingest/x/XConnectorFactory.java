package io.veille.ingest.x;

import io.veille.ingest.spi.SourceKey;
import io.veille.ingest.spi.SourceSettings;
import io.veille.ingest.http.HttpFetcher;
import io.veille.ingest.runtime.Sleeper;
import io.veille.ingest.spi.Connector;
import io.veille.ingest.spi.ConnectorFactory;
import java.time.InstantSource;
import java.util.List;

/** {@code type: x}: X API v2 recent search ({@code <name>}) or filtered stream, with an app bearer token. */
public final class XConnectorFactory implements ConnectorFactory {
  @Override
  public String type() {
    return "x";
  }

  @Override
  public String description() {
    return "X / Twitter API v2: recent search polled with since_id, or the filtered stream (bearer token)";
  }

  @Override
  public List<SourceKey<?>> keys() {
    return XSettings.KEYS;
  }

  @Override
  public List<Connector> create(String name, SourceSettings settings) {
    XSettings s = XSettings.from(settings);
    return List.of(create(name, s, new HttpFetcher(s.timeout(), "Veille/0.1").withMaxBody(s.maxBody(), XSettings.MAX_BODY.name()), InstantSource.system()));
  }

  static Connector create(String name, XSettings s, HttpFetcher http, InstantSource clock) {
    return create(name, s, http, clock, Sleeper.REAL);
  }

  /** @param sleeper how the stream's reader waits before reconnecting */
  static Connector create(String name, XSettings s, HttpFetcher http, InstantSource clock, Sleeper sleeper) {
    XClient client = new XClient(s, http, clock);
    return s.mode().equals("stream") ? new XStreamConnector(name, s, client, sleeper) : new XSearchConnector(name, s, client);
  }
}
