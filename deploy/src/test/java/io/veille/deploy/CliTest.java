package io.veille.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Exit codes (0 ok, 1 error, 2 usage) and help on every command. */
class CliTest {
  @TempDir
  Path tmp;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    CommandLine cl = VeilleCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void everyCommandHasHelp() {
    CommandLine root = VeilleCli.commandLine();
    java.util.List<String[]> paths = new java.util.ArrayList<>();
    paths.add(new String[] {});
    root.getSubcommands().forEach((name, sub) -> {
      if (!name.equals("help")) {
        paths.add(new String[] {name});
        sub.getSubcommands().keySet().forEach(s -> paths.add(new String[] {name, s}));
      }
    });
    assertThat(paths.size()).isGreaterThan(6);
    for (String[] p : paths) {
      String[] args = java.util.Arrays.copyOf(p, p.length + 1);
      args[p.length] = "--help";
      Run r = run(args);
      assertThat(r.code()).as(String.join(" ", args)).isZero();
      assertThat(r.out()).as(String.join(" ", args)).contains("Usage: veille");
    }
  }

  @Test
  void usageErrorsExitWithTwo() {
    Run none = run();
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("a command is required");
    assertThat(run("no-such-command").code()).isEqualTo(2);
    assertThat(run("kafka", "--port", "not-a-number").code()).isEqualTo(2);
    Run bad = run("demo", "--duration", "soon");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--duration: not a duration: 'soon'");
    Run both = run("ingest", "replay", "--speed", "2", "--in", "3m", "pom.xml");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("use --speed or --in, not both");
    Run fastAndSpeed = run("demo", "--fast", "--speed", "2");
    assertThat(fastAndSpeed.code()).isEqualTo(2);
    assertThat(fastAndSpeed.err()).contains("use --fast or --speed, not both");
    Run halfDuration = run("demo", "--progress-every", "1h30");
    assertThat(halfDuration.err()).contains("--progress-every: not a duration: '1h30' (examples: 90s, 5m, 1h30m");
  }

  /** The quick forms share their options (Kafka, --http-port; --interval for the polled ones) from one place. */
  @Test
  void quickFormsShowTheirSharedOptions() {
    for (String form : java.util.List.of("rss", "hackernews", "mastodon")) {
      Run help = run("ingest", form, "--help");
      assertThat(help.code()).as(form).isZero();
      assertThat(help.out()).as(form).contains("--http-port", "--bootstrap-servers", "--config");
      assertThat(help.out().contains("--interval")).as(form).isEqualTo(!form.equals("mastodon"));
    }
    Run badPort = run("ingest", "rss", "--http-port", "x", "https://example.org/feed");
    assertThat(badPort.code()).isEqualTo(2);
  }

  /** The source types and their keys come from the connectors' declarations. */
  @Test
  void ingestTypesListsEveryTypeWithItsKeys() {
    Run all = run("ingest", "types");
    assertThat(all.code()).isZero();
    assertThat(all.out()).contains("type: rss", "type: mastodon", "type: x", "type: facebook", "type: file")
        .containsPattern("feeds +list +required");
    Run md = run("ingest", "types", "--markdown", "bluesky");
    assertThat(md.out()).startsWith("<!-- keys: bluesky -->\n| key | type | default | meaning |").contains("| `keywords` | list | **required** |");
    Run unknown = run("ingest", "types", "myspace");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown type 'myspace'");
  }

  /** veille ingest names its sources file --sources; --config is the settings file, as in every other command. */
  @Test
  void ingestReadsItsSourcesFromSourcesAndItsSettingsFromConfig() throws Exception {
    Run none = run("ingest");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("give --sources ingest.yml");
    Path missing = tmp.resolve("missing.yml");
    Run r = run("ingest", "--sources", missing.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--sources: cannot read " + missing);
    Path sources = tmp.resolve("ingest.yml");
    Files.writeString(sources, "sources: []\n");
    Path cfg = tmp.resolve("bad.properties");
    Files.writeString(cfg, "bootstrap.servrs=x:1\n");
    Run badSettings = run("ingest", "--sources", sources.toString(), "--config", cfg.toString());
    assertThat(badSettings.code()).isEqualTo(1);
    assertThat(badSettings.err()).contains("bootstrap.servrs: unknown configuration key");
  }

  @Test
  void runtimeErrorsExitWithOneAndSayWhy() throws Exception {
    Path missing = tmp.resolve("missing.jsonl");
    Run r = run("ingest", "replay", missing.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("cannot read " + missing);

    Path cfg = tmp.resolve("veille.properties");
    Files.writeString(cfg, "bootstrap.servrs=x:1\n");
    Path file = tmp.resolve("m.jsonl");
    Files.writeString(file, "{}\n");
    Run badConfig = run("ingest", "replay", "--config", cfg.toString(), file.toString());
    assertThat(badConfig.code()).isEqualTo(1);
    assertThat(badConfig.err()).contains("bootstrap.servrs: unknown configuration key").contains("did you mean bootstrap.servers?");
  }

  @Test
  void theDemosProgressCheckFailsWithAMessageWhenKafkaCannotAnswer() {
    var config = io.veille.common.config.VeilleConfig.defaults().withBootstrapServers("127.0.0.1:1");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Demo.pipelineLag(config, java.time.Duration.ofMillis(500)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot read the streams app's progress from Kafka at 127.0.0.1:1");
  }

  @Test
  void aCorenlpPolicyWithoutCorenlpInTheDistributionFailsAtStartWithWhatToDo() {
    org.junit.jupiter.api.Assumptions.assumeFalse(io.veille.streams.sentiment.CoreNlpSentimentModel.available(),
        "this build has the corenlp profile");
    var config = new io.veille.streams.sentiment.SentimentConfig(io.veille.streams.sentiment.SentimentConfig.Policy.CORENLP_EN,
        40, 1, 8, java.time.Duration.ofSeconds(5));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.veille.streams.sentiment.SentimentRouter.of(config))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CoreNLP is not in this distribution").hasMessageContaining("profile corenlp");
  }
}
