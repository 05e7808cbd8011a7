package io.veille.streams.detect.nab;

import io.veille.common.model.Signal;
import io.veille.common.model.Watch;
import io.veille.streams.detect.Bucket;
import io.veille.streams.detect.Detector;
import io.veille.streams.detect.DetectorConfig;
import io.veille.streams.detect.DetectorState;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the product's detector over NAB series, one value per five-minute bucket, with the default
 * alert settings and the default tuning for every file, and scores its pages with {@link NabScorer}.
 * A detection is the bucket where a volume signal first reaches WARNING (when someone would be
 * paged): an ONSET at WARNING or above, or an UPDATE that escalates an INFO signal to it.
 */
public final class NabEvaluation {
  /** NAB's Twitter series count tweets per five minutes. */
  public static final Duration BUCKET = Duration.ofMinutes(5);

  private NabEvaluation() {}

  /** One series' detections (0/1 per row) and the signals that decided them. */
  public record SeriesRun(NabSeries series, boolean[] detected, int signals, int infoOnly) {}

  public record Report(List<SeriesRun> runs, List<NabScorer.Total> totals, List<List<NabScorer.FileScore>> perFile) {}

  public static DetectorConfig config() {
    return DetectorConfig.volumeOnly(BUCKET, Watch.Alert.DEFAULT);
  }

  /** The detector's pages on one series: it reads the rows in order, and only the values. */
  public static SeriesRun detect(NabSeries s, DetectorConfig config) {
    Detector d = new Detector(config);
    DetectorState state = d.newState();
    boolean[] flags = new boolean[s.size()];
    int signals = 0;
    int infoOnly = 0;
    boolean paged = false;
    for (int i = 0; i < s.size(); i++) {
      long count = Math.round(Math.max(0, s.values()[i]));
      List<Signal> out = d.step(state, "nab", Bucket.volume(Instant.ofEpochMilli(s.times()[i]), config.bucket(), count));
      for (Signal sig : out) {
        if (sig.kind() != Signal.Kind.VOLUME_SPIKE) {
          continue;
        }
        if (sig.phase() == Signal.Phase.ONSET) {
          signals++;
          paged = false;
        }
        boolean pages = sig.severity().compareTo(Signal.Severity.WARNING) >= 0;
        if (pages && !paged && sig.phase() != Signal.Phase.END) {
          flags[i] = true;
          paged = true;
        }
        if (sig.phase() == Signal.Phase.END && !paged) {
          infoOnly++;
        }
      }
    }
    return new SeriesRun(s, flags, signals, infoOnly);
  }

  public static Report run(List<NabSeries> series, DetectorConfig config, List<NabScorer.Profile> profiles) {
    List<SeriesRun> runs = new ArrayList<>();
    for (NabSeries s : series) {
      runs.add(detect(s, config));
    }
    List<NabScorer.Total> totals = new ArrayList<>();
    List<List<NabScorer.FileScore>> perFile = new ArrayList<>();
    for (NabScorer.Profile p : profiles) {
      List<NabScorer.FileScore> files = new ArrayList<>();
      for (SeriesRun r : runs) {
        files.add(NabScorer.score(r.series(), r.detected(), p));
      }
      perFile.add(files);
      totals.add(NabScorer.total(p, files));
    }
    return new Report(runs, totals, perFile);
  }

  /**
   * Writes NAB's result columns for every row, {@code timestamp,value,anomaly_score,label}, in a file
   * named like the series: anomaly_score is 1 on a detection and 0 elsewhere, label is 1 inside a
   * window (as in NAB's own result files).
   */
  public static void write(SeriesRun r, Path dir) throws IOException {
    Files.createDirectories(dir);
    NabSeries s = r.series();
    int[][] windows = NabScorer.windowRows(s);
    boolean[] label = new boolean[s.size()];
    for (int[] w : windows) {
      for (int i = w[0]; i <= w[1]; i++) {
        label[i] = true;
      }
    }
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(s.fileName()), StandardCharsets.UTF_8)) {
      w.write("timestamp,value,anomaly_score,label\n");
      for (int i = 0; i < s.size(); i++) {
        double v = s.values()[i];
        w.write(s.timestampText()[i] + "," + (v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v)) + ","
            + (r.detected()[i] ? "1" : "0") + "," + (label[i] ? "1" : "0") + "\n");
      }
    }
  }
}
