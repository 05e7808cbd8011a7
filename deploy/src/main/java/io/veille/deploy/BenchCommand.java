package io.veille.deploy;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code veille bench ...}: benchmarks against a baseline measured in the same run. Each ends with RESULT lines. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure speed against a baseline run in the same process (ends with RESULT lines).",
    subcommands = {io.veille.deploy.bench.BenchIngestCommand.class, io.veille.deploy.bench.BenchSentimentCommand.class,
        io.veille.deploy.bench.BenchPipelineCommand.class, io.veille.deploy.bench.BenchIndexCommand.class})
public final class BenchCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "choose what to benchmark (see veille bench --help)");
  }
}
