package io.veille.common.model;

import java.time.Instant;
import java.util.List;

/**
 * What the detector says about a watch: a spike or a negative surge opened, is still going, or
 * ended. {@code observed} and {@code expected} are per-bucket volumes; {@code evidence} explains it.
 */
public record Signal(String watchId, Kind kind, Phase phase, Severity severity, Instant onset, Instant at,
    double observed, double expected, double score, Evidence evidence) {

  public enum Kind { VOLUME_SPIKE, NEGATIVE_SURGE }
  public enum Phase { ONSET, UPDATE, END }
  public enum Severity { INFO, WARNING, CRITICAL }

  /** Why: the terms that grew most, the most-shared mentions, the largest authors. */
  public record Evidence(List<String> terms, List<String> topMentionIds, List<String> topAuthors) {
    public Evidence {
      terms = terms == null ? List.of() : List.copyOf(terms);
      topMentionIds = topMentionIds == null ? List.of() : List.copyOf(topMentionIds);
      topAuthors = topAuthors == null ? List.of() : List.copyOf(topAuthors);
    }
  }

  public Signal {
    Checks.required("watchId", watchId);
    if (kind == null || phase == null || severity == null || onset == null || at == null) {
      throw new InvalidRecordException("", "kind, phase, severity, onset and at are required");
    }
    evidence = evidence == null ? new Evidence(List.of(), List.of(), List.of()) : evidence;
  }
}
