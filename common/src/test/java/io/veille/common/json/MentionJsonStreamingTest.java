package io.veille.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.veille.common.model.InvalidRecordException;
import io.veille.common.model.Mention;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The streaming reader ({@link MentionJson#read}) against the tree reader it replaced
 * ({@link MentionJson#readTree}): the same mention, or the same error (field, reason, message),
 * for every line of the bundled demo scenario and for many broken variants of them.
 */
class MentionJsonStreamingTest {
  /** Every sixth line of the demo scenario (3,295 mentions: fr, en, none, reshares, near-copies), a fixture of common's own. */
  static final String SAMPLE = "/mention-sample.jsonl.gz";

  static List<String> scenarioLines() throws Exception {
    var in = MentionJsonStreamingTest.class.getResourceAsStream(SAMPLE);
    assertThat(in).as("common's test resource " + SAMPLE).isNotNull();
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** What a reader made of a record: the mention, or the error. */
  record Outcome(Mention mention, List<String> extraOrder, String errorClass, String field, String reason,
      String message) {
    static Outcome of(java.util.function.Supplier<Mention> read) {
      try {
        Mention m = read.get();
        return new Outcome(m, List.copyOf(m.extra().keySet()), null, null, null, null);
      } catch (InvalidRecordException e) {
        return new Outcome(null, null, e.getClass().getName(), e.field(), e.reason(), e.getMessage());
      } catch (RuntimeException e) {
        return new Outcome(null, null, e.getClass().getName(), null, null, e.getMessage());
      }
    }
  }

  private int compared;
  private int valid;

  private void check(String json) {
    check(json.getBytes(StandardCharsets.UTF_8));
    Outcome expectedText = Outcome.of(() -> MentionJson.readTree(json));
    Outcome actualText = Outcome.of(() -> MentionJson.read(json));
    assertThat(actualText).as("text: %s", json).isEqualTo(expectedText);
  }

  /** Each tier of read(byte[]) on its own (falling back to the tree when unsure), and the whole. */
  private void check(byte[] bytes) {
    String shown = new String(bytes, StandardCharsets.UTF_8);
    Outcome expected = Outcome.of(() -> MentionJson.readTree(bytes));
    assertThat(Outcome.of(() -> MentionJson.read(bytes))).as("read: %s", shown).isEqualTo(expected);
    assertThat(Outcome.of(() -> orTree(MentionJson.readStreaming(bytes, null), bytes))).as("streaming: %s", shown)
        .isEqualTo(expected);
    compared++;
    if (expected.mention() != null) {
      valid++;
    }
  }

  private static Mention orTree(Mention m, byte[] bytes) {
    return m != null ? m : MentionJson.readTree(bytes);
  }

  @Test
  void everyScenarioLineReadsTheSame() throws Exception {
    List<String> lines = scenarioLines();
    assertThat(lines).hasSizeGreaterThan(1000);
    for (String line : lines) {
      check(line);
    }
    assertThat(valid).isEqualTo(lines.size());
    // and the streaming reader decides them all itself, without falling back to the tree
    for (String line : lines) {
      assertThat(MentionJson.readStreaming(line.getBytes(StandardCharsets.UTF_8), null)).as(line).isNotNull();
      assertThat(MentionJson.readStreaming(null, line)).as(line).isNotNull();
    }
  }

  /** Bytes that are not plain UTF-8 text, raw control characters, escapes: in strings and names. */
  @Test
  void oddBytesReadTheSame() throws Exception {
    List<String> lines = scenarioLines();
    List<byte[]> odd = List.of(new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC3}, new byte[] {(byte) 0xC3, 'a'},
        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xE2, (byte) 0x82}, new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD},
        new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0xA1}, new byte[] {(byte) 0xC3, (byte) 0xA9},
        new byte[] {(byte) 0xE2, (byte) 0x80, (byte) 0xA8}, new byte[] {0}, new byte[] {1}, new byte[] {'\t'},
        new byte[] {'\n'}, new byte[] {0x1F}, new byte[] {0x7F}, "\\".getBytes(StandardCharsets.US_ASCII),
        "\\n".getBytes(StandardCharsets.US_ASCII), "\\u00e9".getBytes(StandardCharsets.US_ASCII),
        "\\ud83d\\ude21".getBytes(StandardCharsets.US_ASCII), "\\ud83d".getBytes(StandardCharsets.US_ASCII),
        "\\\"".getBytes(StandardCharsets.US_ASCII), "\\/".getBytes(StandardCharsets.US_ASCII),
        "\\x".getBytes(StandardCharsets.US_ASCII), "\\u12".getBytes(StandardCharsets.US_ASCII));
    for (int n = 0; n < lines.size(); n += 499) {
      byte[] line = lines.get(n).getBytes(StandardCharsets.UTF_8);
      String s = lines.get(n);
      // inside each string value and name: at its start, in its middle
      List<Integer> at = new ArrayList<>();
      for (int k = 0; k < s.length(); k++) {
        if (s.charAt(k) == '"') {
          at.add(new String(s.substring(0, k + 1)).getBytes(StandardCharsets.UTF_8).length);
        }
      }
      at.add(line.length);
      at.add(0);
      for (int pos : at) {
        for (byte[] o : odd) {
          byte[] changed = new byte[line.length + o.length];
          System.arraycopy(line, 0, changed, 0, pos);
          System.arraycopy(o, 0, changed, pos, o.length);
          System.arraycopy(line, pos, changed, pos + o.length, line.length - pos);
          check(changed);
        }
      }
    }
    // names with escapes that spell a known one
    check("{\"\\u0076\":1,\"id\":\"a\",\"source\":\"s\",\"text\":\"t\",\"publishedAt\":\"2026-11-22T10:15:00Z\"}"
        .getBytes(StandardCharsets.UTF_8));
    check("{\"i\\u0064\":\"a\",\"source\":\"s\",\"text\":\"t\",\"publishedAt\":\"2026-11-22T10:15:00Z\"}"
        .getBytes(StandardCharsets.UTF_8));
    check(("{\"id\":\"a\",\"source\":\"s\",\"text\":\"" + "é".repeat(600_000)
        + "\",\"publishedAt\":\"2026-11-22T10:15:00Z\"}").getBytes(StandardCharsets.UTF_8));
    check(("{\"id\":\"a\",\"source\":\"s\",\"text\":\"" + "a".repeat(1_000_001)
        + "\",\"publishedAt\":\"2026-11-22T10:15:00Z\"}").getBytes(StandardCharsets.UTF_8));
  }

  /** A record as an ordered list of top-level fields with their raw JSON, so duplicates can be made. */
  static List<Map.Entry<String, String>> fields(String json) throws Exception {
    JsonNode node = Json.MAPPER.readTree(json);
    List<Map.Entry<String, String>> out = new ArrayList<>();
    node.properties().forEach(e -> out.add(Map.entry(e.getKey(), e.getValue().toString())));
    return out;
  }

  static String join(List<Map.Entry<String, String>> fields) {
    StringBuilder b = new StringBuilder("{");
    for (Map.Entry<String, String> e : fields) {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append(quote(e.getKey()))
          .append(':').append(e.getValue());
    }
    return b.append('}').toString();
  }

  static String quote(String s) {
    try {
      return Json.MAPPER.writeValueAsString(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static final List<String> VALUES = List.of("null", "0", "1", "-1", "42", "1.5", "1.0", "1e3", "-0",
      "12345678901234567890123", "4294967297", "00", "01", "-", "-01", "1.", ".5", "1e", "+1", "999999999999999999",
      "1000000000000000000", "-999999999999999999", "0x10", "nul", "truex", "nullnull", "1 2", "\"a\" \"b\"", "9223372036854775807", "-9223372036854775808", "\"\"", "\" \"",
      "\"x\"", "\"Mast odon\"", "\"mastodon\"", "\"fr\"", "\"und\"", "\"French\"", "\"yesterday\"",
      "\"2026-11-22T10:15:00Z\"", "\"2026-11-22T10:15:00.123456789Z\"", "\"2026-11-22T11:15:00+01:00\"",
      "\"2026-02-30T10:15:00Z\"", "\"2026-13-45\"", "\"https://example.com/a?b=c\"", "\"http://a b\"",
      "\"ftp://x/y\"", "\"caf\\u00e9 \\\"q\\\" \\ud83d\\ude21\"", "true", "false", "[]", "[1,2]",
      "[{\"a\":[1,{\"b\":null}]}]", "{}", "{\"a\":1}", "{\"id\":\"1\"}", "{\"handle\":\"@h\"}",
      "{\"likes\":1}", "{\"x\":{\"y\":[1.5,\"z\",true,null]}}");

  static final List<String> AUTHOR_FIELDS = List.of("id", "handle", "name", "followers", "verified");
  static final List<String> ENGAGEMENT_FIELDS = List.of("likes", "shares", "replies");

  @Test
  void brokenVariantsFailTheSame() throws Exception {
    List<String> lines = scenarioLines();
    List<String> sample = new ArrayList<>();
    for (int i = 0; i < lines.size(); i += 331) {
      sample.add(lines.get(i));
    }
    sample.add(MentionJsonTest.FULL.replace("\n", ""));
    sample.add(MentionJsonTest.FULL);
    for (String line : sample) {
      List<Map.Entry<String, String>> fields = fields(line);
      List<String> names = fields.stream().map(Map.Entry::getKey).toList();
      for (String name : List.of("v", "id", "source", "url", "lang", "text", "publishedAt", "fetchedAt", "author",
          "engagement", "inReplyTo", "sharedFrom")) {
        // removed, then each kind of value, then duplicated (first or last wins)
        List<Map.Entry<String, String>> without = new ArrayList<>(fields);
        without.removeIf(e -> e.getKey().equals(name));
        check(join(without));
        for (String value : VALUES) {
          List<Map.Entry<String, String>> changed = new ArrayList<>(without);
          changed.add(Math.min(names.indexOf(name) < 0 ? changed.size() : names.indexOf(name), changed.size()),
              Map.entry(name, value));
          check(join(changed));
          List<Map.Entry<String, String>> dupAfter = new ArrayList<>(fields);
          dupAfter.add(Map.entry(name, value));
          check(join(dupAfter));
          List<Map.Entry<String, String>> dupBefore = new ArrayList<>(fields);
          dupBefore.add(0, Map.entry(name, value));
          check(join(dupBefore));
        }
      }
      // nested fields of author and engagement
      for (Map.Entry<String, String> e : fields) {
        List<String> nestedNames = e.getKey().equals("author") ? AUTHOR_FIELDS
            : e.getKey().equals("engagement") ? ENGAGEMENT_FIELDS : List.of();
        if (nestedNames.isEmpty() || !e.getValue().startsWith("{")) {
          continue;
        }
        List<Map.Entry<String, String>> nested = fields(e.getValue());
        List<String> variants = new ArrayList<>();
        for (String n : nestedNames) {
          List<Map.Entry<String, String>> without = new ArrayList<>(nested);
          without.removeIf(x -> x.getKey().equals(n));
          variants.add(join(without));
          for (String value : VALUES) {
            List<Map.Entry<String, String>> changed = new ArrayList<>(without);
            changed.add(Map.entry(n, value));
            variants.add(join(changed));
            List<Map.Entry<String, String>> dup = new ArrayList<>(nested);
            dup.add(0, Map.entry(n, value));
            variants.add(join(dup));
          }
        }
        for (String value : List.of("null", "1", "{\"a\":1}", "[1]")) {
          List<Map.Entry<String, String>> unknown = new ArrayList<>(nested);
          unknown.add(Map.entry("karma", value));
          variants.add(join(unknown));
        }
        variants.add("{}");
        for (String variant : variants) {
          List<Map.Entry<String, String>> changed = new ArrayList<>(fields);
          changed.replaceAll(x -> x.getKey().equals(e.getKey()) ? Map.entry(x.getKey(), variant) : x);
          check(join(changed));
        }
      }
      // unknown top-level fields, nested and not, anywhere, and repeated
      for (String value : VALUES) {
        for (int at : new int[] {0, fields.size() / 2, fields.size()}) {
          List<Map.Entry<String, String>> changed = new ArrayList<>(fields);
          changed.add(at, Map.entry("campaign", value));
          check(join(changed));
          changed.add(Map.entry("campaign", "{\"again\":[" + value + "]}"));
          changed.add(0, Map.entry("sentimentHint", "{\"x\":[1,2,{\"deep\":" + value + "}]}"));
          check(join(changed));
        }
      }
      // two broken fields at once: the first in fromTree's order wins
      for (String a : List.of("id", "source", "text", "publishedAt", "fetchedAt", "author", "engagement", "inReplyTo")) {
        for (String b : List.of("v", "url", "lang", "publishedAt", "author", "engagement", "sharedFrom")) {
          for (String value : List.of("1.5", "\" \"", "\"x\"", "{}", "-1")) {
            List<Map.Entry<String, String>> changed = new ArrayList<>(fields);
            changed.replaceAll(x -> x.getKey().equals(a) || x.getKey().equals(b) ? Map.entry(x.getKey(), value) : x);
            changed.add(Map.entry(b, value));
            check(join(changed));
          }
        }
      }
      // not JSON, not one object, garbage around it, truncated
      String joined = join(fields);
      for (String suffix : List.of(" ", "\n", " x", " {}", "}", ",", "]", " null", "\n\n", " 1", "{", "//", "\u0000")) {
        check(line + suffix);
        check(joined + suffix);
      }
      for (String prefix : List.of(" ", "\n", "x", "[", "\uFEFF")) {
        check(prefix + line);
      }
      for (int cut = 0; cut < line.length(); cut += Math.max(1, line.length() / 40)) {
        check(line.substring(0, cut));
      }
      check(line.replace(":", "::"));
      check(line.replace("\"", "'"));
      check(line.replaceFirst(",", ",,"));
      check(line.replaceFirst("\\{", "{\"\":1,"));
    }
    for (String root : List.of("", " ", "\n", "null", "42", "1.5", "\"s\"", "true", "[]", "[1,2]", "[{}]", "{}",
        "{", "}", "{\"v\":1", "{\"v\":1,}", "{v:1}", "{\"v\":1}{}", "{\"v\":01}", "{\"text\":\"a\nb\"}", "nul",
        "{\"id\":\"a\",\"source\":\"s\",\"text\":\"t\",\"publishedAt\":\"2026-11-22T10:15:00Z\"}",
        "{\"id\":\"a\",\"source\":\"s\",\"text\":\"t\",\"publishedAt\":\"2026-11-22T10:15:00Z\",\"v\":4294967297}",
        "{\"id\":\"a\",\"source\":\"s\",\"text\":\"t\",\"publishedAt\":\"2026-11-22T10:15:00Z\",\"author\":{}}",
        "{\"id\":\"a\",\"source\":\"s\",\"text\":\"t\",\"publishedAt\":\"2026-11-22T10:15:00Z\",\"x\":" + "[".repeat(70)
            + "]".repeat(70) + "}")) {
      check(root);
    }
    assertThat(compared).isGreaterThan(40_000);
    assertThat(valid).isGreaterThan(1_000);
  }

  @Test
  void emptyAndNullInputsFailTheSame() {
    check("");
    Outcome expected = Outcome.of(() -> MentionJson.readTree((byte[]) null));
    assertThat(Outcome.of(() -> MentionJson.read((byte[]) null))).isEqualTo(expected);
    assertThat(Outcome.of(() -> MentionJson.read((String) null)))
        .isEqualTo(Outcome.of(() -> MentionJson.readTree((String) null)));
  }
}
