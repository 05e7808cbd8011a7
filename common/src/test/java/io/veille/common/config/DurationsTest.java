package io.veille.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "90s|PT1M30S", "5m|PT5M", "1h30m|PT1H30M", "1h 30m|PT1H30M", "30 s|PT30S", "500ms|PT0.5S", "2d|PT48H",
      "1d2h3m4s5ms|PT26H3M4.005S", "1H30M|PT1H30M", "PT1H30M|PT1H30M", "pt90s|PT1M30S", "P2D|PT48H", "0s|PT0S",
      "  15m  |PT15M", "30m1h|PT1H30M"})
  void readsEveryForm(String text, String iso) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "", " ", "1", "1h30", "5min", "1.5h", "h", "-5m", "1w", "5 m x", "PT", "P1Y", "1h-30m",
      "99999999999999999999s"})
  void refusesWhatIsNotADuration(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a duration");
  }

  @Test
  void neverNegativeAndBounded() {
    assertThatThrownBy(() -> Durations.parse("PT-5M")).hasMessage("must not be negative, was 'PT-5M'");
    assertThatThrownBy(() -> Durations.parse("1s".repeat(40))).hasMessageContaining("longer than 64 characters");
    assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  /** The same grammar in VEILLE_* settings and files as in watches and on the command line. */
  @Test
  void settingsUseIt() {
    ConfigDef.Key<Duration> key = ConfigDef.duration("x.timeout", Duration.ofSeconds(1), "a test key");
    ConfigDef def = new ConfigDef().define(key);
    VeilleConfig c = VeilleConfig.load(def, Map.of("VEILLE_X_TIMEOUT", "1h30m"), null);
    assertThat(c.get(key)).isEqualTo(Duration.ofMinutes(90));
    assertThatThrownBy(() -> VeilleConfig.load(def, Map.of("VEILLE_X_TIMEOUT", "soon"), null))
        .isInstanceOf(ConfigException.class).hasMessageContaining("x.timeout");
  }
}
