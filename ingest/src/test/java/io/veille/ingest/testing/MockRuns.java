package io.veille.ingest.testing;

import io.veille.common.json.MentionJson;
import io.veille.common.model.Mention;
import io.veille.common.topic.Topics;
import io.veille.ingest.runtime.ConnectorRunner;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Runners on Kafka's {@code MockProducer}: the runner's loop tested without a broker. */
public final class MockRuns {
  private MockRuns() {}

  /** A transactional mock producer whose sends complete at once. */
  public static MockProducer<byte[], byte[]> producer() {
    return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** The mentions of the committed transactions so far. */
  public static List<Mention> mentions(MockProducer<byte[], byte[]> p) {
    return p.history().stream().filter(r -> r.topic().equals(Topics.MENTIONS_RAW.name()))
        .map(r -> MentionJson.read(r.value())).toList();
  }

  /** Starts the runner on its own thread. */
  public static Thread start(ConnectorRunner r) {
    return Thread.ofPlatform().name("test-runner").daemon().start(r);
  }

  /** Stops the runner and waits (at most 10 s) for it to end. */
  public static void stop(ConnectorRunner r) throws InterruptedException {
    r.stop();
    if (!r.awaitStopped(Duration.ofSeconds(10))) {
      throw new AssertionError("runner " + r.status().id() + " did not stop within 10 s");
    }
  }
}
