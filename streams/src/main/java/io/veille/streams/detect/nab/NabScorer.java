package io.veille.streams.detect.nab;

import com.fasterxml.jackson.databind.JsonNode;
import io.veille.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * NAB's scoring rules, as the NAB folder's README describes them (and as
 * shared/tools/nabscore.py implements them): a probation period (the first 15% of a file, at most
 * 750 rows) that is not scored; in each window only the earliest detection counts, worth
 * {@code A_TP * sigma(-(R - i + 1) / W) / sigma(-1)}; a window without one costs {@code A_FN}; a
 * detection outside every window costs {@code A_FP * sigma((i - R') / (W' - 1))} after the last
 * window that ended before it, {@code A_FP} before the first; normalised over the files as
 * {@code 100 * (S - S_null) / (S_perfect - S_null)}.
 */
public final class NabScorer {
  private NabScorer() {}

  /** A cost profile. */
  public record Profile(String name, double tp, double fn, double fp) {}

  public static final List<Profile> PROFILES = List.of(new Profile("standard", 1, 1, 0.11),
      new Profile("reward_low_FP_rate", 1, 1, 0.22), new Profile("reward_low_FN_rate", 1, 2, 0.11));

  /** The profiles of {@code profiles.json} when the folder has one (in NAB's order), else NAB's three. */
  public static List<Profile> profiles(Path dir) {
    Path f = dir.resolve("profiles.json");
    if (!Files.isRegularFile(f)) {
      return PROFILES;
    }
    try {
      JsonNode root = Json.MAPPER.readTree(f.toFile());
      List<Profile> out = new ArrayList<>();
      for (Profile p : PROFILES) {
        JsonNode cm = root.path(p.name()).path("CostMatrix");
        out.add(cm.isMissingNode() ? p : new Profile(p.name(), cm.path("tpWeight").asDouble(p.tp()),
            cm.path("fnWeight").asDouble(p.fn()), cm.path("fpWeight").asDouble(p.fp())));
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One file's score under one profile. */
  public record FileScore(String key, double score, int windows, int scoredWindows, int windowsHit, int falsePositives,
      double fpCost, int probation) {}

  /** The normalised score of a set of files. */
  public record Total(Profile profile, double raw, int windows, int scoredWindows, double normalised) {}

  static double sigma(double x) {
    if (x > 3.0) {
      return -1.0;
    }
    return 2.0 / (1.0 + Math.exp(5.0 * x)) - 1.0;
  }

  private static final double SIGMA_LEFT_EDGE = sigma(-1.0);

  static int probation(int rows) {
    return (int) Math.min(Math.floor(0.15 * rows), 0.15 * 5000);
  }

  /** The windows as inclusive row ranges [L, R], sorted (timestamps matched exactly, else the rows inside). */
  public static int[][] windowRows(NabSeries s) {
    List<int[]> out = new ArrayList<>();
    for (NabSeries.Window w : s.windows()) {
      long a = w.start().toEpochMilli();
      long b = w.end().toEpochMilli();
      int lo = -1;
      int hi = -1;
      for (int i = 0; i < s.times().length; i++) {
        long t = s.times()[i];
        if (t >= a && t <= b) {
          lo = lo < 0 ? i : lo;
          hi = i;
        }
      }
      if (lo >= 0) {
        out.add(new int[] {lo, hi});
      }
    }
    out.sort((x, y) -> x[0] != y[0] ? Integer.compare(x[0], y[0]) : Integer.compare(x[1], y[1]));
    return out.toArray(int[][]::new);
  }

  public static FileScore score(NabSeries s, boolean[] detected, Profile cost) {
    return score(s.key(), s.size(), windowRows(s), detected, cost);
  }

  public static FileScore score(String key, int rows, int[][] windows, boolean[] detected, Profile cost) {
    if (detected.length != rows) {
      throw new IllegalArgumentException(key + ": " + detected.length + " detections for " + rows + " rows");
    }
    int p = probation(rows);
    int[] inWindow = new int[rows];
    Arrays.fill(inWindow, -1);
    for (int k = 0; k < windows.length; k++) {
      for (int i = windows[k][0]; i <= windows[k][1]; i++) {
        inWindow[i] = k;
      }
    }
    double total = 0;
    int scored = 0;
    int hit = 0;
    for (int[] w : windows) {
      int lo = w[0];
      int hi = w[1];
      int width = hi - lo + 1;
      int first = Math.max(lo, p);
      if (first > hi) {
        continue;
      }
      scored++;
      double best = Double.NaN;
      for (int i = first; i <= hi; i++) {
        if (detected[i]) {
          best = cost.tp() * sigma(-(double) (hi - i + 1) / width) / SIGMA_LEFT_EDGE;
          break;
        }
      }
      if (Double.isNaN(best)) {
        total -= cost.fn();
      } else {
        hit++;
        total += best;
      }
    }
    double fpCost = 0;
    int fp = 0;
    int prevR = -1;
    int prevW = 0;
    int wi = 0;
    for (int i = 0; i < rows; i++) {
      while (wi < windows.length && windows[wi][1] < i) {
        prevR = windows[wi][1];
        prevW = windows[wi][1] - windows[wi][0] + 1;
        wi++;
      }
      if (i < p || inWindow[i] >= 0 || !detected[i]) {
        continue;
      }
      fp++;
      if (prevR < 0) {
        fpCost -= cost.fp();
      } else {
        double x = prevW > 1 ? (double) (i - prevR) / (prevW - 1) : Double.POSITIVE_INFINITY;
        fpCost += cost.fp() * sigma(x);
      }
    }
    return new FileScore(key, total + fpCost, windows.length, scored, hit, fp, fpCost, p);
  }

  public static Total total(Profile cost, List<FileScore> files) {
    double raw = 0;
    int windows = 0;
    int scored = 0;
    for (FileScore f : files) {
      raw += f.score();
      windows += f.windows();
      scored += f.scoredWindows();
    }
    double sNull = -cost.fn() * scored;
    double sPerfect = cost.tp() * windows;
    double norm = sPerfect == sNull ? Double.NaN : 100.0 * (raw - sNull) / (sPerfect - sNull);
    return new Total(cost, raw, windows, scored, norm);
  }
}
