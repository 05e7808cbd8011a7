package io.veille.common.model;

import java.time.Instant;

/**
 * One watch's counts for one bucket (event time, [start, end)): total mentions, by sentiment,
 * unique authors, reach (sum of followers), copies (reshares and near-duplicates) and negative reach
 * (the followers of the authors of negative mentions, copies included: how far the bad news went).
 * Emitted as the bucket updates, so the latest record for a (watch, start) wins.
 */
public record WatchStats(String watchId, Instant start, Instant end, long total, long negative, long neutral,
    long positive, long uniqueAuthors, long reach, long copies, long negativeReach) {
  public WatchStats {
    Checks.required("watchId", watchId);
    if (start == null || end == null || !end.isAfter(start)) {
      throw new InvalidRecordException("end", "a bucket needs start < end");
    }
    Checks.nonNegative("total", total);
    Checks.nonNegative("negativeReach", negativeReach);
    if (negative + neutral + positive != total) {
      throw new InvalidRecordException("total", "negative + neutral + positive must equal total");
    }
  }
}
