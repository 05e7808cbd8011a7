package io.veille.ingest.runtime;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How a loop waits before its next try: for {@code wait}, or until {@code stop} is counted down.
 * Injected so tests neither wait nor sleep ({@link #REAL} waits on the latch).
 */
@FunctionalInterface
public interface Sleeper {
  /** Waits; true when {@code stop} was counted down (the loop should end). */
  boolean sleep(Duration wait, CountDownLatch stop) throws InterruptedException;

  Sleeper REAL = (wait, stop) -> wait.isZero() || wait.isNegative()
      ? stop.getCount() == 0
      : stop.await(wait.toNanos(), TimeUnit.NANOSECONDS);
}
