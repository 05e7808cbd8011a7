package io.veille.deploy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A service command's main loop: runs until SIGTERM or Ctrl-C, then lets the command close its
 * resources before the JVM halts. The JVM halts as soon as its shutdown hooks return, so the hook
 * asks the loop to stop and then waits, bounded, until the command says it has closed everything.
 */
final class UntilStopped implements AutoCloseable {
  /** How long a stop signal waits for the service to close (Kafka Streams checkpoints its stores then). */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread hook;

  UntilStopped(String name) {
    hook = new Thread(() -> {
      stop.countDown();
      try {
        if (!closed.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          System.err.println("veille " + name + ": not closed within " + CLOSE_TIMEOUT.toSeconds() + " s; stopping anyway");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "veille-" + name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Waits up to {@code d} for a stop signal; true once it came. */
  boolean await(Duration d) throws InterruptedException {
    return stop.await(d.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Called once the service's resources are closed: the shutdown hook may return. */
  @Override
  public void close() {
    closed.countDown();
    if (stop.getCount() > 0) {
      // a normal return (not a signal): the hook is not needed any more
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already stopping: the hook runs and finds the latch open
      }
    }
  }
}
