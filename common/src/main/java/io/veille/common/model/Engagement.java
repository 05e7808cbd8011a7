package io.veille.common.model;

/** Interactions a mention had when it was fetched. All counts are >= 0. */
public record Engagement(long likes, long shares, long replies) {
  public static final Engagement NONE = new Engagement(0, 0, 0);

  public Engagement {
    Checks.nonNegative("likes", likes);
    Checks.nonNegative("shares", shares);
    Checks.nonNegative("replies", replies);
  }

  public long total() {
    return likes + shares + replies;
  }
}
