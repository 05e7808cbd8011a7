package io.veille.ingest.runtime;

import java.time.Duration;

/** A per-source limit on polls (API calls) per period: a token bucket refilled continuously. */
public final class RateLimiter {
  private final double permitsPerNano;
  private final double burst;
  private double tokens;
  private long last;

  private RateLimiter(double permitsPerNano, double burst) {
    this.permitsPerNano = permitsPerNano;
    this.burst = burst;
    this.tokens = burst;
    this.last = System.nanoTime();
  }

  /** {@code permits} calls per {@code per}, with bursts of up to {@code permits}. */
  public static RateLimiter of(int permits, Duration per) {
    if (permits < 1 || per.isZero() || per.isNegative()) {
      throw new IllegalArgumentException("a rate limit needs permits >= 1 and a positive period");
    }
    return new RateLimiter(permits / (double) per.toNanos(), permits);
  }

  public static RateLimiter unlimited() {
    return new RateLimiter(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
  }

  /** Blocks until a call is allowed. */
  public synchronized void acquire() throws InterruptedException {
    if (Double.isInfinite(permitsPerNano)) {
      return;
    }
    while (true) {
      long now = System.nanoTime();
      tokens = Math.min(burst, tokens + (now - last) * permitsPerNano);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      long waitNanos = (long) Math.ceil((1 - tokens) / permitsPerNano);
      wait(Math.max(1, waitNanos / 1_000_000), (int) (waitNanos % 1_000_000));
    }
  }
}
