package io.veille.ingest.bluesky;

import io.veille.ingest.config.SourceSettings;
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

  public static BlueskySettings from(SourceSettings s) {
    String url = s.url("url", "wss://jetstream2.us-east.bsky.network/subscribe");
    if (!url.startsWith("ws://") && !url.startsWith("wss://")) {
      throw s.error("url", "must be a ws:// or wss:// Jetstream URL, was '" + url + "'");
    }
    if (url.contains("?")) {
      throw s.error("url", "give the URL without query parameters (wantedCollections and cursor are added)");
    }
    return new BlueskySettings(url, s.list("keywords", true), s.duration("timeout", Duration.ofSeconds(15)),
        s.integer("queue", 5000, 10, 1_000_000), s.integer("batch", 500, 1, 100_000),
        s.duration("reconnect_delay", Duration.ofSeconds(1)), s.duration("checkpoint", Duration.ofSeconds(5)));
  }
}
