package io.veille.deploy;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code veille} command line. Exit codes: 0 success, 1 error, 2 usage.
 * Each subcommand lives in its own class; this one only assembles them.
 */
@Command(name = "veille", mixinStandardHelpOptions = true, versionProvider = VeilleCli.Version.class,
    description = "Veille: social listening on Kafka (ingest and score mentions; detection, search and alerting are planned).",
    subcommands = {
        KafkaCommand.class,
        TopicsCommand.class,
        ScenarioCommand.class,
        IngestCommand.class,
        StreamsCommand.class,
        AlertingCommand.class,
        SilenceCommand.class,
        WatchCommand.class,
        SearchCommand.class,
        DemoCommand.class,
        EvalCommand.class,
        BenchCommand.class,
        CommandLine.HelpCommand.class
    })
public final class VeilleCli implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    String format = logFormatError(System.getenv("VEILLE_LOG_FORMAT"));
    if (format != null) {
      System.err.println("veille: " + format);
      System.exit(2);
    }
    System.exit(run(args));
  }

  /**
   * What is wrong with a {@code VEILLE_LOG_FORMAT} value, or null: unset, {@code text} (the
   * default) and {@code json} (one JSON object a line, logback's JsonEncoder) are the formats; any
   * other value would silently drop every log line, so it stops start-up.
   */
  static String logFormatError(String value) {
    if (value == null || value.equals("text") || value.equals("json")) {
      return null;
    }
    return "VEILLE_LOG_FORMAT must be text or json, was '" + (value.length() > 40 ? value.substring(0, 40) + "…" : value)
        + "'";
  }

  /** Runs the command line and returns its exit code (0 ok, 1 error, 2 usage). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new VeilleCli());
    cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? 2 : 1);
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("veille " + commandLine.getCommandName() + ": " + describe(e));
      if (System.getenv("VEILLE_DEBUG") != null) {
        e.printStackTrace(commandLine.getErr());
      }
      return 1;
    });
    return cl;
  }

  static String describe(Throwable e) {
    String msg = e.getMessage();
    return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see veille --help)");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = VeilleCli.class.getPackage().getImplementationVersion();
      return new String[] {"veille " + (v == null ? "dev" : v)};
    }
  }
}
