package io.veille.alerting.notify;

import io.veille.common.http.RetryAfter;
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
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP POST of a notification and the classification of what came back, shared by the Slack
 * and webhook notifiers. 2xx: delivered. 429, 408 and 5xx: retry (429 and 503 with their
 * Retry-After, seconds or HTTP-date, at most an hour). 3xx (a webhook URL that moved) and other
 * 4xx: fatal. A network error or a timeout: retry. Reasons carry the status and a short, cleaned
 * part of the answer, never the URL (it is the secret of an incoming webhook).
 */
final class HttpDelivery {
  /** The part of an answer's body quoted in a reason. */
  static final int MAX_QUOTED = 200;
  /** The most of an answer's body read at all. */
  static final int MAX_BODY = 16 * 1024;

  private final String who;
  private final HttpClient client;
  private final Duration timeout;
  private final InstantSource clock;
  private final List<String> secrets;

  /**
   * @param who the prefix of every reason ({@code slack}, {@code webhook})
   * @param secrets strings that must never appear in a reason (the URL, its path)
   */
  HttpDelivery(String who, Duration timeout, InstantSource clock, List<String> secrets) {
    this.who = who;
    this.timeout = timeout;
    this.clock = clock;
    this.secrets = secrets.stream().filter(s -> s != null && s.length() >= 4).toList();
    this.client = HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  Outcome post(URI uri, Map<String, String> headers, byte[] body) throws InterruptedException {
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(timeout)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(req::header);
    HttpResponse<byte[]> resp;
    try {
      resp = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpConnectTimeoutException e) {
      return new Outcome.Retry(who + ": connect timed out after " + timeoutText());
    } catch (HttpTimeoutException e) {
      return new Outcome.Retry(who + ": no answer within " + timeoutText());
    } catch (ConnectException e) {
      return new Outcome.Retry(who + ": cannot connect to " + uri.getHost() + ":" + port(uri) + " (" + reason(e) + ")");
    } catch (IOException e) {
      return new Outcome.Retry(who + ": " + e.getClass().getSimpleName() + " (" + reason(e) + ")");
    } catch (IllegalArgumentException e) {
      return new Outcome.Fatal(who + ": request refused by the client (" + redact(String.valueOf(e.getMessage())) + ")");
    }
    byte[] raw = resp.body() == null ? new byte[0] : resp.body();
    String text = new String(raw, 0, Math.min(raw.length, MAX_BODY), StandardCharsets.UTF_8);
    return classify(resp.statusCode(), text, resp.headers().firstValue("Retry-After"));
  }

  Outcome classify(int status, String body, Optional<String> retryAfterHeader) {
    String quoted = quote(body);
    String what = who + ": " + status + (quoted.isEmpty() ? "" : " " + quoted);
    if (status >= 200 && status < 300) {
      return new Outcome.Delivered(what);
    }
    if (status == 429 || status == 503) {
      Duration wait = retryAfterHeader.map(h -> retryAfter(h, clock.instant())).orElse(null);
      return new Outcome.Retry(what + (wait == null ? "" : " (retry after " + wait.toSeconds() + " s)"), wait);
    }
    if (status >= 500 || status == 408) {
      return new Outcome.Retry(what);
    }
    if (status >= 300 && status < 400) {
      return new Outcome.Fatal(what + " (a redirect: the URL is outdated or wrong; redirects are not followed)");
    }
    return new Outcome.Fatal(what);
  }

  /**
   * The wait a Retry-After value asks for: delay-seconds or an HTTP-date (RFC 9110), from
   * {@code now}; zero for a date in the past, at most {@link Outcome#MAX_RETRY_AFTER}; null when
   * it is neither.
   */
  static Duration retryAfter(String value, Instant now) {
    return RetryAfter.parse(value, now).map(HttpDelivery::cap).orElse(null);
  }

  private static Duration cap(Duration d) {
    return d.compareTo(Outcome.MAX_RETRY_AFTER) > 0 ? Outcome.MAX_RETRY_AFTER : d;
  }

  private String timeoutText() {
    return timeout.toMillis() < 1000 ? timeout.toMillis() + " ms" : Facts.duration(timeout);
  }

  private String reason(Exception e) {
    String m = e.getMessage();
    if (m == null && e.getCause() != null) {
      m = e.getCause().getClass().getSimpleName()
          + (e.getCause().getMessage() == null ? "" : ": " + e.getCause().getMessage());
    }
    return m == null ? e.getClass().getSimpleName() : redact(Texts.fit(m, MAX_QUOTED));
  }

  private String quote(String body) {
    return redact(Texts.fit(body, MAX_QUOTED));
  }

  /** {@code s} with every secret replaced by {@code ***}. */
  String redact(String s) {
    String out = s;
    for (String secret : secrets) {
      out = out.replace(secret, "***");
    }
    return out;
  }

  private static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
  }

  void close() {
    client.close();
  }
}
