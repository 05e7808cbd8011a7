package io.veille.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veille.ingest.Connectors;
import io.veille.ingest.replay.FileConnector;
import io.veille.ingest.spi.SourceSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestConfigTest {
  @TempDir
  Path tmp;

  IngestConfig load(String yaml, Map<String, String> env) throws IOException {
    Path f = tmp.resolve("ingest.yml");
    Files.writeString(f, yaml);
    return IngestConfig.load(f, Connectors.factories(), env::get);
  }

  @Test
  void readsHttpIntakeAndSources() throws IOException {
    Path data = Files.writeString(tmp.resolve("m.jsonl"), "");
    IngestConfig c = load("""
        http:
          port: 9090
          intake:
            tokens: [env:TOKEN_A, "${TOKEN_B}"]
            max-request-bytes: 100000
        sources:
          - name: exports
            type: file
            path: %s
            rate-limit: 10/m
            interval: 30s
          - name: off
            type: file
            path: %s
            enabled: false
        """.formatted(data, data), Map.of("TOKEN_A", "a", "TOKEN_B", "b"));
    assertThat(c.httpPort()).isEqualTo(9090);
    assertThat(c.intakeTokens()).containsExactly("a", "b");
    assertThat(c.intakeMaxBytes()).isEqualTo(100000);
    assertThat(c.sources()).hasSize(1);
    assertThat(c.sources().get(0).connectors()).singleElement().isInstanceOf(FileConnector.class)
        .extracting(x -> x.id()).isEqualTo("file-exports");
  }

  /** ingest.yml reads durations in the one grammar of common's Durations (1h30m did not parse here before). */
  @Test
  void durationsUseTheOneGrammar() throws IOException {
    IngestConfig c = load("http:\n  idle-timeout: 1m30s\n  header-timeout: 1h 30m\n  body-timeout: PT2M\nsources: []\n", Map.of());
    assertThat(c.httpLimits().idleTimeout()).isEqualTo(java.time.Duration.ofSeconds(90));
    assertThat(c.httpLimits().headerTimeout()).isEqualTo(java.time.Duration.ofMinutes(90));
    assertThat(c.httpLimits().bodyTimeout()).isEqualTo(java.time.Duration.ofMinutes(2));
    assertThatThrownBy(() -> load("http:\n  idle-timeout: soon\nsources: []\n", Map.of()))
        .hasMessage("ingest.yml.http.idle-timeout: not a duration: 'soon' (examples: 90s, 5m, 1h30m, 500ms, 2d, PT1H30M)");
    assertThatThrownBy(() -> load("http:\n  idle-timeout: 0s\nsources: []\n", Map.of()))
        .hasMessageContaining("must be > 0, was '0s'");
  }

  @Test
  void booleansAreTrueOrFalseAndDisabledSourcesAreCheckedToo() throws IOException {
    Path data = Files.writeString(tmp.resolve("m.jsonl"), "");
    assertThatThrownBy(() -> load("sources:\n  - {name: a, type: file, path: " + data + ", enabled: flase}\n", Map.of()))
        .hasMessage("ingest.yml sources[0] (a).enabled: must be true or false, was 'flase'");
    assertThatThrownBy(() -> load("sources:\n  - {name: a, type: file, path: " + data + ", enabled: \"no\"}\n", Map.of()))
        .hasMessageContaining("must be true or false, was 'no'");
    assertThatThrownBy(() -> load("sources:\n  - {name: a, type: file, path: " + data + ", enabled: false, feedz: [x]}\n",
        Map.of())).hasMessageStartingWith("ingest.yml sources[0] (a).feedz: unknown key");
    // a disabled source may name a secret nobody has issued yet
    IngestConfig c = load("sources:\n  - {name: r, type: reddit, enabled: false, client_id: env:NOPE, client_secret: env:NOPE2,"
        + " subreddits: [ondyne]}\n", Map.of());
    assertThat(c.sources()).isEmpty();
    assertThat(c.httpBind()).isEqualTo("127.0.0.1");
  }

  @Test
  void errorsNameTheSourceAndTheKey() throws IOException {
    Path data = Files.writeString(tmp.resolve("m.jsonl"), "");
    assertThatThrownBy(() -> load("sources:\n  - name: a\n    type: file\n    path: " + data + "\n    intervall: 5s\n", Map.of()))
        .hasMessage("ingest.yml sources[0] (a).intervall: unknown key (did you mean interval? known here: interval, page-size, path)");
    assertThatThrownBy(() -> load("sources:\n  - name: a\n    type: telepathy\n", Map.of()))
        .hasMessageStartingWith("ingest.yml sources[0] (a).type: unknown type 'telepathy' (one of file");
    assertThatThrownBy(() -> load("sources:\n  - {name: a, type: file, path: " + data + "}\n  - {name: a, type: file, path: " + data + "}\n", Map.of()))
        .hasMessageContaining("sources[1].name: 'a' is used twice");
    assertThatThrownBy(() -> load("sources:\n  - {name: Bad Name, type: file}\n", Map.of()))
        .hasMessageContaining("sources[0].name: must be lower-case");
    assertThatThrownBy(() -> load("sources:\n  - {name: a, type: file, path: " + data + ", rate-limit: fast}\n", Map.of()))
        .hasMessageContaining("(a).rate-limit: write calls per period, e.g. 60/m");
    assertThatThrownBy(() -> load("sources:\n  - {name: a, type: file, path: /nope/x.jsonl}\n", Map.of()))
        .hasMessage("ingest.yml sources[0] (a).path: cannot read /nope/x.jsonl");
    assertThatThrownBy(() -> load("colour: blue\n", Map.of())).hasMessageContaining("ingest.yml.colour: unknown key");
  }

  @Test
  void secretsAreNeverInlineAndMissingOnesNameTheVariableNotAValue() {
    assertThatThrownBy(() -> load("http:\n  intake:\n    tokens: [hunter2]\n", Map.of()))
        .hasMessageContaining("tokens[0]: write secrets as env:VARIABLE").hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> load("http:\n  intake:\n    tokens: [env:NOT_SET]\n", Map.of()))
        .hasMessageContaining("environment variable NOT_SET is not set");
  }

  @Test
  void secretFilesAndMaskedToString() throws IOException {
    Path secret = Files.writeString(tmp.resolve("token.txt"), "from-file\n");
    SourceSettings s = new SourceSettings("t", Map.of("token", "file:" + secret), System::getenv);
    SourceSettings.Secret v = s.secret("token", true);
    assertThat(v.reveal()).isEqualTo("from-file");
    assertThat(v.toString()).isEqualTo("********");
  }
}
