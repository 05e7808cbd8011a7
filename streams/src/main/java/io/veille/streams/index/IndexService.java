package io.veille.streams.index;

import io.veille.common.config.Secrets;
import io.veille.common.config.VeilleConfig;
import io.veille.common.http.Exchange;
import io.veille.common.http.HttpService;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indexer and its search API in one process: the HTTP server starts first (so its port, when 0, is known and
 * goes into the indexer's {@code application.server}), then the indexer; until the indexer is up the API answers 503.
 */
public final class IndexService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IndexService.class);

  private final HttpService http;
  private final IndexApp app;
  private final LocalIndex index;
  private final IndexCluster cluster;

  private IndexService(HttpService http, IndexApp app, LocalIndex index, IndexCluster cluster) {
    this.http = http;
    this.app = app;
    this.index = index;
    this.cluster = cluster;
  }

  public static IndexService start(VeilleConfig config, IndexSettings settings, Path stateDir, Secrets secrets)
      throws IOException {
    return start(config, settings, stateDir, secrets, Map.of());
  }

  /**
   * As {@link #start(VeilleConfig, IndexSettings, Path, Secrets)}, also serving {@code extraRoutes} on the API's
   * port (the process's {@code /health/live}, {@code /health/ready} and {@code /metrics}).
   */
  public static IndexService start(VeilleConfig config, IndexSettings settings, Path stateDir, Secrets secrets,
      Map<String, HttpService.Route> extraRoutes) throws IOException {
    String token = settings.token() == null ? null : secrets.resolve(IndexSettings.TOKEN.name(), settings.token()).reveal();
    AtomicReference<SearchApi> api = new AtomicReference<>();
    Map<String, HttpService.Route> routes = new LinkedHashMap<>();
    for (String path : SearchApi.PATHS) {
      routes.put(path, ex -> delegate(api.get(), path, ex));
    }
    routes.putAll(extraRoutes);
    HttpService http = HttpService.start(settings.httpHost(), settings.httpPort(), HttpService.Limits.DEFAULT, routes);
    IndexApp app;
    String endpoint = settings.advertised() + ":" + http.port();
    if (settings.advertised().equals("0.0.0.0") || settings.advertised().equals("::")) {
      LOG.warn("the search API listens on every interface and {} is unset: other instances cannot reach this one's "
          + "partitions at {} (their searches will be partial); set it to this host's name", IndexSettings.ADVERTISED_HOST.name(),
          endpoint);
    }
    try {
      app = IndexApp.start(config, settings, stateDir, endpoint);
    } catch (RuntimeException e) {
      http.close();
      throw e;
    }
    LocalIndex index = new LocalIndex(app.streams());
    IndexCluster cluster = new IndexCluster(index, endpoint, app.partitions(), token, settings.fanoutTimeout());
    api.set(new SearchApi(cluster, index, token));
    LOG.info("search API on http://{}:{}{} ({}); other instances reach it at {}", settings.httpHost(), http.port(),
        SearchApi.SEARCH, token == null ? "no authentication" : "bearer token from " + settings.token(), endpoint);
    return new IndexService(http, app, index, cluster);
  }

  private static void delegate(SearchApi api, String path, Exchange ex) throws IOException {
    if (api == null) {
      ex.answerHeader("Retry-After", "1").error(503, "the index is starting");
      return;
    }
    api.routes().get(path).handle(ex);
  }

  /** The API's base URL, e.g. {@code http://127.0.0.1:8090}. */
  public String url() {
    return "http://" + http.host() + ":" + http.port();
  }

  public int port() {
    return http.port();
  }

  public IndexApp app() {
    return app;
  }

  public LocalIndex index() {
    return index;
  }

  /** This instance's part of the index, and how it reaches the others. */
  public IndexCluster cluster() {
    return cluster;
  }

  /**
   * Stops answering HTTP (this instance's own searches and the other instances' fan-out) while the indexer keeps its
   * partitions: what {@link #close} does first. The other instances then answer partial for this one's partitions
   * until it leaves the group.
   */
  public void closeApi() {
    http.close();
  }

  @Override
  public void close() {
    http.close();
    cluster.close();
    app.close();
  }
}
