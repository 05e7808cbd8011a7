package io.veille.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veille.common.config.ConfigException;
import io.veille.common.config.VeilleConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every VEILLE_* variable the README names is understood: a key, a launcher variable or a secret, never "unknown". */
class ReadmeVariablesTest {
  static Set<String> namedInReadme() throws IOException {
    Path readme = Path.of("..", "README.md");
    Matcher m = Pattern.compile("VEILLE_[A-Z0-9_]*").matcher(Files.readString(readme));
    Set<String> out = new TreeSet<>();
    while (m.find()) {
      // a family written as VEILLE_KAFKA_* stands for one of its members
      out.add(m.group().endsWith("_") ? m.group() + (m.group().equals("VEILLE_") ? "DATA_DIR" : "TIMEOUT") : m.group());
    }
    return out;
  }

  @Test
  void everyVariableTheReadmeNamesIsUnderstood() throws IOException {
    Set<String> names = namedInReadme();
    assertThat(names).contains("VEILLE_DEBUG", "VEILLE_CORENLP", "VEILLE_LOG_LEVEL", "VEILLE_SECRET_INTAKE_TOKEN",
        "VEILLE_BOOTSTRAP_SERVERS", "VEILLE_STREAMS_THREADS");
    for (String name : names) {
      try {
        VeilleConfig.load(Settings.all(), Map.of(name, "1"), null);
      } catch (ConfigException e) {
        // a value of the wrong type is fine here ("1" is no duration); an unknown name is not
        assertThat(e.getMessage()).as(name).doesNotContain("unknown configuration key");
      }
    }
  }

  @Test
  void anUnknownVariableStillFailsFastWithAHint() {
    assertThatThrownBy(() -> VeilleConfig.load(Settings.all(), Map.of("VEILLE_STREAMS_THREAD", "2"), null))
        .isInstanceOf(ConfigException.class).hasMessageContaining("unknown configuration key")
        .hasMessageContaining("did you mean streams.threads?").hasMessageContaining("VEILLE_SECRET_");
    assertThat(VeilleConfig.load(Settings.all(), Map.of("VEILLE_DEBUG", "1", "VEILLE_SECRET_X", "s3cr3t",
        "VEILLE_STREAMS_THREADS", "2"), null).get(io.veille.streams.pipeline.StreamsSettings.THREADS)).isEqualTo(2);
  }
}
