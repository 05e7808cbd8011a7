package io.veille.deploy;

import io.veille.common.config.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** A duration option in the grammar of {@link Durations} (90s, 3m, 1h30m, 500ms, PT3M); a bad one is a usage error. */
final class DurationOption {
  private DurationOption() {}

  /** Parses a duration that must be > 0. */
  static Duration parse(CommandLine.Model.CommandSpec spec, String option, String text) {
    Duration d;
    try {
      d = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }
    if (d.isZero()) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + " must be > 0, was '" + text + "'");
    }
    return d;
  }
}
