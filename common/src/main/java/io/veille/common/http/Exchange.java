package io.veille.common.http;

import io.veille.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One HTTP request and its answer, as the service's handlers see it: method, path, headers, a
 * body read with a size limit, a deadline and a share of the server's in-flight memory, and one
 * JSON answer. Handlers run on their own (virtual) thread and may block.
 */
public final class Exchange {
  /** Thrown by {@link #body}: the answer the client gets instead (413, 408, 503). */
  public static final class Refused extends Exception {
    private final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final Request request;
  private final Response response;
  private final Callback callback;
  private final HttpService.Limits limits;
  private final Semaphore inFlight;
  private int heldPermits;
  private boolean answered;
  private final Map<String, String> answerHeaders = new LinkedHashMap<>();

  Exchange(Request request, Response response, Callback callback, HttpService.Limits limits, Semaphore inFlight) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.limits = limits;
    this.inFlight = inFlight;
  }

  public String method() {
    return request.getMethod();
  }

  public String path() {
    return Request.getPathInContext(request);
  }

  /** The query string as sent (still percent-encoded, without the {@code ?}), or null when there is none. */
  public String query() {
    return request.getHttpURI().getQuery();
  }

  public String header(String name) {
    return request.getHeaders().get(name);
  }

  /**
   * The query string's parameters, each with its values in order (a parameter given twice has two). A query string
   * that does not decode is an {@link IllegalArgumentException}.
   */
  public Map<String, java.util.List<String>> queryParameters() {
    Map<String, java.util.List<String>> out = new LinkedHashMap<>();
    try {
      org.eclipse.jetty.util.Fields fields = Request.extractQueryParameters(request);
      for (org.eclipse.jetty.util.Fields.Field f : fields) {
        out.put(f.getName(), java.util.List.copyOf(f.getValues()));
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the query string does not decode: " + e.getMessage(), e);
    }
    return out;
  }

  public String remoteAddress() {
    return Request.getRemoteAddr(request);
  }

  /** Adds a header to the answer ({@code Retry-After}, {@code Allow}...). */
  public Exchange answerHeader(String name, String value) {
    answerHeaders.put(name, value);
    return this;
  }

  /**
   * The whole body, at most {@code maxBytes}; read within the server's body deadline, holding its
   * bytes against the server's in-flight budget until the answer is sent.
   */
  public byte[] body(long maxBytes) throws IOException, Refused {
    long declared = request.getLength();
    if (declared > maxBytes) {
      throw new Refused(413, "request larger than " + maxBytes + " bytes; split it into smaller batches");
    }
    long deadline = System.nanoTime() + limits.bodyTimeout().toNanos();
    int initial = (int) Math.min(declared >= 0 ? declared : 16 * 1024, maxBytes);
    reserve(Math.max(initial, 1));
    byte[] out = new byte[Math.max(initial, 16)];
    int size = 0;
    try (InputStream in = Request.asInputStream(request)) {
      while (true) {
        if (size == out.length) {
          if (size >= maxBytes) {
            if (in.read() < 0) {
              break;
            }
            throw new Refused(413, "request larger than " + maxBytes + " bytes; split it into smaller batches");
          }
          int grown = (int) Math.min(maxBytes, Math.max(16 * 1024, (long) out.length * 2));
          reserve(grown - out.length);
          out = Arrays.copyOf(out, grown);
        }
        int n = in.read(out, size, out.length - size);
        if (n < 0) {
          break;
        }
        size += n;
        if (System.nanoTime() > deadline) {
          throw new Refused(408, "request body not received within " + limits.bodyTimeout().toSeconds() + " s");
        }
      }
    } catch (IOException e) {
      if (System.nanoTime() > deadline) {
        throw new Refused(408, "request body not received within " + limits.bodyTimeout().toSeconds() + " s");
      }
      throw e;
    }
    return size == out.length ? out : Arrays.copyOf(out, size);
  }

  private void reserve(int bytes) throws Refused {
    if (!inFlight.tryAcquire(bytes)) {
      throw new Refused(503, "the server is busy (too many bytes in flight); retry shortly");
    }
    heldPermits += bytes;
  }

  public void json(int status, Object body) throws IOException {
    send(status, Json.MAPPER.writeValueAsBytes(body), "application/json");
  }

  /** An answer of {@code bytes} as {@code contentType}. */
  public void bytes(int status, String contentType, byte[] bytes) {
    send(status, bytes, contentType);
  }

  public void error(int status, String message) throws IOException {
    json(status, Map.of("error", message));
  }

  void send(int status, byte[] bytes, String contentType) {
    if (answered) {
      return;
    }
    answered = true;
    release();
    response.setStatus(status);
    HttpFields.Mutable h = response.getHeaders();
    h.put("Content-Type", contentType);
    answerHeaders.forEach(h::put);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  /**
   * Starts a streamed answer: the status and headers go now, the body as it is written (chunked), so an answer of
   * any size is sent in constant memory. Closing the stream ends the answer; a failure while writing aborts it.
   */
  public java.io.OutputStream stream(int status, String contentType) {
    if (answered) {
      throw new IllegalStateException("already answered");
    }
    answered = true;
    release();
    response.setStatus(status);
    HttpFields.Mutable h = response.getHeaders();
    h.put("Content-Type", contentType);
    answerHeaders.forEach(h::put);
    java.io.OutputStream out = org.eclipse.jetty.io.Content.Sink.asOutputStream(response);
    return new java.io.BufferedOutputStream(new java.io.FilterOutputStream(out) {
      private boolean closed;

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        if (closed) {
          return;
        }
        closed = true;
        try {
          out.close();
          callback.succeeded();
        } catch (IOException | RuntimeException e) {
          callback.failed(e);
          throw e;
        }
      }
    }, 64 * 1024);
  }

  /** Aborts a streamed answer that failed half-way (the client sees a truncated body, not a success). */
  public void abort(Throwable t) {
    callback.failed(t);
  }

  boolean answered() {
    return answered;
  }

  void release() {
    if (heldPermits > 0) {
      inFlight.release(heldPermits);
      heldPermits = 0;
    }
  }

  void fail(Throwable t) {
    release();
    if (!answered) {
      answered = true;
      callback.failed(t);
    }
  }
}
