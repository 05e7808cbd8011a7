package io.veille.common.model;

import java.time.Instant;

/**
 * Alerting's own state for one incident (compacted on {@code veille.incidents}): which watch,
 * whether it is open, its highest severity so far, when it opened, was last notified and resolved.
 */
public record Incident(String id, String watchId, State state, Signal.Severity severity, Instant openedAt,
    Instant updatedAt, Instant lastNotifiedAt, Instant resolvedAt, Signal lastSignal) {

  public enum State { PENDING, OPEN, RESOLVED }

  public Incident {
    Checks.required("id", id);
    Checks.required("watchId", watchId);
    if (state == null || severity == null || openedAt == null) {
      throw new InvalidRecordException("", "state, severity and openedAt are required");
    }
  }
}
