package io.veille.ingest.spi;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** The bounded list of item keys a polling connector keeps in its cursor to skip what it has already emitted. */
public final class SeenKeys {
  private SeenKeys() {}

  /** {@code seen} with {@code added} appended (each key once, in first-seen order), keeping the newest {@code max}. */
  public static List<String> appendNewest(List<String> seen, List<String> added, int max) {
    LinkedHashSet<String> all = new LinkedHashSet<>(seen);
    all.addAll(added);
    List<String> l = new ArrayList<>(all);
    return l.size() <= max ? l : new ArrayList<>(l.subList(l.size() - max, l.size()));
  }
}
