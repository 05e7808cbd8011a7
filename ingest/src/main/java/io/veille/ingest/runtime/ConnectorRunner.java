package io.veille.ingest.runtime;

import io.veille.common.json.MentionJson;
import io.veille.common.model.IngestCursor;
import io.veille.common.model.InvalidRecordException;
import io.veille.common.model.Mention;
import io.veille.common.model.MentionTime;
import io.veille.common.topic.DeadLetters;
import io.veille.common.topic.Topics;
import io.veille.ingest.http.HttpFailure;
import io.veille.ingest.http.Scrub;
import io.veille.ingest.spi.Connector;
import io.veille.ingest.spi.Item;
import io.veille.ingest.spi.Page;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connector: poll, publish the page's mentions (and rejections to the DLQ) together with
 * the next cursor in one Kafka transaction, repeat. A crash anywhere leaves either the whole page
 * and its cursor, or neither, so a restart from the stored cursor neither loses nor repeats.
 * Failures go through the one {@link RetryPolicy} (the connector's own, {@link Connector#retryPolicy}):
 * a retriable one is tried again after the policy's delay (full jitter, Retry-After honoured); a
 * fatal one, or retries run out, stops the runner with its status {@code failed} and the reason.
 * The runner is the only one that waits between tries (streaming connectors reconnect on the poll
 * after a failure, none has a backoff of its own). Memory is bounded by one page.
 */
public final class ConnectorRunner implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectorRunner.class);

  private final Connector connector;
  private final Producer<byte[], byte[]> producer;
  private final InstantSource clock;
  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final ConnectorStatus status;
  private final RateLimiter limiter;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile String cursor;
  private volatile Duration maxFuture = MentionTime.DEFAULT_MAX_FUTURE;
  private volatile int maxRecordBytes = 1_048_576 - 16 * 1024;

  /**
   * @param producer a transactional producer ({@code initTransactions} not yet called), owned by the runner
   * @param startCursor the last committed cursor, "" for a first start
   */
  public ConnectorRunner(Connector connector, Producer<byte[], byte[]> producer, String startCursor,
      RateLimiter limiter, InstantSource clock) {
    this(connector, producer, startCursor, limiter, clock, RetryPolicy.standard(), Sleeper.REAL);
  }

  /**
   * @param standard the policy the connector adapts ({@link Connector#retryPolicy}); its clock is
   *     replaced by {@code clock}
   * @param sleeper how the runner waits between polls and before retries
   */
  public ConnectorRunner(Connector connector, Producer<byte[], byte[]> producer, String startCursor,
      RateLimiter limiter, InstantSource clock, RetryPolicy standard, Sleeper sleeper) {
    this.connector = Objects.requireNonNull(connector);
    this.producer = Objects.requireNonNull(producer);
    this.cursor = startCursor == null ? "" : startCursor;
    this.limiter = limiter == null ? RateLimiter.unlimited() : limiter;
    this.clock = Objects.requireNonNull(clock);
    java.time.Duration base = connector.retryBase();
    RetryPolicy clocked = standard.withClock(clock);
    this.policy = base == null ? clocked : clocked.withReconnectDelay(base);
    this.sleeper = Objects.requireNonNull(sleeper);
    this.status = new ConnectorStatus(connector.id());
  }

  /** The policy this runner retries with (the connector's adaptation of the standard one). */
  public RetryPolicy retryPolicy() {
    return policy;
  }

  /**
   * The edge rules: how far ahead of now a mention's date may be (configuration key
   * {@code mentions.max.future}) and the largest record Kafka takes ({@code KafkaClients.maxRecordBytes}).
   */
  public ConnectorRunner limits(Duration maxFuture, int maxRecordBytes) {
    this.maxFuture = Objects.requireNonNull(maxFuture);
    this.maxRecordBytes = maxRecordBytes;
    return this;
  }

  public ConnectorStatus status() {
    return status;
  }

  public String cursor() {
    return cursor;
  }

  /** Asks the loop to stop after the current poll; {@link #awaitStopped} waits for it. */
  public void stop() {
    stop.countDown();
  }

  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void run() {
    try {
      producer.initTransactions();
      LOG.info("connector {} starting from cursor '{}'", connector.id(), abbreviate(cursor));
      RetryPolicy.Retries retries = policy.start();
      while (stop.getCount() > 0) {
        Duration wait;
        try {
          limiter.acquire();
          Page page = connector.poll(cursor);
          publish(page);
          retries.succeeded();
          wait = page.pollAgainIn();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        } catch (Exception e) {
          RetryPolicy.Decision d = retries.failed(e);
          if (d instanceof RetryPolicy.GiveUp g) {
            gaveUp(e, g);
            return;
          }
          wait = retrying(e, (RetryPolicy.Retry) d);
        }
        if (!wait.isZero() && sleeper.sleep(wait, stop)) {
          break;
        }
      }
      status.state("stopped");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status.state("stopped");
    } finally {
      try {
        connector.close();
      } catch (Exception e) {
        LOG.warn("connector {}: close failed: {}", connector.id(), e.getMessage());
      }
      producer.close(Duration.ofSeconds(10));
      stopped.countDown();
    }
  }

  private Duration retrying(Exception e, RetryPolicy.Retry r) {
    status.failure(clock.instant(), describe(e));
    LOG.warn("connector {}: {}{} (failure {} in a row, next try in {} ms)", connector.id(), describe(e), upstream(e),
        r.attempt(), r.delay().toMillis());
    return r.delay();
  }

  /** Stops for good: the status says {@code failed} and why, until a person acts (and restarts). */
  private void gaveUp(Exception e, RetryPolicy.GiveUp g) {
    Instant now = clock.instant();
    status.failure(now, describe(e));
    status.failed(now, g.reason() + ": " + describe(e));
    LOG.error("connector {} stops, {}: {}{}; the other connectors go on, this one needs a person and a restart",
        connector.id(), g.reason(), describe(e), upstream(e));
  }

  private static String upstream(Exception e) {
    return e instanceof HttpFailure h && !h.upstream().isEmpty() ? " (upstream said: " + h.upstream() + ")" : "";
  }

  private void publish(Page page) {
    int good = 0;
    int bad = 0;
    Instant newest = null;
    boolean moved = !page.nextCursor().equals(cursor);
    if (page.items().isEmpty() && !moved) {
      status.success(clock.instant(), 0, 0, null);
      return;
    }
    Instant now = clock.instant();
    if (!page.warnings().isEmpty()) {
      status.warned(page.warnings().size(), page.warnings().get(page.warnings().size() - 1));
      for (String w : page.warnings()) {
        LOG.warn("connector {}: {}", connector.id(), Scrub.message(w));
      }
    }
    producer.beginTransaction();
    try {
      for (Item listed : page.items()) {
        Item item = listed;
        byte[] value = null;
        if (item.isMention()) {
          Mention m = item.mention().fetchedAt() == null ? item.mention().withFetchedAt(now) : item.mention();
          value = MentionJson.write(m);
          item = checkEdge(item, value, now);
        }
        if (item.isMention()) {
          Mention m = item.mention().fetchedAt() == null ? item.mention().withFetchedAt(now) : item.mention();
          producer.send(new ProducerRecord<>(Topics.MENTIONS_RAW.name(), m.id().getBytes(StandardCharsets.UTF_8), value));
          good++;
          newest = newest == null || m.publishedAt().isAfter(newest) ? m.publishedAt() : newest;
        } else {
          Item.Rejected r = item.rejected();
          LOG.warn("connector {}: rejected item {}: {}{}", connector.id(), r.where(),
              r.field().isEmpty() ? "" : r.field() + ": ", r.reason());
          producer.send(DeadLetters.of("ingest", null, r.raw().getBytes(StandardCharsets.UTF_8))
              .error(r.field(), r.reason()).origin(connector.id() + (r.where().isEmpty() ? "" : " " + r.where()))
              .at(now).build());
          bad++;
        }
      }
      IngestCursor c = new IngestCursor(connector.id(), page.nextCursor(), now, status.records() + good);
      producer.send(new ProducerRecord<>(Topics.INGEST_CURSORS.name(), connector.id().getBytes(StandardCharsets.UTF_8),
          Topics.INGEST_CURSORS.valueSerde().serializer().serialize(Topics.INGEST_CURSORS.name(), c)));
      producer.commitTransaction();
    } catch (KafkaException e) {
      try {
        producer.abortTransaction();
      } catch (KafkaException abortFailed) {
        e.addSuppressed(abortFailed);
      }
      throw e;
    }
    cursor = page.nextCursor();
    status.success(clock.instant(), good, bad, newest);
    LOG.debug("connector {}: published {} mention(s), {} rejected, cursor '{}'", connector.id(), good, bad,
        abbreviate(cursor));
  }

  /**
   * A mention dated too far ahead, or too big for Kafka, becomes a rejection (the DLQ, with the
   * reason): otherwise the transaction, or streams downstream, would fail on it at every retry.
   */
  private Item checkEdge(Item item, byte[] value, Instant now) {
    try {
      if (value.length > maxRecordBytes) {
        throw new InvalidRecordException("", "record of " + value.length + " bytes is over the per-record limit of "
            + maxRecordBytes + " bytes (what Kafka takes)");
      }
      MentionTime.checkNotFuture(item.mention(), now, maxFuture);
      return item;
    } catch (InvalidRecordException e) {
      return Item.rejected(new String(value, StandardCharsets.UTF_8), e, item.mention().id());
    }
  }

  /** A failure for the log and {@code /health}: one line, bounded, upstream bodies cut, secrets masked. */
  static String describe(Throwable e) {
    String m = e.getMessage();
    return Scrub.message((m == null || m.isBlank()) ? e.getClass().getSimpleName() : m);
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
