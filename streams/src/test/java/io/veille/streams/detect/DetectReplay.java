package io.veille.streams.detect;

import io.veille.common.model.Signal;
import io.veille.common.model.Watch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Exploration tool (not a test): replays a watch's bucket CSV (start,total,copies,negative,reach,
 * as {@code ScenarioRun} writes them) through the detector and prints its onsets and ends.
 * Args: csv sensitivity minVolume.
 */
public final class DetectReplay {
  public static void main(String[] args) throws Exception {
    Watch.Sensitivity sens = Watch.Sensitivity.valueOf(args[1].toUpperCase());
    long minVolume = Long.parseLong(args[2]);
    Detector d = new Detector(DetectorConfig.of(Duration.ofMinutes(1), new Watch.Alert(sens, minVolume, null)));
    DetectorState s = d.newState();
    List<Signal> out = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[0])).subList(1, Files.readAllLines(Path.of(args[0])).size())) {
      String[] f = line.split(",");
      Bucket b = new Bucket(Instant.parse(f[0]), Duration.ofMinutes(1), Long.parseLong(f[1]), Long.parseLong(f[2]),
          Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]));
      out.addAll(d.step(s, "w", b));
    }
    int onsets = 0;
    for (Signal x : out) {
      if (x.phase() != Signal.Phase.UPDATE) {
        onsets += x.phase() == Signal.Phase.ONSET ? 1 : 0;
        System.out.printf("%s %s %s %s obs=%.1f exp=%.1f%n", x.kind(), x.phase(), x.severity(),
            x.phase() == Signal.Phase.ONSET ? x.onset() : x.at(), x.observed(), x.expected());
      }
    }
    System.out.println("onsets " + onsets);
  }
}
