package io.veille.deploy;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.veille.common.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Machine-readable results of {@code bench} and {@code eval} (DESIGN.md): one line per result,
 * {@code RESULT key=value ...}, keys lower-case words, values plain numbers or bare words; and the
 * same results as JSON with {@code --json FILE}.
 */
public final class Results {
  private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.:/+-]+");

  private final List<Map<String, Object>> results = new ArrayList<>();

  /** Starts a result; values are Numbers or words, in the order given. */
  public Map<String, Object> add(Object... keyValues) {
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("key/value pairs expected");
    }
    Map<String, Object> r = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      put(r, (String) keyValues[i], keyValues[i + 1]);
    }
    results.add(r);
    return r;
  }

  public static void put(Map<String, Object> r, String key, Object value) {
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("result key must be a lower-case word: " + key);
    }
    if (value instanceof Number n) {
      r.put(key, n);
    } else {
      String s = String.valueOf(value);
      if (!WORD.matcher(s).matches()) {
        throw new IllegalArgumentException("result value must be a number or a bare word: " + key + "=" + s);
      }
      r.put(key, s);
    }
  }

  public List<Map<String, Object>> all() {
    return List.copyOf(results);
  }

  static String format(Object v) {
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        return Long.toString((long) d);
      }
      double a = Math.abs(d);
      String s = a >= 100 ? String.format(Locale.ROOT, "%.0f", d)
          : a >= 1 ? String.format(Locale.ROOT, "%.2f", d) : String.format(Locale.ROOT, "%.3f", d);
      return s;
    }
    return String.valueOf(v);
  }

  /** Prints the RESULT lines, and writes JSON when {@code json} is not null. */
  public void print(PrintWriter out, Path json) throws IOException {
    for (Map<String, Object> r : results) {
      StringBuilder sb = new StringBuilder("RESULT");
      r.forEach((k, v) -> sb.append(' ').append(k).append('=').append(format(v)));
      out.println(sb);
    }
    out.flush();
    if (json != null) {
      Json.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), results);
    }
  }
}
