package io.veille.ingest.runtime;

import io.veille.common.config.VeilleConfig;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.IngestCursor;
import io.veille.common.topic.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads the committed cursors of every connector from the compacted {@code veille.ingest.cursors}. */
public final class CursorStore {
  private CursorStore() {}

  public static Map<String, IngestCursor> load(VeilleConfig config, Duration timeout) {
    Map<String, IngestCursor> out = new HashMap<>();
    var serde = Topics.INGEST_CURSORS.valueSerde();
    try (var consumer = new KafkaConsumer<byte[], byte[]>(KafkaClients.consumer(config, "ingest-cursors", null))) {
      List<TopicPartition> parts = consumer.partitionsFor(Topics.INGEST_CURSORS.name(), timeout).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (parts.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + Topics.INGEST_CURSORS.name() + " within " + timeout);
        }
        for (var r : consumer.poll(Duration.ofMillis(200))) {
          String key = new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
          IngestCursor c = serde.deserializer().deserialize(r.topic(), r.value());
          if (c == null) {
            out.remove(key);
          } else {
            out.put(key, c);
          }
        }
      }
    }
    return out;
  }
}
