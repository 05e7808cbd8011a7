package io.veille.streams.watch;

import io.veille.common.model.Mention;
import io.veille.common.model.Watch;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

/**
 * A measure (not a test) of watch matching on one thread: the watch index against lucene-monitor's
 * {@link org.apache.lucene.monitor.Monitor} (the baseline), with 10, 1,000 and 10,000 watches of
 * a {@link WatchCorpus} set ({@code mixed} or {@code brands}, one in ten with a wildcard) over the 3,000 scenario mentions of the sample.
 * Each path is warmed up, then the two alternate, several seconds a run; it prints the median
 * rate, the CPU time per mention and the spread ((max - min) / median) of each. Run from streams/
 * after {@code test-compile}:
 * {@code java -cp target/test-classes:target/classes:$(cat cp.txt) io.veille.streams.watch.WatchMatchBench [seconds] [runs] [counts] [set]},
 * with cp.txt from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
public final class WatchMatchBench {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private WatchMatchBench() {}

  interface Path {
    List<String> match(Mention m, String detectedLang) throws Exception;
  }

  /** One run: mentions/s (wall clock) and CPU nanoseconds per mention. */
  record Run(double rate, double cpuNsPerMention, long matches) {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 4;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int[] counts = args.length > 2 ? Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray()
        : new int[] {10, 1_000, 10_000};
    String set = args.length > 3 ? args[3] : "mixed";
    List<Mention> mentions = WatchCorpus.scenarioSample();
    System.out.printf("%d scenario mentions, watch set %s, %.0f s a run, %d runs per path, alternating%n", mentions.size(), set,
        seconds, runs);
    for (int n : counts) {
      List<Watch> watches = WatchCorpus.watches(set, n);
      WatchMatcher index = new WatchMatcher();
      try (MonitorPath monitor = new MonitorPath(watches)) {
        index.putAll(watches);
        Path ours = index::match;
        Path baseline = monitor::match;
        run(ours, mentions, seconds); // warm-up
        run(baseline, mentions, seconds);
        Run[] a = new Run[runs];
        Run[] b = new Run[runs];
        for (int r = 0; r < runs; r++) {
          a[r] = run(ours, mentions, seconds);
          b[r] = run(baseline, mentions, seconds);
          System.out.printf("watches %5d run %d: index %,9.0f/s %7.1f µs CPU   monitor %,9.0f/s %7.1f µs CPU%n", n, r + 1,
              a[r].rate(), a[r].cpuNsPerMention() / 1e3, b[r].rate(), b[r].cpuNsPerMention() / 1e3);
        }
        if (a[0].matches() != b[0].matches()) {
          throw new IllegalStateException("the two paths disagree: " + a[0].matches() + " vs " + b[0].matches() + " matches");
        }
        report("index", n, a, mentions.size());
        report("monitor", n, b, mentions.size());
        System.out.printf("RESULT bench=watch_match set=%s watches=%d throughput=%.0f baseline=%.0f ratio=%.2f runs=%d spread=%.2f%n",
            set, n, median(a, Run::rate), median(b, Run::rate), median(a, Run::rate) / median(b, Run::rate), runs, spread(a, Run::rate));
      }
    }
  }

  /** Matches the mentions in turn, over and over, for {@code seconds}; a whole pass at least. */
  private static Run run(Path path, List<Mention> mentions, double seconds) throws Exception {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    long done = 0;
    long matches = 0;
    long firstPass = -1;
    do {
      for (int i = 0; i < mentions.size(); i++) {
        int k = path.match(mentions.get(i), i % 2 == 0 ? "fr" : null).size();
        matches += k;
        done++;
      }
      if (firstPass < 0) {
        firstPass = matches;
      }
    } while (System.nanoTime() < deadline);
    long wall = System.nanoTime() - t0;
    long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
    return new Run(done / (wall / 1e9), (double) cpu / done, firstPass);
  }

  private static void report(String name, int n, Run[] runs, int mentions) {
    System.out.printf("%-7s watches=%5d  median %,9.0f mentions/s  CPU %7.1f µs/mention  spread %.2f (rate) %.2f (CPU)  matches/mention %.1f%n",
        name, n, median(runs, Run::rate), median(runs, Run::cpuNsPerMention) / 1e3, spread(runs, Run::rate),
        spread(runs, Run::cpuNsPerMention), (double) runs[0].matches() / mentions);
  }

  private static double median(Run[] runs, java.util.function.ToDoubleFunction<Run> f) {
    double[] v = Arrays.stream(runs).mapToDouble(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static double spread(Run[] runs, java.util.function.ToDoubleFunction<Run> f) {
    double[] v = Arrays.stream(runs).mapToDouble(f).sorted().toArray();
    return (v[v.length - 1] - v[0]) / median(runs, f);
  }
}
