package io.veille.ingest.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veille.ingest.http.HttpFailure;
import io.veille.ingest.runtime.RetryPolicy.Decision;
import io.veille.ingest.runtime.RetryPolicy.GiveUp;
import io.veille.ingest.runtime.RetryPolicy.Kind;
import io.veille.ingest.runtime.RetryPolicy.Retry;
import io.veille.ingest.testing.ManualTime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.SplittableRandom;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The retry policy with a manual clock and a seeded generator: every number below is exact or bounded. */
class RetryPolicyTest {
  final ManualTime time = new ManualTime();

  RetryPolicy policy(long seed) {
    return RetryPolicy.standard().withBase(Duration.ofMillis(100)).withCap(Duration.ofSeconds(1)).withClock(time)
        .withRandom(new SplittableRandom(seed));
  }

  static HttpFailure http(int status, String retryAfter) {
    return HttpFailure.of("GET https://api.example/x", status, retryAfter, Instant.parse("2026-11-02T10:00:00Z"), "{}");
  }

  @Test
  void theCeilingDoublesUpToTheCap() {
    RetryPolicy p = policy(1);
    assertThat(List.of(1, 2, 3, 4, 5, 6, 64, Integer.MAX_VALUE)).extracting(p::ceiling).extracting(Duration::toMillis)
        .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L, 1000L, 1000L);
    assertThat(RetryPolicy.standard().ceiling(1)).isEqualTo(RetryPolicy.DEFAULT_BASE);
    assertThat(RetryPolicy.standard().ceiling(30)).isEqualTo(RetryPolicy.DEFAULT_CAP);
  }

  @Test
  void fullJitterDrawsUniformlyFromZeroToTheCeiling() {
    RetryPolicy p = policy(42);
    for (int attempt : new int[] {1, 3, 9}) {
      long ceiling = p.ceiling(attempt).toMillis();
      List<Long> draws = new ArrayList<>();
      for (int i = 0; i < 20_000; i++) {
        draws.add(p.delay(attempt, null).toMillis());
      }
      LongSummaryStatistics st = draws.stream().mapToLong(Long::longValue).summaryStatistics();
      assertThat(st.getMin()).as("attempt %d", attempt).isGreaterThanOrEqualTo(0).isLessThan(ceiling / 50 + 1);
      assertThat(st.getMax()).as("attempt %d", attempt).isLessThanOrEqualTo(ceiling).isGreaterThan(ceiling - ceiling / 50 - 1);
      assertThat(st.getAverage()).as("attempt %d", attempt).isBetween(ceiling * 0.47, ceiling * 0.53);
      // equal jitter (the old Backoff) never went below half the ceiling; full jitter does half the time
      long low = draws.stream().filter(d -> d < ceiling / 2).count();
      assertThat(low / (double) draws.size()).as("attempt %d", attempt).isBetween(0.47, 0.53);
    }
  }

  @Test
  void theSameSeedGivesTheSameDelays() {
    RetryPolicy a = policy(7);
    RetryPolicy b = policy(7);
    for (int i = 1; i <= 20; i++) {
      assertThat(a.delay(i, null)).isEqualTo(b.delay(i, null));
    }
  }

  @Test
  void aRetryAfterIsWaitedAtLeastUpToItsCap() {
    RetryPolicy p = policy(3).withRetryAfterCap(Duration.ofMinutes(10));
    assertThat(p.delay(1, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.delay(1, Duration.ofHours(5))).isEqualTo(Duration.ofMinutes(10));
    for (int i = 0; i < 1000; i++) { // shorter than the draw: the draw, never less than asked
      assertThat(p.delay(4, Duration.ofMillis(300))).isBetween(Duration.ofMillis(300), Duration.ofMillis(800));
    }
    Decision d = p.start().failed(http(429, "45"));
    assertThat(d).isEqualTo(new Retry(1, Duration.ofSeconds(45)));
    assertThat(p.start().failed(http(503, "Mon, 02 Nov 2026 10:01:00 GMT"))).isEqualTo(new Retry(1, Duration.ofMinutes(1)));
    assertThat(p.start().failed(http(503, "99999999"))).isEqualTo(new Retry(1, Duration.ofMinutes(10)));
  }

  @Test
  void failuresInARowAreBoundedInNumber() {
    RetryPolicy.Retries r = policy(5).withLimits(3, null).start();
    IOException down = new ConnectException("refused");
    assertThat(r.failed(down)).isInstanceOfSatisfying(Retry.class, d -> assertThat(d.attempt()).isEqualTo(1));
    assertThat(r.failed(down)).isInstanceOfSatisfying(Retry.class, d -> assertThat(d.delay()).isLessThanOrEqualTo(Duration.ofMillis(200)));
    assertThat(r.failed(down)).isEqualTo(new GiveUp(3, false, "gave up after 3 failures in a row (the limit)"));
  }

  @Test
  void failuresInARowAreBoundedInTime() {
    RetryPolicy.Retries r = policy(5).withLimits(0, Duration.ofMinutes(10)).start();
    IOException down = new IOException("reset");
    for (int i = 1; i <= 9; i++) {
      assertThat(r.failed(down)).isInstanceOf(Retry.class);
      time.advance(Duration.ofMinutes(1));
    }
    time.advance(Duration.ofSeconds(59));
    assertThat(r.failed(down)).as("9 min 59 s after the first").isInstanceOf(Retry.class);
    time.advance(Duration.ofSeconds(1));
    assertThat(r.failed(down)).isEqualTo(new GiveUp(11, false, "gave up after 11 failures in a row over 10m (the limit is 10m)"));
    assertThat(RetryPolicy.standard().maxElapsed()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void aSuccessEndsTheStreak() {
    RetryPolicy.Retries r = policy(9).withLimits(4, Duration.ofMinutes(10)).start();
    IOException down = new IOException("reset");
    for (int i = 0; i < 3; i++) {
      r.failed(down);
    }
    time.advance(Duration.ofMinutes(30));
    r.succeeded();
    assertThat(r.failures()).isZero();
    Decision d = r.failed(down);
    assertThat(d).isInstanceOfSatisfying(Retry.class, x -> {
      assertThat(x.attempt()).isEqualTo(1);
      assertThat(x.delay()).isLessThanOrEqualTo(Duration.ofMillis(100)); // back to the base's ceiling
    });
    assertThat(r.failed(down)).isInstanceOf(Retry.class); // 3 more allowed, and the 10 min count from now
    assertThat(r.failed(down)).isInstanceOf(Retry.class);
    assertThat(r.failed(down)).isInstanceOf(GiveUp.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 429, 500, 502, 503, 504, 599})
  void retriableStatuses(int status) {
    assertThat(RetryPolicy.classify(http(status, null))).isEqualTo(Kind.RETRIABLE);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 405, 409, 410, 422, 451, 300})
  void fatalStatuses(int status) {
    assertThat(RetryPolicy.classify(http(status, null))).isEqualTo(Kind.FATAL);
    assertThat(policy(1).start().failed(http(status, "1"))).isEqualTo(new GiveUp(1, true, "fatal error, not retried"));
  }

  @Test
  void otherErrors() {
    assertThat(RetryPolicy.classify(new ConnectException("refused"))).isEqualTo(Kind.RETRIABLE);
    assertThat(RetryPolicy.classify(new HttpTimeoutException("slow"))).isEqualTo(Kind.RETRIABLE);
    assertThat(RetryPolicy.classify(new IOException("the server ended the stream"))).isEqualTo(Kind.RETRIABLE);
    assertThat(RetryPolicy.classify(new UncheckedIOException(new IOException("reset")))).isEqualTo(Kind.RETRIABLE);
    assertThat(RetryPolicy.classify(new UncheckedIOException(http(401, null)))).isEqualTo(Kind.FATAL);
    assertThat(RetryPolicy.classify(new TimeoutException("Kafka is slow"))).isEqualTo(Kind.RETRIABLE);
    assertThat(RetryPolicy.classify(new IllegalStateException("a bug on one page"))).isEqualTo(Kind.RETRIABLE);
    assertThat(RetryPolicy.classify(new ProducerFencedException("another instance runs"))).isEqualTo(Kind.FATAL);
    // a connector that knows its API: Graph sends throttling as 400, Reddit a 200 without a token
    assertThat(RetryPolicy.classify(new HttpFailure("throttled", 400, true, Duration.ofMinutes(1), null))).isEqualTo(Kind.RETRIABLE);
    assertThat(RetryPolicy.classify(new HttpFailure("no token", 200, false, null, null))).isEqualTo(Kind.FATAL);
    assertThat(RetryPolicy.classify(new HttpFailure("no answer", 0, true, null, null))).isEqualTo(Kind.RETRIABLE);
  }

  @Test
  void aPolicyMustBeBoundedAndSane() {
    assertThatThrownBy(() -> RetryPolicy.standard().withLimits(0, null)).hasMessageContaining("bounded");
    assertThatThrownBy(() -> RetryPolicy.standard().withBase(Duration.ZERO)).hasMessageContaining("base");
    assertThatThrownBy(() -> RetryPolicy.standard().withCap(Duration.ofMillis(10))).hasMessageContaining("cap");
    assertThatThrownBy(() -> RetryPolicy.standard().withLimits(-1, null)).hasMessageContaining("maxAttempts");
    assertThat(RetryPolicy.standard().withBase(Duration.ofMinutes(10)).cap()).isEqualTo(Duration.ofMinutes(10));
  }
}
