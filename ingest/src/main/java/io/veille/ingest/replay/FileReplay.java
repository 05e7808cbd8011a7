package io.veille.ingest.replay;

import io.veille.common.json.MentionJson;
import io.veille.common.json.Utf8;
import io.veille.common.model.InvalidRecordException;
import io.veille.common.model.MentionTime;
import io.veille.common.model.Mention;
import io.veille.common.topic.DeadLetters;
import io.veille.common.topic.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file replay connector: reads JSONL mentions (optionally gzipped) into
 * {@code veille.mentions.raw} through an idempotent producer, as fast as possible or at a speed
 * factor over the mentions' event time. A malformed line is logged with its line number and reason,
 * written to {@code veille.mentions.dlq} with headers, and the replay goes on.
 *
 * <p>Memory is bounded by the producer's buffer: {@code send} blocks when the broker is slower
 * than the file. Time comes from an injected clock and sleeper, so tests never sleep.
 */
public final class FileReplay {
  private static final Logger LOG = LoggerFactory.getLogger(FileReplay.class);

  /** Waits until an instant of the injected clock. */
  @FunctionalInterface
  public interface Sleeper {
    void sleepUntil(Instant wakeAt) throws InterruptedException;

    static Sleeper system(InstantSource clock) {
      return wakeAt -> {
        long ms = Duration.between(clock.instant(), wakeAt).toMillis();
        if (ms > 0) {
          Thread.sleep(ms);
        }
      };
    }
  }

  /**
   * Holds the replay while what reads its topic is too far behind (backpressure from a pipeline
   * slower than the replay's speed). Called before each mention with its event time; returns how
   * long it held the replay, by which the speed's schedule then moves on (held time is not caught up
   * in a burst).
   */
  @FunctionalInterface
  public interface Gate {
    Duration await(Instant eventTime) throws InterruptedException;

    Gate OPEN = eventTime -> Duration.ZERO;
  }

  private final Producer<byte[], byte[]> producer;
  private final InstantSource clock;
  private final Sleeper sleeper;
  private volatile Gate gate = Gate.OPEN;
  private volatile int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
  private volatile Duration maxFuture = MentionTime.DEFAULT_MAX_FUTURE;
  private volatile InstantSource wall = InstantSource.system();

  /** 1 MiB (the producer's default max.request.size) less room for key and headers. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 1_048_576 - 16 * 1024;

  public FileReplay(Producer<byte[], byte[]> producer) {
    this(producer, InstantSource.system(), Sleeper.system(InstantSource.system()));
  }

  public FileReplay(Producer<byte[], byte[]> producer, InstantSource clock, Sleeper sleeper) {
    this.producer = Objects.requireNonNull(producer);
    this.clock = Objects.requireNonNull(clock);
    this.sleeper = Objects.requireNonNull(sleeper);
  }

  /**
   * The edge rules: lines over {@code maxRecordBytes} and mentions dated more than {@code maxFuture}
   * after the wall clock go to the DLQ with their line number. The wall clock is not the pacing
   * clock: a file of last year replays at any speed, but nothing may claim to come from the future.
   */
  public FileReplay limits(int maxRecordBytes, Duration maxFuture, InstantSource wall) {
    this.maxRecordBytes = maxRecordBytes;
    this.maxFuture = Objects.requireNonNull(maxFuture);
    this.wall = Objects.requireNonNull(wall);
    return this;
  }

  /** The replay waits at {@code gate} before each mention (see {@link Gate}). */
  public FileReplay gate(Gate gate) {
    this.gate = Objects.requireNonNull(gate);
    return this;
  }

  /** Opens a file, gunzipping it when its name ends with .gz. */
  public static BufferedReader open(Path file) throws IOException {
    return open(Files.newInputStream(file), file.getFileName().toString());
  }

  /** Opens a file as bytes for {@link #replay(String, InputStream, Pacing, ReplayProgress)}, gunzipping a .gz. */
  public static InputStream openBytes(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    try {
      return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 64 * 1024) : in;
    } catch (IOException e) {
      in.close();
      throw e;
    }
  }

  public static BufferedReader open(InputStream in, String name) throws IOException {
    InputStream s = name.endsWith(".gz") ? new GZIPInputStream(in, 64 * 1024) : in;
    return new BufferedReader(new InputStreamReader(s, StandardCharsets.UTF_8), 64 * 1024);
  }

  public ReplayProgress replay(Path file, Pacing pacing) throws IOException, InterruptedException {
    ReplayProgress progress = new ReplayProgress();
    try (InputStream in = openBytes(file)) {
      replay(file.getFileName().toString(), in, pacing, progress);
    }
    return progress;
  }

  /** Lines handed to a parsing thread at a time. */
  static final int BATCH = 256;

  /** Lines of the file read but not yet sent, with their line numbers, and what parsing made of them. */
  private static final class Batch {
    /** Marks a blank line of a byte stream: skipped, as the reader path skips it. */
    static final Object BLANK = new Object();

    final String[] lines = new String[BATCH]; // from a BufferedReader
    final byte[][] bytes = new byte[BATCH][]; // from a byte stream, raw until parsed
    final long[] lineNos = new long[BATCH];
    final Object[] parsed = new Object[BATCH]; // a Mention, the InvalidRecordException, or BLANK
    int size;

    /** Runs on a parsing thread; the file's order is kept by sending the batches in turn. */
    Batch parse(int maxRecordBytes, Duration maxFuture, InstantSource wall) {
      for (int i = 0; i < size; i++) {
        boolean fromBytes = lines[i] == null;
        if (!fromBytes) {
          bytes[i] = lines[i].getBytes(StandardCharsets.UTF_8);
          lines[i] = null;
        } else if (ByteLines.isBlank(bytes[i])) {
          parsed[i] = BLANK;
          continue;
        }
        try {
          if (bytes[i].length > maxRecordBytes) {
            throw new InvalidRecordException("", "line of " + bytes[i].length + " bytes is over the per-record limit of "
                + maxRecordBytes + " bytes (what Kafka takes); its first " + DeadLetters.MAX_VALUE_BYTES
                + " bytes are kept in the DLQ");
          }
          if (fromBytes) {
            Utf8.check(bytes[i]); // a reader's lines are decoded already
          }
          parsed[i] = MentionTime.checkNotFuture(MentionJson.read(bytes[i]), wall.instant(), maxFuture);
        } catch (InvalidRecordException e) {
          parsed[i] = e;
        }
      }
      return this;
    }
  }

  /**
   * Replays every line of a UTF-8 stream (already gunzipped); {@code origin} names the input in logs
   * and DLQ headers. The same as {@link #replay(String, BufferedReader, Pacing, ReplayProgress)} on
   * that stream, but the reading thread does not decode the lines: it only cuts them.
   */
  public void replay(String origin, InputStream in, Pacing pacing, ReplayProgress progress)
      throws IOException, InterruptedException {
    ByteLines lines = new ByteLines(in);
    run(origin, pacing, progress, (batch, lineNo) -> {
      byte[] line = lines.next();
      if (line == null) {
        return false;
      }
      batch.bytes[batch.size] = line;
      batch.lineNos[batch.size] = lineNo;
      batch.size++;
      return true;
    }, lines::ready);
  }

  /**
   * Replays every line of {@code reader}; {@code origin} names the input in logs and DLQ headers.
   * Returns when every record is acknowledged (or failed); throws if any could not be delivered.
   *
   * <p>This thread reads the lines and sends the records, in the file's order; the parsing and
   * validation of each batch of {@value #BATCH} lines runs on a small pool (one thread per
   * processor), at most a few batches ahead of the sending, so memory stays bounded.
   */
  public void replay(String origin, BufferedReader reader, Pacing pacing, ReplayProgress progress)
      throws IOException, InterruptedException {
    run(origin, pacing, progress, (batch, lineNo) -> {
      String line = reader.readLine();
      if (line == null) {
        return false;
      }
      if (!line.isBlank()) {
        batch.lines[batch.size] = line;
        batch.lineNos[batch.size] = lineNo;
        batch.size++;
      }
      return true;
    }, reader::ready);
  }

  /** Reads one line into a batch (nothing for a blank line); false at the end of the input. */
  @FunctionalInterface
  private interface LineSource {
    boolean next(Batch batch, long lineNo) throws IOException;
  }

  @FunctionalInterface
  private interface MoreReady {
    boolean getAsBoolean() throws IOException;
  }

  private void run(String origin, Pacing pacing, ReplayProgress progress, LineSource source, MoreReady more)
      throws IOException, InterruptedException {
    Callback onAck = (meta, e) -> {
      if (e == null) {
        progress.acked.incrementAndGet();
      } else {
        progress.failed.incrementAndGet();
        progress.firstFailure.compareAndSet(null, e);
      }
    };
    Callback onDlqAck = (meta, e) -> {
      if (e != null) {
        progress.failed.incrementAndGet();
        progress.firstFailure.compareAndSet(null, e);
      }
    };
    Sender sender = new Sender(origin, pacing, progress, onAck, onDlqAck);
    int recordLimit = maxRecordBytes;
    Duration futureLimit = maxFuture;
    InstantSource wallClock = wall;
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    int maxAhead = 2 * threads + 2;
    AtomicInteger threadNo = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "replay-parse-" + threadNo.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    ArrayDeque<Future<Batch>> ahead = new ArrayDeque<>(maxAhead + 1);
    long lineNo = 0;
    try {
      Batch batch = new Batch();
      while (true) {
        int before = batch.size;
        if (!source.next(batch, lineNo + 1)) {
          break;
        }
        lineNo++;
        progress.lines.incrementAndGet();
        if (batch.size == before) {
          continue; // a blank line
        }
        if (Thread.interrupted()) {
          throw new InterruptedException("replay of " + origin + " interrupted at line " + lineNo);
        }
        if (batch.size == BATCH || !more.getAsBoolean()) {
          // a full batch, or the next read may block (a pipe): then send what was read before waiting
          boolean mayBlock = batch.size < BATCH;
          Batch full = batch;
          ahead.addLast(pool.submit(() -> full.parse(recordLimit, futureLimit, wallClock)));
          batch = new Batch();
          while (ahead.size() >= maxAhead || (!ahead.isEmpty() && (mayBlock || ahead.peekFirst().isDone()))) {
            sender.send(await(ahead.removeFirst()));
          }
        }
      }
      if (batch.size > 0) {
        Batch last = batch;
        ahead.addLast(pool.submit(() -> last.parse(recordLimit, futureLimit, wallClock)));
      }
      while (!ahead.isEmpty()) {
        sender.send(await(ahead.removeFirst()));
      }
      producer.flush();
    } finally {
      ahead.forEach(f -> f.cancel(true));
      pool.shutdownNow();
      progress.markDone();
    }
    if (progress.failed() > 0) {
      Throwable first = progress.firstFailure.get();
      throw new IOException(progress.failed() + " record(s) of " + origin + " could not be delivered to Kafka: "
          + (first == null ? "unknown error" : first.getMessage()), first);
    }
    LOG.info("replayed {}: {} lines, {} mentions, {} to the DLQ", origin, lineNo, progress.sent(), progress.dlq());
  }

  private static Batch await(Future<Batch> f) throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      // parsing only throws InvalidRecordException, which it keeps; anything else is a bug: rethrow it as is
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Sends parsed batches in the file's order: pacing, DLQ routing, progress. One thread only. */
  private final class Sender {
    private final String origin;
    private final double factor;
    private final ReplayProgress progress;
    private final Callback onAck;
    private final Callback onDlqAck;
    private Instant wallStart;
    private Instant eventStart;

    Sender(String origin, Pacing pacing, ReplayProgress progress, Callback onAck, Callback onDlqAck) {
      this.origin = origin;
      this.factor = pacing instanceof Pacing.SpeedFactor f ? f.factor() : 0;
      this.progress = progress;
      this.onAck = onAck;
      this.onDlqAck = onDlqAck;
    }

    void send(Batch batch) throws InterruptedException {
      for (int i = 0; i < batch.size; i++) {
        send(batch.lineNos[i], batch.bytes[i], batch.parsed[i]);
        batch.bytes[i] = null;
        batch.parsed[i] = null;
      }
    }

    private void send(long lineNo, byte[] bytes, Object parsed) throws InterruptedException {
      if (parsed == Batch.BLANK) {
        return;
      }
      if (parsed instanceof InvalidRecordException e) {
        String msg = origin + " line " + lineNo + ": " + e.getMessage();
        LOG.warn("malformed mention, sent to the DLQ: {}", msg);
        progress.error(msg);
        progress.dlq.incrementAndGet();
        producer.send(DeadLetters.of("replay", null, bytes)
            .error(e.field(), e.reason()).origin(origin).line(lineNo).at(clock.instant()).build(), onDlqAck);
        return;
      }
      Mention m = (Mention) parsed;
      Duration held = gate.await(m.publishedAt());
      if (wallStart != null && held.isPositive()) {
        wallStart = wallStart.plus(held); // the schedule moves on by the time held, no burst to catch up
      }
      if (factor > 0) {
        if (wallStart == null) {
          wallStart = clock.instant();
          eventStart = m.publishedAt();
        }
        long eventOffsetMs = Duration.between(eventStart, m.publishedAt()).toMillis();
        if (eventOffsetMs > 0) {
          Instant due = wallStart.plusNanos((long) (eventOffsetMs * 1_000_000.0 / factor));
          if (due.isAfter(clock.instant())) {
            producer.flush();
            sleeper.sleepUntil(due);
          }
        }
      }
      progress.eventTime.set(m.publishedAt());
      // the line itself is the record: valid, and unknown fields are kept as they came
      producer.send(new ProducerRecord<>(Topics.MENTIONS_RAW.name(), m.id().getBytes(StandardCharsets.UTF_8), bytes),
          onAck);
      progress.sent.incrementAndGet();
    }
  }
}
