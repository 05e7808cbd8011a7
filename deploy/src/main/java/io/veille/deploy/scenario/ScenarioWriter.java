package io.veille.deploy.scenario;

import io.veille.common.json.Json;
import io.veille.common.json.MentionJson;
import io.veille.common.model.Mention;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a scenario: one mention per line (JSONL, UTF-8), gzipped when the file name ends with
 * {@code .gz}, and its ground truth beside it as {@code FILE.truth.json}. Files are written to a
 * temporary name and moved into place, so a reader never sees half a scenario.
 */
public final class ScenarioWriter {
  public static final String TRUTH_SUFFIX = ".truth.json";

  private ScenarioWriter() {}

  /** The sidecar of a scenario file. */
  public static Path truthPath(Path out) {
    return out.resolveSibling(out.getFileName() + TRUTH_SUFFIX);
  }

  /** Writes the mentions and the truth sidecar; returns the size of the mentions file in bytes. */
  public static long write(Scenario scenario, Path out) throws IOException {
    return write(scenario.mentions(), truthJson(scenario.truth()), out);
  }

  /** Writes a detection case ({@link DetectionScenarios}) and its truth sidecar; returns the size of the mentions file. */
  public static long write(DetectionCase c, Path out) throws IOException {
    return write(c.mentions(), c.truthText(), out);
  }

  private static long write(List<Mention> mentions, String truth, Path out) throws IOException {
    Path dir = out.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    try (OutputStream raw = Files.newOutputStream(tmp)) {
      if (out.getFileName().toString().endsWith(".gz")) {
        try (GZIPOutputStream gz = new GZIPOutputStream(raw, 1 << 16)) {
          writeJsonl(mentions, gz);
        }
      } else {
        writeJsonl(mentions, raw);
      }
    }
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.writeString(truthPath(out), truth);
    return Files.size(out);
  }

  /** Writes one JSON line per mention; returns the bytes written. Does not close {@code out}. */
  public static long writeJsonl(List<Mention> mentions, OutputStream out) throws IOException {
    OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
    long bytes = 0;
    for (Mention m : mentions) {
      byte[] line = MentionJson.write(m);
      buffered.write(line);
      buffered.write('\n');
      bytes += line.length + 1;
    }
    buffered.flush();
    return bytes;
  }

  /** The truth sidecar as pretty-printed JSON with a final newline. */
  public static String truthJson(ScenarioTruth truth) throws IOException {
    return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(truth.toJson()) + "\n";
  }
}
