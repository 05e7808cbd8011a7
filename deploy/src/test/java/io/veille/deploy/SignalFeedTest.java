package io.veille.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.veille.common.model.Signal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's signal lines, as a community manager reads them. */
class SignalFeedTest {
  static final Instant T = Instant.parse("2026-11-18T17:16:00Z");

  static Signal signal(Signal.Phase phase, boolean withdrawn) {
    Signal.Evidence e = new Signal.Evidence(T.minusSeconds(120), T.plusSeconds(60), 142, 37, 0.87, 0.18,
        List.of(new Signal.Term("panne", 96, 0.4, 30.1), new Signal.Term("#ondynedown", 40, 0, 20)),
        List.of(new Signal.TopMention("x:1", "x", "Panne Ondyne générale\ndepuis 18h", "@lemonde",
            "https://x.com/lemonde/status/1", 900, 2_000_000)),
        List.of(new Signal.TopAuthor("@lemonde", 2_000_000, 1), new Signal.TopAuthor("@bfm", 1_100_000, 2)),
        "watch:\"ondyne\" AND publishedAt:[2026-11-18T17:14:00Z TO 2026-11-18T17:17:00Z} AND sentiment:negative");
    return new Signal("ondyne", Signal.Kind.NEGATIVE_SURGE, phase, Signal.Severity.CRITICAL, T,
        T.plusSeconds(phase == Signal.Phase.END ? 7800 : 60), 96, 4.5, 12.2, withdrawn, e);
  }

  @Test
  void anOnsetSaysWhatHowBigAndWhy() {
    List<String> lines = SignalFeed.format(signal(Signal.Phase.ONSET, false));
    assertThat(lines.get(0)).isEqualTo("*** negative surge STARTED on watch 'ondyne' (critical) since Wed 18 Nov 17:16 UTC");
    assertThat(String.join("\n", lines))
        .contains("96 per minute against 4.5 usually negative posts")
        .contains("142 posts and 37 reshares/copies since Wed 18 Nov 17:14 UTC; negative 87% (usual 18%)")
        .contains("what grows: panne 96 (usual 0.4), #ondynedown 40 (usual 0)")
        .contains("most shared: @lemonde (2.0M followers, 900 shares): \"Panne Ondyne générale depuis 18h\" https://x.com/lemonde/status/1")
        .contains("largest accounts: @lemonde (2.0M), @bfm (1.1M)")
        .contains("search: watch:\"ondyne\" AND publishedAt:");
  }

  @Test
  void updatesTakeOneLineAndEndsSayHowLong() {
    assertThat(SignalFeed.format(signal(Signal.Phase.UPDATE, false))).singleElement().asString()
        .startsWith("*** negative surge update on watch 'ondyne' (critical): 96 per minute against 4.5 usually, negative 87%");
    assertThat(SignalFeed.format(signal(Signal.Phase.END, false))).singleElement().asString()
        .isEqualTo("*** negative surge ENDED on watch 'ondyne' (critical) at Wed 18 Nov 19:26 UTC, 2 h 10 min after it "
            + "started (Wed 18 Nov 17:16 UTC)");
    assertThat(SignalFeed.format(signal(Signal.Phase.END, true))).hasSize(2).first().asString().contains("WITHDRAWN");
  }
}
