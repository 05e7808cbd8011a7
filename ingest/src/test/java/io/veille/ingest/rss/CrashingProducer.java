package io.veille.ingest.rss;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;

/**
 * A real transactional producer whose {@code crashAt}-th commit closes it and throws, as if the
 * process died after sending a page's records and before committing them (the technique of
 * ConnectorRunnerIT). Shared by the connector ITs.
 */
public final class CrashingProducer extends KafkaProducer<byte[], byte[]> {
  private final int crashAt;
  private final AtomicInteger commits = new AtomicInteger();

  public CrashingProducer(Map<String, Object> props, int crashAt) {
    super(props);
    this.crashAt = crashAt;
  }

  public int commits() {
    return commits.get();
  }

  @Override
  public void commitTransaction() {
    if (commits.incrementAndGet() == crashAt) {
      close(Duration.ZERO);
      throw new KafkaException("simulated crash between send and commit");
    }
    if (commits.get() > crashAt) {
      throw new KafkaException("producer closed by the simulated crash");
    }
    super.commitTransaction();
  }
}
