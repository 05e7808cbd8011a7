package io.veille.common.testing;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The one HTTP server of the tests (ingest's connectors and alerting's receivers): a real JDK {@code HttpServer} on 127.0.0.1. Two kinds of
 * route: {@link #route} to a handler that sees the request (method, path, decoded query, headers,
 * body) and returns a {@link Reply}, usually a fixture file in the API's real format; and
 * {@link #on} to a raw {@link HttpHandler} over the exchange (path prefix, for fakes that write
 * headers or hold a server-sent-events stream open). Scripted {@link Fault}s queued by {@link #fail}
 * are served before any route, in order (a 429 with Retry-After, a 500, a hang until {@link #close}:
 * the timeout case). Every request is recorded for assertions. Two raw handlers test the client's
 * bounds: {@link Flood}, a body larger than any limit (declared or chunked, or endless) that counts
 * what it wrote, and {@link Stall}, a body that stops after its first bytes.
 */
public final class StubHttp implements AutoCloseable {

  /** What the server saw. */
  public record Request(String method, URI uri, String path, Map<String, String> query, Map<String, String> headers, String body) {
    public String param(String name) {
      return query.get(name);
    }

    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** The body as the client sent it (UTF-8). */
    public byte[] bytes() {
      return body.getBytes(StandardCharsets.UTF_8);
    }
  }

  /**
   * What the server answers: a body, or (when {@code lines} is set) a chunked streaming response
   * writing each line taken from the queue followed by CRLF, until the line {@link #CLOSE}.
   */
  public record Reply(int status, Map<String, String> headers, String body, java.util.concurrent.BlockingQueue<String> lines) {
    public Reply(int status, Map<String, String> headers, String body) {
      this(status, headers, body, null);
    }

    public Reply header(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Reply(status, h, body, lines);
    }
  }

  /** A response served once, before any route, for the next request. */
  public record Fault(int status, Map<String, String> headers, String body, boolean hangs) {
    public static Fault status(int status, String body, Map<String, String> headers) {
      return new Fault(status, headers, body, false);
    }

    public static Fault status(int status, String body) {
      return new Fault(status, Map.of(), body, false);
    }

    public static Fault hanging() {
      return new Fault(0, Map.of(), "", true);
    }

    public Fault header(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Fault(status, h, body, hangs);
    }
  }

  /** Put in a streaming reply's queue to end the response (the server closes the stream). */
  public static final String CLOSE = "\u0000close";

  /** A streaming 200 response fed line by line from {@code lines} (X's filtered stream). */
  public static Reply stream(java.util.concurrent.BlockingQueue<String> lines) {
    return new Reply(200, Map.of("Content-Type", "application/json"), "", lines);
  }

  @FunctionalInterface
  public interface Handler {
    Reply handle(Request request) throws Exception;
  }

  private static final Reply HANG = new Reply(-1, Map.of(), "");

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final Map<String, Handler> routes = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, HttpHandler> raw = new java.util.concurrent.ConcurrentHashMap<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final Path fixtures;

  /** A server whose {@link #fixture} names are relative to the test classpath's {@code fixtures} folder. */
  public static StubHttp start() {
    return new StubHttp(fixtures(""));
  }

  /** @param fixtures folder of fixture files, e.g. {@code src/test/resources/fixtures/reddit} */
  public StubHttp(Path fixtures) {
    this.fixtures = fixtures;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(pool);
    server.createContext("/", this::serve);
    server.start();
  }

  /** A server without fixture files (routes and faults only). */
  public StubHttp() {
    this(null);
  }

  /** A fixture folder under src/test/resources/fixtures. */
  public static Path fixtures(String connector) {
    try {
      return Path.of(StubHttp.class.getResource("/fixtures/" + connector).toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The URL of {@code path} on this server. */
  public String url(String path) {
    return baseUrl() + path;
  }

  /** A port on 127.0.0.1 where nothing listens (bound, then closed): connection refused. */
  public static int closedPort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Routes an exact path (longest registered prefix wins when no exact match). */
  public StubHttp route(String path, Handler h) {
    routes.put(path, h);
    return this;
  }

  /** Serves {@code path} and below with a raw exchange handler (after any pending fault). */
  public StubHttp on(String path, HttpHandler handler) {
    raw.put(path, handler);
    return this;
  }

  /** Queues faults served to the next requests, in order, before any route. */
  public StubHttp fail(Fault... next) {
    synchronized (faults) {
      faults.addAll(List.of(next));
    }
    return this;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The last request seen. */
  public Request last() {
    return requests.get(requests.size() - 1);
  }

  public List<Request> requests(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  public String fixture(String name) {
    try {
      return Files.readString(fixtures.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Reply json(String fixtureName) {
    return json(200, fixtureName);
  }

  public Reply json(int status, String fixtureName) {
    return new Reply(status, Map.of("Content-Type", "application/json; charset=UTF-8"), fixture(fixtureName));
  }

  public static Reply text(int status, String contentType, String body) {
    return new Reply(status, Map.of("Content-Type", contentType), body);
  }

  /** A reply that never comes (until the server closes): the client's timeout must fire. */
  public static Reply hang() {
    return HANG;
  }

  private void serve(HttpExchange ex) throws IOException {
    try (ex) {
      String body;
      try (InputStream in = ex.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Map<String, String> headers = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
      Request req = new Request(ex.getRequestMethod(), ex.getRequestURI(), ex.getRequestURI().getPath(),
          query(ex.getRequestURI().getRawQuery()), headers, body);
      requests.add(req);
      Fault fault;
      synchronized (faults) {
        fault = faults.poll();
      }
      if (fault != null && fault.hangs()) {
        release.await(30, TimeUnit.SECONDS);
        return;
      }
      if (fault != null) {
        fault.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        send(ex, fault.status(), "application/json; charset=utf-8", fault.body());
        return;
      }
      Optional<HttpHandler> exchangeHandler = findRaw(req.path());
      if (exchangeHandler.isPresent() && !routes.containsKey(req.path())) {
        try {
          exchangeHandler.get().handle(ex);
        } catch (RuntimeException e) {
          ex.sendResponseHeaders(599, -1);
          throw e;
        }
        return;
      }
      Handler h = find(req.path()).orElse(r -> text(404, "application/json", "{\"error\":\"no route " + r.path() + "\"}"));
      Reply reply;
      try {
        reply = h.handle(req);
      } catch (Exception e) {
        reply = text(500, "text/plain", "stub handler failed: " + e);
      }
      if (reply == HANG) {
        release.await(30, TimeUnit.SECONDS);
        return;
      }
      if (reply.lines() != null) {
        reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(reply.status(), 0);
        try (OutputStream out = ex.getResponseBody()) {
          out.flush();
          while (true) {
            String line = reply.lines().poll(100, TimeUnit.MILLISECONDS);
            if (release.getCount() == 0 || CLOSE.equals(line)) {
              return;
            }
            if (line != null) {
              out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
              out.flush();
            }
          }
        }
      }
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(bytes);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client went away (timeout): nothing to answer
    }
  }

  private Optional<Handler> find(String path) {
    Handler exact = routes.get(path);
    if (exact != null) {
      return Optional.of(exact);
    }
    return routes.entrySet().stream().filter(e -> e.getKey().endsWith("*") && path.startsWith(e.getKey().substring(0, e.getKey().length() - 1)))
        .max(java.util.Comparator.comparingInt(e -> e.getKey().length())).map(Map.Entry::getValue);
  }

  private Optional<HttpHandler> findRaw(String path) {
    return raw.entrySet().stream().filter(e -> path.startsWith(e.getKey()))
        .max(java.util.Comparator.comparingInt(e -> e.getKey().length())).map(Map.Entry::getValue);
  }

  /** Writes a whole response on a raw exchange, the body in UTF-8 (no body for 204 and 304), and closes it. */
  public static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
    sendBytes(ex, status, contentType, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes a whole response on a raw exchange, the body as these bytes (a feed in its own
   * encoding), and closes it; {@code contentType} null sends no Content-Type.
   */
  public static void sendBytes(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
    byte[] b = body == null ? new byte[0] : body;
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

  /**
   * A raw handler ({@link #on}) answering 200 with a large body written as fast as the client takes
   * it, 8 KiB at a time, with its {@code Content-Length} or chunked, and counting what it wrote: a
   * client that stops reading early is seen in {@link #written()} and in {@link #ended()}, which
   * completes with {@code false} when a write failed (the client closed the connection) and
   * {@code true} when the whole body went out.
   */
  public static final class Flood implements HttpHandler {
    private final long total;
    private final boolean declared;
    private final int status;
    private final java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.CompletableFuture<Boolean> ended = new java.util.concurrent.CompletableFuture<>();

    private Flood(int status, long total, boolean declared) {
      this.status = status;
      this.total = total;
      this.declared = declared;
    }

    /** {@code total} bytes with {@code Content-Length: total}. */
    public static Flood withLength(long total) {
      return new Flood(200, total, true);
    }

    /** {@code total} bytes, chunked (no Content-Length). */
    public static Flood chunked(long total) {
      return new Flood(200, total, false);
    }

    /** A chunked body that never ends: only the client can stop it. */
    public static Flood endless() {
      return endless(200);
    }

    /** A chunked body that never ends, under this status. */
    public static Flood endless(int status) {
      return new Flood(status, Long.MAX_VALUE, false);
    }

    public long written() {
      return written.get();
    }

    /** {@code true}: the whole body went out; {@code false}: a write failed, the client had gone. */
    public java.util.concurrent.CompletableFuture<Boolean> ended() {
      return ended;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
      byte[] chunk = new byte[8192];
      java.util.Arrays.fill(chunk, (byte) 'x');
      try (ex) {
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        ex.sendResponseHeaders(status, declared ? total : 0);
        OutputStream out = ex.getResponseBody();
        while (written.get() < total) {
          int n = (int) Math.min(chunk.length, total - written.get());
          out.write(chunk, 0, n);
          written.addAndGet(n);
        }
        out.close();
        ended.complete(true);
      } catch (IOException e) {
        ended.complete(false);
      }
    }
  }

  /**
   * A raw handler ({@link #on}) answering 200 with a chunked body whose first {@code head} bytes
   * come at once, then nothing until {@link #resume()} (or the server's close); then it writes
   * {@code rest} more bytes. {@link #ended()} says how that went: {@code false} when a write failed
   * because the client had closed the connection, {@code true} when all went out.
   */
  public static final class Stall implements HttpHandler {
    private final int head;
    private final long rest;
    private final CountDownLatch resume = new CountDownLatch(1);
    private final java.util.concurrent.CompletableFuture<Boolean> ended = new java.util.concurrent.CompletableFuture<>();

    public Stall(int head, long rest) {
      this.head = head;
      this.rest = rest;
    }

    public void resume() {
      resume.countDown();
    }

    public java.util.concurrent.CompletableFuture<Boolean> ended() {
      return ended;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
      byte[] chunk = new byte[8192];
      java.util.Arrays.fill(chunk, (byte) 'x');
      try (ex) {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        out.write(chunk, 0, head);
        out.flush();
        resume.await();
        for (long left = rest; left > 0; left -= chunk.length) {
          out.write(chunk, 0, (int) Math.min(chunk.length, left));
        }
        out.close();
        ended.complete(true);
      } catch (IOException e) {
        ended.complete(false);
      } catch (InterruptedException e) {
        ended.completeExceptionally(e);
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The decoded query parameters of a request URI (last value wins). */
  public static Map<String, String> query(URI uri) {
    return query(uri.getRawQuery());
  }

  /** A file from the test classpath read as UTF-8, e.g. {@code fixtures/hackernews/search_by_date.json}. */
  public static String resource(String path) {
    return new String(resourceBytes(path), StandardCharsets.UTF_8);
  }

  /** A file from the test classpath as its bytes (a fixture in another encoding than UTF-8). */
  public static byte[] resourceBytes(String path) {
    try (InputStream in = StubHttp.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String kv : raw.split("&")) {
      int i = kv.indexOf('=');
      String k = URLDecoder.decode(i < 0 ? kv : kv.substring(0, i), StandardCharsets.UTF_8);
      String v = i < 0 ? "" : URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8);
      q.put(k, v);
    }
    return q;
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    pool.shutdownNow();
  }
}
