package io.veille.deploy.eval;

import io.veille.deploy.Results;
import io.veille.streams.detect.DetectorConfig;
import io.veille.streams.detect.nab.NabEvaluation;
import io.veille.streams.detect.nab.NabScorer;
import io.veille.streams.detect.nab.NabSeries;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code veille eval spikes}: the product's spike detector (default alert settings, default tuning,
 * the same for every file) over NAB's series, one value per five-minute bucket, scored with NAB's
 * rules under its three profiles. Ends with RESULT lines.
 */
@Command(name = "spikes", mixinStandardHelpOptions = true,
    description = {"Run the spike detector over NAB series (e.g. ../shared/data/eval/nab: realTweets/*.csv and",
        "combined_windows.json) and score it with NAB's three profiles. Ends with RESULT lines."})
public final class EvalSpikesCommand implements Callable<Integer> {

  @Option(names = "--nab", required = true, paramLabel = "DIR", description = "NAB folder: CATEGORY/*.csv, combined_windows.json, profiles.json (optional).")
  Path nab;

  @Option(names = "--out", paramLabel = "DIR", description = "Write per series a CSV with NAB's result columns (timestamp,value,anomaly_score,label).")
  Path out;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
  Path json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    CommandLine cl = spec.commandLine();
    if (!Files.isDirectory(nab)) {
      throw new CommandLine.ParameterException(cl, "--nab: no folder " + nab);
    }
    List<NabSeries> series;
    try {
      series = NabSeries.load(nab);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, "--nab: " + e.getMessage());
    }
    PrintWriter w = cl.getOut();
    DetectorConfig config = NabEvaluation.config();
    w.printf("%d series from %s; detector: %s buckets, sensitivity %s, minimum volume %d, default tuning%n",
        series.size(), nab, config.bucket().toMinutes() + "-minute", config.sensitivity().name().toLowerCase(),
        config.minVolume());
    w.flush();
    NabEvaluation.Report r = NabEvaluation.run(series, config, NabScorer.profiles(nab));
    if (out != null) {
      for (NabEvaluation.SeriesRun run : r.runs()) {
        NabEvaluation.write(run, out);
      }
      w.printf("detections written to %s (timestamp,value,anomaly_score,label)%n", out);
    }
    Results results = new Results();
    for (int p = 0; p < r.totals().size(); p++) {
      NabScorer.Total t = r.totals().get(p);
      w.printf("%nprofile %s (A_TP=%s A_FN=%s A_FP=%s)%n", t.profile().name(), t.profile().tp(), t.profile().fn(),
          t.profile().fp());
      w.printf("  %-36s %9s %8s %4s%n", "file", "raw", "windows", "FP");
      int hit = 0;
      int fp = 0;
      for (NabScorer.FileScore f : r.perFile().get(p)) {
        w.printf("  %-36s %9.3f %4d/%-3d %4d%n", f.key(), f.score(), f.windowsHit(), f.windows(), f.falsePositives());
        hit += f.windowsHit();
        fp += f.falsePositives();
      }
      w.printf("  %-36s %9.3f   normalised %.2f%n", "total", t.raw(), t.normalised());
      results.add("eval", "spikes", "data", "nab", "profile", t.profile().name(), "score", round2(t.normalised()),
          "files", series.size(), "windows", t.windows(), "hit", hit, "fp", fp);
    }
    w.println();
    results.print(w, json);
    return 0;
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
