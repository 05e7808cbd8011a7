package io.veille.common.topic;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds records for {@link Topics#MENTIONS_DLQ}: the original key and bytes untouched, and headers
 * that say why: which stage rejected it, the error (field and reason), and where it came from
 * (original topic/partition/offset for Kafka input, file and line for a replay).
 */
public final class DeadLetters {
  private DeadLetters() {}

  public static final String STAGE = "veille.dlq.stage";
  public static final String ERROR = "veille.dlq.error";
  public static final String FIELD = "veille.dlq.field";
  public static final String ORIGIN = "veille.dlq.origin";
  public static final String TOPIC = "veille.dlq.topic";
  public static final String PARTITION = "veille.dlq.partition";
  public static final String OFFSET = "veille.dlq.offset";
  public static final String LINE = "veille.dlq.line";
  public static final String AT = "veille.dlq.at";
  /** Set when the value kept is only the start of the original: its size in bytes. */
  public static final String ORIGINAL_SIZE = "veille.dlq.original.size";
  /**
   * The most of a rejected record's bytes the DLQ keeps. A record can be rejected for being too big
   * for Kafka: its DLQ copy must still fit, so it keeps the first 256 KiB and says how big it was.
   */
  public static final int MAX_VALUE_BYTES = 256 * 1024;

  /** A fluent builder: {@code DeadLetters.of("replay", key, value).error(field, reason).line(12).build()}. */
  public static Builder of(String stage, byte[] key, byte[] value) {
    return new Builder(stage, key, value);
  }

  public static String header(Headers headers, String name) {
    var h = headers.lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  public static final class Builder {
    private final byte[] key;
    private final byte[] value;
    private final Headers headers = new RecordHeaders();

    private Builder(String stage, byte[] key, byte[] value) {
      this.key = key != null && key.length > 1024 ? java.util.Arrays.copyOf(key, 1024) : key;
      put(STAGE, stage);
      if (value != null && value.length > MAX_VALUE_BYTES) {
        this.value = java.util.Arrays.copyOf(value, MAX_VALUE_BYTES);
        put(ORIGINAL_SIZE, Integer.toString(value.length));
      } else {
        this.value = value;
      }
    }

    private Builder put(String name, String v) {
      if (v != null) {
        headers.add(name, v.getBytes(StandardCharsets.UTF_8));
      }
      return this;
    }

    public Builder error(String field, String reason) {
      put(FIELD, field == null || field.isEmpty() ? null : field);
      return put(ERROR, field == null || field.isEmpty() ? reason : field + ": " + reason);
    }

    public Builder origin(String origin) {
      return put(ORIGIN, origin);
    }

    public Builder line(long line) {
      return put(LINE, Long.toString(line));
    }

    public Builder source(String topic, int partition, long offset) {
      put(TOPIC, topic);
      put(PARTITION, Integer.toString(partition));
      return put(OFFSET, Long.toString(offset));
    }

    public Builder at(Instant at) {
      return put(AT, at.toString());
    }

    public ProducerRecord<byte[], byte[]> build() {
      return new ProducerRecord<>(Topics.MENTIONS_DLQ.name(), null, null, key, value, headers);
    }
  }
}
