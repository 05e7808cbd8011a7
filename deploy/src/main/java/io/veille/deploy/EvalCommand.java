package io.veille.deploy;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code veille eval ...}: quality evaluations on labelled data. Each ends with RESULT lines. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Measure quality on labelled data (prints tables, ends with RESULT lines).",
    subcommands = {io.veille.deploy.eval.EvalSentimentCommand.class, io.veille.deploy.eval.EvalSpikesCommand.class})
public final class EvalCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "choose what to evaluate (see veille eval --help)");
  }
}
