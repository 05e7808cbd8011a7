package io.veille.ingest.runtime;

import io.veille.ingest.http.HttpFailure;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * The one retry policy of ingest, immutable: the runner's poll loop and the X stream's reader use
 * it (Jetstream and Mastodon's stream reconnect through the runner's poll loop, so through it too).
 *
 * <ul>
 *   <li><b>What is retried</b> ({@link #classify}): an {@link HttpFailure} when it says so (no
 *       answer, 408, 429, 5xx: {@link HttpFailure#retriableStatus}, or a connector's own reading of
 *       its API); any other I/O error; anything else but Kafka refusing the producer (fenced, out
 *       of sequence, not authorised). Everything else is fatal: no retry, the connector stops and
 *       shows {@code failed} with the reason in {@code /health}.</li>
 *   <li><b>How long to wait</b> ({@link #delay}): full jitter, a uniform draw in
 *       {@code [0, min(cap, base * 2^(n-1))]} before retry {@code n}; a server's Retry-After,
 *       capped at {@code retryAfterCap}, is waited at least.</li>
 *   <li><b>How long to go on</b>: at most {@code maxAttempts} failures in a row, and (or) no
 *       failure {@code maxElapsed} or more after the first of the streak; then the policy gives up,
 *       as on a fatal error. A success ends the streak ({@link Retries#succeeded}).</li>
 * </ul>
 *
 * <p>The clock (for the elapsed bound) and the random generator (for the jitter) are injected so
 * tests are deterministic; by default the system clock and {@link ThreadLocalRandom}.
 */
public final class RetryPolicy {
  /** The runner's: 500 ms, doubling up to 5 min; Retry-After honoured up to 1 h; giving up after 24 h of failures. */
  public static final Duration DEFAULT_BASE = Duration.ofMillis(500);
  public static final Duration DEFAULT_CAP = Duration.ofMinutes(5);
  public static final Duration DEFAULT_RETRY_AFTER_CAP = Duration.ofHours(1);
  public static final Duration DEFAULT_MAX_ELAPSED = Duration.ofHours(24);

  /** Retriable or not. */
  public enum Kind { RETRIABLE, FATAL }

  private final Duration base;
  private final Duration cap;
  private final Duration retryAfterCap;
  private final int maxAttempts;
  private final Duration maxElapsed;
  private final InstantSource clock;
  private final RandomGenerator random;

  private RetryPolicy(Duration base, Duration cap, Duration retryAfterCap, int maxAttempts, Duration maxElapsed,
      InstantSource clock, RandomGenerator random) {
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("a retry policy needs 0 < base <= cap (base " + base + ", cap " + cap + ")");
    }
    if (cap.compareTo(Duration.ofDays(1)) > 0 || retryAfterCap.isNegative()) {
      throw new IllegalArgumentException("a retry policy's cap is at most a day and its Retry-After cap not negative");
    }
    if (maxAttempts < 0 || (maxElapsed != null && (maxElapsed.isNegative() || maxElapsed.isZero()))) {
      throw new IllegalArgumentException("maxAttempts must be >= 0 (0: no limit) and maxElapsed positive (null: no limit)");
    }
    if (maxAttempts == 0 && maxElapsed == null) {
      throw new IllegalArgumentException("a retry policy must be bounded: give maxAttempts, maxElapsed or both");
    }
    this.base = base;
    this.cap = cap;
    this.retryAfterCap = retryAfterCap;
    this.maxAttempts = maxAttempts;
    this.maxElapsed = maxElapsed;
    this.clock = Objects.requireNonNull(clock);
    this.random = random;
  }

  /** The runner's defaults ({@link #DEFAULT_BASE}...), no attempt limit, the system clock, {@link ThreadLocalRandom}. */
  public static RetryPolicy standard() {
    return new RetryPolicy(DEFAULT_BASE, DEFAULT_CAP, DEFAULT_RETRY_AFTER_CAP, 0, DEFAULT_MAX_ELAPSED, InstantSource.system(),
        null);
  }

  /** The first retry's ceiling; the ceiling doubles at each failure in a row. */
  public RetryPolicy withBase(Duration base) {
    return new RetryPolicy(base, cap.compareTo(base) < 0 ? base : cap, retryAfterCap, maxAttempts, maxElapsed, clock, random);
  }

  /**
   * A streaming connector's reconnects: {@code first} as the base and 64 times it as the cap
   * (both at most a day), the limits and the rest as they are.
   */
  public RetryPolicy withReconnectDelay(Duration first) {
    Duration day = Duration.ofDays(1);
    Duration b = first.compareTo(day) > 0 ? day : first;
    Duration c = b.compareTo(day.dividedBy(64)) > 0 ? day : b.multipliedBy(64);
    return new RetryPolicy(b, c, retryAfterCap, maxAttempts, maxElapsed, clock, random);
  }

  /** The largest ceiling. */
  public RetryPolicy withCap(Duration cap) {
    return new RetryPolicy(base, cap, retryAfterCap, maxAttempts, maxElapsed, clock, random);
  }

  /** The longest Retry-After honoured (a longer one waits this long). */
  public RetryPolicy withRetryAfterCap(Duration retryAfterCap) {
    return new RetryPolicy(base, cap, retryAfterCap, maxAttempts, maxElapsed, clock, random);
  }

  /**
   * When to give up: after {@code maxAttempts} failures in a row (0: no such limit), or at the first
   * failure {@code maxElapsed} or more after the first of the streak (null: no such limit). One at least.
   */
  public RetryPolicy withLimits(int maxAttempts, Duration maxElapsed) {
    return new RetryPolicy(base, cap, retryAfterCap, maxAttempts, maxElapsed, clock, random);
  }

  public RetryPolicy withClock(InstantSource clock) {
    return new RetryPolicy(base, cap, retryAfterCap, maxAttempts, maxElapsed, clock, random);
  }

  /** The generator of the jitter; shared by whoever shares the policy, so not thread-safe ones only in tests. */
  public RetryPolicy withRandom(RandomGenerator random) {
    return new RetryPolicy(base, cap, retryAfterCap, maxAttempts, maxElapsed, clock, Objects.requireNonNull(random));
  }

  public Duration base() {
    return base;
  }

  public Duration cap() {
    return cap;
  }

  public Duration retryAfterCap() {
    return retryAfterCap;
  }

  /** 0 when failures in a row are not counted. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** null when the streak's length is not bounded in time. */
  public Duration maxElapsed() {
    return maxElapsed;
  }

  public InstantSource clock() {
    return clock;
  }

  /** Retriable or fatal: see the class comment. */
  public static Kind classify(Throwable e) {
    if (e instanceof HttpFailure h) {
      return h.retriable() ? Kind.RETRIABLE : Kind.FATAL;
    }
    if (e instanceof ProducerFencedException || e instanceof OutOfOrderSequenceException
        || e instanceof AuthorizationException) {
      return Kind.FATAL;
    }
    if (e instanceof UncheckedIOException u && u.getCause() != null) {
      return classify(u.getCause());
    }
    // any other I/O error (the network), a Kafka timeout, a bug met on one page: bounded by the limits
    return Kind.RETRIABLE;
  }

  /** The largest wait before retry {@code attempt} (1-based): {@code min(cap, base * 2^(attempt-1))}. */
  public Duration ceiling(int attempt) {
    long capMs = cap.toMillis();
    long c = base.toMillis();
    for (int i = 1; i < attempt && c < capMs; i++) {
      c = c > capMs / 2 ? capMs : c * 2;
    }
    return Duration.ofMillis(Math.min(c, capMs));
  }

  /**
   * The wait before retry {@code attempt}: uniform in {@code [0, ceiling(attempt)]} (millisecond
   * steps), or the server's {@code retryAfter} (null: none) capped at the Retry-After cap when that is longer.
   */
  public Duration delay(int attempt, Duration retryAfter) {
    long ceiling = ceiling(Math.max(1, attempt)).toMillis();
    RandomGenerator r = random != null ? random : ThreadLocalRandom.current();
    Duration d = Duration.ofMillis(r.nextLong(ceiling + 1));
    if (retryAfter != null && !retryAfter.isNegative()) {
      Duration asked = retryAfter.compareTo(retryAfterCap) > 0 ? retryAfterCap : retryAfter;
      d = asked.compareTo(d) > 0 ? asked : d;
    }
    return d;
  }

  /** A new streak counter for one loop (one connector, one reader thread): not shared between threads. */
  public Retries start() {
    return new Retries();
  }

  /** What to do after a failure. */
  public sealed interface Decision permits Retry, GiveUp {
    /** The failures in a row so far, this one included. */
    int attempt();
  }

  /** Try again after {@code delay}. */
  public record Retry(int attempt, Duration delay) implements Decision {}

  /** Stop: the error is fatal, or the limits are reached; {@code reason} says which, for {@code /health}. */
  public record GiveUp(int attempt, boolean fatal, String reason) implements Decision {}

  /** The failures in a row of one loop, and the decision after each. */
  public final class Retries {
    private int failures;
    private Instant firstFailure;

    private Retries() {}

    /** Counts the failure {@code e} and decides: retry after a delay, or give up. */
    public Decision failed(Throwable e) {
      Instant now = clock.instant();
      if (failures == 0) {
        firstFailure = now;
      }
      failures++;
      if (classify(e) == Kind.FATAL) {
        return new GiveUp(failures, true, "fatal error, not retried");
      }
      Duration elapsed = Duration.between(firstFailure, now);
      if (maxAttempts > 0 && failures >= maxAttempts) {
        return new GiveUp(failures, false, "gave up after " + failures + " failures in a row (the limit)");
      }
      if (maxElapsed != null && elapsed.compareTo(maxElapsed) >= 0) {
        return new GiveUp(failures, false, "gave up after " + failures + " failures in a row over " + human(elapsed)
            + " (the limit is " + human(maxElapsed) + ")");
      }
      return new Retry(failures, delay(failures, e instanceof HttpFailure h ? h.retryAfter() : null));
    }

    /** Ends the streak: the next failure is the first again. */
    public void succeeded() {
      failures = 0;
      firstFailure = null;
    }

    /** Failures in a row so far. */
    public int failures() {
      return failures;
    }
  }

  static String human(Duration d) {
    return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }
}
