package io.veille.ingest.reddit;

import com.fasterxml.jackson.databind.JsonNode;
import io.veille.common.json.Json;
import io.veille.ingest.http.HttpFailure;
import io.veille.ingest.http.HttpFetcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reddit's OAuth API with an application-only token (client credentials), shared by the feeds of
 * one source block: one token (refreshed before it expires and once on a 401) and one view of the
 * rate limit ({@code X-Ratelimit-Remaining} / {@code X-Ratelimit-Reset}) so the feeds pause together.
 */
final class RedditClient {
  private static final Logger LOG = LoggerFactory.getLogger(RedditClient.class);

  private final RedditSettings settings;
  private final HttpFetcher http;
  private final InstantSource clock;
  private String token;
  private Instant tokenExpires = Instant.MIN;
  private volatile Instant pausedUntil = Instant.MIN;

  RedditClient(RedditSettings settings, HttpFetcher http, InstantSource clock) {
    this.settings = settings;
    this.http = http;
    this.clock = clock;
  }

  /** How long the shared rate limit still asks to wait (zero when requests may go). */
  Duration pause() {
    Duration d = Duration.between(clock.instant(), pausedUntil);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** GET an API path (with its query) as JSON; refreshes the token once on a 401. */
  JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
    String url = settings.apiUrl() + pathAndQuery;
    HttpFetcher.Response r;
    try {
      r = http.get(url, Map.of("Authorization", "Bearer " + token(false)));
    } catch (HttpFailure e) {
      if (e.status() != 401) {
        throw e;
      }
      LOG.info("reddit: token refused on {} (HTTP 401), asking for a new one", HttpFetcher.redact(url));
      r = http.get(url, Map.of("Authorization", "Bearer " + token(true)));
    }
    noteRateLimit(r);
    try {
      return Json.MAPPER.readTree(r.body());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new HttpFailure("GET " + HttpFetcher.redact(url) + ": response is not JSON (" + e.getOriginalMessage() + ")",
          r.status(), true, null, e);
    }
  }

  private void noteRateLimit(HttpFetcher.Response r) {
    String remaining = r.header("x-ratelimit-remaining").orElse(null);
    String reset = r.header("x-ratelimit-reset").orElse(null);
    if (remaining == null || reset == null) {
      return;
    }
    try {
      if (Double.parseDouble(remaining.trim()) < 1) {
        long s = (long) Math.ceil(Double.parseDouble(reset.trim()));
        pausedUntil = clock.instant().plusSeconds(Math.max(1, s));
        LOG.info("reddit: rate limit used up, pausing {} s", s);
      }
    } catch (NumberFormatException e) {
      LOG.debug("reddit: unreadable rate-limit headers remaining={} reset={}", remaining, reset);
    }
  }

  private synchronized String token(boolean renew) throws IOException, InterruptedException {
    if (!renew && token != null && clock.instant().isBefore(tokenExpires)) {
      return token;
    }
    String basic = Base64.getEncoder().encodeToString(
        (settings.clientId().reveal() + ":" + settings.clientSecret().reveal()).getBytes(StandardCharsets.UTF_8));
    HttpFetcher.Response r;
    try {
      r = http.postForm(settings.authUrl(), "grant_type=client_credentials", Map.of("Authorization", "Basic " + basic));
    } catch (HttpFailure e) {
      if (e.status() == 401 || e.status() == 403) {
        throw new HttpFailure("reddit: the token endpoint refused the app credentials (check client_id and client_secret): "
            + e.getMessage(), e.status(), false, null, e);
      }
      throw e;
    }
    JsonNode body = Json.MAPPER.readTree(r.body());
    String t = body.path("access_token").asText("");
    if (t.isEmpty()) {
      throw new HttpFailure("reddit: token endpoint answered without access_token (error: "
          + body.path("error").asText("none") + ")", r.status(), false, null, null);
    }
    long expiresIn = body.path("expires_in").asLong(3600);
    token = t;
    tokenExpires = clock.instant().plusSeconds(Math.max(60, expiresIn - 60));
    LOG.info("reddit: new app-only token, valid {} s", expiresIn);
    return token;
  }
}
