package io.veille.ingest.runtime;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongSupplier;

/**
 * A per-source limit on polls (API calls) per period: a token bucket holding at most
 * {@code permits} tokens (the burst), refilled continuously at {@code permits} per period, one token
 * per call. Shared by the connectors of a source; {@link #acquire} waits outside the lock. The time
 * source and the wait are injected for tests.
 */
public final class RateLimiter {
  private static final CountDownLatch NEVER = new CountDownLatch(1);

  private final double permitsPerNano;
  private final double burst;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private double tokens;
  private long last;

  private RateLimiter(double permitsPerNano, double burst, LongSupplier nanoTime, Sleeper sleeper) {
    this.permitsPerNano = permitsPerNano;
    this.burst = burst;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.tokens = burst;
    this.last = nanoTime.getAsLong();
  }

  /** {@code permits} calls per {@code per}, with bursts of up to {@code permits}. */
  public static RateLimiter of(int permits, Duration per) {
    return of(permits, per, System::nanoTime, Sleeper.REAL);
  }

  /** The same with the time ({@code nanoTime}, as {@link System#nanoTime}) and the wait given. */
  static RateLimiter of(int permits, Duration per, LongSupplier nanoTime, Sleeper sleeper) {
    if (permits < 1 || per.isZero() || per.isNegative()) {
      throw new IllegalArgumentException("a rate limit needs permits >= 1 and a positive period");
    }
    return new RateLimiter(permits / (double) per.toNanos(), permits, nanoTime, sleeper);
  }

  public static RateLimiter unlimited() {
    return new RateLimiter(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, () -> 0L, Sleeper.REAL);
  }

  /** Blocks until a call is allowed, and takes it. */
  public void acquire() throws InterruptedException {
    if (Double.isInfinite(permitsPerNano)) {
      return;
    }
    for (long wait = take(); wait > 0; wait = take()) {
      sleeper.sleep(Duration.ofNanos(wait), NEVER);
    }
  }

  /** Takes a token and answers 0, or answers how long until one is there (nanoseconds). */
  private synchronized long take() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(burst, tokens + Math.max(0, now - last) * permitsPerNano);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((1 - tokens) / permitsPerNano));
  }
}
