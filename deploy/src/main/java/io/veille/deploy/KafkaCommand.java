package io.veille.deploy;

import io.veille.common.kafka.EmbeddedKafka;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code veille kafka}: the embedded single-node broker alone, until Ctrl-C. */
@Command(name = "kafka", mixinStandardHelpOptions = true,
    description = {"Run a real single-node Kafka broker (KRaft) in this process, printing its bootstrap address.",
        "Data is kept under --dir, so a restart keeps the topics and records. Stops on Ctrl-C / SIGTERM."})
public final class KafkaCommand implements Callable<Integer> {
  @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".veille/kafka",
      description = "Data folder (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
      description = "Listener port; 0 = the port this folder used last time if free, else a free one.")
  int port;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--port must be in [0, 65535], was " + port);
    }
    EmbeddedKafka kafka = EmbeddedKafka.start(new EmbeddedKafka.Options(dir, port, null));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      kafka.close();
      stopped.countDown();
    }, "veille-kafka-shutdown"));
    System.out.println("bootstrap.servers=" + kafka.bootstrapServers());
    System.out.println("data=" + kafka.dir() + "  started in " + kafka.startTime().toMillis() + " ms; Ctrl-C to stop");
    System.out.flush();
    stopped.await();
    return 0;
  }
}
