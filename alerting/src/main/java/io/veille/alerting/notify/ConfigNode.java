package io.veille.alerting.notify;

import io.veille.common.config.ConfigException;
import io.veille.common.config.Durations;
import io.veille.common.config.Secrets;
import io.veille.common.text.EditDistance;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One mapping of a YAML configuration (as the YAML reader gives it: maps, lists, strings, numbers,
 * booleans), read strictly: every error is a {@link ConfigException} whose key is the full path
 * ({@code receivers[2].email.port}); unknown keys are rejected by name with a "did you mean";
 * values have one type (a port is a number, {@code yes} is not a boolean).
 */
public final class ConfigNode {
  private final String path;
  private final Map<String, Object> values;

  private ConfigNode(String path, Map<String, Object> values) {
    this.path = path;
    this.values = values;
  }

  /** {@code value} read as a mapping at {@code path}; null is the empty mapping ({@code console:}). */
  public static ConfigNode of(String path, Object value) {
    if (value == null) {
      return new ConfigNode(path, Map.of());
    }
    if (!(value instanceof Map<?, ?> m)) {
      throw new ConfigException(path, "must be a mapping, not a " + kind(value));
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String k)) {
        throw new ConfigException(path, "keys must be strings, found " + e.getKey());
      }
      copy.put(k, e.getValue());
    }
    return new ConfigNode(path, copy);
  }

  public String path() {
    return path;
  }

  /** The path of one key under this node. */
  public String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public Set<String> keys() {
    return values.keySet();
  }

  /** The value as the YAML reader gave it, or null. */
  Object raw(String key) {
    return values.get(key);
  }

  /** The value as the YAML reader gave it (for lists of mappings the caller walks itself), or null. */
  public Object rawValue(String key) {
    return values.get(key);
  }

  public boolean has(String key) {
    return values.get(key) != null;
  }

  public ConfigException error(String key, String message) {
    return new ConfigException(path(key), message);
  }

  /** Rejects any key but {@code known}: {@code receivers[2].email.tls: unknown key (did you mean starttls?)}. */
  public ConfigNode allowOnly(Set<String> known) {
    for (String k : values.keySet()) {
      if (!known.contains(k)) {
        String near = nearest(k, known);
        throw error(k, "unknown key (" + (near != null ? "did you mean " + near + "?"
            : "known keys: " + String.join(", ", new TreeSet<>(known))) + ")");
      }
    }
    return this;
  }

  /**
   * The known key a mistyped one most likely meant: one that contains it or that it contains
   * ({@code tls} for {@code starttls}), else one within a small edit distance; null if none.
   */
  static String nearest(String key, Set<String> known) {
    String k = key.toLowerCase(Locale.ROOT).replace('-', '_');
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : new TreeSet<>(known)) {
      int d = EditDistance.of(k, c);
      boolean contained = Math.min(k.length(), c.length()) >= 3 && (c.contains(k) || k.contains(c));
      int threshold = k.length() <= 4 ? 1 : k.length() < 10 ? 2 : 3;
      int score = contained ? d - 100 : d; // containment first, then the closest
      if ((contained || d <= threshold) && score < bestDistance) {
        best = c;
        bestDistance = score;
      }
    }
    return best;
  }

  /** A nested mapping, empty when absent or null. */
  public ConfigNode child(String key) {
    return of(path(key), values.get(key));
  }

  /** A required string. */
  public String string(String key) {
    String s = string(key, null);
    if (s == null) {
      throw error(key, "required");
    }
    return s;
  }

  /** A string ({@code def} when absent): text or a number, not a boolean, a list or a mapping; never blank. */
  public String string(String key, String def) {
    Object v = values.get(key);
    if (v == null) {
      return def;
    }
    if (!(v instanceof String || v instanceof Number)) {
      throw error(key, "must be a string, not a " + kind(v));
    }
    String s = String.valueOf(v).strip();
    if (s.isEmpty()) {
      throw error(key, "must not be empty");
    }
    return s;
  }

  /** An integer in {@code [min, max]}. */
  public int integer(String key, int def, int min, int max) {
    Object v = values.get(key);
    if (v == null) {
      return def;
    }
    long i;
    if (v instanceof Integer || v instanceof Long || v instanceof Short) {
      i = ((Number) v).longValue();
    } else if (v instanceof String s && s.strip().matches("[0-9]{1,10}")) {
      i = Long.parseLong(s.strip());
    } else {
      throw error(key, "must be an integer, not " + (v instanceof String ? "'" + Texts.fit((String) v, 40) + "'" : "a " + kind(v)));
    }
    if (i < min || i > max) {
      throw error(key, "must be in [" + min + ", " + max + "], was " + i);
    }
    return (int) i;
  }

  /** {@code true} or {@code false}. */
  public boolean bool(String key, boolean def) {
    Object v = values.get(key);
    if (v == null) {
      return def;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s && (s.strip().equals("true") || s.strip().equals("false"))) {
      return Boolean.parseBoolean(s.strip());
    }
    throw error(key, "must be true or false");
  }

  /** A duration in the grammar of {@link Durations} ({@code 10s}, {@code 500ms}, {@code PT30S}) in {@code [min, max]}. */
  public Duration duration(String key, Duration def, Duration min, Duration max) {
    Object v = values.get(key);
    if (v == null) {
      return def;
    }
    if (!(v instanceof String s)) {
      throw error(key, "must be a duration with its unit (" + Durations.EXAMPLES + "), not a " + kind(v));
    }
    Duration d;
    try {
      d = Durations.parse(s);
    } catch (IllegalArgumentException e) {
      throw error(key, e.getMessage());
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw error(key, "must be between " + show(min) + " and " + show(max) + ", was " + s.strip());
    }
    return d;
  }

  /** A time zone id ({@code Europe/Paris}, {@code UTC}). */
  public ZoneId zone(String key, ZoneId def) {
    String s = string(key, null);
    if (s == null) {
      return def;
    }
    try {
      return ZoneId.of(s);
    } catch (DateTimeException e) {
      throw error(key, "unknown time zone '" + Texts.fit(s, 40) + "' (e.g. UTC, Europe/Paris)");
    }
  }

  /** A list of strings (a single string is a list of one); each non-empty; at most {@code max}. */
  public List<String> strings(String key, boolean required, int max) {
    Object v = values.get(key);
    if (v == null) {
      if (required) {
        throw error(key, "required (a list)");
      }
      return List.of();
    }
    List<?> items = v instanceof List<?> l ? l : List.of(v);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      if (!(item instanceof String s) || s.isBlank()) {
        throw new ConfigException(path(key) + "[" + i + "]", "must be a non-empty string");
      }
      out.add(s.strip());
    }
    if (required && out.isEmpty()) {
      throw error(key, "must not be empty");
    }
    if (out.size() > max) {
      throw error(key, "at most " + max + " entries, found " + out.size());
    }
    return List.copyOf(out);
  }

  /** One of {@code choices} (lower-case words). */
  public String choice(String key, String def, List<String> choices) {
    String s = string(key, null);
    if (s == null) {
      return def;
    }
    if (!choices.contains(s)) {
      throw error(key, "must be one of " + String.join(", ", choices) + ", was '" + Texts.fit(s, 40) + "'");
    }
    return s;
  }

  /** A secret reference ({@code env:NAME}, {@code file:/path}) resolved; null when absent and not required. */
  public Secrets.Secret secret(String key, Secrets secrets, boolean required) {
    Object v = values.get(key);
    if (v == null) {
      if (required) {
        throw error(key, "required (" + Secrets.FORMS + ")");
      }
      return null;
    }
    return secrets.resolve(path(key), v);
  }

  static String kind(Object v) {
    if (v instanceof Map) {
      return "mapping";
    }
    if (v instanceof List) {
      return "list";
    }
    if (v instanceof Boolean) {
      return "boolean";
    }
    return v instanceof Number ? "number" : v instanceof String ? "string" : v.getClass().getSimpleName();
  }

  private static String show(Duration d) {
    return d.toMillis() < 1000 ? d.toMillis() + "ms" : d.toSeconds() % 60 == 0 && d.toMinutes() > 0
        ? d.toMinutes() + "m" : d.toSeconds() + "s";
  }
}
