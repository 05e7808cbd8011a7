package io.veille.ingest.x;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.veille.common.json.Json;
import io.veille.ingest.http.HttpFailure;
import io.veille.ingest.http.HttpFetcher;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The X API v2 with an app bearer token: JSON GETs through {@link HttpFetcher}, the rate-limit
 * headers ({@code x-rate-limit-remaining}, {@code x-rate-limit-reset} in epoch seconds) turned into a
 * pause before the 429 comes, and the JSON POSTs of the stream-rules endpoint.
 */
final class XClient {
  private static final Logger LOG = LoggerFactory.getLogger(XClient.class);

  static final String TWEET_FIELDS = "tweet.fields=created_at,lang,public_metrics,conversation_id,referenced_tweets,author_id,note_tweet"
      + "&expansions=author_id&user.fields=username,name,public_metrics,verified";

  private final XSettings settings;
  private final HttpFetcher http;
  private final InstantSource clock;
  private volatile Instant pausedUntil = Instant.MIN;

  XClient(XSettings settings, HttpFetcher http, InstantSource clock) {
    this.settings = settings;
    this.http = http;
    this.clock = clock;
  }

  HttpFetcher http() {
    return http;
  }

  InstantSource clock() {
    return clock;
  }

  Map<String, String> auth() {
    return Map.of("Authorization", "Bearer " + settings.bearer().reveal());
  }

  Duration pause() {
    Duration d = Duration.between(clock.instant(), pausedUntil);
    return d.isNegative() ? Duration.ZERO : d;
  }

  JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
    String url = settings.apiUrl() + pathAndQuery;
    HttpFetcher.Response r = http.get(url, auth());
    String remaining = r.header("x-rate-limit-remaining").orElse(null);
    String reset = r.header("x-rate-limit-reset").orElse(null);
    if ("0".equals(remaining) && reset != null) {
      try {
        pausedUntil = Instant.ofEpochSecond(Long.parseLong(reset.trim()));
        LOG.info("x: rate limit window used up, pausing until {}", pausedUntil);
      } catch (NumberFormatException e) {
        LOG.debug("x: unreadable x-rate-limit-reset '{}'", reset);
      }
    }
    return parse(url, r.status(), r.body());
  }

  /** POST JSON (stream rules) through the fetcher: bounded like every call, errors as {@link HttpFailure}. */
  JsonNode postJson(String pathAndQuery, String json) throws IOException, InterruptedException {
    String url = settings.apiUrl() + pathAndQuery;
    HttpFetcher.Response r = http.post(url, "application/json", json, auth());
    return parse(url, r.status(), r.body());
  }

  private static JsonNode parse(String url, int status, String body) throws HttpFailure {
    try {
      return Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new HttpFailure("GET " + HttpFetcher.redact(url) + ": response is not JSON (" + e.getOriginalMessage() + ")",
          status, true, null, e);
    }
  }
}
