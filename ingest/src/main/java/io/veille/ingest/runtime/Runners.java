package io.veille.ingest.runtime;

import io.veille.common.config.VeilleConfig;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.IngestCursor;
import io.veille.ingest.spi.Connector;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;

/** Wires a connector to Kafka: its stored cursor, its own transactional producer, its rate limit. */
public final class Runners {
  private Runners() {}

  /** The transactional id of a connector: stable, so a restarted runner fences its dead predecessor. */
  public static String transactionalId(String connectorId) {
    return "veille-ingest-" + connectorId;
  }

  public static ConnectorRunner create(Connector connector, VeilleConfig config, Map<String, IngestCursor> cursors,
      RateLimiter limiter) {
    IngestCursor c = cursors.get(connector.id());
    var producer = new KafkaProducer<byte[], byte[]>(KafkaClients.transactionalProducer(config,
        "ingest-" + connector.id(), transactionalId(connector.id())));
    return new ConnectorRunner(connector, producer, c == null ? "" : c.position(), limiter, InstantSource.system());
  }

  public static ConnectorRunner create(Connector connector, VeilleConfig config) {
    return create(connector, config, CursorStore.load(config, Duration.ofSeconds(30)), RateLimiter.unlimited());
  }
}
