package io.veille.alerting.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 (the JDK's), standing in for Slack's webhook endpoint or a
 * generic receiver: it records every request and answers with the replies queued by
 * {@link #reply} in order, then with the default one. A {@link #hang()} reply never answers (until
 * {@link #close}): the client's timeout must fire.
 */
final class LocalHttp implements AutoCloseable {
  record Request(String method, String path, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  record Reply(int status, Map<String, String> headers, String body, boolean hangs) {
    Reply header(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Reply(status, h, body, hangs);
    }
  }

  static Reply status(int status, String body) {
    return new Reply(status, Map.of("Content-Type", "text/plain; charset=utf-8"), body, false);
  }

  static Reply hang() {
    return new Reply(0, Map.of(), "", true);
  }

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final Deque<Reply> replies = new ArrayDeque<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile Reply fallback = status(200, "ok");

  LocalHttp() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(pool);
    server.createContext("/", this::serve);
    server.start();
  }

  /** The URL of {@code path} on this server. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Queues replies for the next requests, in order. */
  LocalHttp reply(Reply... next) {
    synchronized (replies) {
      replies.addAll(List.of(next));
    }
    return this;
  }

  /** The reply once the queue is empty (200 "ok" unless set). */
  LocalHttp fallback(Reply r) {
    this.fallback = r;
    return this;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  Request last() {
    return requests.get(requests.size() - 1);
  }

  /** A port on 127.0.0.1 where nothing listens (bound, then closed): connection refused. */
  static int closedPort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void serve(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, String> headers = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), headers, body));
      Reply r;
      synchronized (replies) {
        r = replies.isEmpty() ? fallback : replies.poll();
      }
      if (r.hangs()) {
        release.await(30, TimeUnit.SECONDS);
        return;
      }
      r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(r.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream o = ex.getResponseBody()) {
          o.write(out);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client gave up (its timeout): nothing to answer
    }
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    pool.shutdownNow();
  }
}
