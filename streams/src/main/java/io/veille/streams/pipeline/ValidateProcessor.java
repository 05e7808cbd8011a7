package io.veille.streams.pipeline;

import io.veille.common.json.MentionJson;
import io.veille.common.json.Utf8;
import io.veille.common.model.InvalidRecordException;
import io.veille.common.model.Mention;
import io.veille.common.model.MentionTime;
import io.veille.common.topic.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses and validates each raw record, and drops a mention id seen again within the dedup window.
 * A bad record is forwarded as {@link Checked.Rejected} with DLQ headers (stage, error, field,
 * original topic/partition/offset); a good one continues with its event time (publishedAt).
 *
 * <p>Nothing a record holds may stop the topology: whatever fails to parse or check goes to the DLQ,
 * and the event time that later steps give to the records they write is checked here first, against
 * the contract's range (from 1970) and the wall clock plus {@code mentions.max.future} (at most an
 * hour: brokers refuse timestamps further ahead), whatever edge the record came through.
 */
final class ValidateProcessor implements Processor<byte[], byte[], String, Checked> {
  private static final Logger LOG = LoggerFactory.getLogger(ValidateProcessor.class);
  static final String STORE = "dedup-ids";

  private final long windowMs;
  private final Duration maxFuture;
  private ProcessorContext<String, Checked> context;
  private WindowStore<String, Long> seen;

  ValidateProcessor(Duration window, Duration maxFuture) {
    this.windowMs = window.toMillis();
    this.maxFuture = maxFuture;
  }

  @Override
  public void init(ProcessorContext<String, Checked> context) {
    this.context = context;
    this.seen = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<byte[], byte[]> r) {
    Mention m;
    try {
      if (r.value() == null) {
        throw new InvalidRecordException("", "null value (a tombstone has no place on this topic)");
      }
      Utf8.check(r.value());
      m = MentionJson.read(r.value());
      // the stream's own wall clock (mocked by TopologyTestDriver): the time the broker will compare with
      MentionTime.checkNotFuture(m, Instant.ofEpochMilli(context.currentSystemTimeMs()), maxFuture);
    } catch (InvalidRecordException e) {
      reject(r, e.field(), e.reason());
      return;
    } catch (RuntimeException | StackOverflowError e) {
      // not a contract error: a bug or a reader limit; the record still must not stop the topology
      reject(r, "", "unreadable record: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + abbreviate(e.getMessage())));
      return;
    }
    long ts = m.publishedAt().toEpochMilli();
    try (var it = seen.fetch(m.id(), ts - windowMs, ts + windowMs)) {
      if (it.hasNext()) {
        LOG.trace("duplicate mention {} dropped", m.id());
        return;
      }
    }
    seen.put(m.id(), ts, ts);
    context.forward(new Record<>(m.id(), new Checked.Ok(m), ts, r.headers()));
  }

  private void reject(Record<byte[], byte[]> r, String field, String reason) {
    Headers h = new RecordHeaders(r.headers().toArray());
    put(h, DeadLetters.STAGE, "streams.validate");
    put(h, DeadLetters.ERROR, field == null || field.isEmpty() ? reason : field + ": " + reason);
    if (field != null && !field.isEmpty()) {
      put(h, DeadLetters.FIELD, field);
    }
    context.recordMetadata().ifPresent(md -> {
      put(h, DeadLetters.TOPIC, md.topic());
      put(h, DeadLetters.PARTITION, Integer.toString(md.partition()));
      put(h, DeadLetters.OFFSET, Long.toString(md.offset()));
    });
    LOG.warn("bad record sent to the DLQ: {}{}", field == null || field.isEmpty() ? "" : field + ": ", reason);
    String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    // the raw record's own timestamp, kept within what a broker takes
    long ts = Math.max(0, Math.min(r.timestamp(), context.currentSystemTimeMs()));
    context.forward(new Record<>(key, new Checked.Rejected(r.key(), r.value()), ts, h));
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 197) + "...";
  }

  private static void put(Headers h, String k, String v) {
    h.remove(k);
    h.add(k, v.getBytes(StandardCharsets.UTF_8));
  }
}
