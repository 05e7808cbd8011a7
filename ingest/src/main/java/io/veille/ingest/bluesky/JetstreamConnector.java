package io.veille.ingest.bluesky;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.veille.common.json.Json;
import io.veille.ingest.http.HttpFailure;
import io.veille.ingest.runtime.RetryPolicy;
import io.veille.ingest.runtime.StreamBuffer;
import io.veille.ingest.spi.Connector;
import io.veille.ingest.spi.Item;
import io.veille.ingest.spi.Page;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bluesky through Jetstream: a WebSocket subscribed to {@code app.bsky.feed.post} from a
 * {@code cursor} (microseconds, {@code time_us}), its messages put into a bounded queue with
 * WebSocket flow control (one message is requested only when the previous one found room, so a
 * full queue pauses the socket), and {@link #poll} draining up to {@code batch} events, keeping the
 * posts that contain a keyword. The cursor is the {@code time_us} of the last event handed out; a
 * restart (or a poll with another cursor than the one last returned: a page that was not
 * published) reconnects from it, and events at or before it are dropped, so nothing is lost or
 * repeated. A dropped connection is reconnected by the next poll that finds the queue drained, from
 * the last event received. A connect that fails is thrown: the runner retries it with its
 * {@link RetryPolicy} ({@code reconnect_delay} as the first delay, doubling up to 64 times it; a
 * refused handshake's Retry-After honoured; 401, 403, 404... fatal); the connector has no backoff
 * of its own.
 */
final class JetstreamConnector implements Connector {
  private static final Logger LOG = LoggerFactory.getLogger(JetstreamConnector.class);
  private static final Pattern TIME_US = Pattern.compile("\"time_us\"\\s*:\\s*(\\d+)");

  private final String id;
  private final BlueskySettings settings;
  private final HttpClient client;
  private final InstantSource clock;
  private final KeywordMatcher keywords;
  private final StreamBuffer<String> queue;
  private final Object lock = new Object();

  // guarded by lock
  private WebSocket socket;
  private int generation;
  private String pending;
  private long received = -1;
  private boolean broken;

  // the runner's thread only
  private String expected;
  private long position = -1;
  private long lastCheckpoint = System.nanoTime();

  /** @param clock the now a refused handshake's Retry-After date is read against */
  JetstreamConnector(String id, BlueskySettings settings, HttpClient client, InstantSource clock) {
    this.id = id;
    this.settings = settings;
    this.client = client;
    this.clock = clock;
    this.keywords = new KeywordMatcher(settings.keywords());
    this.queue = new StreamBuffer<>(settings.queue(), clock);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String source() {
    return BlueskyMapper.SOURCE;
  }

  @Override
  public Duration retryBase() {
    return settings.reconnect();
  }

  @Override
  public Page poll(String cursor) throws Exception {
    if (!cursor.equals(expected)) {
      // first poll, or the runner retries a cursor whose page we drained but it did not publish
      position = cursor.isEmpty() ? -1 : parseCursor(cursor);
      connect(position, true);
    } else if (isBroken() && queue.isEmpty()) {
      long from;
      synchronized (lock) {
        from = received >= 0 ? received : position;
      }
      connect(from, false);
    }
    List<String> events = queue.drain(settings.batch(), Duration.ofSeconds(1));
    resume();
    List<Item> items = new ArrayList<>();
    for (String raw : events) {
      JsonNode e;
      try {
        e = Json.MAPPER.readTree(raw);
      } catch (JsonProcessingException ex) {
        items.add(Item.rejected(raw, "", "Jetstream message is not JSON: " + ex.getOriginalMessage(), "event"));
        continue;
      }
      long t = e.path("time_us").asLong(-1);
      if (t < 0) {
        items.add(Item.rejected(raw, "time_us", "missing", "event"));
        continue;
      }
      if (t <= position) {
        continue; // replayed from the inclusive cursor
      }
      position = t;
      if (BlueskyMapper.isPostCreate(e) && keywords.matches(BlueskyMapper.text(e))) {
        items.add(BlueskyMapper.map(e));
      }
    }
    String next = position < 0 ? cursor : Long.toString(position);
    if (items.isEmpty() && !next.equals(cursor) && System.nanoTime() - lastCheckpoint < settings.checkpoint().toNanos()) {
      next = cursor; // nothing to publish: move the stored cursor only now and then
    }
    if (!next.equals(cursor)) {
      lastCheckpoint = System.nanoTime();
    }
    expected = next;
    return new Page(items, next, Duration.ZERO);
  }

  private static long parseCursor(String cursor) {
    try {
      return Long.parseLong(cursor.trim());
    } catch (NumberFormatException e) {
      LOG.warn("stored Jetstream cursor '{}' is not a time_us; starting from live", cursor);
      return -1;
    }
  }

  private boolean isBroken() {
    synchronized (lock) {
      return broken || socket == null;
    }
  }

  /** (Re)connects from {@code fromUs} (inclusive); a fresh start also forgets what was buffered. */
  private void connect(long fromUs, boolean fresh) throws Exception {
    WebSocket old;
    int gen;
    synchronized (lock) {
      old = socket;
      socket = null;
      gen = ++generation;
      if (fresh) {
        queue.clear();
        pending = null;
        received = -1;
      }
      broken = false;
    }
    if (old != null) {
      old.abort();
    }
    URI uri = URI.create(settings.url() + "?wantedCollections=" + BlueskyMapper.POST + (fromUs >= 0 ? "&cursor=" + fromUs : ""));
    try {
      WebSocket ws = client.newWebSocketBuilder().connectTimeout(settings.timeout())
          .buildAsync(uri, new Listener(gen)).get(settings.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
      synchronized (lock) {
        if (gen == generation) {
          socket = ws;
        }
      }
      LOG.info("bluesky {}: connected to {} from cursor {}", id, settings.url(), fromUs < 0 ? "live" : fromUs);
    } catch (ExecutionException | TimeoutException e) {
      synchronized (lock) {
        broken = true;
      }
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      expected = fresh ? null : expected; // a failed fresh start is retried as a fresh start
      String what = "bluesky " + id + ": cannot connect to " + settings.url();
      if (cause instanceof WebSocketHandshakeException h) {
        HttpResponse<?> r = h.getResponse();
        throw HttpFailure.of(what, r.statusCode(), r.headers().firstValue("retry-after").orElse(null), clock.instant(),
            r.body() instanceof String b ? b : null);
      }
      throw new HttpFailure(what + ": " + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + cause.getMessage()),
          0, true, null, cause);
    }
  }

  /** After draining: hands a message held back by a full queue over, and asks for the next one. */
  private void resume() {
    synchronized (lock) {
      if (pending != null && socket != null && queue.offer(pending)) {
        pending = null;
        socket.request(1);
      }
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final int gen;
    private final StringBuilder partial = new StringBuilder();

    Listener(int gen) {
      this.gen = gen;
    }

    @Override
    public void onOpen(WebSocket ws) {
      ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (!last) {
        ws.request(1);
        return null;
      }
      String msg = partial.toString();
      partial.setLength(0);
      synchronized (lock) {
        if (gen != generation) {
          return null;
        }
        Matcher m = TIME_US.matcher(msg);
        if (m.find()) {
          received = Long.parseLong(m.group(1));
        }
        if (queue.offer(msg)) {
          ws.request(1);
        } else {
          pending = msg; // the queue is full: no more demand until poll drains it
          if (socket == null) {
            socket = ws;
          }
        }
      }
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      lost("closed by the server (" + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")");
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      lost(error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage()));
    }

    private void lost(String why) {
      synchronized (lock) {
        if (gen != generation) {
          return;
        }
        broken = true;
      }
      LOG.warn("bluesky {}: Jetstream connection lost: {}; reconnecting from the last event", id, why);
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      generation++;
      if (socket != null) {
        socket.abort();
        socket = null;
      }
    }
  }
}
