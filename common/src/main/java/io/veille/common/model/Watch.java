package io.veille.common.model;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A saved search: what a community manager watches (a brand, a product, a person, a hashtag).
 * {@code query} is a Lucene classic query; its syntax is checked by streams when the watch is
 * added. Empty {@code languages} / {@code sources} mean "all".
 */
public record Watch(String id, String name, String query, Set<String> languages, Set<String> sources,
    Alert alert, List<String> routes) {

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  /** How eager the detector is for this watch. */
  public enum Sensitivity { LOW, MEDIUM, HIGH }

  /** Alert settings: sensitivity, the minimum volume (mentions in the surge: its run of buckets, or the last hour) before anything fires, the cooldown. */
  public record Alert(Sensitivity sensitivity, long minVolume, Duration cooldown) {
    public static final Alert DEFAULT = new Alert(Sensitivity.MEDIUM, 5, Duration.ofMinutes(30));

    public Alert {
      sensitivity = sensitivity == null ? Sensitivity.MEDIUM : sensitivity;
      Checks.nonNegative("alert.minVolume", minVolume);
      cooldown = cooldown == null ? DEFAULT.cooldown() : cooldown;
      if (cooldown.isNegative()) {
        throw new InvalidRecordException("alert.cooldown", "must not be negative");
      }
    }
  }

  public Watch {
    Checks.required("id", id);
    if (!ID.matcher(id).matches()) {
      throw new InvalidRecordException("id", "must be 1-64 lower-case letters, digits, '-' or '_' (was '" + Mention.abbreviate(id) + "')");
    }
    name = name == null || name.isBlank() ? id : name;
    Checks.required("query", query);
    // sorted, so messages, listings and JSON are stable (Set.copyOf's order changes from run to run)
    languages = languages == null ? Set.of() : java.util.Collections.unmodifiableSortedSet(new TreeSet<>(languages));
    for (String l : languages) {
      if (!Checks.LANG.matcher(l).matches()) {
        throw new InvalidRecordException("languages", "'" + l + "' is not an ISO 639 code such as fr or en");
      }
    }
    sources = sources == null ? Set.of() : java.util.Collections.unmodifiableSortedSet(new TreeSet<>(sources));
    for (String s : sources) {
      if (!Checks.SOURCE.matcher(s).matches()) {
        throw new InvalidRecordException("sources", "'" + s + "' is not a source name");
      }
    }
    alert = alert == null ? Alert.DEFAULT : alert;
    routes = routes == null ? List.of() : List.copyOf(routes);
  }
}
