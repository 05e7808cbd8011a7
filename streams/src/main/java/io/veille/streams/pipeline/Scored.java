package io.veille.streams.pipeline;

import io.veille.common.model.ScoredMention;

/** What the scoring step emits, in memory: a scored mention (new, or an original whose copies grew), or a bucket contribution. */
sealed interface Scored {
  record Mention(ScoredMention scored) implements Scored {}

  record ToBucket(Contribution contribution) implements Scored {}
}
