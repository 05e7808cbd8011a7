package io.veille.streams.watch;

import java.util.List;

/**
 * Whether a watch matches a mention, and why.
 *
 * @param watchId the watch
 * @param matched whether it matches
 * @param query the query as Lucene runs it (analysed terms, filters included)
 * @param hits what matched: the field, the words of the mention, and the clause they satisfy
 * @param reasons when it does not match, the clauses that failed (Lucene's explanation)
 * @param analysedText the terms the mention's text became, in order
 */
public record WatchExplanation(String watchId, boolean matched, String query, List<Hit> hits,
    List<String> reasons, List<String> analysedText) {

  public WatchExplanation {
    hits = List.copyOf(hits);
    reasons = List.copyOf(reasons);
    analysedText = List.copyOf(analysedText);
  }

  /** One piece of evidence: {@code text} "pannes" satisfied {@code text:panne}. */
  public record Hit(String field, String matchedText, String clause) {
    @Override
    public String toString() {
      return field + " \"" + matchedText + "\"" + (clause == null ? "" : " <- " + clause);
    }
  }
}
