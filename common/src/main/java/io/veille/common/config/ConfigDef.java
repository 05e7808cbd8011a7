package io.veille.common.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Declared configuration keys, in the manner of Kafka's {@code ConfigDef}: name, type, default,
 * validation and documentation in one place. Keys are dotted lower-case ({@code bootstrap.servers});
 * the environment variable is {@code VEILLE_} + the key upper-cased with dots as underscores.
 * A prefix key ({@code kafka.}) passes every key under it through.
 */
public final class ConfigDef {

  /** One key: how to parse it, its default (null = required when {@code required}), and its doc. */
  public record Key<T>(String name, Class<T> type, T defaultValue, boolean required,
      Function<String, T> parser, Predicate<T> valid, String constraint, String doc) {

    public String envName() {
      return envName(name);
    }

    public static String envName(String key) {
      return "VEILLE_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    T parse(String raw, String where) {
      T value;
      try {
        value = parser.apply(raw.trim());
      } catch (RuntimeException e) {
        throw new ConfigException(name, "invalid value '" + raw + "' from " + where + ": expected " + constraint);
      }
      if (valid != null && !valid.test(value)) {
        throw new ConfigException(name, "invalid value '" + raw + "' from " + where + ": expected " + constraint);
      }
      return value;
    }
  }

  private final Map<String, Key<?>> keys = new LinkedHashMap<>();
  private final Map<String, String> prefixes = new LinkedHashMap<>();

  public <T> ConfigDef define(Key<T> key) {
    if (keys.putIfAbsent(key.name(), key) != null) {
      throw new IllegalArgumentException("key defined twice: " + key.name());
    }
    return this;
  }

  /** Every key under {@code prefix} (e.g. "kafka.") is accepted and passed through as a string. */
  public ConfigDef definePrefix(String prefix, String doc) {
    prefixes.put(prefix, doc);
    return this;
  }

  public ConfigDef merge(ConfigDef other) {
    ConfigDef merged = new ConfigDef();
    keys.values().forEach(merged::define);
    other.keys.values().forEach(merged::define);
    merged.prefixes.putAll(prefixes);
    merged.prefixes.putAll(other.prefixes);
    return merged;
  }

  public Map<String, Key<?>> keys() {
    return Collections.unmodifiableMap(keys);
  }

  public Map<String, String> prefixes() {
    return Collections.unmodifiableMap(prefixes);
  }

  Key<?> key(String name) {
    return keys.get(name);
  }

  String prefixOf(String name) {
    for (String p : prefixes.keySet()) {
      if (name.startsWith(p) && name.length() > p.length()) {
        return p;
      }
    }
    return null;
  }

  /** The defined key closest to {@code name}, to suggest on a typo. */
  String closest(String name) {
    String best = null;
    int bestD = Integer.MAX_VALUE;
    for (String k : keys.keySet()) {
      int d = io.veille.common.text.EditDistance.of(k, name);
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    }
    return bestD <= Math.max(2, name.length() / 4) ? best : null;
  }

  // ---- key factories -------------------------------------------------------------------------

  public static Key<String> string(String name, String def, String doc) {
    return new Key<>(name, String.class, def, false, s -> s, s -> !s.isEmpty(), "a non-empty string", doc);
  }

  public static Key<Integer> integer(String name, int def, int min, int max, String doc) {
    return new Key<>(name, Integer.class, def, false, Integer::valueOf, v -> v >= min && v <= max,
        "an integer in [" + min + ", " + max + "]", doc);
  }

  public static Key<Path> path(String name, String def, String doc) {
    return new Key<>(name, Path.class, def == null ? null : Path.of(def), false, Path::of, p -> true, "a file system path", doc);
  }

  public static Key<Boolean> bool(String name, boolean def, String doc) {
    return new Key<>(name, Boolean.class, def, false, s -> switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new IllegalArgumentException(s);
    }, v -> true, "true or false", doc);
  }

  public static Key<Duration> duration(String name, Duration def, String doc) {
    return new Key<>(name, Duration.class, def, false, Durations::parse, d -> !d.isNegative(),
        "a duration such as 500ms, 30s, 5m, 1h30m or PT1M", doc);
  }

  /** A duration in [min, max]. */
  public static Key<Duration> duration(String name, Duration def, Duration min, Duration max, String doc) {
    return new Key<>(name, Duration.class, def, false, Durations::parse,
        d -> d.compareTo(min) >= 0 && d.compareTo(max) <= 0,
        "a duration between " + min + " and " + max + " such as 500ms, 30s, 5m, 1h30m or PT1M", doc);
  }

  /** A comma-separated list such as host1:9092,host2:9092. */
  @SuppressWarnings("unchecked")
  public static Key<List<String>> list(String name, List<String> def, String doc) {
    return new Key<>(name, (Class<List<String>>) (Class<?>) List.class, def, false,
        s -> List.of(s.split("\\s*,\\s*")), l -> !l.isEmpty() && l.stream().noneMatch(String::isEmpty),
        "a comma-separated list", doc);
  }

}
