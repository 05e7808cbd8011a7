package io.veille.ingest.testing;

import io.veille.ingest.runtime.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A clock that moves only when told or when a loop sleeps on it: every wait is recorded and
 * returns at once (after moving the clock by it), so retry schedules are checked exactly and no
 * test waits.
 */
public final class ManualTime implements InstantSource, Sleeper {
  private final Instant start;
  private volatile Instant now;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  public ManualTime(Instant start) {
    this.start = start;
    this.now = start;
  }

  public ManualTime() {
    this(Instant.parse("2026-11-02T10:00:00Z"));
  }

  @Override
  public Instant instant() {
    return now;
  }

  /** Nanoseconds since the start, as {@link System#nanoTime} would count them. */
  public long nanoTime() {
    return Duration.between(start, now).toNanos();
  }

  public synchronized void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public boolean sleep(Duration wait, CountDownLatch stop) {
    sleeps.add(wait);
    advance(wait);
    return stop.getCount() == 0;
  }

  /**
   * A sleeper like this one, except that a wait of {@code threshold} or more (a healthy
   * connector's next poll, say) parks until the loop is stopped: the test sees one poll, then quiet.
   */
  public Sleeper parkingFrom(Duration threshold) {
    return (wait, stop) -> {
      if (wait.compareTo(threshold) < 0) {
        return sleep(wait, stop);
      }
      sleeps.add(wait);
      return stop.await(60, java.util.concurrent.TimeUnit.SECONDS);
    };
  }

  /** Every wait asked so far, in order. */
  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }
}
