package io.veille.alerting.notify;

import io.veille.common.config.Secrets;
import io.veille.common.model.Signal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;

/** The notifications of the notifier tests: an Ondyne outage, as the detector would describe it. */
final class Samples {
  private Samples() {}

  static final Instant OPENED = Instant.parse("2026-11-22T10:15:00Z");
  static final Instant AT = Instant.parse("2026-11-22T10:16:00Z");
  static final Instant RESOLVED = Instant.parse("2026-11-22T11:40:00Z");
  static final InstantSource CLOCK = InstantSource.fixed(AT.plusSeconds(5));
  static final String SEARCH = Notification.searchUrl("http://localhost:8080/search?q=", "ondyne AND (panne OR bug)");

  static Signal.Evidence evidence() {
    return new Signal.Evidence(Instant.parse("2026-11-22T10:00:00Z"), Instant.parse("2026-11-22T10:16:00Z"), 120, 14,
        0.64, 0.12,
        List.of(new Signal.Term("panne", 120, 3, 9.1), new Signal.Term("remboursement", 41, 1.5, 6.2),
            new Signal.Term("#ondynedown", 33, 0, 5.8)),
        List.of(
            new Signal.TopMention("mastodon:1", "mastodon", "Encore une panne chez Ondyne, trois heures sans service.",
                "@cyril@mastodon.social", "https://mastodon.social/@cyril/1", 340, 1200),
            new Signal.TopMention("rss:2", "rss", "Ondyne: des milliers de clients privés d'accès", "Le Journal",
                "https://journal.example/ondyne-panne", 95, 250_000),
            new Signal.TopMention("bluesky:3", "bluesky", "@ondyne remboursez-nous !!!", "@marie.bsky.social",
                "https://bsky.app/profile/marie/post/3", 12, 800)),
        List.of(new Signal.TopAuthor("Le Journal", 250_000, 2), new Signal.TopAuthor("@cyril@mastodon.social", 1200, 3)),
        "ondyne AND (panne OR bug)");
  }

  static Notification opened(String receiver) {
    return opened(receiver, evidence());
  }

  static Notification opened(String receiver, Signal.Evidence e) {
    return new Notification(Notification.key("ondyne-20261122-1015", 0, receiver), receiver, Notification.Event.OPENED,
        "ondyne-20261122-1015", "ondyne", "Ondyne", Signal.Kind.NEGATIVE_SURGE, Signal.Severity.CRITICAL, OPENED, AT,
        null, 42, 5, e, SEARCH);
  }

  static Notification withWatchName(Notification n, String name) {
    return new Notification(n.key(), n.receiver(), n.event(), n.incidentId(), n.watchId(), name, n.kind(),
        n.severity(), n.openedAt(), n.at(), n.resolvedAt(), n.observed(), n.expected(), n.evidence(), n.searchUrl());
  }

  static Notification resolved(String receiver) {
    return new Notification(Notification.key("ondyne-20261122-1015", 3, receiver), receiver,
        Notification.Event.RESOLVED, "ondyne-20261122-1015", "ondyne", "Ondyne", Signal.Kind.NEGATIVE_SURGE,
        Signal.Severity.CRITICAL, OPENED, RESOLVED, RESOLVED, 42, 5, evidence(), SEARCH);
  }

  /** A mention that tries everything: markup, a script, a Slack broadcast, a forged link, control characters. */
  static Signal.TopMention hostileMention() {
    return new Signal.TopMention("x:666", "x", "<script>alert('x')</script> & <!channel> <https://evil.example|click> "
        + "\u001b[31mred\u001b[0m\u202Ereversed\nnew line", "<b>@evil</b>", "javascript:alert(1)", 10, 10);
  }

  static ReceiverConfig.Slack slack(String url, Duration timeout) {
    return new ReceiverConfig.Slack("crisis-slack", Secrets.Secret.of(url, "env:SLACK_WEBHOOK_URL"), timeout,
        ZoneOffset.UTC);
  }

  static ReceiverConfig.Webhook webhook(String url, String secret, Duration timeout) {
    return new ReceiverConfig.Webhook("ops-hook", java.net.URI.create(url), Secrets.Secret.of(secret, "env:HOOK_SECRET"),
        timeout);
  }
}
