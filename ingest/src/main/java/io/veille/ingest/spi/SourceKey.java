package io.veille.ingest.spi;

import io.veille.common.config.Sizes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * One key a connector type accepts in its {@code ingest.yml} block, declared once the way Kafka's
 * {@code ConfigDef} declares a setting: name, type, default (or required), bounds and doc. A
 * factory lists its keys ({@code ConnectorFactory.keys()}) and reads each value through its key
 * ({@link SourceSettings#get}), so the validation (types, bounds, required, unknown keys with a
 * "did you mean"), {@code veille ingest types} and the key tables of ingest/README.md all come
 * from this declaration.
 *
 * @param type what the value is, as the tables say it ({@code duration}, {@code list of URLs}...)
 * @param defaultText the default as the tables show it; null when the key is required or has no default
 */
public record SourceKey<T>(String name, String type, boolean required, String defaultText, String doc,
    BiFunction<SourceSettings, SourceKey<T>, T> reader) {
  public SourceKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(doc, "doc");
    Objects.requireNonNull(reader, "reader");
  }

  /** A required single value. */
  public static SourceKey<String> string(String name, String doc) {
    return new SourceKey<>(name, "text", true, null, doc, (s, k) -> s.string(k.name()));
  }

  /** An optional single value (null when absent and {@code def} is null). */
  public static SourceKey<String> string(String name, String def, String doc) {
    return new SourceKey<>(name, "text", false, def, doc, (s, k) -> s.optionalString(k.name(), def));
  }

  /** One of {@code choices}, lower-cased; {@code def} when absent. */
  public static SourceKey<String> choice(String name, String def, List<String> choices, String doc) {
    List<String> allowed = List.copyOf(choices);
    return new SourceKey<>(name, String.join(" or ", allowed), false, def, doc, (s, k) -> {
      String v = s.optionalString(k.name(), def);
      if (v == null) {
        return null;
      }
      String lower = v.toLowerCase(java.util.Locale.ROOT);
      if (!allowed.contains(lower)) {
        throw s.error(k.name(), "must be " + String.join(" or ", allowed) + ", was '" + v + "'");
      }
      return lower;
    });
  }

  public static SourceKey<Integer> integer(String name, int def, int min, int max, String doc) {
    return new SourceKey<>(name, "integer " + min + "–" + max, false, Integer.toString(def), doc,
        (s, k) -> s.integer(k.name(), def, min, max));
  }

  public static SourceKey<Boolean> bool(String name, boolean def, String doc) {
    return new SourceKey<>(name, "true or false", false, Boolean.toString(def), doc, (s, k) -> s.bool(k.name(), def));
  }

  /** A duration > 0 in the one grammar ({@code 30s}, {@code 5m}, {@code 1h30m}, {@code PT1M}). */
  public static SourceKey<Duration> duration(String name, Duration def, String doc) {
    return new SourceKey<>(name, "duration", false, text(def), doc, (s, k) -> s.duration(k.name(), def));
  }

  /** A size in bytes in the one grammar ({@code 16MiB}, {@code 512KiB}, {@code 5MB}, {@code 1048576}), in {@code [min, max]}. */
  public static SourceKey<Long> size(String name, long def, long min, long max, String doc) {
    return new SourceKey<>(name, "size " + Sizes.text(min) + "–" + Sizes.text(max), false, Sizes.text(def), doc,
        (s, k) -> s.size(k.name(), def, min, max));
  }

  /** A list of text values (one value is a list of one); empty when absent unless required. */
  public static SourceKey<List<String>> list(String name, boolean required, String doc) {
    return new SourceKey<>(name, "list", required, null, doc, (s, k) -> s.list(k.name(), required));
  }

  /** An absolute http(s) or ws(s) URL; {@code def} when absent (null: optional, no default). */
  public static SourceKey<String> url(String name, String def, String doc) {
    return new SourceKey<>(name, "URL", false, def, doc, (s, k) -> s.url(k.name(), def));
  }

  /** A required absolute URL. */
  public static SourceKey<String> url(String name, String doc) {
    return new SourceKey<>(name, "URL", true, null, doc, (s, k) -> {
      String v = s.url(k.name(), null);
      if (v == null) {
        throw s.error(k.name(), "required");
      }
      return v;
    });
  }

  /** A secret: {@code env:NAME}, {@code ${NAME}} or {@code file:/path}, never inline. */
  public static SourceKey<SourceSettings.Secret> secret(String name, boolean required, String doc) {
    return new SourceKey<>(name, "secret", required, null, doc, (s, k) -> s.secret(k.name(), required));
  }

  /** The key table of ingest/README.md and {@code veille ingest types}: key, type, default, meaning. */
  public static String markdown(List<SourceKey<?>> keys) {
    List<String> rows = new ArrayList<>();
    rows.add("| key | type | default | meaning |");
    rows.add("|---|---|---|---|");
    for (SourceKey<?> k : keys) {
      rows.add("| `" + k.name() + "` | " + k.type() + " | " + (k.required() ? "**required**"
          : k.defaultText() == null ? "—" : "`" + k.defaultText() + "`") + " | " + k.doc().replace("|", "\\|") + " |");
    }
    return String.join("\n", rows) + "\n";
  }

  private static String text(Duration d) {
    if (d == null) {
      return null;
    }
    long s = d.toSeconds();
    if (d.toMillisPart() != 0 || s == 0) {
      return d.toMillis() + "ms";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
