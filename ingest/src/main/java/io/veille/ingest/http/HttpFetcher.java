package io.veille.ingest.http;

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
 * The HTTP client every polling connector uses: a timeout on every call, conditional requests
 * (ETag / If-Modified-Since), error statuses turned into {@link HttpFailure}s (retriable or fatal
 * by {@link HttpFailure#retriableStatus}, carrying {@link RetryAfter}), and messages that never contain secrets (tokens in
 * headers are never printed; query parameters named like secrets are masked).
 *
 * <p>A body comes two ways, read alike (the whole body, the same timeout): decoded as UTF-8
 * ({@link #get}, for the JSON APIs), or as the bytes that came with their {@code Content-Type}
 * ({@link #getBytes}, for documents that say their own encoding: feeds).
 */
public final class HttpFetcher {
  private static final Pattern SECRET_PARAM = Pattern.compile(
      "(?i)([?&](?:access_token|token|key|api_key|apikey|client_secret|secret|password|sig)=)[^&#]*");

  private final HttpClient client;
  private final Duration timeout;
  private final String userAgent;
  private final InstantSource clock;

  public HttpFetcher(Duration timeout, String userAgent) {
    this(timeout, userAgent, InstantSource.system());
  }

  /** @param clock the now a Retry-After date is read against */
  public HttpFetcher(Duration timeout, String userAgent, InstantSource clock) {
    this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    this.timeout = timeout;
    this.userAgent = userAgent;
    this.clock = clock;
  }

  public HttpFetcher() {
    this(Duration.ofSeconds(15), "Veille/0.1 (+https://github.com/veille)");
  }

  public HttpClient client() {
    return client;
  }

  public Duration timeout() {
    return timeout;
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
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
        .header("User-Agent", userAgent).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    headers.forEach(b::header);
    return text(send(b.build(), url));
  }

  private static Response text(BytesResponse r) {
    return new Response(r.status(), r.utf8(), r.etag(), r.lastModified(), r.headers());
  }

  /**
   * Sends and reads the whole body as bytes (decoding, for {@link #get}, is
   * {@code new String(bytes, UTF_8)}: what {@code BodyHandlers.ofString(UTF_8)} does).
   */
  private BytesResponse send(HttpRequest request, String url) throws IOException, InterruptedException {
    String safe = redact(url);
    HttpResponse<byte[]> r;
    try {
      r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpConnectTimeoutException e) {
      throw new HttpFailure("GET " + safe + ": connect timed out after " + timeout.toMillis() + " ms", 0, true, null, e);
    } catch (HttpTimeoutException e) {
      throw new HttpFailure(request.method() + " " + safe + ": no response within " + timeout.toMillis() + " ms", 0, true, null, e);
    } catch (ConnectException e) {
      throw new HttpFailure(request.method() + " " + safe + ": connection refused", 0, true, null, e);
    } catch (IOException e) {
      throw new HttpFailure(request.method() + " " + safe + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()), 0, true, null, e);
    }
    Map<String, String> hs = new LinkedHashMap<>();
    r.headers().map().forEach((k, v) -> hs.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
    int s = r.statusCode();
    if (s == 304 || (s >= 200 && s < 300)) {
      return new BytesResponse(s, s == 304 ? new byte[0] : r.body(), hs.get("etag"), hs.get("last-modified"), hs);
    }
    throw HttpFailure.of(request.method() + " " + safe, s, hs.get("retry-after"), clock.instant(),
        new String(r.body(), StandardCharsets.UTF_8));
  }

  /** The URL with secret-looking query parameters masked, for logs. */
  public static String redact(String url) {
    return SECRET_PARAM.matcher(url).replaceAll("$1***");
  }
}
