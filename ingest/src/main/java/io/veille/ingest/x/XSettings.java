package io.veille.ingest.x;

import io.veille.ingest.config.SourceSettings;
import io.veille.ingest.config.SourceSettings.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A {@code type: x} block of ingest.yml.
 *
 * @param mode {@code search} (recent search polled with since_id) or {@code stream} (filtered stream)
 * @param query the recent-search query (search mode; in stream mode the query used to fill gaps,
 *     by default the rules joined with OR)
 * @param rules filtered-stream rules this connector owns (tagged with the connector id)
 * @param backfill stream mode: after a restart, fill the gap since the last tweet with recent search
 * @param stall stream mode: reconnect when not even a keep-alive came for this long (X sends one every 20 s)
 * @param reconnect stream mode: the first delay before reconnecting (doubles up to 64x; 429 waits at least a minute)
 */
public record XSettings(Secret bearer, String mode, String apiUrl, String query, List<String> rules, Duration interval,
    Duration timeout, int pageSize, int maxPages, int backfillPages, boolean backfill, int queue, int batch, Duration stall, Duration reconnect) {

  public static XSettings from(SourceSettings s) {
    Secret bearer = s.secret("bearer_token", true);
    String mode = s.optionalString("mode", "search").toLowerCase(Locale.ROOT);
    if (!mode.equals("search") && !mode.equals("stream")) {
      throw s.error("mode", "must be search or stream, was '" + mode + "'");
    }
    String api = s.url("api_url", "https://api.x.com");
    api = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
    List<String> rules = s.list("rules", mode.equals("stream"));
    String query = s.optionalString("query", null);
    if (mode.equals("search") && query == null) {
      throw s.error("query", "required in search mode (an X search query, e.g. '(acme OR #acme) -is:retweet')");
    }
    if (query == null && !rules.isEmpty()) {
      query = String.join(" OR ", rules.stream().map(r -> "(" + r + ")").toList());
    }
    if (query != null && query.length() > 4096) {
      throw s.error("query", "longer than 4096 characters");
    }
    return new XSettings(bearer, mode, api, query, rules, s.duration("interval", Duration.ofMinutes(1)),
        s.duration("timeout", Duration.ofSeconds(15)), s.integer("page_size", 100, 10, 100), s.integer("max_pages", 10, 1, 100),
        s.integer("backfill_pages", 1, 1, 100), s.bool("backfill", true), s.integer("queue", 1000, 10, 100_000),
        s.integer("batch", 200, 1, 10_000), s.duration("stall_timeout", Duration.ofSeconds(60)),
        s.duration("reconnect_delay", Duration.ofSeconds(1)));
  }
}
