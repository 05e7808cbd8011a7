package io.veille.common.model;

/**
 * The tone of a mention: a label, a score in [-1, 1] (negative to positive) and the name of the
 * model that decided (e.g. {@code lexicon-fr}, {@code corenlp-en}).
 */
public record Sentiment(Label label, double score, String model) {
  public enum Label { NEGATIVE, NEUTRAL, POSITIVE }

  public Sentiment {
    if (label == null) {
      throw new InvalidRecordException("label", "required");
    }
    if (!(score >= -1.0 && score <= 1.0)) {
      throw new InvalidRecordException("score", "must be within [-1, 1], was " + score);
    }
    Checks.required("model", model);
  }
}
