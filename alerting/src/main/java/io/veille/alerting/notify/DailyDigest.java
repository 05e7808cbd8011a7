package io.veille.alerting.notify;

import io.veille.common.model.Signal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The daily digest: one message summarizing a day's incidents per watch — how many, the highest
 * severity, the peak, how long they lasted (in all and the longest), how many are still open —
 * then each incident on a line. {@link EmailNotifier#sendDigest} sends it; the incident side
 * decides when (after midnight in the receiver's zone) and with which incidents.
 */
public final class DailyDigest {
  static final int MAX_WATCHES = 100;
  static final int MAX_PER_WATCH = 20;

  private DailyDigest() {}

  /**
   * One incident of the day. {@code resolvedAt} null: still open. {@code peakObserved} and
   * {@code peakExpected}: the highest observed volume and the expected one at that moment.
   */
  public record Summary(String incidentId, String watchId, String watchName, Signal.Kind kind,
      Signal.Severity highestSeverity, Instant openedAt, Instant resolvedAt, double peakObserved, double peakExpected) {
    public Summary {
      Objects.requireNonNull(incidentId, "incidentId");
      Objects.requireNonNull(watchId, "watchId");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(highestSeverity, "highestSeverity");
      Objects.requireNonNull(openedAt, "openedAt");
      if (resolvedAt != null && resolvedAt.isBefore(openedAt)) {
        throw new IllegalArgumentException("resolvedAt is before openedAt");
      }
      if (!Double.isFinite(peakObserved) || !Double.isFinite(peakExpected) || peakObserved < 0 || peakExpected < 0) {
        throw new IllegalArgumentException("peakObserved and peakExpected must be finite and >= 0");
      }
      watchName = watchName == null || watchName.isBlank() ? watchId : watchName;
    }

    /** How long it lasted, or has lasted by {@code asOf} while open. */
    Duration duration(Instant asOf) {
      Instant end = resolvedAt != null ? resolvedAt : asOf.isAfter(openedAt) ? asOf : openedAt;
      return Duration.between(openedAt, end);
    }
  }

  /**
   * The incidents that {@code notifications} speak of, one summary each (by incident id, in order
   * of opening): the highest severity and the highest observed volume seen, and the resolution if
   * one was notified.
   */
  public static List<Summary> summarize(Collection<Notification> notifications) {
    Map<String, Summary> byId = new LinkedHashMap<>();
    for (Notification n : notifications) {
      Summary s = byId.get(n.incidentId());
      if (s == null) {
        s = new Summary(n.incidentId(), n.watchId(), n.watchName(), n.kind(), n.severity(), n.openedAt(),
            n.resolvedAt(), n.observed(), n.expected());
      } else {
        boolean higher = n.observed() > s.peakObserved();
        s = new Summary(s.incidentId(), s.watchId(), n.watchName(), s.kind(),
            n.severity().compareTo(s.highestSeverity()) > 0 ? n.severity() : s.highestSeverity(),
            n.openedAt().isBefore(s.openedAt()) ? n.openedAt() : s.openedAt(),
            n.resolvedAt() != null ? n.resolvedAt() : s.resolvedAt(),
            higher ? n.observed() : s.peakObserved(), higher ? n.expected() : s.peakExpected());
      }
      byId.put(n.incidentId(), s);
    }
    return byId.values().stream().sorted(Comparator.comparing(Summary::openedAt)).toList();
  }

  /** One watch's line of the digest. */
  record WatchLine(String watchId, String watchName, List<Summary> incidents, Signal.Severity highest, Summary peak,
      Duration total, Duration longest, long open) {}

  static List<WatchLine> perWatch(List<Summary> incidents, Instant asOf) {
    Map<String, List<Summary>> byWatch = new LinkedHashMap<>();
    for (Summary s : incidents) {
      byWatch.computeIfAbsent(s.watchId(), k -> new ArrayList<>()).add(s);
    }
    List<WatchLine> out = new ArrayList<>();
    byWatch.forEach((id, list) -> {
      list.sort(Comparator.comparing(Summary::openedAt));
      Signal.Severity highest = list.stream().map(Summary::highestSeverity).max(Comparator.naturalOrder()).orElseThrow();
      Summary peak = list.stream().max(Comparator.comparingDouble(Summary::peakObserved)).orElseThrow();
      Duration total = list.stream().map(s -> s.duration(asOf)).reduce(Duration.ZERO, Duration::plus);
      Duration longest = list.stream().map(s -> s.duration(asOf)).max(Comparator.naturalOrder()).orElseThrow();
      long open = list.stream().filter(s -> s.resolvedAt() == null).count();
      out.add(new WatchLine(id, list.get(list.size() - 1).watchName(), List.copyOf(list), highest, peak, total,
          longest, open));
    });
    out.sort(Comparator.comparing(WatchLine::highest).reversed()
        .thenComparing(Comparator.comparingInt((WatchLine w) -> w.incidents().size()).reversed())
        .thenComparing(WatchLine::watchId));
    return out;
  }

  /** The digest of {@code day} in {@code zone}, durations of open incidents counted up to {@code asOf}. */
  static EmailContent render(LocalDate day, ZoneId zone, List<Summary> incidents, Instant asOf, String subjectPrefix,
      String receiver) {
    List<WatchLine> watches = perWatch(incidents, asOf);
    String highest = watches.isEmpty() ? "" : ", highest " + watches.get(0).highest();
    String headline = watches.isEmpty() ? "no incidents"
        : incidents.size() + " incident" + (incidents.size() == 1 ? "" : "s") + " on " + watches.size() + " watch"
            + (watches.size() == 1 ? "" : "es") + highest;
    String subject = Texts.cut(subjectPrefix + " Daily digest " + day + ": " + headline, EmailContent.MAX_SUBJECT);

    StringBuilder t = new StringBuilder();
    StringBuilder h = new StringBuilder(EmailContent.htmlHead(subject));
    String heading = "Veille daily digest for " + day + " (" + Facts.zoneName(zone) + ")";
    t.append(heading).append('\n').append(headline).append('\n');
    h.append("<h2 style=\"margin:0 0 12px\">").append(Texts.html(heading)).append("</h2>\n<p>")
        .append(Texts.html(headline)).append("</p>\n");
    int shown = 0;
    for (WatchLine w : watches) {
      if (shown++ == MAX_WATCHES) {
        break;
      }
      String name = Texts.fit(w.watchName(), Facts.MAX_NAME) + " (" + Texts.fit(w.watchId(), 80) + "):";
      String summary = w.incidents().size() + " incident" + (w.incidents().size() == 1 ? "" : "s") + " · highest "
          + w.highest() + " · peak " + Facts.number(w.peak().peakObserved()) + " " + Facts.unit(w.peak().kind())
          + " vs " + Facts.number(w.peak().peakExpected()) + " expected · total " + Facts.duration(w.total())
          + ", longest " + Facts.duration(w.longest()) + (w.open() > 0 ? " · " + w.open() + " still open" : "");
      t.append('\n').append(name).append(' ').append(summary).append('\n');
      h.append("<p><b>").append(Texts.html(name)).append("</b> ").append(Texts.html(summary)).append("</p>\n<ul>\n");
      int listed = 0;
      for (Summary s : w.incidents()) {
        String line = listed++ == MAX_PER_WATCH ? "… and " + (w.incidents().size() - MAX_PER_WATCH) + " more"
            : incidentLine(s, zone, asOf);
        t.append("  - ").append(line).append('\n');
        h.append("<li>").append(Texts.html(line)).append("</li>\n");
        if (listed > MAX_PER_WATCH) {
          break;
        }
      }
      h.append("</ul>\n");
    }
    if (watches.size() > MAX_WATCHES) {
      String more = "… and " + (watches.size() - MAX_WATCHES) + " more watches";
      t.append('\n').append(more).append('\n');
      h.append("<p>").append(more).append("</p>\n");
    }
    t.append("-- \nSent by Veille to receiver ").append(receiver).append(".\n");
    h.append("<p style=\"color:#666;font-size:smaller\">Sent by Veille to receiver ").append(Texts.html(receiver))
        .append(".</p>\n</body></html>\n");
    return new EmailContent(subject, t.toString(), h.toString());
  }

  /** {@code 10:15 UTC CRITICAL negative surge, peak 42 negative posts vs 5 expected, lasted 1 h 25 min (inc-1)}. */
  static String incidentLine(Summary s, ZoneId zone, Instant asOf) {
    String lasted = s.resolvedAt() == null ? "still open after " + Facts.duration(s.duration(asOf))
        : "lasted " + Facts.duration(s.duration(asOf));
    return Facts.dateTime(s.openedAt(), zone) + " " + s.highestSeverity() + " " + Facts.kind(s.kind()) + ", peak "
        + Facts.number(s.peakObserved()) + " " + Facts.unit(s.kind()) + " vs " + Facts.number(s.peakExpected())
        + " expected, " + lasted + " (" + Texts.fit(s.incidentId(), 80) + ")";
  }
}
