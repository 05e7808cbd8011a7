package io.veille.streams.pipeline;

import io.veille.common.model.ScoredMention;

/**
 * What the scoring step emits, in memory: a scored mention (new, or an original whose copies grew),
 * a bucket contribution, or a mention that could not be scored (to the DLQ).
 */
sealed interface Scored {
  record Mention(ScoredMention scored) implements Scored {}

  record ToBucket(Contribution contribution) implements Scored {}

  /** A mention a model failed on: its bytes for the DLQ (the headers say why). */
  record Failed(byte[] key, byte[] value) implements Scored {}
}
