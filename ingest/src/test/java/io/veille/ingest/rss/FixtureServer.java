package io.veille.ingest.rss;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 for connector tests (the JDK's {@code HttpServer}): handlers per
 * path, a record of every request, and scripted faults served before the normal handler (a 429 with
 * Retry-After, a 500, a handler that never answers until {@link #close}). Shared by the rss,
 * mastodon and hackernews tests.
 */
public final class FixtureServer implements AutoCloseable {
  /** A response served once, before the path's handler, for the next matching request. */
  public record Fault(int status, Map<String, String> headers, String body, boolean hangs) {
    public static Fault status(int status, String body, Map<String, String> headers) {
      return new Fault(status, headers, body, false);
    }

    public static Fault hanging() {
      return new Fault(0, Map.of(), "", true);
    }
  }

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fixture-server");
    t.setDaemon(true);
    return t;
  });
  private final List<URI> requests = new CopyOnWriteArrayList<>();
  private final List<Map<String, String>> requestHeaders = new CopyOnWriteArrayList<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final CountDownLatch release = new CountDownLatch(1);

  private FixtureServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(pool);
    server.start();
  }

  public static FixtureServer start() {
    return new FixtureServer();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Serves {@code path} (and below) with {@code handler}, after any pending fault. */
  public FixtureServer on(String path, HttpHandler handler) {
    server.createContext(path, ex -> {
      requests.add(ex.getRequestURI());
      Map<String, String> hs = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> hs.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
      requestHeaders.add(hs);
      Fault f;
      synchronized (faults) {
        f = faults.poll();
      }
      try {
        if (f == null) {
          handler.handle(ex);
        } else if (f.hangs()) {
          release.await(60, TimeUnit.SECONDS);
          ex.close();
        } else {
          f.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
          send(ex, f.status(), "application/json; charset=utf-8", f.body());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException | IOException e) {
        ex.sendResponseHeaders(599, -1);
        ex.close();
        throw e;
      }
    });
    return this;
  }

  /** Queues faults served to the next requests, in order. */
  public FixtureServer fail(Fault... next) {
    synchronized (faults) {
      faults.addAll(List.of(next));
    }
    return this;
  }

  public List<URI> requests() {
    return List.copyOf(requests);
  }

  public List<Map<String, String>> requestHeaders() {
    return List.copyOf(requestHeaders);
  }

  public static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
    byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (contentType != null) {
      ex.getResponseHeaders().set("Content-Type", contentType);
    }
    if (status == 304 || status == 204) {
      ex.sendResponseHeaders(status, -1);
    } else {
      ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(b);
      }
    }
    ex.close();
  }

  /** The decoded query parameters of a request (last value wins). */
  public static Map<String, String> query(URI uri) {
    Map<String, String> out = new LinkedHashMap<>();
    String q = uri.getRawQuery();
    if (q == null) {
      return out;
    }
    for (String kv : q.split("&")) {
      int eq = kv.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  /** A fixture file from the test classpath, e.g. {@code fixtures/hackernews/search_by_date.json}. */
  public static String fixture(String path) {
    try (InputStream in = FixtureServer.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    pool.shutdownNow();
  }
}
