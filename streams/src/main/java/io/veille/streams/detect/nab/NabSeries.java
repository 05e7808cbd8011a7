package io.veille.streams.detect.nab;

import com.fasterxml.jackson.databind.JsonNode;
import io.veille.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One NAB data file ({@code timestamp,value}, NAB's naive timestamps read as UTC) and its anomaly
 * windows from {@code combined_windows.json}. The windows are for scoring only: the detector never
 * sees them.
 */
public record NabSeries(String key, String[] timestampText, long[] times, double[] values, List<Window> windows) {

  /** An anomaly window, [start, end] inclusive. */
  public record Window(Instant start, Instant end) {}

  static final DateTimeFormatter NAB_TIME = new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd[ ]['T']HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().toFormatter();

  static Instant parseTime(String s) {
    return LocalDateTime.parse(s.trim(), NAB_TIME).toInstant(ZoneOffset.UTC);
  }

  public String fileName() {
    return key.substring(key.lastIndexOf('/') + 1);
  }

  public int size() {
    return values.length;
  }

  /**
   * The series of a NAB folder: every {@code CATEGORY/*.csv} that {@code combined_windows.json}
   * names (e.g. {@code realTweets/Twitter_volume_AAPL.csv}), sorted by key.
   */
  public static List<NabSeries> load(Path dir) {
    Path windowsFile = dir.resolve("combined_windows.json");
    if (!Files.isRegularFile(windowsFile)) {
      throw new IllegalArgumentException("no combined_windows.json in " + dir);
    }
    try {
      JsonNode root = Json.MAPPER.readTree(windowsFile.toFile());
      List<NabSeries> out = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Path file = dir.resolve(e.getKey());
        if (!Files.isRegularFile(file)) {
          continue;
        }
        List<Window> windows = new ArrayList<>();
        for (JsonNode w : e.getValue()) {
          windows.add(new Window(parseTime(w.get(0).asText()), parseTime(w.get(1).asText())));
        }
        out.add(read(e.getKey(), file, windows));
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException("none of the files named in " + windowsFile + " is under " + dir);
      }
      out.sort((a, b) -> a.key.compareTo(b.key));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static NabSeries read(String key, Path file, List<Window> windows) throws IOException {
    List<String> ts = new ArrayList<>();
    List<Double> vs = new ArrayList<>();
    try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
      int lineNo = 0;
      for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
        String line = it.next();
        lineNo++;
        if (lineNo == 1 || line.isBlank()) {
          continue;
        }
        int comma = line.indexOf(',');
        if (comma < 0) {
          throw new IllegalArgumentException(file + ":" + lineNo + ": expected timestamp,value");
        }
        ts.add(line.substring(0, comma).trim());
        vs.add(Double.parseDouble(line.substring(comma + 1).trim()));
      }
    }
    long[] times = new long[ts.size()];
    double[] values = new double[ts.size()];
    for (int i = 0; i < times.length; i++) {
      times[i] = parseTime(ts.get(i)).toEpochMilli();
      values[i] = vs.get(i);
    }
    return new NabSeries(key, ts.toArray(String[]::new), times, values, List.copyOf(windows));
  }
}
