package io.veille.streams.index;

import io.veille.common.config.ConfigDef;
import io.veille.common.config.VeilleConfig;
import java.time.Duration;

/**
 * The mention index's settings, declared once.
 *
 * @param enabled whether {@code veille streams} runs the indexer and the search API
 * @param applicationId the indexer's own Kafka Streams application id (apart from the scoring topology's)
 * @param threads stream threads of the indexer
 * @param commitInterval how often each task's index commits (with its offset); also Streams' commit interval
 * @param refreshInterval how often new documents become searchable
 * @param httpHost where the search API listens
 * @param httpPort its port (0: any free port)
 * @param token the secret reference of the API's bearer token ({@code env:NAME}, {@code file:/path}); null: no auth
 * @param advertisedHost the host other instances reach this one's API at (null: {@code httpHost})
 * @param fanoutTimeout how long a search waits for another instance's part (connect and answer)
 */
public record IndexSettings(boolean enabled, String applicationId, int threads, Duration commitInterval,
    Duration refreshInterval, String httpHost, int httpPort, String token, String advertisedHost,
    Duration fanoutTimeout) {

  public static final ConfigDef.Key<Boolean> ENABLED = ConfigDef.bool("index.enabled", true,
      "Run the mention index (its own Kafka Streams application) and the search API with `veille streams`.");
  public static final ConfigDef.Key<String> APPLICATION_ID = ConfigDef.string("index.application.id", "veille-index",
      "Kafka Streams application id of the indexer: instances with the same id share the index's partitions.");
  public static final ConfigDef.Key<Integer> THREADS = ConfigDef.integer("index.threads", 1, 1, 64,
      "num.stream.threads of the indexer.");
  public static final ConfigDef.Key<Duration> COMMIT_INTERVAL = ConfigDef.duration("index.commit.interval",
      Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMinutes(10),
      "How often each partition's index commits to disk with its offset: after a crash, at most this much is re-indexed.");
  public static final ConfigDef.Key<Duration> REFRESH_INTERVAL = ConfigDef.duration("index.refresh.interval",
      Duration.ofMillis(100), Duration.ofMillis(10), Duration.ofSeconds(1),
      "How often newly indexed mentions become searchable (near-real-time refresh).");
  public static final ConfigDef.Key<String> HTTP_HOST = ConfigDef.string("index.http.host", "127.0.0.1",
      "Address the search API listens on (0.0.0.0: every interface).");
  public static final ConfigDef.Key<Integer> HTTP_PORT = ConfigDef.integer("index.http.port", 8090, 0, 65535,
      "Port of the search API (0: any free port).");
  public static final ConfigDef.Key<String> TOKEN = new ConfigDef.Key<>("index.http.token", String.class, null, false,
      s -> s, s -> true, "a secret reference: env:NAME or file:/path (checked at start, never echoed)",
      "Bearer token the search API requires (a reference, never the token itself); unset: no authentication.");

  public static final ConfigDef.Key<String> ADVERTISED_HOST = new ConfigDef.Key<>("index.http.advertised.host",
      String.class, null, false, s -> s, s -> !s.isBlank() && !s.contains(":") && !s.contains("/"), "a host name or address",
      "Host the other instances reach this instance's search API at (it goes into application.server with the API's "
          + "port); unset: index.http.host. Set it when index.http.host is 0.0.0.0.");
  public static final ConfigDef.Key<Duration> FANOUT_TIMEOUT = ConfigDef.duration("index.fanout.timeout",
      Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(2),
      "How long a search waits for another instance's part of the index (to connect, and for the whole answer; in an "
          + "export, for each next mention): past it the answer is partial.");

  public IndexSettings {
    if (applicationId == null || applicationId.isBlank()) {
      throw new IllegalArgumentException("index.application.id must not be blank");
    }
  }

  public static ConfigDef def() {
    return new ConfigDef().define(ENABLED).define(APPLICATION_ID).define(THREADS).define(COMMIT_INTERVAL)
        .define(REFRESH_INTERVAL).define(HTTP_HOST).define(HTTP_PORT).define(TOKEN).define(ADVERTISED_HOST)
        .define(FANOUT_TIMEOUT);
  }

  public static IndexSettings defaults() {
    return new IndexSettings(true, APPLICATION_ID.defaultValue(), 1, COMMIT_INTERVAL.defaultValue(),
        REFRESH_INTERVAL.defaultValue(), HTTP_HOST.defaultValue(), HTTP_PORT.defaultValue(), null, null,
        FANOUT_TIMEOUT.defaultValue());
  }

  public static IndexSettings from(VeilleConfig c) {
    return new IndexSettings(c.get(ENABLED), c.get(APPLICATION_ID), c.get(THREADS), c.get(COMMIT_INTERVAL),
        c.get(REFRESH_INTERVAL), c.get(HTTP_HOST), c.get(HTTP_PORT), c.get(TOKEN), c.get(ADVERTISED_HOST),
        c.get(FANOUT_TIMEOUT));
  }

  public IndexSettings withApplicationId(String id) {
    return new IndexSettings(enabled, id, threads, commitInterval, refreshInterval, httpHost, httpPort, token,
        advertisedHost, fanoutTimeout);
  }

  public IndexSettings withHttpPort(int port) {
    return new IndexSettings(enabled, applicationId, threads, commitInterval, refreshInterval, httpHost, port, token,
        advertisedHost, fanoutTimeout);
  }

  public IndexSettings withCommitInterval(Duration d) {
    return new IndexSettings(enabled, applicationId, threads, d, refreshInterval, httpHost, httpPort, token,
        advertisedHost, fanoutTimeout);
  }

  public IndexSettings withToken(String ref) {
    return new IndexSettings(enabled, applicationId, threads, commitInterval, refreshInterval, httpHost, httpPort, ref,
        advertisedHost, fanoutTimeout);
  }

  public IndexSettings withFanoutTimeout(Duration d) {
    return new IndexSettings(enabled, applicationId, threads, commitInterval, refreshInterval, httpHost, httpPort, token,
        advertisedHost, d);
  }

  /** The host other instances reach this one at. */
  public String advertised() {
    return advertisedHost == null ? httpHost : advertisedHost;
  }
}
