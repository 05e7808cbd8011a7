package io.veille.ingest.x;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veille.common.json.Json;
import io.veille.ingest.http.HttpFetcher;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * id are kept equal to the configured ones.
 */
final class XStreamConnector implements Connector {
  private static final Logger LOG = LoggerFactory.getLogger(XStreamConnector.class);

  private final String id;
  private final XSettings settings;
  private final XClient client;
  private final XSearch search;
  private final BlockingQueue<String> queue;
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile HttpClient streamClient;
  private volatile long lastActivity = System.nanoTime();
  private volatile boolean connected;
  private Thread reader;
  private boolean rulesSynced;
  private boolean firstPoll = true;
  private String lastReturned;

  XStreamConnector(String id, XSettings settings, XClient client) {
    this.id = id;
    this.settings = settings;
    this.client = client;
    this.search = new XSearch(settings, client);
    this.queue = new ArrayBlockingQueue<>(settings.queue());
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
    List<String> lines = new ArrayList<>();
    String first = queue.poll(1, TimeUnit.SECONDS);
    if (first != null) {
      lines.add(first);
      queue.drainTo(lines, settings.batch() - 1);
    }
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
    if (connected && hc != null && System.nanoTime() - lastActivity > settings.stall().toNanos()) {
      LOG.warn("x {}: nothing on the stream for {} s, reconnecting", id, settings.stall().toSeconds());
      connected = false;
      hc.shutdownNow();
    }
  }

  private void read() {
    int failures = 0;
    String url = settings.apiUrl() + "/2/tweets/search/stream?" + XClient.TWEET_FIELDS;
    String safe = HttpFetcher.redact(url);
    while (closing.getCount() > 0) {
      long delay;
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
          failures++;
          delay = backoff(failures, r.statusCode() == 429);
          LOG.warn("x {}: GET {}: HTTP {} {} (reconnecting in {} ms)", id, safe, r.statusCode(),
              body.length() > 200 ? body.substring(0, 200) : body, delay);
        } else {
          LOG.info("x {}: stream connected", id);
          connected = true;
          lastActivity = System.nanoTime();
          failures = 0;
          try (Stream<String> lines = r.body()) {
            lines.forEach(line -> {
              lastActivity = System.nanoTime();
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
          failures++;
          delay = backoff(failures, false);
          LOG.warn("x {}: stream closed by the server (reconnecting in {} ms)", id, delay);
        }
      } catch (IOException | UncheckedIOException e) {
        connected = false;
        if (closing.getCount() == 0) {
          break;
        }
        failures++;
        delay = backoff(failures, false);
        LOG.warn("x {}: GET {}: {} (reconnecting in {} ms)", id, safe, e.getClass().getSimpleName(), delay);
      } catch (InterruptedException e) {
        break;
      } finally {
        hc.shutdownNow();
      }
      try {
        if (closing.await(delay, TimeUnit.MILLISECONDS)) {
          break;
        }
      } catch (InterruptedException e) {
        break;
      }
    }
  }

  private long backoff(int failures, boolean throttled) {
    long base = settings.reconnect().toMillis();
    long d = Math.min(base * 64, base << Math.min(6, Math.max(0, failures - 1)));
    if (throttled) {
      d = Math.max(d, 60_000);
    }
    return d / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(d / 2 + 1);
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
