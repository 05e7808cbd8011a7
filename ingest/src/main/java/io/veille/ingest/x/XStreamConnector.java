package io.veille.ingest.x;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veille.common.json.Json;
import io.veille.ingest.http.HttpFailure;
import io.veille.ingest.runtime.RetryPolicy;
import io.veille.ingest.runtime.StreamBuffer;
import io.veille.ingest.runtime.Sleeper;
import io.veille.ingest.spi.Connector;
import io.veille.ingest.spi.Item;
import io.veille.ingest.spi.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The X filtered stream ({@code GET /2/tweets/search/stream}, newline-delimited JSON over a
 * long-lived HTTP response). A reader thread puts the lines into a bounded queue (when it is full
 * the reader stops reading and TCP pushes back on X); {@link #poll} drains up to {@code batch}
 * lines, waiting at most a second. The stream has no resume position, so the cursor keeps the
 * newest delivered id and, when this process starts (or a page it handed out was not published),
 * the gap is filled with recent search {@code since_id} that id before streaming on; streamed
 * tweets the gap-filling search already returned are dropped. The rules tagged with the connector
 * id are kept equal to the configured ones. The reader reconnects on its own with the
 * {@link RetryPolicy} ({@code reconnect_delay} the first delay, doubling up to 64 times it); a fatal
 * answer or retries run out make the next poll throw, and the connector {@code failed}.
 */
final class XStreamConnector implements Connector {
  private static final Logger LOG = LoggerFactory.getLogger(XStreamConnector.class);
  static final String STREAM_PATH = "/2/tweets/search/stream";

  private final String id;
  private final XSettings settings;
  private final XClient client;
  private final XSearch search;
  private final StreamBuffer<String> queue;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private volatile HttpClient streamClient;
  private volatile boolean connected;
  private volatile HttpFailure fatal;
  private Thread reader;
  private boolean rulesSynced;
  private boolean firstPoll = true;
  private String lastReturned;

  /** @param sleeper how the reader waits before reconnecting */
  XStreamConnector(String id, XSettings settings, XClient client, Sleeper sleeper) {
    this.id = id;
    this.settings = settings;
    this.client = client;
    this.sleeper = sleeper;
    this.policy = RetryPolicy.standard().withClock(client.clock()).withReconnectDelay(settings.reconnect());
    this.search = new XSearch(settings, client);
    this.queue = new StreamBuffer<>(settings.queue(), InstantSource.system());
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String source() {
    return XMapper.SOURCE;
  }

  @Override
  public Page poll(String cursor) throws Exception {
    HttpFailure stopped = fatal;
    if (stopped != null) {
      throw stopped;
    }
    XCursor c;
    try {
      c = XCursor.parse(cursor);
    } catch (JsonProcessingException e) {
      LOG.warn("x {}: stored cursor unreadable ({}), starting afresh", id, e.getOriginalMessage());
      c = XCursor.START;
    }
    if (!rulesSynced) {
      syncRules();
      rulesSynced = true;
    }
    if (reader == null) {
      reader = Thread.ofPlatform().daemon().name("x-stream-" + id).start(this::read);
    }
    boolean gap = firstPoll || (lastReturned != null && !lastReturned.equals(cursor));
    firstPoll = false;
    if (settings.backfill() && c.since() != null && (c.walk() != null || gap)) {
      return returned(backfill(c));
    }
    watchdog();
    List<String> lines = queue.drain(settings.batch(), Duration.ofSeconds(1));
    long floor = c.floor() == null ? -1 : Long.parseLong(c.floor());
    String since = c.since();
    List<Item> items = new ArrayList<>();
    for (String line : lines) {
      JsonNode event;
      try {
        event = Json.MAPPER.readTree(line);
      } catch (JsonProcessingException e) {
        items.add(Item.rejected(line, "", "stream line is not JSON: " + e.getOriginalMessage(), "stream line"));
        continue;
      }
      JsonNode tweet = event.path("data");
      if (!tweet.isObject()) {
        if (event.has("errors")) {
          LOG.warn("x {}: stream says {}", id, event.get("errors"));
        }
        continue;
      }
      long tid = XMapper.id(tweet);
      if (tid >= 0 && tid <= floor) {
        continue; // delivered by the gap-filling search
      }
      items.add(XMapper.map(tweet, XMapper.users(event)));
      if (tid >= 0) {
        since = XCursor.max(since, Long.toString(tid));
      }
    }
    return returned(new Page(items, new XCursor(since, c.floor(), null).write(), Duration.ZERO));
  }

  private Page returned(Page p) {
    lastReturned = p.nextCursor();
    return p;
  }

  private Page backfill(XCursor c) throws IOException, InterruptedException {
    XSearch.Step step;
    try {
      step = search.page(c.since(), c.walk(), settings.maxPages());
    } catch (XSearch.SinceTooOld e) {
      LOG.warn("x {}: the gap since {} is older than recent search allows; streaming on without filling it", id, c.since());
      return Page.empty(new XCursor(null, c.floor(), null).write(), Duration.ZERO);
    }
    if (step.walk() != null) {
      return new Page(step.items(), new XCursor(c.since(), c.floor(), step.walk()).write(), Duration.ZERO);
    }
    if (step.truncated()) {
      LOG.warn("x {}: the gap since {} is longer than {} search pages; older posts are skipped", id, c.since(), settings.maxPages());
    }
    String top = XCursor.max(c.since(), step.top());
    LOG.info("x {}: filled the gap since {} with recent search; streaming on", id, c.since());
    return new Page(step.items(), new XCursor(top, XCursor.max(c.floor(), top), null).write(), Duration.ZERO);
  }

  /** Keeps the rules tagged with this connector's id equal to the configured ones. */
  private void syncRules() throws IOException, InterruptedException {
    JsonNode current = client.get("/2/tweets/search/stream/rules");
    Set<String> wanted = new HashSet<>(settings.rules());
    List<String> stale = new ArrayList<>();
    for (JsonNode r : current.path("data")) {
      if (id.equals(r.path("tag").asText())) {
        if (!wanted.remove(r.path("value").asText())) {
          stale.add(r.path("id").asText());
        }
      }
    }
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (!stale.isEmpty()) {
      ObjectNode del = f.objectNode();
      stale.forEach(del.putObject("delete").putArray("ids")::add);
      report(client.postJson("/2/tweets/search/stream/rules", del.toString()), "delete");
    }
    if (!wanted.isEmpty()) {
      ObjectNode add = f.objectNode();
      var arr = add.putArray("add");
      settings.rules().stream().filter(wanted::contains).forEach(v -> arr.addObject().put("value", v).put("tag", id));
      report(client.postJson("/2/tweets/search/stream/rules", add.toString()), "add");
    }
    LOG.info("x {}: stream rules in place ({} added, {} removed)", id, wanted.size(), stale.size());
  }

  private void report(JsonNode r, String what) {
    for (JsonNode e : r.path("errors")) {
      LOG.warn("x {}: rule {} refused: {} {}", id, what, e.path("title").asText(""), e.path("value").asText(e.path("detail").asText("")));
    }
  }

  /** Reconnects a stream that has been silent (not even X's keep-alive) for longer than the stall timeout. */
  private void watchdog() {
    HttpClient hc = streamClient;
    if (connected && hc != null && queue.idle().compareTo(settings.stall()) > 0) {
      LOG.warn("x {}: nothing on the stream for {} s, reconnecting", id, settings.stall().toSeconds());
      connected = false;
      hc.shutdownNow();
    }
  }

  /**
   * The reader thread: connects, puts the lines into the queue, and when the stream fails or ends
   * reconnects after the policy's delay (a 429 without Retry-After waits at least a minute, as X
   * asks). A fatal answer (401, 403...) or retries run out stop it: the next {@link #poll} throws
   * that, so the runner shows the connector {@code failed}. The runner never sees the retriable
   * failures, so it does not wait on top of this loop.
   */
  private void read() {
    RetryPolicy.Retries retries = policy.start();
    String url = settings.apiUrl() + STREAM_PATH + "?" + XClient.TWEET_FIELDS;
    String what = "GET " + settings.apiUrl() + STREAM_PATH;
    while (closing.getCount() > 0) {
      Exception failure;
      HttpClient hc = HttpClient.newBuilder().connectTimeout(client.http().timeout()).build();
      streamClient = hc;
      try {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(client.http().timeout()).GET();
        client.auth().forEach(b::header);
        HttpResponse<Stream<String>> r = hc.send(b.build(), HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) {
          String body;
          try (Stream<String> lines = r.body()) {
            body = lines.limit(20).collect(Collectors.joining(" "));
          }
          failure = refused(what, r.statusCode(), r.headers().firstValue("retry-after").orElse(null), body);
        } else {
          LOG.info("x {}: stream connected", id);
          connected = true;
          queue.connected();
          boolean[] alive = {false};
          try (Stream<String> lines = r.body()) {
            lines.forEach(line -> {
              queue.touch();
              if (!alive[0]) {
                alive[0] = true;
                retries.succeeded(); // something came (a post or X's keep-alive): the streak ends
              }
              if (!line.isBlank()) {
                try {
                  queue.put(line);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new UncheckedIOException(new IOException("interrupted"));
                }
              }
            });
          }
          connected = false;
          failure = new IOException(what + ": the stream was closed by the server");
        }
      } catch (IOException | UncheckedIOException e) {
        connected = false;
        if (closing.getCount() == 0) {
          break;
        }
        failure = e instanceof HttpFailure ? e : new IOException(what + ": " + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
      } catch (InterruptedException e) {
        break;
      } finally {
        hc.shutdownNow();
      }
      RetryPolicy.Decision d = retries.failed(failure);
      if (d instanceof RetryPolicy.GiveUp g) {
        String upstream = failure instanceof HttpFailure h ? h.body() : null;
        fatal = new HttpFailure("x " + id + " stream: " + (g.fatal() ? "" : g.reason() + ": ") + failure.getMessage(),
            failure instanceof HttpFailure h ? h.status() : 0, false, null, failure, upstream);
        LOG.error("x {}: the stream stops ({}): {}", id, g.reason(), failure.getMessage());
        return;
      }
      Duration delay = ((RetryPolicy.Retry) d).delay();
      String upstream = failure instanceof HttpFailure h && !h.upstream().isEmpty() ? " " + h.upstream() : "";
      LOG.warn("x {}: {}{} (failure {} in a row, reconnecting in {} ms)", id, failure.getMessage(), upstream, d.attempt(),
          delay.toMillis());
      try {
        if (sleeper.sleep(delay, closing)) {
          break;
        }
      } catch (InterruptedException e) {
        break;
      }
    }
  }

  /** A refused connection: by the status table, and a 429 without Retry-After waits at least a minute. */
  private HttpFailure refused(String what, int status, String retryAfter, String body) {
    HttpFailure f = HttpFailure.of(what, status, retryAfter, client.clock().instant(), body);
    if (status == 429 && f.retryAfter() == null) {
      return new HttpFailure(f.getMessage() + " (waiting at least a minute, as X asks)", status, true, Duration.ofMinutes(1),
          null, body);
    }
    return f;
  }

  @Override
  public void close() throws InterruptedException {
    closing.countDown();
    HttpClient hc = streamClient;
    if (hc != null) {
      hc.shutdownNow();
    }
    if (reader != null) {
      reader.interrupt();
      reader.join(5_000);
    }
  }
}
