package io.veille.streams.detect;

import java.nio.ByteBuffer;

/**
 * The negative-share test over a window of buckets: posts and negative posts per bucket,
 * exponentially weighted at rate {@code a} (about {@code 1/a} buckets), and the mean square of the
 * test's z-scores (its overdispersion: complaints come in threads). At a few posts a minute one
 * bucket's share says little; a quarter of an hour's, or an hour's, says much.
 */
final class ShareWindow {
  static final int BYTES = 3 * 8;

  double posts;
  double negative;
  double dispersion = 1;

  /** The window's constants: its rate, and the variance of its weighted mean relative to one bucket's. */
  record Rate(double a, double variance) {
    static Rate of(long bucketMs, long windowMs) {
      double a = Math.min(1, bucketMs / (double) Math.max(1, windowMs));
      return new Rate(a, a / (2 - a));
    }

    /**
     * The share test of a window whose weighted means are {@code mP} posts and {@code mN} negative
     * posts per bucket, against the usual share p0, in standard errors of the weighted mean (a
     * binomial bucket's variance times a/(2-a)), never less than half a post over the window (a
     * watch that never had a complaint).
     */
    double z(double mP, double mN, double p0) {
      return (mN - mP * p0) / Math.sqrt(variance * mP * p0 * (1 - p0) + 0.25 * a * a);
    }

    /** The window's negative posts above the usual share, as a count over the window. */
    double excess(double mP, double mN, double p0) {
      return (mN - mP * p0) / a;
    }
  }

  void add(Rate r, double bucketPosts, double bucketNegative) {
    posts += r.a() * (bucketPosts - posts);
    negative += r.a() * (bucketNegative - negative);
  }

  /** The test's z, widened by the measured overdispersion. */
  double z(Rate r, double p0) {
    return r.z(posts, negative, p0) / Math.sqrt(Math.max(1, dispersion));
  }

  /** Learns the overdispersion from a raw z (clipped at 3), at rate {@code a}. */
  void learnDispersion(double rawZ, double a) {
    if (rawZ != 0) {
      dispersion += a * (Math.min(rawZ * rawZ, 9) - dispersion);
    }
  }

  void write(ByteBuffer b) {
    b.putDouble(posts).putDouble(negative).putDouble(dispersion);
  }

  static ShareWindow read(ByteBuffer b) {
    ShareWindow w = new ShareWindow();
    w.posts = b.getDouble();
    w.negative = b.getDouble();
    w.dispersion = b.getDouble();
    return w;
  }

  ShareWindow copy() {
    ShareWindow w = new ShareWindow();
    w.posts = posts;
    w.negative = negative;
    w.dispersion = dispersion;
    return w;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ShareWindow w && posts == w.posts && negative == w.negative && dispersion == w.dispersion;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(posts) * 31 + Double.hashCode(negative);
  }
}
