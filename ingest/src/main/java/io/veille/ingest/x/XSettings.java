package io.veille.ingest.x;

import io.veille.ingest.http.HttpFetcher;
import io.veille.ingest.spi.SourceKey;
import io.veille.ingest.spi.SourceSettings;
import io.veille.ingest.spi.SourceSettings.Secret;
import java.time.Duration;
import java.util.List;

/**
 * A {@code type: x} block of ingest.yml.
 *
 * @param mode {@code search} (recent search polled with since_id) or {@code stream} (filtered stream)
 * @param query the recent-search query (search mode; in stream mode the query used to fill gaps,
 *     by default the rules joined with OR)
 * @param rules filtered-stream rules this connector owns (tagged with the connector id)
 * @param backfill stream mode: after a restart, fill the gap since the last tweet with recent search
 * @param maxBody the most bytes a response body may hold (search, rules; not the stream)
 * @param stall stream mode: reconnect when not even a keep-alive came for this long (X sends one every 20 s)
 * @param reconnect stream mode: the first delay before reconnecting (doubles up to 64x; 429 waits at least a minute)
 */
public record XSettings(Secret bearer, String mode, String apiUrl, String query, List<String> rules, Duration interval,
    Duration timeout, long maxBody, int pageSize, int maxPages, int backfillPages, boolean backfill, int queue, int batch, Duration stall, Duration reconnect) {

  static final SourceKey<Secret> BEARER = SourceKey.secret("bearer_token", true, "a project app's bearer token");
  static final SourceKey<String> MODE = SourceKey.choice("mode", "search", List.of("search", "stream"),
      "recent search polled with since_id, or the filtered stream");
  static final SourceKey<String> QUERY = SourceKey.string("query", null,
      "search mode (required): the recent-search query; stream mode: the query that fills gaps (default: the rules ORed)");
  static final SourceKey<List<String>> RULES = SourceKey.list("rules", false,
      "stream mode (required): the filtered-stream rules, kept in sync, tagged with the connector id");
  static final SourceKey<Duration> INTERVAL = SourceKey.duration("interval", Duration.ofMinutes(1), "search mode: time between walks");
  static final SourceKey<Integer> PAGE_SIZE = SourceKey.integer("page_size", 100, 10, 100, "max_results");
  static final SourceKey<Integer> MAX_PAGES = SourceKey.integer("max_pages", 10, 1, 100, "pages per walk before accepting a gap");
  static final SourceKey<Integer> BACKFILL_PAGES = SourceKey.integer("backfill_pages", 1, 1, 100,
      "how far back the very first start goes");
  static final SourceKey<Boolean> BACKFILL = SourceKey.bool("backfill", true,
      "stream mode: after a restart, fill the gap with recent search");
  static final SourceKey<Integer> QUEUE = SourceKey.integer("queue", 1000, 10, 100_000,
      "stream mode: lines buffered between the stream and Kafka (reading stops when full)");
  static final SourceKey<Integer> BATCH = SourceKey.integer("batch", 200, 1, 10_000, "stream mode: lines handled per poll at most");
  static final SourceKey<Duration> STALL = SourceKey.duration("stall_timeout", Duration.ofSeconds(60),
      "stream mode: reconnect when not even X's 20 s keep-alive came for this long");
  static final SourceKey<Duration> RECONNECT = SourceKey.duration("reconnect_delay", Duration.ofSeconds(1),
      "stream mode: the retry policy's base (doubles up to 64x; a 429 waits at least a minute)");
  static final SourceKey<Duration> TIMEOUT = SourceKey.duration("timeout", Duration.ofSeconds(15),
      "per HTTP call, the body included (stream mode: the stream's connection, to its headers)");
  static final SourceKey<Long> MAX_BODY = HttpFetcher.maxBodyKey("max_body");
  static final SourceKey<String> API_URL = SourceKey.url("api_url", "https://api.x.com", "the API's base URL");
  static final List<SourceKey<?>> KEYS = List.of(BEARER, MODE, QUERY, RULES, INTERVAL, PAGE_SIZE, MAX_PAGES, BACKFILL_PAGES,
      BACKFILL, QUEUE, BATCH, STALL, RECONNECT, TIMEOUT, MAX_BODY, API_URL);

  public static XSettings from(SourceSettings s) {
    Secret bearer = s.get(BEARER);
    String mode = s.get(MODE);
    String api = s.get(API_URL);
    api = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
    List<String> rules = s.get(RULES);
    if (mode.equals("stream") && rules.isEmpty()) {
      throw s.error("rules", s.has("rules") ? "must not be empty" : "required (a list)");
    }
    String query = s.get(QUERY);
    if (mode.equals("search") && query == null) {
      throw s.error("query", "required in search mode (an X search query, e.g. '(acme OR #acme) -is:retweet')");
    }
    if (query == null && !rules.isEmpty()) {
      query = String.join(" OR ", rules.stream().map(r -> "(" + r + ")").toList());
    }
    if (query != null && query.length() > 4096) {
      throw s.error("query", "longer than 4096 characters");
    }
    return new XSettings(bearer, mode, api, query, rules, s.get(INTERVAL), s.get(TIMEOUT), s.get(MAX_BODY), s.get(PAGE_SIZE), s.get(MAX_PAGES),
        s.get(BACKFILL_PAGES), s.get(BACKFILL), s.get(QUEUE), s.get(BATCH), s.get(STALL), s.get(RECONNECT));
  }
}
