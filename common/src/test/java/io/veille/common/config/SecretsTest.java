package io.veille.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
  @TempDir
  Path tmp;

  final Secrets secrets = new Secrets(Map.of("SMTP_PASSWORD", "  pa55-w0rd \n", "BLANK", " ")::get);

  @Test
  void resolvesEnvironmentVariablesThroughTheInjectedLookup() {
    Secrets.Secret s = secrets.resolve("receivers[0].email.password", "env:SMTP_PASSWORD");
    assertThat(s.reveal()).isEqualTo("pa55-w0rd");
    assertThat(s.source()).isEqualTo("env:SMTP_PASSWORD");
    assertThat(s.toString()).isEqualTo("secret(env:SMTP_PASSWORD)").doesNotContain("pa55");
  }

  @Test
  void readsTheFirstLineOfAFile() throws Exception {
    Path f = Files.writeString(tmp.resolve("hook"), "\uFEFFwhsec-123  \nsecond line ignored\n");
    Secrets.Secret s = secrets.resolve("k", "file:" + f);
    assertThat(s.reveal()).isEqualTo("whsec-123");
    assertThat(s.toString()).isEqualTo("secret(file:" + f + ")");
  }

  @Test
  void errorsNameTheKeyAndTheReferenceNeverTheValue() throws Exception {
    assertThatThrownBy(() -> secrets.resolve("a.b", "hunter2-inline"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("a.b: secrets are never written inline: write env:VARIABLE or file:/path/to/secret")
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("a.b"));
    assertThatThrownBy(() -> secrets.resolve("a.b", "${SMTP_PASSWORD}"))
        .hasMessage("a.b: secrets are never written inline: write env:VARIABLE or file:/path/to/secret");
    assertThatThrownBy(() -> secrets.resolve("a.b", "env:MISSING")).hasMessage("a.b: environment variable MISSING is not set");
    assertThatThrownBy(() -> secrets.resolve("a.b", "env:BLANK")).hasMessage("a.b: environment variable BLANK is not set");
    assertThatThrownBy(() -> secrets.resolve("a.b", "env:1BAD")).hasMessageStartingWith("a.b: env: must name an environment variable");
    assertThatThrownBy(() -> secrets.resolve("a.b", "file:")).hasMessageStartingWith("a.b: file: must name a file");
    assertThatThrownBy(() -> secrets.resolve("a.b", null)).hasMessage("a.b: required (write env:VARIABLE or file:/path/to/secret)");
    assertThatThrownBy(() -> secrets.resolve("a.b", 42)).hasMessageEndingWith("not a number");
    Path missing = tmp.resolve("missing");
    assertThatThrownBy(() -> secrets.resolve("a.b", "file:" + missing))
        .hasMessage("a.b: cannot read secret file " + missing + " (NoSuchFileException)");
    Path empty = Files.writeString(tmp.resolve("empty"), "   \nsecond");
    assertThatThrownBy(() -> secrets.resolve("a.b", "file:" + empty)).hasMessageContaining("is empty");
    Path big = Files.write(tmp.resolve("big"), new byte[Secrets.MAX_FILE_BYTES + 1]);
    assertThatThrownBy(() -> secrets.resolve("a.b", "file:" + big)).hasMessageContaining("is larger than");
    Path binary = Files.write(tmp.resolve("bin"), new byte[] {(byte) 0xC3, (byte) 0x28});
    assertThatThrownBy(() -> secrets.resolve("a.b", "file:" + binary)).hasMessageContaining("is not UTF-8 text");
  }

  @Test
  void aGivenSecretMustNotBeEmpty() {
    assertThat(Secrets.Secret.of("x", "test").reveal()).isEqualTo("x");
    assertThatThrownBy(() -> Secrets.Secret.of("", "test")).isInstanceOf(IllegalArgumentException.class);
    assertThat(Secrets.isReference("env:A")).isTrue();
    assertThat(Secrets.isReference("file:/a")).isTrue();
    assertThat(Secrets.isReference("inline")).isFalse();
  }
}
