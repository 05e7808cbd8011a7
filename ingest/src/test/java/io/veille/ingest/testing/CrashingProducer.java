package io.veille.ingest.testing;

import io.veille.common.kafka.KafkaClients;
import io.veille.ingest.runtime.Runners;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;

/**
 * A real transactional producer that "dies" at its Nth commit: the page's records have reached the
 * log but the transaction is never committed (the producer is closed, as by a killed process).
 * Shared by the runner's and the connectors' ITs.
 */
public final class CrashingProducer extends KafkaProducer<byte[], byte[]> {
  private final int crashAt;
  private final AtomicInteger commits = new AtomicInteger();
  private final CountDownLatch crashed = new CountDownLatch(1);

  public CrashingProducer(Map<String, Object> props, int crashAtCommit) {
    super(props);
    this.crashAt = crashAtCommit;
  }

  /** The producer production would give {@code connectorId}: same transactional id. */
  public CrashingProducer(IngestHarness harness, String connectorId, int crashAtCommit) {
    this(KafkaClients.transactionalProducer(harness.config(), "it-" + connectorId, Runners.transactionalId(connectorId)),
        crashAtCommit);
  }

  public int commits() {
    return commits.get();
  }

  public boolean crashed() {
    return crashed.getCount() == 0;
  }

  @Override
  public void commitTransaction() {
    int n = commits.incrementAndGet();
    if (n == crashAt) {
      close(Duration.ZERO);
      crashed.countDown();
      throw new KafkaException("simulated crash between send and commit");
    }
    if (n > crashAt) {
      throw new KafkaException("producer closed by the simulated crash");
    }
    super.commitTransaction();
  }
}
