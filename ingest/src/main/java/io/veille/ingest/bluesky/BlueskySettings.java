package io.veille.ingest.bluesky;

import io.veille.ingest.spi.SourceKey;
import io.veille.ingest.spi.SourceSettings;
import java.time.Duration;
import java.util.List;

/**
 * A {@code type: bluesky} block of ingest.yml: a Jetstream instance and the keywords to keep.
 *
 * @param queue events buffered between the WebSocket and the runner (the socket pauses when full)
 * @param batch events drained per poll at most
 * @param checkpoint how often the cursor moves when no matching post came (each move is a Kafka transaction)
 */
public record BlueskySettings(String url, List<String> keywords, Duration timeout, int queue, int batch, Duration reconnect,
    Duration checkpoint) {

  static final SourceKey<String> URL = SourceKey.url("url", "wss://jetstream2.us-east.bsky.network/subscribe",
      "the Jetstream instance (ws:// or wss://, no query)");
  static final SourceKey<List<String>> KEYWORDS = SourceKey.list("keywords", true,
      "posts kept when they contain one: whole words, case and accents ignored; a phrase or a #hashtag");
  static final SourceKey<Integer> QUEUE = SourceKey.integer("queue", 5000, 10, 1_000_000,
      "events buffered between the socket and Kafka (the socket pauses when full)");
  static final SourceKey<Integer> BATCH = SourceKey.integer("batch", 500, 1, 100_000, "events handled per poll at most");
  static final SourceKey<Duration> CHECKPOINT = SourceKey.duration("checkpoint", Duration.ofSeconds(5),
      "how often the cursor moves when no post matched (each move is a Kafka transaction)");
  static final SourceKey<Duration> RECONNECT = SourceKey.duration("reconnect_delay", Duration.ofSeconds(1),
      "the retry policy's base: retry n waits a random time up to this x 2^(n-1), at most 64x");
  static final SourceKey<Duration> TIMEOUT = SourceKey.duration("timeout", Duration.ofSeconds(15), "WebSocket connect timeout");
  static final List<SourceKey<?>> KEYS = List.of(URL, KEYWORDS, QUEUE, BATCH, CHECKPOINT, RECONNECT, TIMEOUT);

  public static BlueskySettings from(SourceSettings s) {
    String url = s.get(URL);
    if (!url.startsWith("ws://") && !url.startsWith("wss://")) {
      throw s.error("url", "must be a ws:// or wss:// Jetstream URL, was '" + url + "'");
    }
    if (url.contains("?")) {
      throw s.error("url", "give the URL without query parameters (wantedCollections and cursor are added)");
    }
    return new BlueskySettings(url, s.get(KEYWORDS), s.get(TIMEOUT), s.get(QUEUE), s.get(BATCH), s.get(RECONNECT),
        s.get(CHECKPOINT));
  }
}
