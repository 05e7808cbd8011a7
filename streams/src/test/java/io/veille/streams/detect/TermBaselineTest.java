package io.veille.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The term baseline's significance follows the window's volume, and its state round-trips. */
class TermBaselineTest {
  @Test
  void aTermInEveryPostDoesNotGrowInASurgeButANewOneScoresItsCount() {
    TermBaseline b = new TermBaseline(360);
    for (long bucket = 0; bucket < 2000; bucket++) {
      long posts = 3;
      b.learn(bucket, Map.of("ondyne", posts, "fibre", bucket % 3 == 0 ? 1L : 0L), posts);
    }
    long at = 2000;
    int k = 3;
    long surgePosts = 90; // ten times the usual volume over three buckets
    double brand = b.score("ondyne", surgePosts, at, k, surgePosts);
    double outage = b.score("panne", 60, at, k, surgePosts);
    assertThat(brand).isLessThan(2);
    assertThat(outage).isEqualTo(60);
    assertThat(b.expected("ondyne", at, k, surgePosts)).isBetween(80.0, 90.0);
    // the same count of the brand in a window of usual volume is a real rise
    assertThat(b.score("ondyne", 90, at, k, 9)).isGreaterThan(10);
    TermBaseline copy = TermBaseline.fromBytes(b.toBytes());
    assertThat(copy.score("ondyne", surgePosts, at, k, surgePosts)).isEqualTo(brand);
    assertThat(copy.size()).isEqualTo(2);
  }
}
