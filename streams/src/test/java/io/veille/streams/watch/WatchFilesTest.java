package io.veille.streams.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veille.common.model.Watch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchFilesTest {
  @TempDir
  Path tmp;

  static List<String> problems(String yaml) {
    try {
      WatchFiles.parse(yaml, "w.yml");
    } catch (WatchFileException e) {
      return e.problems();
    }
    throw new AssertionError("expected problems in:\n" + yaml);
  }

  @Test
  void readsAFullWatchAndDefaults() throws Exception {
    Path f = tmp.resolve("watches.yml");
    Files.writeString(f, """
        # comment
        - id: ondyne
          name: Ondyne (brand)
          query: >-
            ondyne* -ballet
          languages: [fr, en]
          sources: x, bluesky
          alert:
            sensitivity: HIGH
            min-volume: 10
            cooldown: 1h30m
          routes: [slack-crisis, console]
        - id: competitors
          query: telvana OR mobéa
        """);
    List<Watch> ws = WatchFiles.load(f);
    assertThat(ws).hasSize(2);
    Watch w = ws.get(0);
    assertThat(w).isEqualTo(new Watch("ondyne", "Ondyne (brand)", "ondyne* -ballet", Set.of("fr", "en"), Set.of("x", "bluesky"),
        new Watch.Alert(Watch.Sensitivity.HIGH, 10, Duration.ofMinutes(90)), List.of("slack-crisis", "console")));
    Watch d = ws.get(1);
    assertThat(d.name()).isEqualTo("competitors");
    assertThat(d.alert()).isEqualTo(Watch.Alert.DEFAULT);
    assertThat(d.languages()).isEmpty();
  }

  @Test
  void acceptsAWatchesKeyAndAnEmptyFile() {
    assertThat(WatchFiles.parse("watches:\n  - id: a\n    query: ondyne\n", "w.yml")).extracting(Watch::id).containsExactly("a");
    assertThat(WatchFiles.parse("", "w.yml")).isEmpty();
    assertThat(WatchFiles.parse("# nothing yet\n", "w.yml")).isEmpty();
    assertThat(WatchFiles.parse("- id: a\n  query: x\n  alert: {cooldown: PT15M}\n", "w.yml").get(0).alert().cooldown())
        .isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void unknownKeysNameTheWatchTheLineAndTheKey() {
    assertThat(problems("""
        - id: ondyne
          query: ondyne
        - id: ondyne-support
          qeury: support
        """)).containsExactly(
        "w.yml:3: watch ondyne-support: unknown key 'qeury', did you mean 'query'? (known: alert, id, languages, name, query, routes, sources)");
    assertThat(problems("""
        - id: a
          query: ondyne
          alert:
            min_volume: 3
        """)).containsExactly(
        "w.yml:1: watch a: unknown key 'alert.min_volume', did you mean 'min-volume'? (known: cooldown, min-volume, sensitivity)");
    assertThat(problems("- query: ondyne\n  colour: blue\n")).containsExactly(
        "w.yml:1: watch #1: unknown key 'colour' (known: alert, id, languages, name, query, routes, sources)");
    assertThat(problems("wachtes:\n  - id: a\n")).containsExactly(
        "w.yml:1: unknown top-level key 'wachtes' (expected a list of watches, or 'watches:' with the list)");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    List<String> p = problems("""
        - id: ok
          query: ondyne
        - id: bad-query
          query: panne AND (
        - id: Bad Id
          query: ondyne
        - query: ondyne
        - id: alerts
          query: ondyne
          alert: {sensitivity: extreme, min-volume: -1, cooldown: soon}
        - id: ok
          query: telvana
        - id: types
          query: [a, b]
          languages: {fr: true}
        - just a string
        """);
    assertThat(p).containsExactly(
        "w.yml:3: watch bad-query: query does not parse: Cannot parse 'panne AND (': Encountered \"<EOF>\" at line 1, column 11. "
            + "Was expecting one of: <NOT> ... \"+\" ... \"-\" ... <BAREOPER> ... \"(\" ... \"*\" ... <QUOTED> ... <TERM> ... "
            + "<PREFIXTERM> ... <WILDTERM> ... <REGEXPTERM> ... \"[\" ... \"{\" ... <NUMBER> ... <TERM> ...",
        "w.yml:5: watch Bad Id: id: must be 1-64 lower-case letters, digits, '-' or '_' (was 'Bad Id')",
        "w.yml:7: watch #4: id: required",
        "w.yml:8: watch alerts: alert.sensitivity: 'extreme' is not one of low, medium, high",
        "w.yml:8: watch alerts: alert.min-volume: expected a whole number >= 0, found '-1'",
        "w.yml:8: watch alerts: alert.cooldown: not a duration: 'soon' (examples: 90s, 5m, 1h30m, 500ms, 2d, PT1H30M)",
        "w.yml:11: watch ok: duplicate id (first at line 1)",
        "w.yml:13: watch types: query: expected text, found a list",
        "w.yml:13: watch types: languages: expected a list, found a mapping",
        "w.yml:16: watch #8: expected a mapping (id, query, ...), found 'just a string'");
  }

  @Test
  void badYamlSaysWhere() {
    List<String> p = problems("- id: a\n  query: ondyne\n  query: other\n");
    assertThat(p).hasSize(1);
    assertThat(p.get(0)).startsWith("w.yml:3: not valid YAML: Duplicate field 'query'");
    assertThat(problems("- id: a\n   query: [\n")).singleElement().asString().startsWith("w.yml:");
    assertThat(problems("id: a\nquery: x\n").get(0)).startsWith("w.yml:1: unknown top-level key 'id'");
  }

  @Test
  void anUnreadableFileIsAProblemToo() {
    Path missing = tmp.resolve("missing.yml");
    assertThatThrownBy(() -> WatchFiles.load(missing)).isInstanceOf(WatchFileException.class)
        .hasMessageStartingWith(missing + ": cannot read");
  }
}
