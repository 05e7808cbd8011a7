package io.veille.streams.detect;

import io.veille.common.model.WatchStats;
import java.time.Duration;
import java.time.Instant;

/**
 * What the detector reads for one watch and one complete bucket (event time, [start, start +
 * length)): unique posts, copies (reshares and near-duplicates, counted apart), unique negative
 * posts, reach (the sum of the authors' followers) and negative reach (the followers of the authors of
 * negative mentions, copies included).
 */
public record Bucket(Instant start, Duration length, long posts, long copies, long negative, long reach,
    long negativeReach) {
  public Bucket {
    if (start == null || length == null || length.isZero() || length.isNegative()) {
      throw new IllegalArgumentException("a bucket needs a start and a positive length");
    }
    if (posts < 0 || copies < 0 || negative < 0 || reach < 0 || negativeReach < 0) {
      throw new IllegalArgumentException("bucket counts must not be negative");
    }
    if (negative > posts) {
      throw new IllegalArgumentException("negative posts (" + negative + ") exceed posts (" + posts + ")");
    }
  }

  /** The bucket of a watch's stats record (its {@code total} counts unique posts, copies apart). */
  public static Bucket of(WatchStats s) {
    return new Bucket(s.start(), Duration.between(s.start(), s.end()), s.total(), s.copies(), s.negative(), s.reach(),
        s.negativeReach());
  }

  /** A bucket with a volume only (no copies, sentiment or reach), as in NAB's series. */
  public static Bucket volume(Instant start, Duration length, long posts) {
    return new Bucket(start, length, posts, 0, 0, 0, 0);
  }

  /** An empty bucket (nothing was said): how the detector fills gaps between records. */
  public static Bucket empty(Instant start, Duration length) {
    return new Bucket(start, length, 0, 0, 0, 0, 0);
  }
}
