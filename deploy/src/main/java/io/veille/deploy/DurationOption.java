package io.veille.deploy;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Parses durations written as 90s, 3m, 1h30m, 500ms or ISO-8601 (PT3M); a bad one is a usage error. */
final class DurationOption {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private DurationOption() {}

  static Duration parse(CommandLine.Model.CommandSpec spec, String option, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("pt") || t.startsWith("p")) {
        return positive(spec, option, text, Duration.parse(text.trim().toUpperCase(Locale.ROOT)));
      }
    } catch (java.time.format.DateTimeParseException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + ": not a duration: '" + text + "'");
    }
    Matcher m = PART.matcher(t);
    Duration d = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      long n = Long.parseLong(m.group(1));
      d = d.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      });
      end = m.end();
    }
    if (end != t.length() || t.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          option + ": not a duration: '" + text + "' (examples: 90s, 3m, 1h30m, PT3M)");
    }
    return positive(spec, option, text, d);
  }

  private static Duration positive(CommandLine.Model.CommandSpec spec, String option, String text, Duration d) {
    if (d.isZero() || d.isNegative()) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + " must be > 0, was '" + text + "'");
    }
    return d;
  }
}
