package io.veille.ingest.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veille.ingest.testing.ManualTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The token bucket on a manual clock: its waits are exact and nothing sleeps. */
class RateLimiterTest {
  final ManualTime time = new ManualTime();

  RateLimiter limiter(int permits, Duration per) {
    return RateLimiter.of(permits, per, time::nanoTime, time);
  }

  /** How long the calls waited in all. */
  Duration waited() {
    return time.sleeps().stream().reduce(Duration.ZERO, Duration::plus);
  }

  /** {@code d}, give or take the microsecond that double arithmetic may leave. */
  static Duration about(Duration d, Duration got) {
    assertThat(got).isBetween(d.minusNanos(1000), d.plusNanos(1000));
    return got;
  }

  Duration acquire(RateLimiter l) throws InterruptedException {
    Duration before = waited();
    l.acquire();
    return waited().minus(before);
  }

  @Test
  void aBurstOfPermitsThenOneCallPerShareOfThePeriod() throws Exception {
    RateLimiter l = limiter(6, Duration.ofMinutes(1));
    for (int i = 0; i < 6; i++) {
      assertThat(acquire(l)).as("call %d of the burst", i + 1).isZero();
    }
    about(Duration.ofSeconds(10), acquire(l));
    about(Duration.ofSeconds(10), acquire(l));
    about(Duration.ofSeconds(20), Duration.ofNanos(time.nanoTime()));
  }

  @Test
  void tokensComeBackContinuouslyUpToTheBurst() throws Exception {
    RateLimiter l = limiter(4, Duration.ofSeconds(4)); // one per second
    for (int i = 0; i < 4; i++) {
      l.acquire();
    }
    time.advance(Duration.ofMillis(2500)); // 2.5 tokens back
    assertThat(acquire(l)).isZero();
    assertThat(acquire(l)).isZero();
    about(Duration.ofMillis(500), acquire(l)); // the half token left needs half a second
    time.advance(Duration.ofHours(1)); // idle for long: still only a burst of 4
    for (int i = 0; i < 4; i++) {
      assertThat(acquire(l)).isZero();
    }
    about(Duration.ofSeconds(1), acquire(l));
  }

  @Test
  void aSteadyCallerGetsExactlyTheRate() throws Exception {
    RateLimiter l = limiter(60, Duration.ofMinutes(1));
    for (int i = 0; i < 60 + 120; i++) {
      l.acquire();
    }
    // 60 at once, then 120 more at one per second
    assertThat(Duration.ofNanos(time.nanoTime())).isBetween(Duration.ofSeconds(120).minusMillis(1), Duration.ofSeconds(120).plusMillis(1));
  }

  @Test
  void unlimitedNeverWaits() throws Exception {
    RateLimiter l = RateLimiter.unlimited();
    for (int i = 0; i < 10_000; i++) {
      l.acquire();
    }
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void aLimitNeedsPermitsAndAPeriod() {
    assertThatThrownBy(() -> RateLimiter.of(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateLimiter.of(5, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateLimiter.of(5, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }
}
