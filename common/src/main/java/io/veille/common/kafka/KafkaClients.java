package io.veille.common.kafka;

import io.veille.common.config.VeilleConfig;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Client settings that follow the reliability rules: idempotent producers with acks=all. */
public final class KafkaClients {
  private KafkaClients() {}

  /** Room kept in a produce request for the key, the headers and the batch framing around one value. */
  static final int RECORD_OVERHEAD = 16 * 1024;
  /** The broker's default {@code max.message.bytes} for a topic (1 MiB + 12). */
  static final int BROKER_MAX_MESSAGE = 1_048_588;

  /**
   * The largest value one record may carry through Veille's producers: the producer's
   * {@code max.request.size} (configurable as {@code kafka.max.request.size}, 1 MiB by default) and
   * the broker's per-topic limit, less room for key and headers. The edges refuse bigger records
   * with the line that holds them, instead of failing the send and every retry of it.
   */
  public static int maxRecordBytes(VeilleConfig config) {
    String v = config.kafkaPassthrough().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    int request = 1_048_576;
    if (v != null) {
      try {
        request = Integer.parseInt(v.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("kafka." + ProducerConfig.MAX_REQUEST_SIZE_CONFIG + ": not an integer: " + v);
      }
    }
    return Math.max(4096, Math.min(request, BROKER_MAX_MESSAGE) - RECORD_OVERHEAD);
  }

  /** An idempotent producer (acks=all), batched and compressed; byte[] keys and values. */
  public static Map<String, Object> producer(VeilleConfig config, String clientId) {
    Map<String, Object> p = config.clientProperties(clientId);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    p.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return p;
  }

  /**
   * A transactional producer: records and the position they come from are committed together
   * (the ingest runner writes a page of mentions and its cursor in one transaction).
   */
  public static Map<String, Object> transactionalProducer(VeilleConfig config, String clientId, String transactionalId) {
    Map<String, Object> p = producer(config, clientId);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    p.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
    return p;
  }

  /** A consumer that reads committed data only; byte[] keys and values. */
  public static Map<String, Object> consumer(VeilleConfig config, String clientId, String groupId) {
    Map<String, Object> p = config.clientProperties(clientId);
    if (groupId != null) {
      p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    }
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return p;
  }

  public static Map<String, Object> admin(VeilleConfig config, String clientId) {
    return config.clientProperties(clientId);
  }
}
