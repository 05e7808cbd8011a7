package io.veille.ingest.runtime;

import java.time.Duration;
import java.util.SplittableRandom;

/** Exponential backoff with full jitter, capped; a server's Retry-After wins when it is longer. */
public final class Backoff {
  private final Duration base;
  private final Duration max;
  private final SplittableRandom random;

  public Backoff(Duration base, Duration max, long seed) {
    this.base = base;
    this.max = max;
    this.random = new SplittableRandom(seed);
  }

  /** The wait before retry number {@code attempt} (1-based). */
  public Duration delay(long attempt, Duration retryAfter) {
    long cap = Math.min(max.toMillis(), base.toMillis() << Math.min(20, Math.max(0, attempt - 1)));
    long jittered = cap <= 0 ? 0 : cap / 2 + random.nextLong(cap / 2 + 1);
    Duration d = Duration.ofMillis(jittered);
    return retryAfter != null && retryAfter.compareTo(d) > 0 ? retryAfter : d;
  }
}
