package io.veille.alerting.notify;

import io.veille.common.model.Signal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What every notifier says about a notification, as plain text (unescaped, cleaned, each piece
 * bounded): the title, the facts (label and value), the top terms, mentions and authors, the
 * footer. Slack, e-mail and the console render the same facts, each in its own markup, so the
 * channels never disagree.
 */
final class Facts {
  private Facts() {}

  static final int MAX_NAME = 100;
  static final int MAX_TERM = 60;
  static final int MAX_MENTION_TEXT = 280;
  static final int MAX_AUTHOR = 80;
  static final int MAX_URL = 1_000;

  /** A labelled fact: {@code Negative volume: 42 vs 5 expected (×8.4)}. */
  record Line(String label, String value) {}

  /** A top mention, ready to show: text abbreviated, author, shares, a safe link or null. */
  record MentionFact(String text, String author, long shares, String url) {}

  static String emoji(Notification n) {
    if (n.event() == Notification.Event.RESOLVED) {
      return "✅";
    }
    return switch (n.severity()) {
      case CRITICAL -> "🔴";
      case WARNING -> "🟠";
      case INFO -> "🔵";
    };
  }

  static String kind(Signal.Kind k) {
    return switch (k) {
      case NEGATIVE_SURGE -> "negative surge";
      case VOLUME_SPIKE -> "volume spike";
    };
  }

  /** What {@code observed} counts: negative posts for a surge, posts for a spike. */
  static String unit(Signal.Kind k) {
    return k == Signal.Kind.NEGATIVE_SURGE ? "negative posts" : "posts";
  }

  /** The status word: CRITICAL, WARNING, INFO, or RESOLVED. */
  static String status(Notification n) {
    return n.event() == Notification.Event.RESOLVED ? "RESOLVED" : n.severity().name();
  }

  /**
   * {@code CRITICAL · Ondyne — negative surge} (+ {@code  (escalated)}, {@code  (still open)}),
   * at most {@code max} characters: the watch name gives way first.
   */
  static String title(Notification n, int max, boolean withEmoji) {
    String suffix = switch (n.event()) {
      case ESCALATED, REMINDER -> " (" + n.event().label() + ")";
      default -> "";
    };
    String head = (withEmoji ? emoji(n) + " " : "") + status(n) + " · ";
    String tail = " — " + kind(n.kind()) + suffix;
    int room = Math.max(8, Math.min(MAX_NAME, max - head.length() - tail.length()));
    return Texts.cut(head + Texts.fit(n.watchName(), room) + tail, max);
  }

  /** The facts of an open incident, or of a resolved one ("lasted", "peak"). */
  static List<Line> lines(Notification n, ZoneId zone) {
    List<Line> out = new ArrayList<>();
    Signal.Evidence e = n.evidence();
    if (n.event() == Notification.Event.RESOLVED) {
      out.add(new Line("Lasted", duration(Duration.between(n.openedAt(), n.resolvedAt())) + " ("
          + span(n.openedAt(), n.resolvedAt(), zone) + ")"));
      out.add(new Line("Peak", volume(n)));
      out.add(new Line("Highest severity", n.severity().name()));
      return out;
    }
    out.add(new Line(n.kind() == Signal.Kind.NEGATIVE_SURGE ? "Negative volume" : "Volume", volume(n)));
    if (e.posts() > 0 && Double.isFinite(e.negativeShare())) {
      String usual = Double.isFinite(e.usualNegativeShare()) ? " (usual " + percent(e.usualNegativeShare()) + ")" : "";
      out.add(new Line("Negative share", percent(e.negativeShare()) + usual));
    }
    if (e.from() != null && e.to() != null && !e.to().isBefore(e.from())) {
      String copies = e.copies() > 0 ? ", " + count(e.copies()) + " copies" : "";
      out.add(new Line("Window", count(e.posts()) + " posts" + copies + ", " + span(e.from(), e.to(), zone)));
    }
    return out;
  }

  /** {@code 42 negative posts vs 5 expected (×8.4)}. */
  static String volume(Notification n) {
    String ratio = n.expected() >= 0.05 ? " (×" + ratio(n.observed() / n.expected()) + ")" : "";
    return number(n.observed()) + " " + unit(n.kind()) + " vs " + number(n.expected()) + " expected" + ratio;
  }

  /** The top terms: {@code panne (120, usually 3)}, {@code #ondynedown (33, new)}. */
  static List<String> terms(Notification n, int max) {
    List<String> out = new ArrayList<>();
    for (Signal.Term t : n.evidence().terms()) {
      if (out.size() == max) {
        break;
      }
      String term = Texts.fit(t.term(), MAX_TERM);
      if (term.isEmpty()) {
        continue;
      }
      String usual = !Double.isFinite(t.expected()) ? "" : t.expected() < 0.05 ? ", new" : ", usually " + number(t.expected());
      out.add(term + " (" + count(t.count()) + usual + ")");
    }
    return out;
  }

  /** Only the words of the top terms (console). */
  static List<String> termWords(Notification n, int max) {
    return n.evidence().terms().stream().map(t -> Texts.fit(t.term(), MAX_TERM)).filter(s -> !s.isEmpty())
        .limit(max).toList();
  }

  static List<MentionFact> mentions(Notification n, int max) {
    List<MentionFact> out = new ArrayList<>();
    for (Signal.TopMention m : n.evidence().mentions()) {
      if (out.size() == max) {
        break;
      }
      String text = Texts.fit(m.text(), MAX_MENTION_TEXT);
      String author = Texts.fit(m.author(), MAX_AUTHOR);
      out.add(new MentionFact(text, author.isEmpty() ? "unknown author" : author, Math.max(0, m.shares()),
          Texts.safeUrl(m.url(), MAX_URL)));
    }
    return out;
  }

  /** The top authors: {@code @big (1.2M followers, 3 mentions)}. */
  static List<String> authors(Notification n, int max) {
    List<String> out = new ArrayList<>();
    for (Signal.TopAuthor a : n.evidence().authors()) {
      if (out.size() == max) {
        break;
      }
      String name = Texts.fit(a.author(), MAX_AUTHOR);
      if (!name.isEmpty()) {
        out.add(name + " (" + compact(a.followers()) + " followers, " + count(a.mentions()) + " mention"
            + (a.mentions() == 1 ? "" : "s") + ")");
      }
    }
    return out;
  }

  /** {@code Incident inc-1 · watch ondyne · opened 2026-11-22 10:15 UTC}. */
  static String footer(Notification n, ZoneId zone) {
    return "Incident " + Texts.fit(n.incidentId(), 80) + " · watch " + Texts.fit(n.watchId(), 80) + " · opened "
        + dateTime(n.openedAt(), zone);
  }

  /** One line for a mention: {@code @author (340 shares): "text"}. */
  static String mentionLine(MentionFact m) {
    return m.author() + " (" + count(m.shares()) + " share" + (m.shares() == 1 ? "" : "s") + "): “" + m.text() + "”";
  }

  // --- formatting ---

  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

  static String zoneName(ZoneId zone) {
    return zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
  }

  static String dateTime(Instant t, ZoneId zone) {
    return DATE_TIME.format(t.atZone(zone)) + " " + zoneName(zone);
  }

  /** {@code 10:15–10:30 UTC} on one day, {@code 2026-11-22 23:50 – 2026-11-23 00:10 UTC} across days. */
  static String span(Instant from, Instant to, ZoneId zone) {
    ZonedDateTime a = from.atZone(zone);
    ZonedDateTime b = to.atZone(zone);
    LocalDate today = a.toLocalDate();
    if (today.equals(b.toLocalDate())) {
      return DATE_TIME.format(a) + "–" + TIME.format(b) + " " + zoneName(zone);
    }
    return DATE_TIME.format(a) + " – " + DATE_TIME.format(b) + " " + zoneName(zone);
  }

  /** {@code 45 s}, {@code 3 min}, {@code 1 h 25 min}, {@code 2 d 4 h}. */
  static String duration(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + " s";
    }
    long m = s / 60;
    if (m < 60) {
      return m + " min";
    }
    long h = m / 60;
    if (h < 24) {
      return h + " h" + (m % 60 == 0 ? "" : " " + m % 60 + " min");
    }
    return h / 24 + " d" + (h % 24 == 0 ? "" : " " + h % 24 + " h");
  }

  /** A volume: {@code 42}, {@code 5.2}, {@code 0.3}, {@code 1,234}. */
  static String number(double v) {
    if (!Double.isFinite(v)) {
      return "?";
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    String s = String.format(Locale.ROOT, "%.1f", v);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  static String count(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }

  static String ratio(double r) {
    if (!Double.isFinite(r)) {
      return "?";
    }
    return r >= 100 ? String.format(Locale.ROOT, "%,.0f", r) : String.format(Locale.ROOT, "%.1f", r);
  }

  /** {@code 64%}, {@code 4.5%}. */
  static String percent(double share) {
    double p = share * 100;
    if (!Double.isFinite(p)) {
      return "?";
    }
    return (p >= 10 || p == 0 ? String.format(Locale.ROOT, "%.0f", p) : String.format(Locale.ROOT, "%.1f", p)) + "%";
  }

  /** Followers: {@code 980}, {@code 12k}, {@code 1.2M}. */
  static String compact(long v) {
    if (v < 1_000) {
      return Long.toString(Math.max(0, v));
    }
    if (v < 1_000_000) {
      return trim(String.format(Locale.ROOT, "%.1f", v / 1_000.0)) + "k";
    }
    return trim(String.format(Locale.ROOT, "%.1f", v / 1_000_000.0)) + "M";
  }

  private static String trim(String s) {
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }
}
