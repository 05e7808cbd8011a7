package io.veille.ingest.replay;

import io.veille.common.json.MentionJson;
import io.veille.common.model.InvalidRecordException;
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
import java.util.Objects;
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

  private final Producer<byte[], byte[]> producer;
  private final InstantSource clock;
  private final Sleeper sleeper;

  public FileReplay(Producer<byte[], byte[]> producer) {
    this(producer, InstantSource.system(), Sleeper.system(InstantSource.system()));
  }

  public FileReplay(Producer<byte[], byte[]> producer, InstantSource clock, Sleeper sleeper) {
    this.producer = Objects.requireNonNull(producer);
    this.clock = Objects.requireNonNull(clock);
    this.sleeper = Objects.requireNonNull(sleeper);
  }

  /** Opens a file, gunzipping it when its name ends with .gz. */
  public static BufferedReader open(Path file) throws IOException {
    return open(Files.newInputStream(file), file.getFileName().toString());
  }

  public static BufferedReader open(InputStream in, String name) throws IOException {
    InputStream s = name.endsWith(".gz") ? new GZIPInputStream(in, 64 * 1024) : in;
    return new BufferedReader(new InputStreamReader(s, StandardCharsets.UTF_8), 64 * 1024);
  }

  public ReplayProgress replay(Path file, Pacing pacing) throws IOException, InterruptedException {
    ReplayProgress progress = new ReplayProgress();
    try (BufferedReader r = open(file)) {
      replay(file.getFileName().toString(), r, pacing, progress);
    }
    return progress;
  }

  /**
   * Replays every line of {@code reader}; {@code origin} names the input in logs and DLQ headers.
   * Returns when every record is acknowledged (or failed); throws if any could not be delivered.
   */
  public void replay(String origin, BufferedReader reader, Pacing pacing, ReplayProgress progress)
      throws IOException, InterruptedException {
    Instant wallStart = null;
    Instant eventStart = null;
    double factor = pacing instanceof Pacing.SpeedFactor f ? f.factor() : 0;
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
    long lineNo = 0;
    String line;
    try {
      while ((line = reader.readLine()) != null) {
        lineNo++;
        progress.lines.incrementAndGet();
        if (line.isBlank()) {
          continue;
        }
        if (Thread.interrupted()) {
          throw new InterruptedException("replay of " + origin + " interrupted at line " + lineNo);
        }
        Mention m;
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        try {
          m = MentionJson.read(bytes);
        } catch (InvalidRecordException e) {
          String msg = origin + " line " + lineNo + ": " + e.getMessage();
          LOG.warn("malformed mention, sent to the DLQ: {}", msg);
          progress.error(msg);
          progress.dlq.incrementAndGet();
          producer.send(DeadLetters.of("replay", null, bytes)
              .error(e.field(), e.reason()).origin(origin).line(lineNo).at(clock.instant()).build(), onDlqAck);
          continue;
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
      producer.flush();
    } finally {
      progress.markDone();
    }
    if (progress.failed() > 0) {
      Throwable first = progress.firstFailure.get();
      throw new IOException(progress.failed() + " record(s) of " + origin + " could not be delivered to Kafka: "
          + (first == null ? "unknown error" : first.getMessage()), first);
    }
    LOG.info("replayed {}: {} lines, {} mentions, {} to the DLQ", origin, lineNo, progress.sent(), progress.dlq());
  }
}
