package io.veille.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FileReplayTest {
  @Test
  void compressComputesTheFactorFromTheSpan() {
    Pacing p = Pacing.compress(Duration.ofDays(14), Duration.ofMinutes(3));
    assertThat(((Pacing.SpeedFactor) p).factor()).isEqualTo(6720.0);
    assertThatThrownBy(() -> Pacing.compress(Duration.ofDays(1), Duration.ZERO)).hasMessageContaining("must be > 0");
    assertThatThrownBy(() -> Pacing.factor(0)).hasMessageContaining("must be > 0");
    assertThatThrownBy(() -> Pacing.factor(Double.NaN)).hasMessageContaining("must be > 0");
  }
}
