package io.veille.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A service command's main loop: runs until SIGTERM or Ctrl-C, then lets the command close its
 * resources and return, so the process exits with the command's status (0 after a clean stop, not
 * the JVM's 143 for SIGTERM or 130 for SIGINT: Docker, Kubernetes and systemd then see a clean exit).
 *
 * <p>SIGTERM and SIGINT are caught while the loop runs (and given back to the JVM when it closes): the
 * first one asks the loop to stop, and a watchdog exits with status 1 if the command has not closed
 * within {@link #CLOSE_TIMEOUT}; a second one stops the process at once (status 128 + the signal's
 * number). Where the signals cannot be caught (e.g. {@code -Xrs}), and for any other shutdown
 * ({@code System.exit}, SIGHUP), a shutdown hook asks the loop to stop and waits, bounded, until the
 * command says it has closed everything (the JVM halts as soon as its hooks return).
 */
final class UntilStopped implements AutoCloseable {
  /** How long a stop signal waits for the service to close (Kafka Streams checkpoints its stores then). */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

  private final String name;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicBoolean signalled = new AtomicBoolean();
  private volatile boolean gaveUp;
  private final Thread hook;
  private final List<Object[]> previous = new ArrayList<>(); // {sun.misc.Signal, its previous handler}

  UntilStopped(String name) {
    this.name = name;
    hook = new Thread(() -> {
      stop.countDown();
      if (gaveUp) {
        return; // the watchdog is exiting: nothing more to wait for
      }
      try {
        if (!closed.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          System.err.println("veille " + name + ": not closed within " + CLOSE_TIMEOUT.toSeconds() + " s; stopping anyway");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "veille-" + name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    for (String sig : new String[] {"TERM", "INT"}) {
      try {
        sun.misc.Signal s = new sun.misc.Signal(sig);
        previous.add(new Object[] {s, sun.misc.Signal.handle(s, this::onSignal)});
      } catch (IllegalArgumentException | UnsupportedOperationException notHere) {
        // the VM keeps this signal (-Xrs, or not on this platform): the shutdown hook covers it
      }
    }
  }

  private void onSignal(sun.misc.Signal s) {
    if (!signalled.compareAndSet(false, true)) {
      System.err.println("veille " + name + ": second SIG" + s.getName() + " while stopping: stopping now");
      Runtime.getRuntime().halt(128 + s.getNumber());
    }
    stop.countDown();
    Thread watchdog = new Thread(() -> {
      try {
        if (!closed.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          System.err.println("veille " + name + ": not closed within " + CLOSE_TIMEOUT.toSeconds() + " s; stopping anyway");
          gaveUp = true;
          System.exit(1);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "veille-" + name + "-stop-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /** Waits up to {@code d} for a stop signal; true once it came. */
  boolean await(Duration d) throws InterruptedException {
    return stop.await(d.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Called once the service's resources are closed: the command may return (and the shutdown hook too). */
  @Override
  public void close() {
    closed.countDown();
    for (Object[] p : previous) {
      try {
        sun.misc.Signal.handle((sun.misc.Signal) p[0], (sun.misc.SignalHandler) p[1]);
      } catch (IllegalArgumentException ignored) {
        // cannot happen: it was handled a moment ago
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is already stopping (System.exit, SIGHUP): the hook runs and finds the latch open
    }
  }
}
