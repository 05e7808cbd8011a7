package io.veille.deploy;

import io.veille.deploy.scenario.DetectionCase;
import io.veille.deploy.scenario.DetectionScenarios;
import io.veille.deploy.scenario.Scenario;
import io.veille.deploy.scenario.ScenarioGenerator;
import io.veille.deploy.scenario.ScenarioSpec;
import io.veille.deploy.scenario.ScenarioTruth;
import io.veille.deploy.scenario.ScenarioWriter;
import io.veille.deploy.scenario.SurgeWindow;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code veille scenario}: writes the deterministic demo scenario (mentions of the fictional brand
 * Ondyne, with one bad buzz and one harmless launch) as JSONL, gzipped for a {@code .gz} name, and its ground truth beside it;
 * or, with {@code --cases DIR}, the mention-level detection cases ({@link DetectionScenarios}), one file each.
 * The generation itself is {@link ScenarioGenerator} / {@link DetectionScenarios}; this class only parses options and does I/O.
 */
@Command(name = "scenario", mixinStandardHelpOptions = true,
    description = "Generate a deterministic demo scenario: mentions of the fictional brand Ondyne (French and English, "
        + "daily and weekly rhythm, reshares, near-duplicates, one bad buzz, one harmless product launch) as JSONL, gzipped if FILE ends with .gz, "
        + "with its ground truth in FILE.truth.json; or, with --cases DIR, the detection cases (steady days, 3x/5x/10x "
        + "surges, a slow burn, a negative-share surge, a huge-reach post, an evening TV peak, a product launch), one "
        + "DIR/CASE.jsonl.gz each with its truth. The same options always give the same bytes.")
public final class ScenarioCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--days", paramLabel = "D", defaultValue = "14",
      description = "Number of days, 1 to " + ScenarioSpec.MAX_DAYS + " (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Output file (.jsonl, or .jsonl.gz to gzip); '-' writes JSONL to standard output (no truth file).")
  String out;

  @Option(names = "--cases", paramLabel = "DIR",
      description = "Instead of --out: write the detection cases, DIR/CASE.jsonl.gz and DIR/CASE.jsonl.gz.truth.json for "
          + "each of " + "steady, surge-3x, surge-5x, surge-10x, slow-burn, negative-share, huge-reach, evening-tv, launch "
          + "(14 learning days, then the case day; with --seed). Replay one with veille demo --scenario FILE.")
  Path cases;

  @Option(names = "--case", paramLabel = "NAME", split = ",",
      description = "With --cases: only these cases (comma-separated names).")
  List<String> only;

  @Option(names = "--scale", paramLabel = "X", defaultValue = "1.0",
      description = "Volume factor; 1.0 gives about 20,000 mentions in 14 days (default: ${DEFAULT-VALUE}).")
  double scale;

  @Option(names = "--start", paramLabel = "INSTANT", defaultValue = "2026-11-02T00:00:00Z",
      description = "First instant, ISO-8601 (default: ${DEFAULT-VALUE}, a Monday).")
  String start;

  @Option(names = "--buzz-day", paramLabel = "N",
      description = "Day of the bad buzz, 1-based; 0 for none (default: 9, or the last day of a shorter scenario).")
  Integer buzzDay;

  @Option(names = "--launch-day", paramLabel = "N",
      description = "Day of the product launch (a harmless positive spike), 1-based, not the buzz day; 0 for none "
          + "(default: 4 when the scenario is longer and the buzz is not on day 4, else none).")
  Integer launchDay;

  @Override
  public Integer call() throws IOException {
    if ((out == null) == (cases == null)) {
      throw usage("give either --out FILE or --cases DIR");
    }
    if (cases != null) {
      return writeCases();
    }
    if (only != null) {
      throw usage("--case goes with --cases DIR");
    }
    ScenarioSpec scenarioSpec = scenarioSpec();
    Scenario scenario = ScenarioGenerator.generate(scenarioSpec);
    PrintWriter err = spec.commandLine().getErr();
    long bytes;
    if (out.equals("-")) {
      OutputStream stdout = System.out;
      bytes = ScenarioWriter.writeJsonl(scenario.mentions(), stdout);
      stdout.flush();
    } else {
      bytes = ScenarioWriter.write(scenario, Path.of(out));
    }
    summary(err, scenario.truth(), bytes);
    err.flush();
    return 0;
  }

  private int writeCases() throws IOException {
    for (String option : new String[] {"--days", "--scale", "--start", "--buzz-day", "--launch-day"}) {
      if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
        throw usage(option + " does not apply to --cases (the cases have 14 learning days from " + DetectionScenarios.START
            + " at their own volume)");
      }
    }
    List<DetectionScenarios.Case> selected = new ArrayList<>();
    try {
      for (String name : only == null ? List.<String>of() : only) {
        selected.add(DetectionScenarios.Case.of(name.strip()));
      }
    } catch (IllegalArgumentException e) {
      throw usage("--case: " + e.getMessage());
    }
    if (selected.isEmpty()) {
      selected.addAll(List.of(DetectionScenarios.Case.values()));
    }
    PrintWriter err = spec.commandLine().getErr();
    DetectionScenarios scenarios = DetectionScenarios.of(seed);
    DateTimeFormatter paris = DateTimeFormatter.ofPattern("EEE d MMM HH:mm 'Paris'", Locale.ENGLISH)
        .withZone(ZoneId.of("Europe/Paris"));
    err.printf(Locale.ROOT, "veille scenario: %s, learning until %s, cases until %s%n", scenarios,
        paris.format(scenarios.fork()), paris.format(scenarios.end()));
    for (DetectionScenarios.Case c : selected) {
      DetectionCase dc = scenarios.generate(c);
      Path file = cases.resolve(c.id + ".jsonl.gz");
      long bytes = ScenarioWriter.write(dc, file);
      SurgeWindow w = dc.windows().get(0);
      err.printf(Locale.ROOT, "  %-15s %,7d mentions (%,d from %s), %,d bytes to %s; %s: %s%n", c.id, dc.mentions().size(),
          dc.afterFork().size(), paris.format(dc.fork()), bytes, file, c == DetectionScenarios.Case.STEADY
              || c == DetectionScenarios.Case.EVENING_TV ? "expected" : "from " + paris.format(w.start()),
          w.expected().summary());
    }
    err.flush();
    return 0;
  }

  private ScenarioSpec scenarioSpec() {
    if (days < 1 || days > ScenarioSpec.MAX_DAYS) {
      throw usage("--days must be between 1 and " + ScenarioSpec.MAX_DAYS + " (was " + days + ")");
    }
    if (!(scale > 0 && scale <= ScenarioSpec.MAX_SCALE)) {
      throw usage("--scale must be greater than 0 and at most " + ScenarioSpec.MAX_SCALE + " (was " + scale + ")");
    }
    Instant startAt;
    try {
      startAt = Instant.parse(start);
    } catch (java.time.format.DateTimeParseException e) {
      throw usage("--start must be an ISO-8601 instant such as 2026-11-02T00:00:00Z (was '" + start + "')");
    }
    if (out.isBlank()) {
      throw usage("--out must name a file, or '-' for standard output");
    }
    int day = buzzDay == null ? Math.min(ScenarioSpec.DEFAULT_BUZZ_DAY, days) : buzzDay;
    if (day < 0 || day > days) {
      throw usage("--buzz-day must be between 1 and --days (" + days + "), or 0 for none (was " + day + ")");
    }
    int launch = launchDay == null ? ScenarioSpec.defaultLaunchDay(days, day) : launchDay;
    if (launch < 0 || launch > days) {
      throw usage("--launch-day must be between 1 and --days (" + days + "), or 0 for none (was " + launch + ")");
    }
    if (launch > 0 && launch == day) {
      throw usage("--launch-day must be another day than the buzz day (both " + launch + ")");
    }
    return new ScenarioSpec(seed, days, startAt, scale, day, ScenarioSpec.DEFAULT_BUZZ_TIME, launch,
        ScenarioSpec.DEFAULT_LAUNCH_TIME);
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  private void summary(PrintWriter err, ScenarioTruth t, long bytes) {
    err.printf(Locale.ROOT, "veille scenario: %,d mentions, %s days from %s (seed %d, scale %s), %,d bytes%s%n",
        t.mentions(), t.days(), t.start(), t.seed(), t.scale(), bytes, out.equals("-") ? " to standard output" : " to " + out);
    err.printf(Locale.ROOT, "  languages: %s, absent %,d%n", counts(t.byLanguage()), t.langAbsent());
    err.printf(Locale.ROOT, "  sources:   %s%n", counts(t.bySource()));
    err.printf(Locale.ROOT, "  reshares %,d, near-duplicates %,d (copies %,d), replies %,d%n", t.reshares(),
        t.nearDuplicates(), t.copies(), t.replies());
    DateTimeFormatter paris = DateTimeFormatter.ofPattern("EEE d MMM HH:mm 'Paris'", Locale.ENGLISH)
        .withZone(ZoneId.of("Europe/Paris"));
    ScenarioTruth.BadBuzz b = t.badBuzz();
    if (b == null) {
      err.println("  bad buzz: none");
    } else {
      err.printf(Locale.ROOT, "  bad buzz: %,d mentions (fr %,d, en %,d, reshares %,d), onset %s, English from %s, peak %s, end %s%n",
          b.mentions(), b.french(), b.english(), b.reshares(), paris.format(b.onset()), paris.format(b.englishOnset()),
          paris.format(b.peak()), paris.format(b.end()));
    }
    ScenarioTruth.Launch l = t.launch();
    if (l == null) {
      err.println("  launch: none");
    } else {
      err.printf(Locale.ROOT, "  launch: %,d mentions (fr %,d, en %,d, reshares %,d), onset %s, peak %s, end %s%n",
          l.mentions(), l.french(), l.english(), l.reshares(), paris.format(l.onset()), paris.format(l.peak()),
          paris.format(l.end()));
    }
    if (!out.equals("-")) {
      err.println("  truth: " + ScenarioWriter.truthPath(Path.of(out)));
    }
  }

  private static String counts(Map<String, Integer> m) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(m).entrySet().stream()
        .sorted((a, b) -> Integer.compare(b.getValue(), a.getValue()))
        .forEach(e -> sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
            .append(String.format(Locale.ROOT, "%,d", e.getValue())));
    return sb.toString();
  }
}
