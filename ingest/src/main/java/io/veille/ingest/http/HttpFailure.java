package io.veille.ingest.http;

import io.veille.common.http.RetryAfter;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * An HTTP call that failed. Retriable failures (no answer, 408, 429, 5xx: {@link #retriableStatus})
 * carry the server's Retry-After when it gave one; fatal ones (401, 403, 404, other 4xx, a body
 * over the fetcher's limit) need a person: the runner stops the connector on them ({@code RetryPolicy}). A connector that knows its
 * API better may decide otherwise (a throttling answer sent as 400, a 200 without a token). The message
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

  /**
   * Whether an answer with this status is worth trying again as is: 0 (no answer: timeout,
   * connection refused or reset), 408, 429 and 5xx are; every other status (400, 401, 403, 404,
   * 410, ..., or a redirect that was not followed) is not, it needs a person (credentials,
   * configuration, a URL). The one status table of ingest.
   */
  public static boolean retriableStatus(int status) {
    return status == 0 || status == 408 || status == 429 || status >= 500;
  }

  /**
   * The failure of a call that got an error status: {@code what} (method and URL without secrets)
   * and the status for the message, retriable by {@link #retriableStatus}, with the server's
   * Retry-After ({@link RetryAfter}, read against {@code now}) and its body.
   */
  public static HttpFailure of(String what, int status, String retryAfterHeader, Instant now, String upstreamBody) {
    Duration retryAfter = RetryAfter.parse(retryAfterHeader, now).orElse(null);
    return new HttpFailure(what + ": HTTP " + status + (retryAfter != null ? " (Retry-After " + retryAfter.toSeconds() + " s)" : ""),
        status, retriableStatus(status), retryAfter, null, upstreamBody);
  }

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
