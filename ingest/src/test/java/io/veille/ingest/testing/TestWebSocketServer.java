package io.veille.ingest.testing;

import io.veille.common.testing.StubHttp;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

/**
 * A small RFC 6455 server for tests, playing a Jetstream instance: after the handshake it sends
 * every event (unmasked text frames) whose position is at or after the {@code cursor} query
 * parameter, then each event {@link #publish published} later, until the client or
 * {@link #dropAll} closes the connection. {@link #rejectNext} answers the next handshakes with an
 * HTTP error. The query of every connection is recorded.
 */
public final class TestWebSocketServer implements AutoCloseable {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final ServerSocket server;
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final ToLongFunction<String> position;
  private final List<Map<String, String>> connections = new CopyOnWriteArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final AtomicInteger reject = new AtomicInteger();
  private volatile int rejectStatus;
  private volatile String rejectRetryAfter;
  private final AtomicInteger rejected = new AtomicInteger();
  private volatile boolean closed;

  /** @param position the position of an event (Jetstream: its time_us), compared with the cursor */
  public TestWebSocketServer(ToLongFunction<String> position) {
    this.position = position;
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread.ofPlatform().daemon().name("test-ws-accept").start(this::accept);
  }

  public String url(String path) {
    return "ws://127.0.0.1:" + server.getLocalPort() + path;
  }

  public void publish(String event) {
    events.add(event);
  }

  public void publishAll(List<String> es) {
    events.addAll(es);
  }

  /** The decoded query parameters of each connection so far. */
  public List<Map<String, String>> connections() {
    return List.copyOf(connections);
  }

  public void rejectNext(int count, int status) {
    rejectNext(count, status, null);
  }

  /** The next {@code count} handshakes get {@code status}, with that Retry-After when not null. */
  public void rejectNext(int count, int status, String retryAfter) {
    rejectStatus = status;
    rejectRetryAfter = retryAfter;
    reject.set(count);
  }

  /** Handshakes refused so far. */
  public int rejected() {
    return rejected.get();
  }

  /** Drops every open connection without a close frame (a network failure). */
  public void dropAll() {
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException e) {
        // already gone
      }
    }
  }

  private void accept() {
    while (!closed) {
      try {
        Socket s = server.accept();
        Thread.ofPlatform().daemon().name("test-ws-conn").start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      String requestLine = line(in);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String h = line(in); !h.isEmpty(); h = line(in)) {
        int i = h.indexOf(':');
        headers.put(h.substring(0, i).trim().toLowerCase(java.util.Locale.ROOT), h.substring(i + 1).trim());
      }
      String target = requestLine.split(" ")[1];
      Map<String, String> query = StubHttp.query(target.contains("?") ? target.substring(target.indexOf('?') + 1) : null);
      if (reject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        String body = "{\"error\":\"rejected by the test server\"}";
        String retryAfter = rejectRetryAfter == null ? "" : "Retry-After: " + rejectRetryAfter + "\r\n";
        out.write(("HTTP/1.1 " + rejectStatus + " Rejected\r\nContent-Type: application/json\r\n" + retryAfter + "Content-Length: "
            + body.length() + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        rejected.incrementAndGet();
        return;
      }
      connections.add(query);
      String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
          .digest((headers.get("sec-websocket-key") + GUID).getBytes(StandardCharsets.US_ASCII)));
      out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
          + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      open.add(s);
      Thread.ofPlatform().daemon().name("test-ws-read").start(() -> drainClient(in, out));
      long cursor = query.containsKey("cursor") ? Long.parseLong(query.get("cursor")) : Long.MIN_VALUE;
      int sent = 0;
      while (!closed && !s.isClosed()) {
        List<String> snapshot = new ArrayList<>(events);
        if (sent < snapshot.size()) {
          for (; sent < snapshot.size(); sent++) {
            String e = snapshot.get(sent);
            if (position.applyAsLong(e) >= cursor) {
              frame(out, 0x1, e.getBytes(StandardCharsets.UTF_8));
            }
          }
          out.flush();
        } else {
          Thread.onSpinWait();
          Thread.sleep(20); // the server's own pacing, not a test wait
        }
      }
    } catch (Exception e) {
      // the connection is gone
    } finally {
      open.remove(s);
    }
  }

  /** Reads the client's frames (they are masked): answers a close, ignores the rest. */
  private static void drainClient(InputStream in, OutputStream out) {
    try {
      while (true) {
        int b0 = in.read();
        int b1 = in.read();
        if (b0 < 0 || b1 < 0) {
          return;
        }
        long len = b1 & 0x7f;
        if (len == 126) {
          len = (in.read() << 8) | in.read();
        } else if (len == 127) {
          len = 0;
          for (int i = 0; i < 8; i++) {
            len = (len << 8) | in.read();
          }
        }
        in.readNBytes((b1 & 0x80) != 0 ? 4 : 0);
        in.readNBytes((int) len);
        if ((b0 & 0x0f) == 0x8) {
          synchronized (out) {
            frame(out, 0x8, new byte[0]);
            out.flush();
          }
          return;
        }
      }
    } catch (IOException e) {
      // gone
    }
  }

  private static void frame(OutputStream out, int opcode, byte[] payload) throws IOException {
    synchronized (out) {
      out.write(0x80 | opcode);
      if (payload.length < 126) {
        out.write(payload.length);
      } else if (payload.length < 65536) {
        out.write(126);
        out.write(payload.length >>> 8);
        out.write(payload.length & 0xff);
      } else {
        out.write(127);
        for (int i = 7; i >= 0; i--) {
          out.write((int) ((long) payload.length >>> (8 * i)) & 0xff);
        }
      }
      out.write(payload);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  @Override
  public void close() {
    closed = true;
    dropAll();
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
