package io.veille.deploy.scenario;

import io.veille.common.model.Mention;
import io.veille.streams.pipeline.StreamsSettings;
import io.veille.streams.pipeline.TextKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the streams topology counts as copies in a list of mentions, by its own rules: mentions are
 * keyed by {@link TextKey}, and a mention whose key was stored by an earlier one within the
 * near-duplicate window (either side of its time, as the topology's window store is fetched) is a
 * copy; any other is a post whose key is stored at its time. Mentions are read in time order.
 */
final class CopyCount {
  private CopyCount() {}

  static final Duration WINDOW = StreamsSettings.defaults().nearDupWindow();

  /** The mentions streams takes for copies, in time order. */
  static List<Mention> copies(List<Mention> mentions, Duration window) {
    long w = window.toMillis();
    List<Mention> sorted = new ArrayList<>(mentions);
    sorted.sort(Comparator.comparing(Mention::publishedAt));
    Map<String, TreeSet<Long>> stored = new HashMap<>();
    List<Mention> copies = new ArrayList<>();
    for (Mention m : sorted) {
      long ts = m.publishedAt().toEpochMilli();
      TreeSet<Long> times = stored.computeIfAbsent(TextKey.of(m), k -> new TreeSet<>());
      Long near = times.ceiling(ts - w);
      if (near != null && near <= ts + w) {
        copies.add(m);
      } else {
        times.add(ts);
      }
    }
    return copies;
  }

  static int count(List<Mention> mentions) {
    return copies(mentions, WINDOW).size();
  }
}
