package io.veille.common.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Alerting's own state for one incident (compacted on {@code veille.incidents}, key: its id): one
 * episode of one signal kind on one watch, from its onset to its end.
 *
 * <ul>
 *   <li>{@code id}: stable, from the watch, the kind and the onset ({@link #idOf}), so a replay of
 *       the same signals finds the same incident.
 *   <li>{@code state}: {@code OPEN}, {@code ESCALATED} (its severity rose after it opened),
 *       {@code RESOLVED}; {@code severity} is the current one, {@code peakSeverity} the highest, with
 *       the observed and expected volume at that peak.
 *   <li>{@code timeline}: what happened, in order (signals, notifications, silences, inhibitions,
 *       acknowledgement), at most {@value #MAX_TIMELINE} entries (the oldest after the first are
 *       dropped).
 *   <li>{@code receivers}: per receiver, what it was told so far and when it is due next.
 * </ul>
 *
 * <p>{@code onset}, {@code openedAt}, {@code updatedAt} and {@code resolvedAt} are event time (the
 * detector's buckets: when it happened); {@code seenAt}, the timeline and the receivers' times are
 * alerting's wall clock (when it was told, when it notified), which the waits run on.
 */
public record Incident(String id, String watchId, String watchName, Signal.Kind kind, State state,
    Signal.Severity severity, Signal.Severity peakSeverity, Instant onset, Instant openedAt, Instant updatedAt,
    Instant resolvedAt, boolean withdrawn, double observed, double expected, double peakObserved, double peakExpected,
    Signal.Evidence evidence, List<Entry> timeline, Map<String, ReceiverState> receivers, Instant seenAt,
    Instant acknowledgedAt, String acknowledgedBy) {

  public enum State { OPEN, ESCALATED, RESOLVED }

  /** Longest timeline kept. */
  public static final int MAX_TIMELINE = 100;

  /** One event of the incident's life; {@code what} is a word (onset, update, end, notified, silenced, …). */
  public record Entry(Instant at, String what, Signal.Severity severity, String detail) {
    public Entry {
      Checks.required("what", what);
      if (at == null) {
        throw new InvalidRecordException("timeline.at", "required");
      }
      detail = Checks.optional("timeline.detail", detail, Checks.MAX_SHORT);
    }
  }

  /**
   * What one receiver was told: the last message's sequence number (the n-th message to it about
   * this incident), event and severity, when; whether it was told of the opening and of the end;
   * when it is due to be looked at again (null: nothing planned).
   */
  public record ReceiverState(long seq, String lastEvent, Signal.Severity lastSeverity, Instant lastSentAt,
      boolean opened, boolean resolved, Instant dueAt) {
    public static final ReceiverState NONE = new ReceiverState(0, null, null, null, false, false, null);
  }

  public Incident {
    Checks.required("id", id);
    Checks.required("watchId", watchId);
    if (kind == null || state == null || severity == null || onset == null || openedAt == null) {
      throw new InvalidRecordException("", "kind, state, severity, onset and openedAt are required");
    }
    watchName = watchName == null || watchName.isBlank() ? watchId : watchName;
    peakSeverity = peakSeverity == null ? severity : peakSeverity;
    updatedAt = updatedAt == null ? openedAt : updatedAt;
    evidence = evidence == null ? Signal.Evidence.none() : evidence;
    timeline = timeline == null ? List.of() : List.copyOf(timeline);
    receivers = receivers == null ? Map.of() : Map.copyOf(receivers);
    seenAt = seenAt == null ? openedAt : seenAt;
    acknowledgedBy = Checks.optional("acknowledgedBy", acknowledgedBy, 256);
  }

  /** The stable id of the incident of {@code kind} on {@code watchId} that opened at {@code onset}. */
  public static String idOf(String watchId, Signal.Kind kind, Instant onset) {
    String k = kind == Signal.Kind.VOLUME_SPIKE ? "spike" : "negative";
    return watchId + ":" + k + ":" + onset.getEpochSecond();
  }

  public boolean isOpen() {
    return state != State.RESOLVED;
  }
}
