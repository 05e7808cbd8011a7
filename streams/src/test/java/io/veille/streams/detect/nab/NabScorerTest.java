package io.veille.streams.detect.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.veille.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java NAB scorer: hand-computed cases, and the same numbers as shared/tools/nabscore.py on the same detections. */
class NabScorerTest {
  private static final NabScorer.Profile STD = NabScorer.PROFILES.get(0);

  @Test
  void earliestDetectionInAWindowCountsAndProbationIsIgnored() {
    int[][] w = {{300, 399}};
    boolean[] d = new boolean[1000];
    d[100] = true; // probation (150 rows): ignored
    d[300] = true; // left edge: worth A_TP
    d[350] = true; // later in the same window: not counted, costs nothing
    NabScorer.FileScore s = NabScorer.score("f", 1000, w, d, STD);
    assertEquals(150, s.probation());
    assertEquals(1.0, s.score(), 1e-12);
    assertEquals(1, s.windowsHit());
    assertEquals(0, s.falsePositives());
  }

  @Test
  void missedWindowsAndFalsePositivesCost() {
    int[][] w = {{300, 399}, {600, 699}};
    boolean[] d = new boolean[1000];
    d[200] = true; // before the first window: the full A_FP
    d[400] = true; // right after the first: sigma(1/99) * A_FP, almost nothing
    d[950] = true; // far after the second: about the full A_FP
    NabScorer.FileScore s = NabScorer.score("f", 1000, w, d, STD);
    double expected = -1 - 1 - 0.11 + 0.11 * NabScorer.sigma(1 / 99.0) + 0.11 * NabScorer.sigma(251 / 99.0);
    assertEquals(expected, s.score(), 1e-12);
    assertEquals(3, s.falsePositives());
    NabScorer.Total t = NabScorer.total(STD, List.of(s));
    assertEquals(100 * (s.score() + 2) / 4, t.normalised(), 1e-12);
    // right-edge reward is about zero; sigma is clamped beyond 3
    assertEquals(-1.0, NabScorer.sigma(3.5));
  }

  @Test
  void sameScoresAsNabscorePy(@TempDir Path tmp) throws Exception {
    Path nab = find("shared/data/eval/nab");
    Path py = find("shared/tools/nabscore.py");
    assumeTrue(nab != null && py != null, "no shared NAB data or nabscore.py next to the repository");
    List<NabSeries> series = NabSeries.load(nab);
    // the detector's own detections, and seeded random ones (more flags, in and out of windows)
    List<NabEvaluation.SeriesRun> ours = new ArrayList<>();
    List<NabEvaluation.SeriesRun> random = new ArrayList<>();
    Random rnd = new Random(17);
    for (NabSeries s : series) {
      ours.add(NabEvaluation.detect(s, NabEvaluation.config()));
      boolean[] d = new boolean[s.size()];
      for (int i = 0; i < 60; i++) {
        d[rnd.nextInt(s.size())] = true;
      }
      random.add(new NabEvaluation.SeriesRun(s, d, 0, 0));
    }
    for (List<NabEvaluation.SeriesRun> runs : List.of(ours, random)) {
      Path dir = Files.createTempDirectory(tmp, "det");
      for (NabEvaluation.SeriesRun r : runs) {
        NabEvaluation.write(r, dir);
      }
      Path json = tmp.resolve("out.json");
      Process p = new ProcessBuilder("python3", py.toString(), "--data", nab.resolve("realTweets").toString(),
          "--windows", nab.resolve("combined_windows.json").toString(), "--detections", dir.toString(),
          "--threshold", "0.5", "--quiet", "--json", json.toString()).redirectErrorStream(true)
          .redirectOutput(tmp.resolve("py.log").toFile()).start();
      assumeTrue(p.waitFor(120, TimeUnit.SECONDS), "nabscore.py did not finish");
      assumeTrue(p.exitValue() == 0, () -> "nabscore.py failed: " + read(tmp.resolve("py.log")));
      JsonNode root = Json.MAPPER.readTree(json.toFile()).path("profiles");
      NabEvaluation.Report rep = NabEvaluation.run(series, NabEvaluation.config(), NabScorer.PROFILES);
      for (int k = 0; k < NabScorer.PROFILES.size(); k++) {
        NabScorer.Profile prof = NabScorer.PROFILES.get(k);
        List<NabScorer.FileScore> files = new ArrayList<>();
        for (NabEvaluation.SeriesRun r : runs) {
          files.add(NabScorer.score(r.series(), r.detected(), prof));
        }
        NabScorer.Total t = NabScorer.total(prof, files);
        JsonNode py1 = root.path(prof.name());
        assertEquals(py1.path("normalised").asDouble(), t.normalised(), 1e-9, prof.name());
        assertEquals(py1.path("total_raw").asDouble(), t.raw(), 1e-9, prof.name());
        for (int f = 0; f < files.size(); f++) {
          assertEquals(py1.path("per_file").get(f).path("score").asDouble(), files.get(f).score(), 1e-9);
          assertEquals(py1.path("per_file").get(f).path("fp").asInt(), files.get(f).falsePositives());
        }
        if (runs == ours) {
          assertEquals(rep.totals().get(k).normalised(), t.normalised(), 1e-12);
        }
      }
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  /** {@code rel} in the working directory or one of its parents' siblings (the shared folder lies next to the repository). */
  static Path find(String rel) {
    Path d = Path.of("").toAbsolutePath();
    for (int i = 0; i < 5 && d != null; i++, d = d.getParent()) {
      for (Path c : new Path[] {d.resolve(rel), d.resolveSibling(rel)}) {
        if (Files.exists(c)) {
          return c;
        }
      }
    }
    return null;
  }

}
