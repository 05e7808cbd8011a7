package io.veille.alerting.incident;

import io.veille.alerting.notify.Notification;
import io.veille.alerting.route.AlertingConfig;
import io.veille.alerting.route.AlertingConfig.NotifyOn;
import io.veille.alerting.route.AlertingConfig.Target;
import io.veille.common.model.Incident;
import io.veille.common.model.Incident.ReceiverState;
import io.veille.common.model.Signal;
import io.veille.common.model.Silence;
import io.veille.common.model.Watch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Incidents from signals, and the messages they call for, as a pure function of its inputs and the
 * clock it is given (no I/O, no thread): the service around it stores what it returns in Kafka, in
 * one transaction with the input it consumed, so a restart neither loses nor repeats a decision.
 *
 * <p>Semantics (Prometheus Alertmanager's, per incident): one incident per signal episode (watch,
 * kind, onset: {@link Incident#idOf}); a receiver chosen by the routing tree hears of it after
 * {@code group_wait} (a withdrawn or very short episode then pages nobody), again when its severity
 * rose (at most once per {@code group_interval}), as a reminder after {@code repeat_interval}
 * without news (not once acknowledged), and when it resolved (after {@code group_interval} since
 * the last message) — each as {@code notify_on} allows. A silence or an inhibition mutes the
 * receivers of an incident while it lasts; an incident muted until it resolved notifies nobody.
 */
public final class AlertEngine {
  /** What one call decided: incidents to write (new state), incidents to delete, messages to send. */
  public record Output(List<Incident> changed, List<String> removed, List<Notification> notifications) {
    public boolean isEmpty() {
      return changed.isEmpty() && removed.isEmpty() && notifications.isEmpty();
    }
  }

  /** How long a muted receiver waits before it is looked at again (a silence's end is exact). */
  static final Duration MUTE_RECHECK = Duration.ofMinutes(1);

  private final AlertingConfig config;
  private final Function<String, Watch> watches;
  private final Map<String, Incident> incidents = new LinkedHashMap<>();
  private final Map<String, Silence> silences = new HashMap<>();
  private final Map<String, Incident> changed = new LinkedHashMap<>();
  private final Set<String> removed = new LinkedHashSet<>();
  private final List<Notification> out = new ArrayList<>();

  /** @param watches the watch of an id (its name and labels), or null if unknown */
  public AlertEngine(AlertingConfig config, Function<String, Watch> watches) {
    this.config = config;
    this.watches = watches;
  }

  /** An incident as stored (restoring the state at start-up); null deletes it. */
  public void restore(String id, Incident incident) {
    if (incident == null) {
      incidents.remove(id);
    } else {
      incidents.put(id, incident);
    }
  }

  /** A silence as stored; null deletes it. Takes effect at the next {@link #tick}. */
  public void silence(String id, Silence silence) {
    if (silence == null) {
      silences.remove(id);
    } else {
      silences.put(id, silence);
    }
  }

  public Collection<Incident> incidents() {
    return java.util.Collections.unmodifiableCollection(incidents.values());
  }

  public Incident incident(String id) {
    return incidents.get(id);
  }

  public Collection<Silence> silences() {
    return java.util.Collections.unmodifiableCollection(silences.values());
  }

  /** The earliest time a receiver of an incident is due, or null. */
  public Instant nextDue() {
    Instant next = null;
    for (Incident i : incidents.values()) {
      for (ReceiverState r : i.receivers().values()) {
        if (r.dueAt() != null && (next == null || r.dueAt().isBefore(next))) {
          next = r.dueAt();
        }
      }
    }
    return next;
  }

  /** One signal from the detector, received at {@code now}; then what is due. */
  public Output onSignal(Signal s, Instant now) {
    due(now); // what fell due before this signal goes first
    String id = Incident.idOf(s.watchId(), s.kind(), s.onset());
    Incident cur = incidents.get(id);
    Watch w = watches.apply(s.watchId());
    String name = w != null ? w.name() : cur != null ? cur.watchName() : s.watchId();
    if (cur == null) {
      if (s.phase() == Signal.Phase.END && s.withdrawn()) {
        return drain(); // an onset withdrawn before alerting heard of it
      }
      cur = new Incident(id, s.watchId(), name, s.kind(), Incident.State.OPEN, s.severity(), s.severity(), s.onset(),
          s.at(), s.at(), null, false, s.observed(), s.expected(), s.observed(), s.expected(), s.evidence(),
          List.of(), Map.of(), now, null, null);
      cur = log(cur, now, s.phase() == Signal.Phase.ONSET ? "onset" : "signal",
          s.severity(), s.kind().name().toLowerCase(java.util.Locale.ROOT) + " observed " + round(s.observed())
              + " vs expected " + round(s.expected()) + " (bucket ending " + s.at() + ")");
    } else if (!cur.isOpen()) {
      return drain(); // a replayed signal of an episode already over
    } else if (s.phase() == Signal.Phase.END && !s.withdrawn()) {
      cur = tellBeforeEnd(cur, s, w, now);
    }
    cur = apply(cur, s, name, now);
    cur = schedule(cur, w, now);
    put(cur);
    due(now);
    return drain();
  }


  /**
   * Acknowledgement by {@code by} at {@code at}: no more reminders for it; escalation and resolve
   * still notify (what Alertmanager users expect of an acknowledged alert). A second
   * acknowledgement changes nothing (the first one stands), so applying a stored one again after a
   * restart is harmless.
   */
  public Output acknowledge(String id, String by, String comment, Instant at) {
    Incident cur = incidents.get(id);
    if (cur == null) {
      throw new IllegalArgumentException("no incident " + id);
    }
    if (cur.acknowledgedAt() == null) {
      cur = with(cur, cur.state(), cur.receivers(), at, by);
      put(log(cur, at, "acknowledged", cur.severity(), "by " + by + (comment == null ? "" : ": " + comment)));
    }
    return drain();
  }

  /** What is due at {@code now}: messages, and incidents past their retention removed. */
  public Output tick(Instant now) {
    due(now);
    return drain();
  }

  private void due(Instant now) {
    for (Incident i : List.copyOf(incidents.values())) {
      boolean due = false;
      for (ReceiverState r : i.receivers().values()) {
        due |= r.dueAt() != null && !r.dueAt().isAfter(now);
      }
      if (due) {
        put(flush(i, now));
      } else if (!i.isOpen() && i.receivers().values().stream().allMatch(r -> r.dueAt() == null)
          && lastActivity(i).plus(config.retention()).isBefore(now)) {
        incidents.remove(i.id());
        changed.remove(i.id());
        removed.add(i.id());
      }
    }
  }

  private Output drain() {
    Output o = new Output(List.copyOf(changed.values()), List.copyOf(removed), List.copyOf(out));
    changed.clear();
    removed.clear();
    out.clear();
    return o;
  }

  private void put(Incident i) {
    incidents.put(i.id(), i);
    changed.put(i.id(), i);
    removed.remove(i.id());
  }

  /**
   * An END read before a receiver has heard of its incident (its group wait not over): if the
   * episode lasted at least that wait in the signals' own time, it was no blip, only read late (a
   * backlog after a restart, a fast replay whose onset and end come in one poll), and the opening
   * falls due now, so the receiver hears of it, then of its end. An episode shorter than the wait
   * still pages nobody (Alertmanager's rule).
   */
  private Incident tellBeforeEnd(Incident cur, Signal s, Watch w, Instant now) {
    Map<String, ReceiverState> rs = new LinkedHashMap<>(cur.receivers());
    boolean changed = false;
    for (Target t : targets(cur, w)) {
      ReceiverState r = rs.get(t.receiver());
      if (r != null && !r.opened() && r.dueAt() != null && r.dueAt().isAfter(now)
          && !s.at().isBefore(cur.onset().plus(t.timing().groupWait()))) {
        rs.put(t.receiver(), new ReceiverState(r.seq(), r.lastEvent(), r.lastSeverity(), r.lastSentAt(), r.opened(),
            r.resolved(), now));
        changed = true;
      }
    }
    if (!changed) {
      return cur;
    }
    put(with(cur, cur.state(), rs, cur.acknowledgedAt(), cur.acknowledgedBy()));
    due(now);
    return incidents.get(cur.id());
  }

  /** The incident after signal {@code s}: severity, peak, state, evidence, end. */
  private Incident apply(Incident cur, Signal s, String name, Instant now) {
    Signal.Severity peak = cur.peakSeverity();
    double peakObserved = cur.peakObserved();
    double peakExpected = cur.peakExpected();
    Incident.State state = cur.state();
    String what = switch (s.phase()) {
      case ONSET -> "onset";
      case UPDATE -> "update";
      case END -> s.withdrawn() ? "withdrawn" : "end";
    };
    if (s.phase() != Signal.Phase.END) {
      if (s.severity().compareTo(peak) > 0) {
        peak = s.severity();
        state = Incident.State.ESCALATED;
        what = "escalated";
      }
      if (s.observed() >= peakObserved) {
        peakObserved = s.observed();
        peakExpected = s.expected();
      }
    }
    Instant resolvedAt = null;
    if (s.phase() == Signal.Phase.END) {
      state = Incident.State.RESOLVED;
      resolvedAt = s.at().isBefore(cur.openedAt()) ? cur.openedAt() : s.at();
    }
    Signal.Evidence evidence = s.evidence() != null && s.evidence().posts() > 0 ? s.evidence() : cur.evidence();
    Signal.Severity severity = s.phase() == Signal.Phase.END ? cur.severity() : s.severity();
    Instant updatedAt = s.at().isAfter(cur.updatedAt()) ? s.at() : cur.updatedAt();
    Incident next = new Incident(cur.id(), cur.watchId(), name, cur.kind(), state, severity, peak, cur.onset(),
        cur.openedAt(), updatedAt, resolvedAt, s.withdrawn(), s.phase() == Signal.Phase.END ? cur.observed() : s.observed(),
        s.phase() == Signal.Phase.END ? cur.expected() : s.expected(), peakObserved, peakExpected, evidence,
        cur.timeline(), cur.receivers(), cur.seenAt(), cur.acknowledgedAt(), cur.acknowledgedBy());
    if (s.phase() != Signal.Phase.ONSET || !cur.timeline().isEmpty() && !"onset".equals(last(cur).what())) {
      next = log(next, now, what, s.severity(), "observed " + round(s.observed()) + " vs expected " + round(s.expected())
          + " (bucket ending " + s.at() + ")");
    }
    return next;
  }

  /** Each receiver the routes choose gets its next look: the opening after the group wait, news after the group interval. */
  private Incident schedule(Incident i, Watch w, Instant now) {
    Map<String, ReceiverState> rs = new LinkedHashMap<>(i.receivers());
    for (Target t : targets(i, w)) {
      ReceiverState r = rs.getOrDefault(t.receiver(), ReceiverState.NONE);
      Instant due;
      if (!r.opened()) {
        due = i.isOpen() ? max(i.seenAt().plus(t.timing().groupWait()), now) : now;
      } else {
        due = max(r.lastSentAt().plus(t.timing().groupInterval()), now);
      }
      if (r.dueAt() == null || due.isBefore(r.dueAt())) {
        r = new ReceiverState(r.seq(), r.lastEvent(), r.lastSeverity(), r.lastSentAt(), r.opened(), r.resolved(), due);
      }
      rs.put(t.receiver(), r);
    }
    for (Map.Entry<String, ReceiverState> e : rs.entrySet()) {
      ReceiverState r = e.getValue();
      if (!i.isOpen() && r.dueAt() == null && r.opened() && !r.resolved()) {
        e.setValue(new ReceiverState(r.seq(), r.lastEvent(), r.lastSeverity(), r.lastSentAt(), r.opened(), r.resolved(),
            now)); // a receiver the routes no longer choose still hears of the end
      }
    }
    return with(i, i.state(), rs, i.acknowledgedAt(), i.acknowledgedBy());
  }

  private List<Target> targets(Incident i, Watch w) {
    Set<String> labels = w == null ? Set.of() : Set.copyOf(w.routes());
    return config.targets(i.watchId(), labels, i.kind(), i.peakSeverity());
  }

  /** The due receivers of {@code i} at {@code now}: what each is told, and when it is due next. */
  private Incident flush(Incident i, Instant now) {
    Watch w = watches.apply(i.watchId());
    Map<String, Target> targets = new HashMap<>();
    for (Target t : targets(i, w)) {
      targets.put(t.receiver(), t);
    }
    String mutedBy = mutedBy(i, w, now);
    Map<String, ReceiverState> rs = new LinkedHashMap<>(i.receivers());
    Incident cur = i;
    for (Map.Entry<String, ReceiverState> e : i.receivers().entrySet()) {
      ReceiverState r = e.getValue();
      if (r.dueAt() == null || r.dueAt().isAfter(now)) {
        continue;
      }
      String receiver = e.getKey();
      Target t = targets.get(receiver);
      AlertingConfig.Timing timing = t != null ? t.timing() : config.route().timing();
      Set<NotifyOn> on = t != null ? t.notifyOn() : config.route().notifyOn();
      Notification.Event event = null;
      Instant nextDue = null;
      if (!cur.isOpen()) {
        if (r.opened() && !r.resolved() && on.contains(NotifyOn.RESOLVE)) {
          if (r.lastSentAt() != null && now.isBefore(r.lastSentAt().plus(timing.groupInterval()))) {
            nextDue = r.lastSentAt().plus(timing.groupInterval());
          } else if (mutedBy == null) {
            event = Notification.Event.RESOLVED;
          } else {
            cur = log(cur, now, "muted", cur.peakSeverity(), "resolve not sent to " + receiver + ": " + mutedBy);
          }
        }
      } else if (mutedBy != null) {
        String note = receiver + ": " + mutedBy;
        if (!note.equals(lastNoteFor(cur, receiver))) {
          cur = log(cur, now, "muted", cur.peakSeverity(), note);
        }
        rs.put(receiver, new ReceiverState(r.seq(), r.lastEvent(), r.lastSeverity(), r.lastSentAt(), r.opened(),
            r.resolved(), muteEnd(i, w, now)));
        continue;
      } else if (!r.opened()) {
        event = on.contains(NotifyOn.OPEN) ? Notification.Event.OPENED : null;
        if (event == null) {
          r = new ReceiverState(r.seq(), "open-skipped", cur.peakSeverity(), now, true, false, null);
          nextDue = now.plus(timing.repeatInterval());
        }
      } else if (cur.peakSeverity().compareTo(r.lastSeverity()) > 0 && on.contains(NotifyOn.ESCALATE)) {
        Instant allowed = r.lastSentAt().plus(timing.groupInterval());
        if (now.isBefore(allowed)) {
          nextDue = allowed;
        } else {
          event = Notification.Event.ESCALATED;
        }
      } else if (cur.acknowledgedAt() == null) {
        Instant remind = r.lastSentAt().plus(timing.repeatInterval());
        if (now.isBefore(remind)) {
          nextDue = remind;
        } else {
          event = Notification.Event.REMINDER;
        }
      }
      if (event != null) {
        long seq = r.seq() + 1;
        out.add(notification(cur, receiver, seq, event));
        cur = log(cur, now, "notified", event == Notification.Event.RESOLVED ? cur.peakSeverity() : cur.severity(),
            receiver + ": " + event.label());
        boolean resolved = event == Notification.Event.RESOLVED;
        r = new ReceiverState(seq, event.name(), resolved ? r.lastSeverity() : cur.peakSeverity(), now, true, resolved,
            null);
        if (!resolved && cur.acknowledgedAt() == null) {
          nextDue = now.plus(timing.repeatInterval());
        }
      }
      if (cur.isOpen() && nextDue == null && r.opened() && cur.acknowledgedAt() == null && r.lastSentAt() != null) {
        nextDue = r.lastSentAt().plus(timing.repeatInterval());
      }
      rs.put(receiver, new ReceiverState(r.seq(), r.lastEvent(), r.lastSeverity(), r.lastSentAt(), r.opened(),
          r.resolved(), nextDue));
    }
    return with(cur, cur.state(), rs, cur.acknowledgedAt(), cur.acknowledgedBy());
  }

  /** Why {@code i} notifies nobody now ({@code silence s-1 (ana: maintenance)}, {@code inhibited by …}), or null. */
  private String mutedBy(Incident i, Watch w, Instant now) {
    Set<String> labels = w == null ? Set.of() : Set.copyOf(w.routes());
    for (Silence s : silences.values()) {
      if (s.activeAt(now) && s.covers(i.watchId(), labels)) {
        return "silence " + s.id() + " (" + s.author() + (s.comment() == null ? "" : ": " + s.comment()) + ")";
      }
    }
    for (AlertingConfig.Inhibit rule : config.inhibit()) {
      if (i.peakSeverity().compareTo(rule.targetSeverity()) > 0) {
        continue;
      }
      for (Incident other : incidents.values()) {
        if (other == i || other.id().equals(i.id()) || !other.isOpen()
            || other.peakSeverity().compareTo(rule.sourceSeverity()) < 0) {
          continue;
        }
        boolean related = other.watchId().equals(i.watchId());
        if (!related && rule.byLabel() && !labels.isEmpty()) {
          Watch ow = watches.apply(other.watchId());
          related = ow != null && ow.routes().stream().anyMatch(labels::contains);
        }
        if (related) {
          return "inhibited by " + other.id() + " (" + other.peakSeverity().name().toLowerCase(java.util.Locale.ROOT) + ")";
        }
      }
    }
    return null;
  }

  /** When a muted incident is looked at again: the end of its silence, or a minute for an inhibition. */
  private Instant muteEnd(Incident i, Watch w, Instant now) {
    Set<String> labels = w == null ? Set.of() : Set.copyOf(w.routes());
    Instant end = null;
    for (Silence s : silences.values()) {
      if (s.activeAt(now) && s.covers(i.watchId(), labels) && (end == null || s.endsAt().isAfter(end))) {
        end = s.endsAt();
      }
    }
    Instant recheck = now.plus(MUTE_RECHECK);
    return end == null || end.isAfter(recheck) ? recheck : end;
  }

  private Notification notification(Incident i, String receiver, long seq, Notification.Event event) {
    boolean resolved = event == Notification.Event.RESOLVED;
    Instant at = resolved ? i.resolvedAt() : i.updatedAt();
    return new Notification(Notification.key(i.id(), seq, receiver), receiver, event, i.id(), i.watchId(), i.watchName(),
        i.kind(), resolved ? i.peakSeverity() : i.severity(), i.openedAt(), at.isBefore(i.openedAt()) ? i.openedAt() : at,
        resolved ? i.resolvedAt() : null, resolved ? i.peakObserved() : i.observed(),
        resolved ? i.peakExpected() : i.expected(), i.evidence(),
        Notification.searchUrl(config.searchUrl(), i.evidence().query()));
  }

  private static Incident with(Incident i, Incident.State state, Map<String, ReceiverState> receivers,
      Instant acknowledgedAt, String acknowledgedBy) {
    return new Incident(i.id(), i.watchId(), i.watchName(), i.kind(), state, i.severity(), i.peakSeverity(), i.onset(),
        i.openedAt(), i.updatedAt(), i.resolvedAt(), i.withdrawn(), i.observed(), i.expected(), i.peakObserved(),
        i.peakExpected(), i.evidence(), i.timeline(), receivers, i.seenAt(), acknowledgedAt, acknowledgedBy);
  }

  /** {@code i} with one more timeline entry (the first and the latest ones kept). */
  static Incident log(Incident i, Instant now, String what, Signal.Severity severity, String detail) {
    List<Incident.Entry> t = new ArrayList<>(i.timeline());
    t.add(new Incident.Entry(now, what, severity, detail == null ? null : fit(detail)));
    while (t.size() > Incident.MAX_TIMELINE) {
      t.remove(1);
    }
    return new Incident(i.id(), i.watchId(), i.watchName(), i.kind(), i.state(), i.severity(), i.peakSeverity(),
        i.onset(), i.openedAt(), i.updatedAt(), i.resolvedAt(), i.withdrawn(), i.observed(), i.expected(),
        i.peakObserved(), i.peakExpected(), i.evidence(), t, i.receivers(), i.seenAt(), i.acknowledgedAt(),
        i.acknowledgedBy());
  }

  /** The detail of the latest timeline entry about {@code receiver} ({@code receiver: …}), or null. */
  private static String lastNoteFor(Incident i, String receiver) {
    for (int k = i.timeline().size() - 1; k >= 0; k--) {
      String d = i.timeline().get(k).detail();
      if (d != null && d.startsWith(receiver + ": ")) {
        return d;
      }
    }
    return null;
  }

  private static Incident.Entry last(Incident i) {
    return i.timeline().get(i.timeline().size() - 1);
  }

  private static Instant lastActivity(Incident i) {
    return i.timeline().isEmpty() ? i.seenAt() : last(i).at();
  }

  private static String fit(String s) {
    return s.length() <= 1000 ? s : s.substring(0, 999) + "…";
  }

  private static String round(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v);
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
