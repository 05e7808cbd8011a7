package io.veille.ingest.http;

import java.io.IOException;
import java.time.Duration;

/**
 * An HTTP call that failed. Retriable failures (429, 5xx, timeouts, connection errors) carry the
 * server's Retry-After when it gave one; fatal ones (401, 403, 404...) need a person. The message
 * names the connector, the URL without secrets and the status; the server's body, when there was
 * one, is kept apart ({@link #upstream()}, scrubbed and cut): it goes to the log, never to
 * {@code /health}.
 */
public class HttpFailure extends IOException {
  private final int status;
  private final boolean retriable;
  private final Duration retryAfter;
  private final String body;
  private final String upstream;

  public HttpFailure(String message, int status, boolean retriable, Duration retryAfter, Throwable cause) {
    this(message, status, retriable, retryAfter, cause, null);
  }

  public HttpFailure(String message, int status, boolean retriable, Duration retryAfter, Throwable cause, String upstreamBody) {
    super(message, cause);
    this.status = status;
    this.retriable = retriable;
    this.retryAfter = retryAfter;
    this.body = upstreamBody == null ? "" : upstreamBody.length() > 8192 ? upstreamBody.substring(0, 8192) : upstreamBody;
    this.upstream = Scrub.body(this.body);
  }

  /** The server's answer as received (its first 8 KiB), for the connector's own checks; never logged as is. */
  public String body() {
    return body;
  }

  /** An excerpt of the server's answer, scrubbed and bounded ({@link Scrub#body}); "" when none. */
  public String upstream() {
    return upstream;
  }

  /** The HTTP status, or 0 when no response came (timeout, connection refused). */
  public int status() {
    return status;
  }

  public boolean retriable() {
    return retriable;
  }

  /** The server's Retry-After, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
