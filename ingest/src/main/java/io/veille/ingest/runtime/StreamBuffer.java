package io.veille.ingest.runtime;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The base of every streaming source (X's filtered stream, Bluesky's Jetstream, Mastodon's SSE):
 * the bounded buffer between the connection, read on its own thread or callbacks, and the
 * connector's {@code poll}, which drains it on the runner's thread. It also keeps the connection's
 * health: the last sign of life (heartbeats count), whether it ended and why, whether the buffer
 * overflowed, so that the connector can decide to reconnect. Reconnection itself goes through the
 * runner's {@link RetryPolicy} (or, for a reader that reconnects on its own thread, a policy's
 * {@link RetryPolicy.Retries}); nothing here waits or retries.
 *
 * <p>Thread-safe: one producer (the connection) and one consumer (the poll).
 */
public final class StreamBuffer<T> {
  private final BlockingQueue<T> queue;
  private final int capacity;
  private final InstantSource clock;
  private volatile Instant lastActivity;
  private volatile String ended;
  private volatile boolean overflowed;

  public StreamBuffer(int capacity, InstantSource clock) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    this.capacity = capacity;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.clock = clock;
    this.lastActivity = clock.instant();
  }

  /** A new connection: forgets how the last one ended and counts from now (what is buffered stays). */
  public void connected() {
    ended = null;
    overflowed = false;
    touch();
  }

  /** A sign of life (an event, a heartbeat, a keep-alive line). */
  public void touch() {
    lastActivity = clock.instant();
  }

  /** Adds an event if there is room; false when the buffer is full (the caller pauses the connection, or overflows). */
  public boolean offer(T event) {
    touch();
    return queue.offer(event);
  }

  /** Adds an event, waiting for room: a reader thread that blocks pushes back on the server. */
  public void put(T event) throws InterruptedException {
    touch();
    queue.put(event);
  }

  /** The buffer was full and the event could not wait: the connector must reconnect and catch up. */
  public void overflowed() {
    overflowed = true;
  }

  /** The connection ended (by the server, broken, closed): {@code why} is said by {@link #problem}. */
  public void ended(String why) {
    ended = why;
  }

  /** Waits up to {@code wait} for a first event, then takes what is there, at most {@code max} in all. */
  public List<T> drain(int max, Duration wait) throws InterruptedException {
    List<T> out = new ArrayList<>();
    T first = queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
    if (first != null) {
      out.add(first);
      queue.drainTo(out, max - 1);
    }
    return out;
  }

  /** Everything buffered now, without waiting. */
  public List<T> drainAll() {
    List<T> out = new ArrayList<>();
    queue.drainTo(out);
    return out;
  }

  public boolean isEmpty() {
    return queue.isEmpty();
  }

  /** Drops what is buffered (a fresh start from a stored cursor). */
  public void clear() {
    queue.clear();
  }

  /** How long since the last sign of life. */
  public Duration idle() {
    return Duration.between(lastActivity, clock.instant());
  }

  /**
   * Why the connection cannot go on: it ended, the buffer overflowed, or nothing came for longer
   * than {@code idleTimeout} (not even a heartbeat); null while it is fine.
   */
  public String problem(String what, Duration idleTimeout) {
    String e = ended;
    if (e != null) {
      return e;
    }
    if (overflowed) {
      return what + ": more than " + capacity + " events buffered, reconnecting";
    }
    if (idle().compareTo(idleTimeout) > 0) {
      return what + ": nothing received for more than " + idleTimeout.toMillis() + " ms (not even a heartbeat), reconnecting";
    }
    return null;
  }
}
