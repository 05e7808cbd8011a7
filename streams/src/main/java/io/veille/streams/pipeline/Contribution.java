package io.veille.streams.pipeline;

import io.veille.common.model.Sentiment;

/**
 * What one mention adds to one watch's bucket: a unique post (with its sentiment) or a copy
 * (reshare / near-duplicate, counted apart), its author (for unique authors) and its reach.
 */
public record Contribution(Kind kind, Sentiment.Label label, String author, long reach) {
  public enum Kind { POST, COPY }
}
