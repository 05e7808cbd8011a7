package io.veille.deploy;

import io.veille.common.config.VeilleConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by the commands that talk to Kafka: where it is and the config file. */
public final class KafkaOptions {
  @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT[,...]",
      description = "Kafka brokers (default: VEILLE_BOOTSTRAP_SERVERS, the config file, or localhost:9092).")
  String bootstrapServers;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Configuration file (.properties or .yml); VEILLE_* environment variables override it. Default: VEILLE_CONFIG.")
  Path configFile;

  /** The validated configuration: defaults, file, environment, then the command-line options. */
  public VeilleConfig load() {
    VeilleConfig config = VeilleConfig.fromEnvironment(Settings.all(), configFile);
    return bootstrapServers == null ? config : config.withBootstrapServers(bootstrapServers);
  }
}
