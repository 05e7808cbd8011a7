package io.veille.common.model;

import java.time.Instant;
import java.util.List;

/**
 * What the detector says about a watch: a spike or a negative surge opened ({@code ONSET}), changed
 * severity or has new evidence ({@code UPDATE}), or ended ({@code END}). {@code observed} and
 * {@code expected} are the watch's volume in the signal's bucket (weighted posts for a volume
 * spike, negative posts for a negative surge) against its baseline; {@code score} is the z-score;
 * {@code evidence} says why, so an analyst can act without opening another tool.
 *
 * <p>An {@code ONSET} may be raised while its bucket is still filling (so it reaches people within
 * a second); if the complete bucket does not confirm it, an {@code END} with {@code withdrawn}
 * set follows.
 */
public record Signal(String watchId, Kind kind, Phase phase, Severity severity, Instant onset, Instant at,
    double observed, double expected, double score, boolean withdrawn, Evidence evidence) {

  public enum Kind { VOLUME_SPIKE, NEGATIVE_SURGE }
  public enum Phase { ONSET, UPDATE, END }
  public enum Severity { INFO, WARNING, CRITICAL }

  /** A term or hashtag that grew against the watch's own baseline over the evidence window. */
  public record Term(String term, long count, double expected, double score) {
    public Term {
      Checks.required("term", term);
    }
  }

  /** One of the most-shared mentions of the evidence window (shares: reshares seen here plus the platform's). */
  public record TopMention(String id, String source, String text, String author, String url, long shares,
      long followers) {
    public TopMention {
      Checks.required("id", id);
    }
  }

  /** One of the largest authors of the evidence window, by followers. */
  public record TopAuthor(String author, long followers, long mentions) {
    public TopAuthor {
      Checks.required("author", author);
    }
  }

  /**
   * Why: over the window {@code [from, to)} (event time), the posts and their negative share
   * against the watch's usual share, the terms that grew most, the most-shared mentions, the
   * largest authors, and a ready query for the mention index.
   */
  public record Evidence(Instant from, Instant to, long posts, long copies, double negativeShare,
      double usualNegativeShare, List<Term> terms, List<TopMention> mentions, List<TopAuthor> authors, String query) {
    public Evidence {
      terms = terms == null ? List.of() : List.copyOf(terms);
      mentions = mentions == null ? List.of() : List.copyOf(mentions);
      authors = authors == null ? List.of() : List.copyOf(authors);
    }

    public static Evidence none() {
      return new Evidence(null, null, 0, 0, 0, 0, List.of(), List.of(), List.of(), null);
    }
  }

  public Signal {
    Checks.required("watchId", watchId);
    if (kind == null || phase == null || severity == null || onset == null || at == null) {
      throw new InvalidRecordException("", "kind, phase, severity, onset and at are required");
    }
    evidence = evidence == null ? Evidence.none() : evidence;
  }

  /** This signal with other evidence. */
  public Signal withEvidence(Evidence e) {
    return new Signal(watchId, kind, phase, severity, onset, at, observed, expected, score, withdrawn, e);
  }
}
