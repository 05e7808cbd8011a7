package io.veille.deploy;

import io.veille.common.config.VeilleConfig;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import io.veille.ingest.Connectors;
import io.veille.ingest.spi.SourceKey;
import io.veille.ingest.IngestService;
import io.veille.ingest.config.IngestConfig;
import io.veille.ingest.replay.FileReplay;
import io.veille.ingest.replay.Pacing;
import io.veille.ingest.replay.ReplayProgress;
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
    description = {"Publish mentions from sources into Kafka (veille.mentions.raw).",
        "With --sources, run every source of an ingest.yml (and the HTTP intake) until Ctrl-C;",
        "or use a quick form: veille ingest rss URL..., veille ingest hackernews QUERY, veille ingest replay FILE.",
        "veille ingest types lists the source types and the keys of each."},
    subcommands = {IngestCommand.Types.class, IngestCommand.Replay.class, IngestCommand.Rss.class, IngestCommand.HackerNews.class,
        IngestCommand.Mastodon.class})
public final class IngestCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  KafkaOptions kafka;

  @Option(names = {"-s", "--sources"}, paramLabel = "FILE",
      description = "ingest.yml: the HTTP server (health, intake) and the sources. Veille's own settings come from --config, VEILLE_* and VEILLE_CONFIG.")
  Path ingestFile;

  @Override
  public Integer call() throws Exception {
    if (ingestFile == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "give --sources ingest.yml, or a quick form (see veille ingest --help)");
    }
    if (!Files.isReadable(ingestFile)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--sources: cannot read " + ingestFile);
    }
    IngestConfig ingest = IngestConfig.load(ingestFile, Connectors.factories(), System::getenv);
    return serve(kafka.load(), ingest);
  }

  /** Runs the ingest service until Ctrl-C / SIGTERM, logging every connector's status each minute. */
  static int serve(VeilleConfig config, IngestConfig ingest) throws Exception {
    try (UntilStopped loop = new UntilStopped("ingest"); IngestService service = IngestService.start(ingest, config)) {
      System.out.printf("veille ingest: %d source(s); health at http://%s:%d/health (probes: /health/live, /health/ready; "
              + "metrics: /metrics)%s; Ctrl-C to stop%n", ingest.sources().size(), ingest.httpBind(), service.port(), ingest.intakeTokens().isEmpty() ? ""
              : "; intake at POST http://" + ingest.httpBind() + ":" + service.port() + "/api/v1/mentions");
      while (!loop.await(java.time.Duration.ofSeconds(60))) {
        service.logStatus();
      }
      service.logStatus();
    }
    return 0;
  }

  /** A one-source configuration for the quick forms. */
  static IngestConfig quick(String type, String name, int port, java.util.Map<String, Object> settings) {
    java.util.Map<String, Object> block = new java.util.LinkedHashMap<>(settings);
    block.put("name", name);
    block.put("type", type);
    return IngestConfig.parse("command line", java.util.Map.of("http", java.util.Map.of("port", port),
        "sources", java.util.List.of(block)), Connectors.factories(), System::getenv);
  }

  /**
   * A quick form: one source of one type from the command line, run like a one-source ingest.yml
   * (Kafka options, the health endpoint's port); subclasses give the type and the source's keys.
   */
  abstract static class QuickForm implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--http-port", defaultValue = "8081", description = "Health endpoint port (default: ${DEFAULT-VALUE}).")
    int port;

    private final String type;
    private final String name;

    QuickForm(String type, String name) {
      this.type = type;
      this.name = name;
    }

    /** The source's keys, as ingest.yml would give them. */
    abstract java.util.Map<String, Object> block();

    @Override
    public Integer call() throws Exception {
      return serve(kafka.load(), quick(type, name, port, block()));
    }
  }

  /** A quick form of a polled source: {@code --interval}. */
  abstract static class PolledQuickForm extends QuickForm {
    PolledQuickForm(String type, String name) {
      super(type, name);
    }

    @Option(names = "--interval", defaultValue = "5m", description = "Poll interval (default: ${DEFAULT-VALUE}).")
    String interval;
  }

  /** {@code veille ingest rss URL...}. */
  @Command(name = "rss", mixinStandardHelpOptions = true, description = "Follow RSS/Atom feeds (quick form of a type: rss source).")
  public static final class Rss extends PolledQuickForm {
    @Parameters(arity = "1..*", paramLabel = "URL", description = "Feed URLs.")
    java.util.List<String> feeds;

    public Rss() {
      super("rss", "rss-cli");
    }

    @Override
    java.util.Map<String, Object> block() {
      return java.util.Map.of("feeds", feeds, "interval", interval);
    }
  }

  /** {@code veille ingest hackernews QUERY}. */
  @Command(name = "hackernews", mixinStandardHelpOptions = true, description = "Search Hacker News (Algolia) for a query.")
  public static final class HackerNews extends PolledQuickForm {
    @Parameters(index = "0", paramLabel = "QUERY", description = "Search terms.")
    String query;

    public HackerNews() {
      super("hackernews", "hn-cli");
    }

    @Override
    java.util.Map<String, Object> block() {
      return java.util.Map.of("query", query, "interval", interval);
    }
  }

  /** {@code veille ingest mastodon INSTANCE --hashtag TAG...}. */
  @Command(name = "mastodon", mixinStandardHelpOptions = true, description = "Follow hashtags on a Mastodon instance.")
  public static final class Mastodon extends QuickForm {
    @Parameters(index = "0", paramLabel = "INSTANCE", description = "Instance URL, e.g. https://mastodon.social")
    String instance;

    @Option(names = "--hashtag", required = true, paramLabel = "TAG", description = "Hashtag to follow (repeatable).")
    java.util.List<String> hashtags;

    public Mastodon() {
      super("mastodon", "mastodon-cli");
    }

    @Override
    java.util.Map<String, Object> block() {
      return java.util.Map.of("instance", instance, "hashtags", hashtags);
    }
  }

  /** {@code veille ingest types [TYPE] [--markdown]}: the source types of ingest.yml and their declared keys. */
  @Command(name = "types", mixinStandardHelpOptions = true,
      description = "List the source types of ingest.yml and each one's keys (type, default, meaning), from their declarations.")
  public static final class Types implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "TYPE", description = "Only this type.")
    String type;

    @Option(names = "--markdown", description = "Print the tables of ingest/README.md.")
    boolean markdown;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      java.io.PrintWriter out = spec.commandLine().getOut();
      var factories = Connectors.factories();
      if (type != null && !factories.containsKey(type)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "unknown type '" + type + "' (one of "
            + String.join(", ", factories.keySet()) + ")");
      }
      for (var f : factories.values()) {
        if (type != null && !type.equals(f.type())) {
          continue;
        }
        if (markdown) {
          out.print("<!-- keys: " + f.type() + " -->\n" + SourceKey.markdown(f.keys()) + "<!-- /keys -->\n\n");
          continue;
        }
        out.println("type: " + f.type() + " - " + f.description());
        out.println("  (every source also has name, type, enabled: true|false, rate-limit: N/s|m|h)");
        for (SourceKey<?> k : f.keys()) {
          String def = k.required() ? "required" : k.defaultText() == null ? "" : "default " + k.defaultText();
          out.printf("  %-20s %-22s %-16s %s%n", k.name(), k.type(), def, k.doc());
        }
        out.println();
      }
      out.flush();
      return 0;
    }
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
      Pacing pacing = pacing(spec, speed, in, () -> Demo.eventSpan(file));
      VeilleConfig config = kafka.load();
      TopicAdmin.createMissing(KafkaClients.admin(config, "ingest-replay-admin"), Topics.ALL, config.replicationFactor());
      ReplayProgress progress = new ReplayProgress();
      long t0 = System.nanoTime();
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.producer(config, "ingest-replay"));
          java.io.InputStream in = FileReplay.openBytes(file)) {
        new FileReplay(producer).limits(KafkaClients.maxRecordBytes(config), config.get(VeilleConfig.MAX_FUTURE),
            java.time.InstantSource.system()).replay(file.getFileName().toString(), in, pacing, progress);
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
