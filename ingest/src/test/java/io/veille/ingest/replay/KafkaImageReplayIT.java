package io.veille.ingest.replay;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same broker round trip as {@link FileReplayIT}, against the official {@code apache/kafka}
 * image that deploy/docker-compose.yml uses. Runs where Docker is available (laptops, CI elsewhere);
 * skipped cleanly where it is not (these build machines have no Docker engine).
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaImageReplayIT {
  static final String IMAGE = "apache/kafka:4.3.1";

  @Container
  static final KafkaContainer KAFKA = new KafkaContainer(IMAGE);

  @TempDir
  Path tmp;

  @Test
  void replayRoundTripAgainstTheOfficialImage() throws Exception {
    FileReplayIT.assertRoundTrip(KAFKA.getBootstrapServers(), tmp);
  }
}
