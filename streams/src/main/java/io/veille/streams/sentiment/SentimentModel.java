package io.veille.streams.sentiment;

import io.veille.common.model.Sentiment;
import java.util.List;

/**
 * Decides the tone of a text: a label, a score in [-1, 1] and the name of the model that decided.
 * Implementations are thread-safe: one instance serves every stream thread.
 */
public interface SentimentModel {

  /**
   * Scores {@code text}, written in {@code lang} (an ISO 639-1 code such as {@code fr} or
   * {@code en}; {@code null} or {@code und} when unknown).
   */
  Sentiment score(String text, String lang);

  /**
   * The tokens that decided the score of {@code text}, largest first (for error analysis and
   * {@code veille eval sentiment --errors}); empty for a model that cannot tell.
   */
  default List<Contribution> contributions(String text, String lang) {
    return List.of();
  }

  /** The model's name as it appears in {@link Sentiment#model()} (or its prefix). */
  String name();
}
