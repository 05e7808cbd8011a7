package io.veille.ingest.spi;

/**
 * A source of mentions. The runner calls {@link #poll} in a loop with the last stored cursor
 * ("" the first time); the connector fetches what comes after it and returns the items with the
 * next cursor. The runner publishes the items and the cursor in one Kafka transaction, so a crash
 * between the two neither loses nor repeats a page: after a restart the runner polls again from
 * the last committed cursor.
 *
 * <p>A poll may block (a long poll, a stream's buffer) but should return within a few seconds so
 * the runner can stop. Transient failures are thrown (the runner backs off with jitter and retries
 * the same cursor); an item that cannot be mapped is returned as {@link Item#rejected}.
 */
public interface Connector extends AutoCloseable {

  /** Unique and stable across restarts: it keys the stored cursor (e.g. {@code rss-lemonde}). */
  String id();

  /** The source name written in the mentions ({@code rss}, {@code mastodon}, ...). */
  String source();

  Page poll(String cursor) throws Exception;

  @Override
  default void close() throws Exception {}
}
