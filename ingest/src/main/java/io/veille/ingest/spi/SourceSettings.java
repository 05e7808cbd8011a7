package io.veille.ingest.spi;

import io.veille.common.config.Durations;
import io.veille.common.config.Sizes;
import io.veille.common.text.EditDistance;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One source's block of {@code ingest.yml}, with typed getters whose errors name the source and
 * the key ({@code sources[2] (mastodon-fr).instance: required}). Secrets are never written inline
 * in a shared file: a secret value is {@code env:NAME}, {@code file:/path} or {@code ${NAME}}.
 * A connector's block is read through its declared keys ({@link SourceKey}, {@link #get}); then
 * {@link #checkAllUsed()} rejects any other key (a typo) by name, with the declared ones and a
 * "did you mean". Reading a key the factory did not declare is a bug, and throws.
 */
public final class SourceSettings {
  private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private final String where;
  private final Map<String, Object> values;
  private final Set<String> used = new TreeSet<>();
  private final Function<String, String> env;
  private final boolean disabled;
  /** The keys a connector factory declared, by name; null for blocks read without declarations (http). */
  private final Map<String, SourceKey<?>> declared;

  public SourceSettings(String where, Map<String, Object> values, Function<String, String> env) {
    this(where, values, env, false, null);
  }

  /**
   * @param disabled the block of a source with {@code enabled: false}: every key is still checked,
   *     but its secrets need not be resolvable yet (a token not issued is a common reason to disable)
   */
  public SourceSettings(String where, Map<String, Object> values, Function<String, String> env, boolean disabled,
      List<SourceKey<?>> keys) {
    this.where = where;
    this.values = new LinkedHashMap<>(values);
    this.env = env;
    this.disabled = disabled;
    if (keys == null) {
      this.declared = null;
    } else {
      Map<String, SourceKey<?>> byName = new LinkedHashMap<>();
      for (SourceKey<?> k : keys) {
        if (byName.put(k.name(), k) != null) {
          throw new IllegalStateException("key '" + k.name() + "' declared twice");
        }
      }
      this.declared = byName;
    }
  }

  /** A connector's block with its factory's declared keys (tests and the quick forms). */
  public static SourceSettings of(String where, Map<String, Object> values, List<SourceKey<?>> keys) {
    return new SourceSettings(where, values, System::getenv, false, keys);
  }

  /** The value of a declared key: its default when absent, an error naming the key when invalid. */
  public <T> T get(SourceKey<T> key) {
    if (declared != null && declared.get(key.name()) != key) {
      throw new IllegalStateException(where + ": reads key '" + key.name() + "' that its factory does not declare");
    }
    return key.reader().apply(this, key);
  }

  /** e.g. {@code sources[2] (mastodon-fr)}: for messages. */
  public String where() {
    return where;
  }

  public IllegalArgumentException error(String key, String message) {
    return new IllegalArgumentException(where + "." + key + ": " + message);
  }

  public boolean has(String key) {
    return values.containsKey(key) && values.get(key) != null;
  }

  private Object raw(String key) {
    if (declared != null && !declared.containsKey(key)) {
      throw new IllegalStateException(where + ": reads key '" + key + "' that its factory does not declare");
    }
    used.add(key);
    return values.get(key);
  }

  /** A nested mapping (e.g. http.intake), or null when absent. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> mapping(String key) {
    Object v = raw(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Map)) {
      throw error(key, "must be a mapping");
    }
    return (Map<String, Object>) v;
  }

  /** A list of nested values (e.g. sources), or null when absent. */
  public List<?> rawList(String key) {
    Object v = raw(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof List<?> l)) {
      throw error(key, "must be a list");
    }
    return l;
  }

  public String string(String key) {
    String s = optionalString(key, null);
    if (s == null) {
      throw error(key, "required");
    }
    return s;
  }

  public String optionalString(String key, String def) {
    Object v = raw(key);
    if (v == null) {
      return def;
    }
    if (v instanceof Map || v instanceof List) {
      throw error(key, "must be a single value, not a " + (v instanceof Map ? "mapping" : "list"));
    }
    String s = String.valueOf(v).trim();
    if (s.isEmpty()) {
      throw error(key, "must not be empty");
    }
    return s;
  }

  public int integer(String key, int def, int min, int max) {
    Object v = raw(key);
    if (v == null) {
      return def;
    }
    try {
      int i = v instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(v).trim());
      if (i < min || i > max) {
        throw error(key, "must be in [" + min + ", " + max + "], was " + i);
      }
      return i;
    } catch (NumberFormatException e) {
      throw error(key, "must be an integer, was '" + v + "'");
    }
  }

  public boolean bool(String key, boolean def) {
    Object v = raw(key);
    if (v == null) {
      return def;
    }
    return strictBool(where, key, v);
  }

  /** {@code true} or {@code false} only: a typo ({@code flase}) or a YAML 1.1 word ({@code no}) is an error, not a guess. */
  public static boolean strictBool(String where, String key, Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    return switch (String.valueOf(v).trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(where + "." + key + ": must be true or false, was '" + v + "'");
    };
  }

  /** A duration > 0 in the grammar of {@link Durations} (30s, 5m, 1h30m, 500ms, PT1M). */
  public Duration duration(String key, Duration def) {
    Object v = raw(key);
    if (v == null) {
      return def;
    }
    String s = String.valueOf(v).trim();
    Duration d;
    try {
      d = Durations.parse(s);
    } catch (IllegalArgumentException e) {
      throw error(key, e.getMessage());
    }
    if (d.isZero()) {
      throw error(key, "must be > 0, was '" + s + "'");
    }
    return d;
  }

  /** A size in bytes in the grammar of {@link Sizes} (16MiB, 512KiB, 5MB, 1048576), in {@code [min, max]}. */
  public long size(String key, long def, long min, long max) {
    Object v = raw(key);
    if (v == null) {
      return def;
    }
    String s = String.valueOf(v).trim();
    long n;
    try {
      n = Sizes.parse(s);
    } catch (IllegalArgumentException e) {
      throw error(key, e.getMessage());
    }
    if (n < min || n > max) {
      throw error(key, "must be from " + Sizes.text(min) + " to " + Sizes.text(max) + ", was '" + s + "'");
    }
    return n;
  }

  /** A list of strings; a single string is a list of one. */
  public List<String> list(String key, boolean required) {
    Object v = raw(key);
    if (v == null) {
      if (required) {
        throw error(key, "required (a list)");
      }
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (v instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        Object item = l.get(i);
        if (item == null || item instanceof Map || item instanceof List || String.valueOf(item).isBlank()) {
          throw error(key + "[" + i + "]", "must be a non-empty string");
        }
        out.add(String.valueOf(item).trim());
      }
    } else {
      out.add(String.valueOf(v).trim());
    }
    if (required && out.isEmpty()) {
      throw error(key, "must not be empty");
    }
    return List.copyOf(out);
  }

  /** An absolute http(s) URL. */
  public String url(String key, String def) {
    String s = optionalString(key, def);
    if (s == null) {
      return null;
    }
    checkUrl(key, s);
    return s;
  }

  public void checkUrl(String key, String s) {
    try {
      URI u = URI.create(s);
      if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https") || u.getScheme().equals("ws")
          || u.getScheme().equals("wss")) || u.getHost() == null) {
        throw error(key, "must be an absolute http(s) or ws(s) URL, was '" + s + "'");
      }
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(where)) {
        throw e;
      }
      throw error(key, "not a valid URL: '" + s + "'");
    }
  }

  /**
   * A secret: {@code env:NAME}, {@code ${NAME}} or {@code file:/path} (first line, trimmed). The
   * value is never logged; an error names the variable or file, never the value.
   */
  public Secret secret(String key, boolean required) {
    String ref = optionalString(key, null);
    if (ref == null) {
      if (required) {
        throw error(key, "required (write env:VARIABLE or file:/path/to/secret)");
      }
      return null;
    }
    if (disabled && (ref.startsWith("env:") || ref.startsWith("file:") || ENV_REF.matcher(ref).matches())) {
      return new Secret("(unresolved: source disabled)");
    }
    String value;
    Matcher m = ENV_REF.matcher(ref);
    if (ref.startsWith("env:") || m.matches()) {
      String name = ref.startsWith("env:") ? ref.substring(4) : m.group(1);
      value = env.apply(name);
      if (value == null || value.isBlank()) {
        throw error(key, "environment variable " + name + " is not set");
      }
    } else if (ref.startsWith("file:")) {
      Path p = Path.of(ref.substring(5));
      try {
        value = Files.readAllLines(p).stream().findFirst().orElse("").trim();
      } catch (IOException e) {
        throw error(key, "cannot read secret file " + p + ": " + e.getClass().getSimpleName());
      }
      if (value.isEmpty()) {
        throw error(key, "secret file " + p + " is empty");
      }
    } else {
      throw error(key, "write secrets as env:VARIABLE, ${VARIABLE} or file:/path, not inline");
    }
    return new Secret(value);
  }

  /** Rejects keys nobody read: a typo in ingest.yml fails with its name instead of being ignored. */
  public void checkAllUsed() {
    Set<String> known = declared != null ? declared.keySet() : used;
    for (String k : values.keySet()) {
      if (declared != null ? !declared.containsKey(k) : !used.contains(k)) {
        String near = known.stream().filter(n -> EditDistance.of(n, k) <= 2).findFirst().orElse(null);
        throw error(k, "unknown key (" + (near == null ? "" : "did you mean " + near + "? ") + "known here: "
            + String.join(", ", new TreeSet<>(known)) + ")");
      }
    }
  }

  /** A secret value that does not print itself. */
  public static final class Secret {
    private final String value;

    public Secret(String value) {
      this.value = value;
    }

    public String reveal() {
      return value;
    }

    @Override
    public String toString() {
      return "********";
    }
  }
}
