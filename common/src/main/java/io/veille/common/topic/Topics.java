package io.veille.common.topic;

import io.veille.common.json.JsonSerde;
import io.veille.common.json.MentionSerde;
import io.veille.common.model.Incident;
import io.veille.common.model.IncidentAck;
import io.veille.common.model.IngestCursor;
import io.veille.common.model.Mention;
import io.veille.common.model.ScoredMention;
import io.veille.common.model.Signal;
import io.veille.common.model.Silence;
import io.veille.common.model.Watch;
import io.veille.common.model.WatchStats;
import io.veille.common.topic.Topic.Cleanup;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;

/** The topic catalogue (DESIGN.md, "Topics"). No topic name appears as a literal anywhere else. */
public final class Topics {
  private Topics() {}

  private static final String WEEK_MS = Long.toString(7L * 24 * 3600 * 1000);
  private static final String MONTH_MS = Long.toString(30L * 24 * 3600 * 1000);

  /** Mentions as the connectors publish them; key: mention id. */
  public static final Topic<String, Mention> MENTIONS_RAW = new Topic<>("veille.mentions.raw",
      Serdes.String(), new MentionSerde(), 6, Cleanup.DELETE,
      Map.of(TopicConfig.RETENTION_MS_CONFIG, MONTH_MS));

  /** Bad input: the original key and bytes, with reason headers (see {@link DeadLetters}). */
  public static final Topic<byte[], byte[]> MENTIONS_DLQ = new Topic<>("veille.mentions.dlq",
      Serdes.ByteArray(), Serdes.ByteArray(), 1, Cleanup.DELETE,
      Map.of(TopicConfig.RETENTION_MS_CONFIG, MONTH_MS));

  /** Saved searches; key: watch id, null value = deleted. */
  public static final Topic<String, Watch> WATCHES = new Topic<>("veille.watches",
      Serdes.String(), new JsonSerde<>(Watch.class), 1, Cleanup.COMPACT, Map.of());

  /** Mentions with language, sentiment and matched watches; key: mention id. */
  public static final Topic<String, ScoredMention> MENTIONS_SCORED = new Topic<>("veille.mentions.scored",
      Serdes.String(), new JsonSerde<>(ScoredMention.class), 6, Cleanup.DELETE,
      Map.of(TopicConfig.RETENTION_MS_CONFIG, MONTH_MS));

  /** Per-watch bucket counts, emitted as buckets update; key: watch id. */
  public static final Topic<String, WatchStats> WATCH_STATS = new Topic<>("veille.watch.stats",
      Serdes.String(), new JsonSerde<>(WatchStats.class), 6, Cleanup.DELETE,
      Map.of(TopicConfig.RETENTION_MS_CONFIG, WEEK_MS));

  /** Spike and bad-buzz signals; key: watch id. */
  public static final Topic<String, Signal> SIGNALS = new Topic<>("veille.signals",
      Serdes.String(), new JsonSerde<>(Signal.class), 3, Cleanup.DELETE,
      Map.of(TopicConfig.RETENTION_MS_CONFIG, MONTH_MS));

  /** Alerting's incident state; key: incident id. */
  public static final Topic<String, Incident> INCIDENTS = new Topic<>("veille.incidents",
      Serdes.String(), new JsonSerde<>(Incident.class), 3, Cleanup.COMPACT, Map.of());

  /** Silences; key: silence id (an expired silence stays, with its end; null value = deleted). */
  public static final Topic<String, Silence> SILENCES = new Topic<>("veille.silences",
      Serdes.String(), new JsonSerde<>(Silence.class), 1, Cleanup.COMPACT, Map.of());

  /**
   * Acknowledgements of incidents (the alerting HTTP API writes them; the instance that owns the
   * incident applies them); key: incident id, null value = the incident was removed.
   */
  public static final Topic<String, IncidentAck> INCIDENT_ACKS = new Topic<>("veille.incident.acks",
      Serdes.String(), new JsonSerde<>(IncidentAck.class), 1, Cleanup.COMPACT, Map.of());

  /**
   * Alerting's outbox: one record per message to send (key: its idempotency key), written in the
   * same transaction as the incident state that decided it. Alerting-internal: values are
   * alerting's own JSON (no other module reads it).
   */
  public static final Topic<String, byte[]> NOTIFICATIONS = new Topic<>("veille.notifications",
      Serdes.String(), Serdes.ByteArray(), 3, Cleanup.DELETE, Map.of(TopicConfig.RETENTION_MS_CONFIG, MONTH_MS));

  /**
   * Alerting's delivery state per message (key: its idempotency key): pending, attempting (recorded
   * before each attempt), delivered, failed. Alerting-internal, like {@link #NOTIFICATIONS}.
   */
  public static final Topic<String, byte[]> DELIVERIES = new Topic<>("veille.deliveries",
      Serdes.String(), Serdes.ByteArray(), 3, Cleanup.COMPACT, Map.of());

  /** Each connector's position, written with (in the same transaction as) the records it covers; key: connector id. */
  public static final Topic<String, IngestCursor> INGEST_CURSORS = new Topic<>("veille.ingest.cursors",
      Serdes.String(), new JsonSerde<>(IngestCursor.class), 1, Cleanup.COMPACT, Map.of());

  public static final List<Topic<?, ?>> ALL = List.of(
      MENTIONS_RAW, MENTIONS_DLQ, WATCHES, MENTIONS_SCORED, WATCH_STATS, SIGNALS, INCIDENTS, SILENCES,
      INCIDENT_ACKS, NOTIFICATIONS, DELIVERIES, INGEST_CURSORS);
}
