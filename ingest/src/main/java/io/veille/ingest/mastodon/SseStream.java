package io.veille.ingest.mastodon;

import io.veille.ingest.http.HttpFailure;
import io.veille.ingest.http.HttpFetcher;
import io.veille.ingest.runtime.StreamBuffer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * One server-sent-events connection (Mastodon's streaming API over HTTP): a reader thread parses
 * {@code event:}/{@code data:} blocks into a bounded buffer, notes every sign of life (heartbeat
 * comments included) and records why the stream ended. The connector drains the buffer; a full
 * buffer, an idle stream or an ended one is its cue to reconnect and catch up through REST.
 */
final class SseStream implements AutoCloseable {
  /** One event: its type ({@code update}, {@code delete}, {@code status.update}...) and its data. */
  record Event(String type, String data) {}

  private final StreamBuffer<Event> buffer;
  private final String safeUrl;
  private final InputStream in;
  private final Thread reader;
  private volatile boolean closed;

  private SseStream(InputStream in, String safeUrl, int capacity, InstantSource clock) {
    this.in = in;
    this.safeUrl = safeUrl;
    this.buffer = new StreamBuffer<>(capacity, clock);
    this.reader = Thread.ofPlatform().daemon().name("sse " + safeUrl).start(this::read);
  }

  /** Connects; the request timeout bounds the wait for the response headers. */
  static SseStream open(HttpClient client, String url, Duration timeout, Map<String, String> headers, int capacity,
      InstantSource clock) throws IOException, InterruptedException {
    String safe = HttpFetcher.redact(url);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET()
        .header("Accept", "text/event-stream").header("Cache-Control", "no-cache")
        .header("User-Agent", "Veille/0.1 (+https://github.com/veille)");
    headers.forEach(b::header);
    HttpResponse<InputStream> r;
    try {
      r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new HttpFailure("GET " + safe + ": no response within " + timeout.toMillis() + " ms", 0, true, null, e);
    } catch (ConnectException e) {
      throw new HttpFailure("GET " + safe + ": connection refused", 0, true, null, e);
    } catch (IOException e) {
      throw new HttpFailure("GET " + safe + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()),
          0, true, null, e);
    }
    int s = r.statusCode();
    if (s != 200) {
      String body;
      try (InputStream err = r.body()) {
        body = new String(err.readNBytes(512), StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
      }
      throw HttpFailure.of("GET " + safe, s, r.headers().firstValue("retry-after").orElse(null), clock.instant(), body);
    }
    return new SseStream(r.body(), safe, capacity, clock);
  }

  private void read() {
    try (BufferedReader br = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String type = null;
      StringBuilder data = null;
      String line;
      while (!closed && (line = br.readLine()) != null) {
        buffer.touch();
        if (line.isEmpty()) {
          if (data != null) {
            if (!buffer.offer(new Event(type == null ? "message" : type, data.toString()))) {
              buffer.overflowed();
              return;
            }
          }
          type = null;
          data = null;
        } else if (line.startsWith(":")) {
          continue; // heartbeat (":thump")
        } else {
          int colon = line.indexOf(':');
          String field = colon < 0 ? line : line.substring(0, colon);
          String value = colon < 0 ? "" : line.substring(colon + 1);
          if (value.startsWith(" ")) {
            value = value.substring(1);
          }
          switch (field) {
            case "event" -> type = value;
            case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            default -> { } // id, retry: not used by Mastodon
          }
        }
      }
      if (!closed) {
        buffer.ended("GET " + safeUrl + ": the server ended the stream");
      }
    } catch (IOException e) {
      if (!closed) {
        buffer.ended("GET " + safeUrl + ": stream broken: " + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : " " + e.getMessage()));
      }
    }
  }

  /** Waits up to {@code wait} for a first event, then takes what is there, at most {@code max}. */
  List<Event> drain(int max, Duration wait) throws InterruptedException {
    return buffer.drain(max, wait);
  }

  boolean isEmpty() {
    return buffer.isEmpty();
  }

  /** Everything buffered now, without waiting. */
  List<Event> drainAll() {
    return buffer.drainAll();
  }

  /** Why the stream cannot go on (ended, broken, buffer full, idle), or null while it is fine. */
  String problem(Duration idleTimeout) {
    return buffer.problem("GET " + safeUrl, idleTimeout);
  }

  @Override
  public void close() {
    closed = true;
    reader.interrupt();
    try {
      in.close();
    } catch (IOException e) {
      // closing a dead connection: nothing to do
    }
  }
}
