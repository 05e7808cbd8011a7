package io.veille.ingest.replay;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Live counters of a replay, safe to read from another thread (the demo's progress line):
 * lines read, records sent and acknowledged, lines sent to the DLQ, failures, current event time.
 */
public final class ReplayProgress {
  private static final int KEEP_ERRORS = 20;

  final AtomicLong lines = new AtomicLong();
  final AtomicLong sent = new AtomicLong();
  final AtomicLong acked = new AtomicLong();
  final AtomicLong dlq = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  final AtomicReference<Instant> eventTime = new AtomicReference<>();
  final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
  private final ArrayDeque<String> errors = new ArrayDeque<>();
  private volatile boolean done;

  public long lines() {
    return lines.get();
  }

  /** Valid records handed to the producer. */
  public long sent() {
    return sent.get();
  }

  /** Valid records acknowledged by the broker (acks=all). */
  public long acked() {
    return acked.get();
  }

  /** Malformed lines written to the DLQ. */
  public long dlq() {
    return dlq.get();
  }

  /** Records the producer could not deliver. */
  public long failed() {
    return failed.get();
  }

  public Instant eventTime() {
    return eventTime.get();
  }

  public boolean done() {
    return done;
  }

  void markDone() {
    done = true;
  }

  synchronized void error(String message) {
    if (errors.size() == KEEP_ERRORS) {
      errors.removeFirst();
    }
    errors.addLast(message);
  }

  /** The last malformed-line messages (at most 20), e.g. {@code demo.jsonl line 12: publishedAt: ...}. */
  public synchronized List<String> recentErrors() {
    return List.copyOf(errors);
  }
}
