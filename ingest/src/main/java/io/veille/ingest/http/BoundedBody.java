package io.veille.ingest.http;

import io.veille.common.config.Sizes;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The body of one response read as bytes, bounded in size and in time, for {@link HttpFetcher}.
 *
 * <ul>
 *   <li><b>Size.</b> A success's body (2xx) may hold at most {@code maxBody} bytes: a
 *       {@code Content-Length} above it fails before a byte is read; without one, the read fails
 *       with the chunk that passes the limit. Either way the subscription is cancelled (the client
 *       closes the connection) and nothing beyond the limit is kept: the buffer never grows past
 *       it. The failure is fatal ({@link HttpFailure#retriable()} false): the same document will be
 *       as large on the next try. An error answer's body (any other status) is only an excerpt for
 *       {@link HttpFailure}: its first {@code errorBytes} are kept and the rest is not read, so the
 *       status decides as it should (a 503 with a huge page stays retriable).</li>
 *   <li><b>Time.</b> The body must be complete by {@code deadline} ({@link System#nanoTime()}
 *       scale): the client's own request timeout ends when the headers come, so a body that stalls
 *       after them would otherwise hold the caller for as long as the server likes. At the
 *       deadline the subscription is cancelled and the read fails as a retriable timeout.</li>
 * </ul>
 *
 * <p>Demand is one chunk at a time. The deadline timers run on one shared daemon thread and are
 * removed as soon as their body completes.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
  private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

  private final String what;
  private final int status;
  private final long limit;
  private final boolean failOver;
  private final String limitName;
  private final long contentLength;
  private final long deadline;
  private final Duration timeout;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  /** Guards the subscription: its calls come from the client's threads and the deadline's, and must be serial. */
  private final Object lock = new Object();
  private Flow.Subscription subscription;
  private volatile ScheduledFuture<?> timer;
  /** Written by the client's delivering thread only (one onNext at a time). */
  private byte[] buffer = new byte[0];
  private volatile int size;

  private BoundedBody(String what, int status, long limit, boolean failOver, String limitName, long contentLength,
      long deadline, Duration timeout) {
    this.what = what;
    this.status = status;
    this.limit = limit;
    this.failOver = failOver;
    this.limitName = limitName;
    this.contentLength = contentLength;
    this.deadline = deadline;
    this.timeout = timeout;
    result.whenComplete((b, e) -> {
      ScheduledFuture<?> t = timer;
      if (t != null) {
        t.cancel(false);
      }
    });
  }

  /**
   * The handler of one call.
   *
   * @param what the method and the URL without secrets, for messages
   * @param maxBody the most bytes a 2xx body may hold
   * @param limitName the setting that sets {@code maxBody}, named in the message (null: none)
   * @param errorBytes the most bytes kept of any other status's body
   * @param deadline when the body must be complete, on the {@link System#nanoTime()} scale
   * @param timeout the timeout the deadline comes from, for the message
   */
  static HttpResponse.BodyHandler<byte[]> handler(String what, long maxBody, String limitName, int errorBytes, long deadline,
      Duration timeout) {
    return info -> {
      int s = info.statusCode();
      boolean success = s >= 200 && s < 300;
      OptionalLong length = info.headers().firstValueAsLong("content-length");
      return new BoundedBody(what, s, success ? maxBody : errorBytes, success, limitName, length.orElse(-1), deadline, timeout);
    };
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    synchronized (lock) {
      if (subscription != null) {
        s.cancel();
        return;
      }
      subscription = s;
    }
    if (failOver && contentLength > limit) {
      cancel();
      result.completeExceptionally(tooLarge("Content-Length " + contentLength));
      return;
    }
    if (contentLength >= 0) {
      buffer = new byte[(int) Math.min(contentLength, limit)];
    }
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      expire();
      return;
    }
    timer = DEADLINES.schedule(this::expire, left, TimeUnit.NANOSECONDS);
    request();
  }

  @Override
  public void onNext(List<ByteBuffer> chunks) {
    if (result.isDone()) {
      return;
    }
    long n = 0;
    for (ByteBuffer b : chunks) {
      n += b.remaining();
    }
    if (size + n > limit) {
      if (failOver) {
        cancel();
        result.completeExceptionally(tooLarge("no Content-Length, more than " + limit + " bytes came"));
        return;
      }
      copy(chunks, (int) (limit - size));
      cancel();
      result.complete(body());
      return;
    }
    copy(chunks, (int) n);
    request();
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    result.complete(body());
  }

  /** The deadline: fails the read as a timeout and cancels the subscription, unless the body came first. */
  private void expire() {
    if (result.completeExceptionally(new HttpFailure(what + ": body not complete within " + timeout.toMillis()
        + " ms (the timeout covers the whole call; " + size + " bytes came)", 0, true, null, null))) {
      cancel();
    }
  }

  private HttpFailure tooLarge(String detail) {
    return new HttpFailure(what + ": HTTP " + status + " with a body over the " + Sizes.text(limit) + " limit"
        + (limitName == null ? "" : " (" + limitName + ")") + ": " + detail, status, false, null, null);
  }

  /** Appends {@code n} bytes from the chunks; {@code size + n <= limit}, so the buffer never passes the limit. */
  private void copy(List<ByteBuffer> chunks, int n) {
    if (size + n > buffer.length) {
      long grown = Math.max((long) size + n, Math.min(limit, Math.max(8192L, 2L * buffer.length)));
      buffer = java.util.Arrays.copyOf(buffer, (int) grown);
    }
    int left = n;
    for (ByteBuffer b : chunks) {
      int take = Math.min(left, b.remaining());
      b.get(buffer, size, take);
      size += take;
      left -= take;
      if (left == 0) {
        break;
      }
    }
  }

  private byte[] body() {
    return size == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, size);
  }

  private void request() {
    synchronized (lock) {
      subscription.request(1);
    }
  }

  private void cancel() {
    synchronized (lock) {
      subscription.cancel();
    }
  }

  private static ScheduledThreadPoolExecutor deadlines() {
    ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1,
        Thread.ofPlatform().name("veille-http-deadlines").daemon().factory());
    e.setRemoveOnCancelPolicy(true);
    return e;
  }
}
