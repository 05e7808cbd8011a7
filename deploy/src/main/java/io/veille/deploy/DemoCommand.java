package io.veille.deploy;

import io.veille.ingest.replay.Pacing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code veille demo}: parses the options into {@link Demo.Options} and runs the {@link Demo}. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Run Veille on an embedded Kafka broker with the bundled scenario: replay, streams (language,",
        "watches, sentiment, per-watch buckets), showing progress and live per-watch counts and sentiment.",
        "Runs until Ctrl-C, or for --duration."})
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".veille",
      description = "Folder for the demo's data (broker under DIR/kafka). Default: ${DEFAULT-VALUE}.")
  Path dir;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
      description = "Broker port; 0 = the last one used by this folder if free, else a free one.")
  int port;

  @Option(names = "--scenario", paramLabel = "FILE",
      description = "JSONL(.gz) file to replay instead of the bundled scenario.")
  Path scenario;

  @Option(names = "--in", paramLabel = "DURATION", defaultValue = "3m",
      description = "Play the scenario's event time in this wall time (default: ${DEFAULT-VALUE}).")
  String in;

  @Option(names = "--speed", paramLabel = "FACTOR", description = "Event-time speed factor instead of --in.")
  Double speed;

  @Option(names = "--fast", description = "Replay as fast as possible.")
  boolean fast;

  @Option(names = "--duration", paramLabel = "DURATION",
      description = "Stop after this wall time (default: run until Ctrl-C).")
  String duration;

  @Option(names = "--until-replayed",
      description = "Stop once the scenario is replayed (for scripts), instead of running until Ctrl-C.")
  boolean untilReplayed;

  @Option(names = "--progress-every", paramLabel = "DURATION", defaultValue = "2s",
      description = "How often to print progress (default: ${DEFAULT-VALUE}).")
  String progressEvery;

  @Option(names = "--alerting", paramLabel = "FILE", description = {"Alerting rules (receivers: Slack, e-mail, "
      + "webhook; routes) for the demo's incidents,", "instead of the console only (see alerting/README.md)."})
  java.nio.file.Path alerting;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Duration runFor = duration == null ? null : DurationOption.parse(spec, "--duration", duration);
    Duration every = DurationOption.parse(spec, "--progress-every", progressEvery);
    if (scenario != null && !Files.isReadable(scenario)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--scenario: cannot read " + scenario);
    }
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--port must be in [0, 65535], was " + port);
    }
    if (fast && speed != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "use --fast or --speed, not both");
    }
    // checks --speed/--in now, with a stand-in span, so that a bad value fails before the broker starts
    IngestCommand.pacing(spec, speed, speed == null ? in : null, () -> Duration.ofHours(1));
    Function<Duration, Pacing> pacing = span -> {
      if (fast) {
        return Pacing.fast();
      }
      try {
        return IngestCommand.pacing(spec, speed, speed == null ? in : null, () -> span);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
    return new Demo(new Demo.Options(dir, port, scenario, pacing, runFor, every, untilReplayed, alerting)).run(System.out);
  }
}
