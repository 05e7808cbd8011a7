package io.veille.ingest.testing.ws;

import io.veille.common.kafka.KafkaClients;
import io.veille.ingest.runtime.Runners;
import io.veille.ingest.testing.IngestHarness;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;

/**
 * A real transactional producer that "dies" at its Nth commit: the page's records have reached the
 * log but the transaction is never committed (the producer is closed, as by a killed process).
 * The same technique as ConnectorRunnerIT's, shared by the connectors' ITs.
 */
public final class CrashingProducer extends KafkaProducer<byte[], byte[]> {
  private final int crashAt;
  private final AtomicInteger commits = new AtomicInteger();
  private final CountDownLatch crashed = new CountDownLatch(1);

  public CrashingProducer(IngestHarness harness, String connectorId, int crashAtCommit) {
    super(KafkaClients.transactionalProducer(harness.config(), "it-" + connectorId, Runners.transactionalId(connectorId)));
    this.crashAt = crashAtCommit;
  }

  @Override
  public void commitTransaction() {
    if (commits.incrementAndGet() == crashAt) {
      close(Duration.ZERO);
      crashed.countDown();
      throw new KafkaException("simulated crash between send and commit");
    }
    super.commitTransaction();
  }

  public boolean crashed() {
    return crashed.getCount() == 0;
  }
}
