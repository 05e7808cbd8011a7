package io.veille.deploy.bench;

import io.veille.deploy.Results;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code veille bench sentiment}: JMH throughput of the lexicon model against a naive lexicon
 * baseline, run in alternation (one JMH run of each per round), on generated 140-character
 * mentions, one thread; then CoreNLP's throughput on English ones. Ends with RESULT lines.
 */
@Command(name = "sentiment", mixinStandardHelpOptions = true,
    description = {"Sentiment throughput (JMH, one thread, 140-character FR/EN mentions): the lexicon model",
        "against a naive lexicon baseline in alternation, then CoreNLP. Ends with RESULT lines."})
public final class BenchSentimentCommand implements Callable<Integer> {
  /** Warm-up iterations before each measured run: C2 needs several seconds to compile the scanner and the scoring loop. */
  static final int WARMUPS = 4;

  @Option(names = "--runs", defaultValue = "5", description = "Rounds of baseline + lexicon (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--seconds", defaultValue = "2", description = "Length of each measured JMH iteration, lexicon and baseline (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--forks", defaultValue = "1", description = "JMH forks per run: 1 (a fresh JVM, same class path) or 0 (in this JVM) (default: ${DEFAULT-VALUE}).")
  int forks;

  @Option(names = "--corenlp", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Also measure CoreNLP (loads ~500 MB of models; --no-corenlp to skip).")
  boolean corenlp;

  @Option(names = "--corenlp-seconds", defaultValue = "20", description = "Length of each CoreNLP iteration (default: ${DEFAULT-VALUE}).")
  int corenlpSeconds;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
  Path json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (runs < 1 || seconds < 1 || corenlpSeconds < 1 || forks < 0 || forks > 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--runs, --seconds and --corenlp-seconds must be >= 1, --forks 0 or 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    double[] lexicon = new double[runs];
    double[] baseline = new double[runs];
    for (int r = 0; r < runs; r++) {
      baseline[r] = run("baseline", WARMUPS, 3, seconds);
      lexicon[r] = run("lexicon", WARMUPS, 3, seconds);
      out.printf("run %d   baseline %,12.0f mentions/s   lexicon %,12.0f mentions/s   ratio %.2f%n", r + 1, baseline[r],
          lexicon[r], lexicon[r] / baseline[r]);
      out.flush();
    }
    double[] ratios = new double[runs];
    for (int r = 0; r < runs; r++) {
      ratios[r] = lexicon[r] / baseline[r];
    }
    Results results = new Results();
    results.add("bench", "sentiment", "model", "lexicon", "length", SentimentBenchmark.LENGTH, "throughput", median(lexicon),
        "baseline", median(baseline), "ratio", median(ratios), "runs", runs, "spread", spread(lexicon));
    if (corenlp && !io.veille.streams.sentiment.CoreNlpSentimentModel.available()) {
      out.println("CoreNLP skipped: not in this distribution (GPL-3.0 optional extra; VEILLE_CORENLP=1 ./veille build adds it)");
    }
    if (corenlp && io.veille.streams.sentiment.CoreNlpSentimentModel.available()) {
      out.println("CoreNLP (English mentions; loading its models takes a while)...");
      out.flush();
      RunResult c = runResult("corenlp", 1, 3, corenlpSeconds);
      var stats = c.getPrimaryResult().getStatistics();
      double median = stats.getPercentile(50);
      out.printf("corenlp   %,.1f mentions/s (iterations %,.1f .. %,.1f)%n", median, stats.getMin(), stats.getMax());
      results.add("bench", "sentiment", "model", "corenlp", "length", SentimentBenchmark.LENGTH, "throughput", median,
          "runs", (int) stats.getN(), "spread", median == 0 ? 0 : (stats.getMax() - stats.getMin()) / median);
    }
    results.print(out, json);
    return 0;
  }

  private double run(String benchmark, int warmups, int iterations, int iterationSeconds) throws Exception {
    return runResult(benchmark, warmups, iterations, iterationSeconds).getPrimaryResult().getScore();
  }

  private RunResult runResult(String benchmark, int warmups, int iterations, int iterationSeconds) throws Exception {
    Options opts = new OptionsBuilder()
        .include(SentimentBenchmark.class.getName() + "\\." + benchmark + "$")
        .forks(forks)
        .threads(1)
        .warmupIterations(warmups)
        .warmupTime(TimeValue.seconds(iterationSeconds))
        .measurementIterations(iterations)
        .measurementTime(TimeValue.seconds(iterationSeconds))
        .jvmArgsAppend("-Xmx2g")
        .verbosity(VerboseMode.SILENT)
        .shouldFailOnError(true)
        .build();
    Collection<RunResult> rs = new Runner(opts).run();
    if (rs.isEmpty()) {
      throw new IllegalStateException("JMH found no benchmark " + benchmark + " (was the deploy module compiled with its annotation processor?)");
    }
    return rs.iterator().next();
  }

  static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** (max - min) / median: how far apart the runs were. */
  static double spread(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return (s[s.length - 1] - s[0]) / median(s);
  }
}
