package io.veille.common.http;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's HTTP server (Jetty): ingest serves {@code /health} and the intake on it, alerting its API. Headers are parsed
 * without holding a thread, so slow clients cannot starve the others; each handler runs on a
 * virtual thread. Bounded everywhere: connections ({@link Limits#maxConnections}), time to send the
 * first request's headers ({@link Limits#headerTimeout}), idle time, time to send a body
 * ({@link Limits#bodyTimeout}), header size, and bytes of bodies held at once
 * ({@link Limits#maxBytesInFlight}, beyond which a request gets 503 at once).
 */
public final class HttpService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpService.class);

  /** Every bound of the server. */
  public record Limits(Duration idleTimeout, Duration headerTimeout, Duration bodyTimeout, int maxConnections,
      long maxBytesInFlight, int maxHeaderBytes) {
    public static final Limits DEFAULT = new Limits(Duration.ofSeconds(30), Duration.ofSeconds(10),
        Duration.ofSeconds(60), 1024, 256L * 1024 * 1024, 16 * 1024);
  }

  /** A handler of one path prefix. */
  @FunctionalInterface
  public interface Route {
    void handle(Exchange ex) throws IOException;
  }

  private final Server server;
  private final ServerConnector connector;

  private HttpService(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /**
   * Starts a server on {@code host:port} (port 0: any free port).
   *
   * @param routes path prefix to handler, the longest matching prefix wins
   */
  public static HttpService start(String host, int port, Limits limits, Map<String, Route> routes) throws IOException {
    return start("http", host, port, limits, routes);
  }

  /** As {@link #start(String, int, Limits, Map)}, its threads named after {@code name} ({@code alerting-http}). */
  public static HttpService start(String name, String host, int port, Limits limits, Map<String, Route> routes)
      throws IOException {
    VirtualThreadPool threads = new VirtualThreadPool();
    threads.setName(name);
    threads.setMaxThreads(limits.maxConnections() * 2);
    Server server = new Server(threads);
    HttpConfiguration cfg = new HttpConfiguration();
    cfg.setRequestHeaderSize(limits.maxHeaderBytes());
    cfg.setSendServerVersion(false);
    cfg.setSendXPoweredBy(false);
    cfg.setIdleTimeout(limits.idleTimeout().toMillis());
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(cfg));
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    connector.setAcceptQueueSize(Math.min(limits.maxConnections(), 4096)); // a burst of clients waits in the kernel, not reset
    server.addConnector(connector);
    server.addBean(new ConnectionLimit(limits.maxConnections(), connector));
    Set<Connection> served = ConcurrentHashMap.newKeySet();
    connector.addEventListener(new FirstRequestDeadline(connector, served, limits.headerTimeout()));
    Semaphore inFlight = new Semaphore((int) Math.min(Integer.MAX_VALUE, limits.maxBytesInFlight()));
    Map<String, Route> sorted = new LinkedHashMap<>();
    routes.entrySet().stream().sorted((a, b) -> b.getKey().length() - a.getKey().length())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        served.add(request.getConnectionMetaData().getConnection());
        Exchange ex = new Exchange(request, response, callback, limits, inFlight);
        String path = Request.getPathInContext(request);
        try {
          Route route = null;
          for (var e : sorted.entrySet()) {
            if (path.startsWith(e.getKey())) {
              route = e.getValue();
              break;
            }
          }
          if (route == null) {
            ex.error(404, "no such endpoint");
          } else {
            route.handle(ex);
          }
          if (!ex.answered()) {
            ex.error(500, "internal error: no answer");
          }
        } catch (Throwable t) {
          LOG.error("HTTP {} {} failed: {}", request.getMethod(), path, t.toString(), t);
          try {
            ex.error(500, "internal error: " + t.getClass().getSimpleName());
          } catch (Throwable t2) {
            ex.fail(t2);
          }
        } finally {
          ex.release();
        }
        return true;
      }
    });
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception ignored) {
        // start failed: nothing to stop cleanly
      }
      throw new IOException("cannot start the HTTP server on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    return new HttpService(server, connector);
  }

  public int port() {
    return connector.getLocalPort();
  }

  public String host() {
    return connector.getHost();
  }

  @Override
  public void close() {
    try {
      server.setStopTimeout(2000);
      server.stop();
    } catch (Exception e) {
      LOG.warn("HTTP server stop: {}", e.getMessage());
    }
  }

  /**
   * Closes a connection that has not completed the headers of its first request in time (a
   * slow-loris client sending a byte every few seconds never trips the idle timeout). Later requests
   * on a kept-alive connection are bounded by the idle timeout.
   */
  private static final class FirstRequestDeadline implements Connection.Listener {
    private final ServerConnector connector;
    private final Set<Connection> served;
    private final Duration timeout;

    FirstRequestDeadline(ServerConnector connector, Set<Connection> served, Duration timeout) {
      this.connector = connector;
      this.served = served;
      this.timeout = timeout;
    }

    @Override
    public void onOpened(Connection c) {
      connector.getScheduler().schedule(() -> {
        if (!served.contains(c) && c.getEndPoint().isOpen()) {
          LOG.debug("closing a connection from {} that sent no complete request in {}", c.getEndPoint().getRemoteSocketAddress(),
              timeout);
          c.getEndPoint().close();
        }
      }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onClosed(Connection c) {
      served.remove(c);
    }
  }
}
