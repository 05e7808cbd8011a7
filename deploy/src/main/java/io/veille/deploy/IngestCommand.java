package io.veille.deploy;

import io.veille.common.config.VeilleConfig;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import io.veille.ingest.replay.FileReplay;
import io.veille.ingest.replay.Pacing;
import io.veille.ingest.replay.ReplayProgress;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code veille ingest ...}: connectors that publish mentions to {@code veille.mentions.raw}. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Publish mentions from a source into Kafka (veille.mentions.raw).",
    subcommands = {IngestCommand.Replay.class})
public final class IngestCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "choose a source (see veille ingest --help)");
  }

  /** {@code veille ingest replay FILE}: the file replay connector. */
  @Command(name = "replay", mixinStandardHelpOptions = true,
      description = {"Replay a JSONL file of mentions (gzipped if it ends with .gz) into veille.mentions.raw.",
          "Malformed lines are reported with their line number and go to veille.mentions.dlq; the replay goes on."})
  public static final class Replay implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Parameters(index = "0", paramLabel = "FILE", description = "JSONL file, one mention per line.")
    Path file;

    @Option(names = "--speed", paramLabel = "FACTOR",
        description = "Event time runs FACTOR times faster than the wall clock (default: as fast as possible).")
    Double speed;

    @Option(names = "--in", paramLabel = "DURATION",
        description = "Play the file's whole event-time span in this wall time, e.g. 3m (instead of --speed).")
    String in;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (!Files.isReadable(file)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "cannot read " + file);
      }
      Pacing pacing = pacing(spec, speed, in, () -> DemoCommand.eventSpan(file));
      VeilleConfig config = kafka.load();
      TopicAdmin.createMissing(KafkaClients.admin(config, "ingest-replay-admin"), Topics.ALL, config.replicationFactor());
      ReplayProgress progress = new ReplayProgress();
      long t0 = System.nanoTime();
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.producer(config, "ingest-replay"));
          BufferedReader reader = FileReplay.open(file)) {
        new FileReplay(producer).replay(file.getFileName().toString(), reader, pacing, progress);
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      progress.recentErrors().forEach(e -> System.err.println("veille ingest replay: " + e));
      System.out.printf("replayed %s: %d mentions sent, %d malformed line(s) to the DLQ, in %.1f s (%.0f mentions/s)%n",
          file, progress.acked(), progress.dlq(), secs, progress.acked() / Math.max(secs, 1e-9));
      return 0;
    }
  }

  /** --speed / --in into a pacing; both at once is a usage error. */
  static Pacing pacing(CommandLine.Model.CommandSpec spec, Double speed, String in,
      java.util.concurrent.Callable<Duration> span) throws Exception {
    if (speed != null && in != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "use --speed or --in, not both");
    }
    if (speed != null) {
      if (!(speed > 0)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--speed must be > 0, was " + speed);
      }
      return Pacing.factor(speed);
    }
    if (in != null) {
      Duration wall = DurationOption.parse(spec, "--in", in);
      return Pacing.compress(span.call(), wall);
    }
    return Pacing.fast();
  }
}
