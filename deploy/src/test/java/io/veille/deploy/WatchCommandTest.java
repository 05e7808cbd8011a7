package io.veille.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.veille.common.json.MentionSerde;
import io.veille.common.model.Mention;
import io.veille.common.model.Watch;
import io.veille.streams.watch.WatchFiles;
import io.veille.streams.watch.WatchMatcher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code veille watch}: what needs no broker (test, validation, exit codes) and the demo watches. */
class WatchCommandTest {
  static final Path DEMO_WATCHES = Path.of("src/main/resources/watches/demo-watches.yml");
  static final Path SCENARIO = Path.of("src/main/resources/scenario/demo-scenario.jsonl.gz");

  @TempDir
  Path tmp;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    CommandLine cl = VeilleCli.commandLine();
    if (!cl.getSubcommands().containsKey("watch")) {
      cl.addSubcommand(new WatchCommand()); // until VeilleCli lists it
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void testSaysMatchAndWhy() {
    Run r = run("watch", "test", "--query", "(panne OR outage) AND ondyne -ballet", "--text", "Pannes en série chez Ondyne #OndyneDown", "--lang", "fr");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("MATCH: watch test")
        .contains("matched:  text \"Pannes\" <- panne")
        .contains("matched:  text \"Ondyne\" <- ondyne")
        .contains("text as:  panne en serie chez ondyne ondynedown ondyne down");
  }

  @Test
  void aPathologicalQueryIsAOneLineErrorNotAStackTrace() {
    Run r = run("watch", "test", "--query", "(".repeat(5000) + "ondyne" + ")".repeat(5000), "--text", "Ondyne");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("over the limit of 4000").doesNotContain("StackOverflowError").doesNotContain("\tat ");
    assertThat(r.err().lines().count()).isLessThanOrEqualTo(3);
    assertThat(r.err().length()).isLessThan(600);
    Run regex = run("watch", "test", "--query", "/ond.*/", "--text", "Ondyne");
    assertThat(regex.code()).isEqualTo(2);
    assertThat(regex.err()).contains("regular expressions");
  }

  @Test
  void testSaysNoMatchAndWhyNot() {
    Run r = run("watch", "test", "--query", "ondyne -ballet", "--text", "Le ballet « Ondyne » à l'Opéra de Metz");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("NO MATCH: watch test").contains("why not:  match on prohibited clause (text:ballet)");

    Run author = run("watch", "test", "--query", "author:@OndyneHelp", "--text", "Hi Megan", "--author", "@megan_tayl47");
    assertThat(author.out()).startsWith("NO MATCH").contains("why not:  no matching term");
    Run authorYes = run("watch", "test", "--query", "author:@OndyneHelp", "--text", "Hi Megan", "--author", "@OndyneHelp", "--source", "x");
    assertThat(authorYes.out()).startsWith("MATCH").contains("matched:  author \"@OndyneHelp\"");
  }

  @Test
  void anInvalidQueryIsAUsageErrorNamingTheWatch() {
    Run r = run("watch", "test", "--query", "panne AND (", "--text", "panne");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("veille watch test: watch test: query does not parse: Cannot parse 'panne AND (': Encountered \"<EOF>\"");

    // add checks the query before it connects to anything
    Run add = run("watch", "add", "-b", "127.0.0.1:1", "--id", "ondyne-outage", "--query", "panne AND (");
    assertThat(add.code()).isEqualTo(2);
    assertThat(add.err()).startsWith("veille watch add: watch ondyne-outage: query does not parse: Cannot parse 'panne AND ('");

    Run badId = run("watch", "add", "-b", "127.0.0.1:1", "--id", "Ondyne!", "--query", "ondyne");
    assertThat(badId.code()).isEqualTo(2);
    assertThat(badId.err()).contains("watch Ondyne!: id: must be 1-64 lower-case letters");

    Run neg = run("watch", "add", "-b", "127.0.0.1:1", "--id", "neg", "--query", "-yacht");
    assertThat(neg.code()).isEqualTo(2);
    assertThat(neg.err()).contains("watch neg: query '-yacht' can never match");
  }

  @Test
  void usageErrors() {
    assertThat(run("watch").code()).isEqualTo(2);
    Run both = run("watch", "test", "--query", "a", "--id", "b", "--text", "t");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("give --query or --id (one of them)");
    assertThat(run("watch", "test", "--query", "a").code()).isEqualTo(2);
    assertThat(run("watch", "add", "--id", "a").err()).contains("Missing required option: '--query=QUERY'");
    Run sensitivity = run("watch", "add", "--id", "a", "--query", "x", "--sensitivity", "extreme");
    assertThat(sensitivity.code()).isEqualTo(2);
    assertThat(sensitivity.err()).contains("--sensitivity: 'extreme' is not one of low, medium, high");
    assertThat(run("watch", "add", "--id", "a", "--query", "x", "--cooldown", "soon").err()).contains("--cooldown: not a duration: 'soon'");
  }

  @Test
  void loadReportsEveryProblemOfTheFileWithExitTwo() throws Exception {
    Path f = tmp.resolve("bad.yml");
    Files.writeString(f, """
        - id: ondyne
          query: ondyne AND (
        - id: support
          qeury: support
        """);
    Run r = run("watch", "load", "-b", "127.0.0.1:1", f.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("veille watch load: " + f + ":1: watch ondyne: query does not parse: Cannot parse 'ondyne AND ('")
        .contains("veille watch load: " + f + ":3: watch support: unknown key 'qeury', did you mean 'query'?");
  }

  @Test
  void everySubcommandHasHelp() {
    for (String sub : List.of("add", "update", "rm", "list", "test", "load")) {
      Run r = run("watch", sub, "--help");
      assertThat(r.code()).as(sub).isZero();
      assertThat(r.out()).as(sub).contains("Usage: veille watch " + sub);
    }
  }

  /**
   * The demo's watches on the demo scenario: the bad buzz (#OndyneDown, panne, outage) is found by
   * the brand and outage watches, and the other Ondynes (a ballet, a yacht, pets, a game...) are not.
   */
  @Test
  void demoWatchesFindTheBadBuzzAndSkipTheOtherOndynes() throws Exception {
    List<Watch> watches = WatchFiles.load(DEMO_WATCHES);
    assertThat(watches).extracting(Watch::id).containsExactly("ondyne", "ondyne-outage", "ondyne-support", "competitors");
    Map<String, Integer> counts = new TreeMap<>();
    int buzz = 0;
    int noise = 0;
    int total = 0;
    MentionSerde serde = new MentionSerde();
    WatchMatcher matcher = new WatchMatcher();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(SCENARIO)), StandardCharsets.UTF_8))) {
      assertThat(matcher.putAll(watches)).isEmpty();
      String line;
      while ((line = in.readLine()) != null) {
        Mention m = serde.deserializer().deserialize("scenario", line.getBytes(StandardCharsets.UTF_8));
        String lang = m.lang() != null ? null : "fr"; // the test does not run language detection
        List<String> ids = matcher.match(m, lang);
        total++;
        ids.forEach(id -> counts.merge(id, 1, Integer::sum));
        String t = m.text().toLowerCase(Locale.ROOT);
        if (t.contains("#ondynedown") || t.contains("#panneondyne")) {
          buzz++;
          assertThat(ids).as(m.text()).contains("ondyne", "ondyne-outage");
        }
        if (t.contains("ondyne") && (t.contains("ballet") || t.contains("yacht") || t.contains("tidefall")
            || t.contains("parfum") || t.contains("chatte") || t.contains("voilier"))) {
          noise++;
          assertThat(ids).as(m.text()).doesNotContain("ondyne");
        }
      }
    }
    System.out.printf("demo watches on %d scenario mentions: %s (bad-buzz tagged: %d, other Ondynes checked: %d)%n",
        total, counts, buzz, noise);
    assertThat(buzz).isGreaterThan(1000);
    assertThat(noise).isGreaterThan(50);
    assertThat(counts.get("ondyne")).isGreaterThan(total / 2);
    assertThat(counts.get("competitors")).isPositive();
    assertThat(counts.get("ondyne-support")).isPositive();
  }
}
