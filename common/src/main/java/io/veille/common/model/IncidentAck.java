package io.veille.common.model;

import java.time.Instant;

/**
 * A person's acknowledgement of an incident (compacted on {@code veille.incident.acks}, key: the
 * incident id): who, when, and optionally why. The alerting instance that owns the incident's watch
 * applies it to the incident (its {@code acknowledgedAt}/{@code acknowledgedBy} and a timeline
 * entry); applying it twice changes nothing. A null value (tombstone) is written when the incident
 * itself is removed at the end of its retention.
 */
public record IncidentAck(String incidentId, String author, String comment, Instant at) {
  /** Longest author. */
  public static final int MAX_AUTHOR = 256;
  /** Longest comment. */
  public static final int MAX_COMMENT = 1_024;

  public IncidentAck {
    Checks.required("incidentId", incidentId);
    if (incidentId.length() > Checks.MAX_ID) {
      throw new InvalidRecordException("incidentId", "longer than " + Checks.MAX_ID + " characters");
    }
    Checks.printable("incidentId", incidentId);
    Checks.required("author", author);
    author = Checks.optional("author", author.strip(), MAX_AUTHOR);
    Checks.printable("author", author);
    comment = comment == null || comment.isBlank() ? null : Checks.optional("comment", comment.strip(), MAX_COMMENT);
    if (at == null) {
      throw new InvalidRecordException("at", "required");
    }
    Checks.inRange("at", at);
  }
}
