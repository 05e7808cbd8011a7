package io.veille.alerting.notify;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes a notification as a few readable lines, for the demo and for logs:
 *
 * <pre>
 * 2026-11-22 10:16 UTC  CRITICAL · Ondyne — negative surge  [opened, incident ondyne-1]
 *   negative volume: 42 negative posts vs 5 expected (×8.4) · negative share: 64% (usual 12%)
 *   terms: panne, remboursement, appli
 *   top: @cyril (340 shares): “Encore une panne…” https://…
 * </pre>
 *
 * Texts from the evidence are cleaned (no control character: a mention cannot move the cursor or
 * colour the terminal) and bounded. It never fails: a broken stream still answers delivered, with
 * a detail saying so, since nothing would come of a retry.
 */
public final class ConsoleNotifier implements Notifier {
  static final int MAX_LINE = 300;

  private final String name;
  private final PrintWriter out;
  private final ZoneId zone;

  public ConsoleNotifier(ReceiverConfig.Console config, PrintWriter out) {
    this.name = Objects.requireNonNull(config, "config").name();
    this.out = Objects.requireNonNull(out, "out");
    this.zone = config.zone();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Outcome send(Notification n) {
    if (n.event() == Notification.Event.DIGEST) {
      return new Outcome.Fatal(name() + ": this receiver type does not take daily digests (only e-mail does)");
    }
    List<String> lines;
    try {
      lines = lines(n, zone);
    } catch (RuntimeException e) {
      lines = List.of(Texts.fit(n.event() + " " + n.severity() + " " + n.watchId() + " (incident " + n.incidentId()
          + ")", MAX_LINE));
    }
    synchronized (out) {
      for (String l : lines) {
        out.println(l);
      }
      out.flush();
      return new Outcome.Delivered(out.checkError() ? "console: the stream reported an error" : "console");
    }
  }

  static List<String> lines(Notification n, ZoneId zone) {
    List<String> lines = new ArrayList<>();
    lines.add(Facts.dateTime(n.at(), zone) + "  " + Facts.title(n, 200, false) + "  [" + n.event().label()
        + ", incident " + Texts.fit(n.incidentId(), 80) + "]");
    List<String> facts = new ArrayList<>();
    for (Facts.Line l : Facts.lines(n, zone)) {
      facts.add(l.label().toLowerCase(java.util.Locale.ROOT) + ": " + l.value());
    }
    lines.add("  " + Texts.fit(String.join(" · ", facts), MAX_LINE));
    if (n.event() != Notification.Event.RESOLVED) {
      List<String> terms = Facts.termWords(n, 8);
      if (!terms.isEmpty()) {
        lines.add("  terms: " + Texts.join(terms, ", ", MAX_LINE));
      }
      List<Facts.MentionFact> top = Facts.mentions(n, 1);
      if (!top.isEmpty()) {
        Facts.MentionFact m = top.get(0);
        lines.add("  top: " + Texts.fit(Facts.mentionLine(m), MAX_LINE) + (m.url() == null ? "" : " " + m.url()));
      }
    }
    if (n.searchUrl() != null) {
      lines.add("  search: " + n.searchUrl());
    }
    return lines;
  }

  @Override
  public String toString() {
    return "ConsoleNotifier[" + name + "]";
  }
}
