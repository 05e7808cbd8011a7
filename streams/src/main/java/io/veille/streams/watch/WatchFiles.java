package io.veille.streams.watch;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.veille.common.config.Durations;
import io.veille.common.model.InvalidRecordException;
import io.veille.common.model.Watch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a YAML file of watches, strictly: an unknown key, a wrong type, a duplicate id or a query
 * that does not parse is an error that names the file, the line, the watch and the key. Every
 * problem of the file is reported at once, and nothing is loaded when there is one.
 *
 * <pre>
 * - id: ondyne                      # required: 1-64 of a-z 0-9 - _
 *   name: Ondyne (brand)            # optional, defaults to the id
 *   query: ondyne* -ballet          # required: Lucene classic syntax
 *   languages: [fr, en]             # optional: empty = all
 *   sources: [x, bluesky]           # optional: empty = all
 *   alert: {sensitivity: high, min-volume: 10, cooldown: 30m}
 *   routes: [slack-crisis]
 * </pre>
 *
 * The list may also sit under a top-level {@code watches:} key.
 */
public final class WatchFiles {
  static final Set<String> KEYS = new TreeSet<>(List.of("id", "name", "query", "languages", "sources", "alert", "routes"));
  static final Set<String> ALERT_KEYS = new TreeSet<>(List.of("sensitivity", "min-volume", "cooldown"));

  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private WatchFiles() {}

  /** Loads and validates a file; throws {@link WatchFileException} listing every problem. */
  public static List<Watch> load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new WatchFileException(List.of(file + ": cannot read: " + e.getMessage()));
    }
    return parse(text, file.toString());
  }

  /** Parses and validates YAML text; {@code origin} names it in the messages (a file name). */
  public static List<Watch> parse(String yaml, String origin) {
    List<String> problems = new ArrayList<>();
    List<Item> items = new ArrayList<>();
    try (JsonParser p = YAML.createParser(yaml)) {
      readItems(p, origin, items, problems);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      problems.add(origin + (at == null ? "" : ":" + at.getLineNr()) + ": not valid YAML: " + e.getOriginalMessage());
    } catch (IOException e) {
      problems.add(origin + ": cannot read: " + e.getMessage());
    }
    List<Watch> watches = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      String where = origin + ":" + item.line() + ": ";
      Watch w = toWatch(item.node(), i + 1, where, problems);
      if (w == null) {
        continue;
      }
      Integer first = seen.putIfAbsent(w.id(), item.line());
      if (first != null) {
        problems.add(where + "watch " + w.id() + ": duplicate id (first at line " + first + ")");
        continue;
      }
      try {
        WatchQuery.validate(w);
        watches.add(w);
      } catch (InvalidWatchException e) {
        problems.add(where + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new WatchFileException(problems);
    }
    return watches;
  }

  private record Item(int line, JsonNode node) {}

  private static void readItems(JsonParser p, String origin, List<Item> items, List<String> problems) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) {
      return; // empty file: no watches
    }
    if (t == JsonToken.START_OBJECT) {
      boolean found = false;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        int line = p.currentTokenLocation().getLineNr();
        t = p.nextToken();
        if (key.equals("watches") && (t == JsonToken.START_ARRAY || t == JsonToken.VALUE_NULL)) {
          found = true;
          if (t == JsonToken.START_ARRAY) {
            readArray(p, items);
          }
        } else {
          problems.add(origin + ":" + line + ": unknown top-level key '" + key + "' (expected a list of watches, or 'watches:' with the list)");
          p.skipChildren();
        }
      }
      if (!found && problems.isEmpty()) {
        problems.add(origin + ": no 'watches:' list");
      }
      return;
    }
    if (t != JsonToken.START_ARRAY) {
      problems.add(origin + ":" + p.currentTokenLocation().getLineNr() + ": expected a list of watches");
      return;
    }
    readArray(p, items);
  }

  private static void readArray(JsonParser p, List<Item> items) throws IOException {
    while (p.nextToken() != JsonToken.END_ARRAY) {
      int line = p.currentTokenLocation().getLineNr();
      items.add(new Item(line, YAML.readTree(p)));
    }
  }

  private static Watch toWatch(JsonNode node, int index, String where, List<String> problems) {
    if (node == null || !node.isObject()) {
      problems.add(where + "watch #" + index + ": expected a mapping (id, query, ...), found " + describe(node));
      return null;
    }
    String name = node.hasNonNull("id") && node.get("id").isTextual() ? "watch " + node.get("id").asText() : "watch #" + index;
    int before = problems.size();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        problems.add(where + name + ": unknown key '" + key + "'" + suggest(key, KEYS) + " (known: " + String.join(", ", KEYS) + ")");
      }
    }
    String id = text(node, "id", name, where, problems);
    String display = text(node, "name", name, where, problems);
    String query = text(node, "query", name, where, problems);
    Set<String> languages = strings(node, "languages", name, where, problems);
    Set<String> sources = strings(node, "sources", name, where, problems);
    List<String> routes = new ArrayList<>(strings(node, "routes", name, where, problems));
    Watch.Alert alert = alert(node.get("alert"), name, where, problems);
    if (id == null && problems.size() == before) {
      problems.add(where + name + ": id: required");
    }
    if (query == null && problems.size() == before) {
      problems.add(where + name + ": query: required");
    }
    if (problems.size() > before) {
      return null;
    }
    try {
      return new Watch(id, display, query, languages, sources, alert, routes);
    } catch (InvalidRecordException e) {
      problems.add(where + name + ": " + e.getMessage());
      return null;
    }
  }

  private static Watch.Alert alert(JsonNode node, String name, String where, List<String> problems) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      problems.add(where + name + ": alert: expected a mapping (sensitivity, min-volume, cooldown), found " + describe(node));
      return null;
    }
    int before = problems.size();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!ALERT_KEYS.contains(key)) {
        problems.add(where + name + ": unknown key 'alert." + key + "'" + suggest(key, ALERT_KEYS)
            + " (known: " + String.join(", ", ALERT_KEYS) + ")");
      }
    }
    Watch.Sensitivity sensitivity = null;
    String s = text(node, "sensitivity", name, where, problems);
    if (s != null) {
      try {
        sensitivity = Watch.Sensitivity.valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(where + name + ": alert.sensitivity: '" + s + "' is not one of low, medium, high");
      }
    }
    long minVolume = Watch.Alert.DEFAULT.minVolume();
    JsonNode mv = node.get("min-volume");
    if (mv != null && !mv.isNull()) {
      if (mv.canConvertToLong() && mv.isIntegralNumber() && mv.asLong() >= 0) {
        minVolume = mv.asLong();
      } else {
        problems.add(where + name + ": alert.min-volume: expected a whole number >= 0, found " + describe(mv));
      }
    }
    Duration cooldown = null;
    String c = text(node, "cooldown", name, where, problems);
    if (c != null) {
      try {
        cooldown = Durations.parse(c);
      } catch (IllegalArgumentException e) {
        problems.add(where + name + ": alert.cooldown: " + e.getMessage());
      }
    }
    if (problems.size() > before) {
      return null;
    }
    return new Watch.Alert(sensitivity, minVolume, cooldown);
  }

  private static String text(JsonNode node, String key, String name, String where, List<String> problems) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isValueNode() || v.isBoolean()) {
      problems.add(where + name + ": " + key + ": expected text, found " + describe(v));
      return null;
    }
    return v.asText();
  }

  /** A list of strings, or one string of comma-separated values. */
  private static Set<String> strings(JsonNode node, String key, String name, String where, List<String> problems) {
    JsonNode v = node.get(key);
    Set<String> out = new LinkedHashSet<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (v.isTextual()) {
      for (String s : v.asText().split(",")) {
        if (!s.isBlank()) {
          out.add(s.trim());
        }
      }
      return out;
    }
    if (!v.isArray()) {
      problems.add(where + name + ": " + key + ": expected a list, found " + describe(v));
      return out;
    }
    for (JsonNode e : v) {
      if (!e.isValueNode() || e.isNull()) {
        problems.add(where + name + ": " + key + ": expected a list of words, found " + describe(e));
      } else {
        out.add(e.asText().trim());
      }
    }
    return out;
  }

  private static String describe(JsonNode n) {
    if (n == null || n.isNull()) {
      return "nothing";
    }
    if (n.isObject()) {
      return "a mapping";
    }
    if (n.isArray()) {
      return "a list";
    }
    return "'" + n.asText() + "'";
  }

  private static String suggest(String key, Set<String> known) {
    String best = null;
    int bestDistance = 3;
    for (String k : known) {
      int d = io.veille.common.text.EditDistance.of(key.toLowerCase(Locale.ROOT), k);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return best == null ? "" : ", did you mean '" + best + "'?";
  }
}
