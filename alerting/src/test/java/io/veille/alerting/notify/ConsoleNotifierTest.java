package io.veille.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.veille.common.model.Signal;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleNotifierTest {
  final StringWriter out = new StringWriter();
  final ConsoleNotifier console = new ConsoleNotifier(new ReceiverConfig.Console("console", ZoneOffset.UTC),
      new PrintWriter(out));

  @Test
  void writesReadableLines() {
    assertThat(console.send(Samples.opened("console"))).isEqualTo(new Outcome.Delivered("console"));

    assertThat(out.toString().lines().toList()).containsExactly(
        "2026-11-22 10:16 UTC  CRITICAL · Ondyne — negative surge  [opened, incident ondyne-20261122-1015]",
        "  negative volume: 42 negative posts vs 5 expected (×8.4) · negative share: 64% (usual 12%) · window: 120 "
            + "posts, 14 copies, 2026-11-22 10:00–10:16 UTC",
        "  terms: panne, remboursement, #ondynedown",
        "  top: @cyril@mastodon.social (340 shares): “Encore une panne chez Ondyne, trois heures sans service.” "
            + "https://mastodon.social/@cyril/1",
        "  search: " + Samples.SEARCH);
  }

  @Test
  void resolvedSaysHowLongAndThePeak() {
    console.send(Samples.resolved("console"));

    assertThat(out.toString()).contains("RESOLVED · Ondyne — negative surge  [resolved, incident ondyne-20261122-1015]")
        .contains("lasted: 1 h 25 min (2026-11-22 10:15–11:40 UTC) · peak: 42 negative posts vs 5 expected (×8.4)")
        .doesNotContain("terms:");
  }

  @Test
  void aMentionCannotDriveTheTerminal() {
    Signal.Evidence e = Samples.evidence();
    console.send(Samples.opened("console", new Signal.Evidence(e.from(), e.to(), 1, 0, 1, 0, List.of(),
        List.of(Samples.hostileMention()), List.of(), null)));

    assertThat(out.toString()).doesNotContain("\u001b").doesNotContain("\u202E").contains("reversed new line");
    assertThat(out.toString().lines()).allMatch(l -> l.length() <= 400);
  }

  @Test
  void neverFailsEvenOnABrokenStream() {
    PrintWriter broken = new PrintWriter(new OutputStream() {
      @Override
      public void write(int b) throws java.io.IOException {
        throw new java.io.IOException("disk full");
      }
    });
    ConsoleNotifier n = new ConsoleNotifier(new ReceiverConfig.Console("console", ZoneOffset.UTC), broken);

    assertThat(n.send(Samples.opened("console")))
        .isEqualTo(new Outcome.Delivered("console: the stream reported an error"));
  }
}
