package io.veille.ingest.http;

import java.io.IOException;
import java.time.Duration;

/**
 * An HTTP call that failed. Retriable failures (429, 5xx, timeouts, connection errors) carry the
 * server's Retry-After when it gave one; fatal ones (401, 403, 404...) need a person. The message
 * names the connector, the URL without secrets, the status and the server's reason.
 */
public class HttpFailure extends IOException {
  private final int status;
  private final boolean retriable;
  private final Duration retryAfter;

  public HttpFailure(String message, int status, boolean retriable, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.retriable = retriable;
    this.retryAfter = retryAfter;
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
