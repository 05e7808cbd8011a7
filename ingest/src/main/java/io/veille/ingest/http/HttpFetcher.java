package io.veille.ingest.http;

import io.veille.common.http.RetryAfter;
import io.veille.common.config.Sizes;
import io.veille.ingest.spi.SourceKey;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The HTTP client every polling connector uses: conditional requests (ETag / If-Modified-Since),
 * error statuses turned into {@link HttpFailure}s (retriable or fatal by
 * {@link HttpFailure#retriableStatus}, carrying {@link RetryAfter}), and messages that never
 * contain secrets (tokens in headers are never printed; query parameters named like secrets are
 * masked).
 *
 * <p>Every call is bounded ({@link BoundedBody}):
 * <ul>
 *   <li><b>in time</b>: the whole call, connecting, the headers and the body, within the timeout.
 *       A call still without headers fails as the client's own timeout does; a body still
 *       incomplete at the deadline is cancelled (the connection closed) and fails as a retriable
 *       timeout, so a server that stalls after its first bytes holds no thread;</li>
 *   <li><b>in size</b>: a success's body at most {@link #maxBody()} bytes ({@link #DEFAULT_MAX_BODY}
 *       unless the source says otherwise, {@link #maxBodyKey}). A {@code Content-Length} over it
 *       fails before the body is read; a body without one fails as soon as it passes the limit,
 *       nothing beyond it kept. That failure is fatal, not retried: the same document is as large
 *       on the next try, and retrying would fetch it again and again for a day before giving up;
 *       the connector stops with {@code failed} and the reason (URL, limit, Content-Length) in
 *       {@code /health}, until a person raises the limit or fixes the URL; the other connectors
 *       go on. An error answer's body is only an excerpt for the failure: its first
 *       {@value #ERROR_BODY_BYTES} bytes are read, the rest not.</li>
 * </ul>
 *
 * <p>A body comes two ways, read alike: decoded as UTF-8 ({@link #get}, for the JSON APIs), or as
 * the bytes that came with their {@code Content-Type} ({@link #getBytes}, for documents that say
 * their own encoding: feeds).
 */
public final class HttpFetcher {
  private static final Pattern SECRET_PARAM = Pattern.compile(
      "(?i)([?&](?:access_token|token|key|api_key|apikey|client_secret|secret|password|sig)=)(?!\\*\\*\\*)[^&#\\s]*");

  /** The largest success body read when the source sets no limit: 16 MiB. */
  public static final long DEFAULT_MAX_BODY = 16 * Sizes.MIB;
  /** The smallest limit a source may set. */
  public static final long MIN_MAX_BODY = Sizes.KIB;
  /** The largest limit a source may set: a body is held in memory whole (and decoded once more). */
  public static final long MAX_MAX_BODY = 256 * Sizes.MIB;
  /** How much of an error answer's body is read: {@link HttpFailure} keeps its first 8 Ki characters. */
  public static final int ERROR_BODY_BYTES = 32 * 1024;

  private final HttpClient client;
  private final Duration timeout;
  private final String userAgent;
  private final InstantSource clock;
  private final long maxBody;
  private final String maxBodyName;

  public HttpFetcher(Duration timeout, String userAgent) {
    this(timeout, userAgent, InstantSource.system());
  }

  /** @param clock the now a Retry-After date is read against */
  public HttpFetcher(Duration timeout, String userAgent, InstantSource clock) {
    this(HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build(), timeout,
        userAgent, clock, DEFAULT_MAX_BODY, null);
  }

  private HttpFetcher(HttpClient client, Duration timeout, String userAgent, InstantSource clock, long maxBody,
      String maxBodyName) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a fetcher's timeout must be > 0, was " + timeout);
    }
    if (maxBody < 1) {
      throw new IllegalArgumentException("a fetcher's body limit must be >= 1 byte, was " + maxBody);
    }
    this.client = client;
    this.timeout = timeout;
    this.userAgent = userAgent;
    this.clock = clock;
    this.maxBody = maxBody;
    this.maxBodyName = maxBodyName;
  }

  /**
   * This fetcher (the same client) with another limit on a success's body.
   *
   * @param bytes the most bytes a 2xx body may hold
   * @param name the setting it comes from ({@code max-body}), named in the failure; null: none
   */
  public HttpFetcher withMaxBody(long bytes, String name) {
    return new HttpFetcher(client, timeout, userAgent, clock, bytes, name);
  }

  /**
   * The key a connector type declares for {@link #withMaxBody}, named in its block's style
   * ({@code max-body} or {@code max_body}): a size from {@link #MIN_MAX_BODY} to
   * {@link #MAX_MAX_BODY}, {@link #DEFAULT_MAX_BODY} by default.
   */
  public static SourceKey<Long> maxBodyKey(String name) {
    return SourceKey.size(name, DEFAULT_MAX_BODY, MIN_MAX_BODY, MAX_MAX_BODY,
        "the largest response body read per HTTP call; a larger one stops the connector (`failed` in /health, not retried)");
  }

  public HttpFetcher() {
    this(Duration.ofSeconds(15), "Veille/0.1 (+https://github.com/veille)");
  }

  public HttpClient client() {
    return client;
  }

  /** The time a whole call may take: connecting, the headers and the body. */
  public Duration timeout() {
    return timeout;
  }

  /** The most bytes a success's body may hold. */
  public long maxBody() {
    return maxBody;
  }

  /** A response body with the validators for the next conditional request; {@code notModified} on 304. */
  public record Response(int status, String body, String etag, String lastModified, Map<String, String> headers) {
    public boolean notModified() {
      return status == 304;
    }

    public Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }
  }

  /**
   * A response body as the bytes that came (not decoded: the caller reads the encoding from the
   * {@link #contentType} and the document), with the validators for the next conditional request;
   * {@code notModified} on 304, with no bytes. The array is the client's own, not copied: read it,
   * do not change it.
   */
  public record BytesResponse(int status, byte[] bytes, String etag, String lastModified, Map<String, String> headers) {
    public boolean notModified() {
      return status == 304;
    }

    public Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    /** The Content-Type as the server sent it, parameters ({@code charset}) included; null when it sent none. */
    public String contentType() {
      return headers.get("content-type");
    }

    /** The body decoded as UTF-8, malformed bytes replaced (what {@link Response#body} holds). */
    String utf8() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** GET with optional conditional validators and extra headers (e.g. Authorization); the body decoded as UTF-8. */
  public Response get(String url, String etag, String lastModified, Map<String, String> headers) throws IOException, InterruptedException {
    return text(getBytes(url, etag, lastModified, headers));
  }

  /** {@link #get(String, String, String, Map)} with the body as the bytes that came, undecoded. */
  public BytesResponse getBytes(String url, String etag, String lastModified, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET()
        .header("User-Agent", userAgent).header("Accept-Encoding", "identity");
    if (etag != null && !etag.isEmpty()) {
      b.header("If-None-Match", etag);
    }
    if (lastModified != null && !lastModified.isEmpty()) {
      b.header("If-Modified-Since", lastModified);
    }
    headers.forEach(b::header);
    return send(b.build(), url);
  }

  public Response get(String url, Map<String, String> headers) throws IOException, InterruptedException {
    return get(url, null, null, headers);
  }

  /** POST a form (OAuth token endpoints). */
  public Response postForm(String url, String form, Map<String, String> headers) throws IOException, InterruptedException {
    return post(url, "application/x-www-form-urlencoded", form, headers);
  }

  /** POST a body of this content type, written in UTF-8 (X's stream rules: JSON); the answer decoded as UTF-8. */
  public Response post(String url, String contentType, String body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
        .header("User-Agent", userAgent).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach(b::header);
    return text(send(b.build(), url));
  }

  private static Response text(BytesResponse r) {
    return new Response(r.status(), r.utf8(), r.etag(), r.lastModified(), r.headers());
  }

  /**
   * Sends and reads the body as bytes, bounded ({@link BoundedBody}; decoding, for {@link #get}, is
   * {@code new String(bytes, UTF_8)}: what {@code BodyHandlers.ofString(UTF_8)} does).
   */
  private BytesResponse send(HttpRequest request, String url) throws IOException, InterruptedException {
    String what = request.method() + " " + redact(url);
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpResponse<byte[]> r;
    try {
      r = client.send(request, BoundedBody.handler(what, maxBody, maxBodyName, ERROR_BODY_BYTES, deadline, timeout));
    } catch (IOException e) {
      throw failure(what, e);
    }
    Map<String, String> hs = new LinkedHashMap<>();
    r.headers().map().forEach((k, v) -> hs.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
    int s = r.statusCode();
    if (s == 304 || (s >= 200 && s < 300)) {
      return new BytesResponse(s, s == 304 ? new byte[0] : r.body(), hs.get("etag"), hs.get("last-modified"), hs);
    }
    throw HttpFailure.of(what, s, hs.get("retry-after"), clock.instant(), new String(r.body(), StandardCharsets.UTF_8));
  }

  /** A failed send as an {@link HttpFailure}: the body's own (size, deadline) as it is, the client's named. */
  private HttpFailure failure(String what, IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpFailure own) {
        return own;
      }
    }
    if (e instanceof HttpConnectTimeoutException) {
      return new HttpFailure(what + ": connect timed out after " + timeout.toMillis() + " ms", 0, true, null, e);
    }
    if (e instanceof HttpTimeoutException) {
      return new HttpFailure(what + ": no response within " + timeout.toMillis() + " ms", 0, true, null, e);
    }
    if (e instanceof ConnectException) {
      return new HttpFailure(what + ": connection refused", 0, true, null, e);
    }
    return new HttpFailure(what + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()),
        0, true, null, e);
  }

  /**
   * The URL with secret-looking query parameters masked, for logs. Also applied to whole messages
   * ({@link Scrub}), so a value ends at {@code &}, {@code #} or a blank, and a value already masked
   * is left as it is: the rest of the message stays.
   */
  public static String redact(String url) {
    return SECRET_PARAM.matcher(url).replaceAll("$1***");
  }
}
