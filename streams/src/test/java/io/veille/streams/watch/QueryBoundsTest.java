package io.veille.streams.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veille.common.model.Watch;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QueryBoundsTest {
  static Watch watch(String q) {
    return new Watch("w", "w", q, Set.of(), Set.of(), null, List.of());
  }

  static String refused(String q) {
    try {
      WatchQuery.validate(watch(q));
    } catch (InvalidWatchException e) {
      assertThat(e.getMessage().length()).as("the message stays short").isLessThan(400);
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + QueryBounds.abbreviate(q));
  }

  @Test
  void pathologicalQueriesAreRefusedWithTheLimitNotAStackTrace() {
    assertThat(refused("(".repeat(5000) + "ondyne" + ")".repeat(5000))).contains("over the limit of 4000");
    assertThat(refused("(".repeat(33) + "ondyne" + ")".repeat(33))).contains("nested more than 32 deep at position 32");
    assertThat(refused("x".repeat(100_000))).contains("100000 characters is over the limit");
    String many = IntStream.range(0, 300).mapToObj(i -> "w" + i).collect(Collectors.joining(" OR "));
    assertThat(many.length()).isLessThan(QueryBounds.MAX_LENGTH);
    assertThat(refused(many)).contains("more than 256 terms");
    assertThat(refused("\"ondyne panne\"~5000")).contains("over the limit of ~50");
  }

  @Test
  void regexAndRangeQueriesAreNotWatchSyntax() {
    assertThat(refused("/ond(y|i)ne.*/")).contains("regular expressions").contains("ondyne*");
    assertThat(refused("ondyne AND /(a+)+$/")).contains("regular expressions (/.../, at position 11)");
    assertThat(refused("[a TO z]")).contains("range queries");
    assertThat(refused("ondyne {a TO m}")).contains("range queries");
  }

  @Test
  void ordinaryQueriesStillParse() {
    for (String q : List.of("ondyne", "(panne OR outage) AND ondyne -ballet", "\"service client\"~3 ondyne",
        "ondyne* OR #ondynedown", "\"[beta] ondyne\"", "ondyne \\/ 24", "((((a OR b) AND c) OR d) AND ondyne)")) {
      assertThat(WatchQuery.validate(watch(q))).as(q).isNotNull();
    }
  }
}
