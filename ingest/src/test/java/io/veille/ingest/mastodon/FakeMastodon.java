package io.veille.ingest.mastodon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veille.common.json.Json;
import io.veille.common.testing.StubHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Mastodon instance's timelines over a set of Status entities: {@code GET /api/v1/timelines/tag/:tag}
 * and {@code /api/v1/timelines/public} with {@code limit} (default 20, at most 40), {@code since_id},
 * {@code max_id} and {@code min_id}, newest first, with the {@code Link} header (rel next / prev);
 * and the streaming API over server-sent events ({@code /api/v1/streaming/...}: {@code :)} on
 * connect, {@code event: update} / {@code data: <status>} per post, {@code :thump} heartbeats).
 */
final class FakeMastodon {
  private final List<ObjectNode> statuses = new ArrayList<>();
  private final List<OutputStream> streams = new CopyOnWriteArrayList<>();
  private final CountDownLatch shutdown = new CountDownLatch(1);
  final List<String> streamRequests = new CopyOnWriteArrayList<>();
  private String base;

  FakeMastodon(String fixture) throws IOException {
    if (fixture != null) {
      Json.MAPPER.readTree(StubHttp.resource(fixture)).forEach(s -> statuses.add((ObjectNode) s));
    }
  }

  /** Statuses of a fixture with their ids (and in_reply_to_id) replaced by {@code prefix + n}. */
  static List<ObjectNode> renumbered(String fixture, String prefix) throws IOException {
    List<ObjectNode> out = new ArrayList<>();
    JsonNode all = Json.MAPPER.readTree(StubHttp.resource(fixture));
    for (JsonNode s : all) {
      ObjectNode o = (ObjectNode) s.deepCopy();
      String id = o.get("id").asText();
      o.put("id", prefix + id.substring(id.length() - 3));
      out.add(o);
    }
    return out;
  }

  FakeMastodon serve(StubHttp server) {
    base = server.baseUrl();
    server.on("/api/v1/timelines/", ex -> {
      Map<String, String> q = StubHttp.query(ex.getRequestURI());
      int limit = Math.min(40, Integer.parseInt(q.getOrDefault("limit", "20")));
      String since = q.get("since_id");
      String max = q.get("max_id");
      String min = q.get("min_id");
      List<ObjectNode> all;
      synchronized (statuses) {
        all = new ArrayList<>(statuses);
      }
      all.sort((a, b) -> StatusIds.ORDER.compare(b.get("id").asText(), a.get("id").asText()));
      List<ObjectNode> window = all.stream().filter(s -> {
        String id = s.get("id").asText();
        return (since == null || StatusIds.ORDER.compare(id, since) > 0) && (max == null || StatusIds.ORDER.compare(id, max) < 0)
            && (min == null || StatusIds.ORDER.compare(id, min) > 0);
      }).toList();
      List<ObjectNode> page = min != null
          ? window.subList(Math.max(0, window.size() - limit), window.size()) // the oldest just after min_id
          : window.subList(0, Math.min(limit, window.size()));
      ArrayNode body = Json.MAPPER.createArrayNode();
      page.forEach(body::add);
      if (!page.isEmpty()) {
        String path = base + ex.getRequestURI().getPath();
        ex.getResponseHeaders().set("Link", "<" + path + "?limit=" + limit + "&max_id=" + page.get(page.size() - 1).get("id").asText()
            + ">; rel=\"next\", <" + path + "?limit=" + limit + "&min_id=" + page.get(0).get("id").asText() + ">; rel=\"prev\"");
      }
      ex.getResponseHeaders().set("X-RateLimit-Limit", "300");
      ex.getResponseHeaders().set("X-RateLimit-Remaining", "299");
      StubHttp.send(ex, 200, "application/json; charset=utf-8", body.toString());
    });
    server.on("/api/v1/streaming/", ex -> {
      streamRequests.add(ex.getRequestURI().toString());
      ex.getResponseHeaders().set("Content-Type", "text/event-stream");
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      out.write(":)\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      streams.add(out);
      try {
        shutdown.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    return this;
  }

  /** Adds statuses to the timelines without streaming them (posted while nobody listens). */
  void add(List<ObjectNode> more) {
    synchronized (statuses) {
      statuses.addAll(more);
    }
  }

  /** Adds a status and sends it to every open stream as an {@code update} event. */
  void post(ObjectNode status) {
    add(List.of(status));
    send("event: update\ndata: " + status + "\n\n");
  }

  int openStreams() {
    return streams.size();
  }

  /** Writes raw SSE text to every open stream. */
  void send(String sse) {
    for (OutputStream o : streams) {
      try {
        o.write(sse.getBytes(StandardCharsets.UTF_8));
        o.flush();
      } catch (IOException e) {
        streams.remove(o);
      }
    }
  }

  /** The server ends every open stream (a restart of the streaming server). */
  void endStreams() {
    for (OutputStream o : streams) {
      try {
        o.close();
      } catch (IOException e) {
        // already gone
      }
    }
    streams.clear();
  }

  void close() {
    endStreams();
    shutdown.countDown();
  }
}
