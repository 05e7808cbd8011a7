package io.veille.ingest.spi;


/**
 * A source of mentions. The runner calls {@link #poll} in a loop with the last stored cursor
 * ("" the first time); the connector fetches what comes after it and returns the items with the
 * next cursor. The runner publishes the items and the cursor in one Kafka transaction, so a crash
 * between the two neither loses nor repeats a page: after a restart the runner polls again from
 * the last committed cursor.
 *
 * <p>A poll may block (a long poll, a stream's buffer) but should return within a few seconds so
 * the runner can stop. Failures are thrown: the runner's retry policy retries the same cursor
 * after a jittered delay when they are retriable, and stops the connector ({@code failed} in
 * {@code /health}) when they are fatal ({@link io.veille.ingest.http.HttpFailure} 401, 404...) or
 * retries run out. A connector does not wait or back off on its own: a streaming one reconnects on
 * the poll after the failure. An item that cannot be mapped is returned as {@link Item#rejected}.
 */
public interface Connector extends AutoCloseable {

  /** Unique and stable across restarts: it keys the stored cursor (e.g. {@code rss-lemonde}). */
  String id();

  /** The source name written in the mentions ({@code rss}, {@code mastodon}, ...). */
  String source();

  Page poll(String cursor) throws Exception;

  /**
   * The base delay the runner's retry policy starts from for this connector (a streaming source's
   * {@code reconnect_delay}), or null for the runner's standard policy as is.
   */
  default java.time.Duration retryBase() {
    return null;
  }

  @Override
  default void close() throws Exception {}
}
