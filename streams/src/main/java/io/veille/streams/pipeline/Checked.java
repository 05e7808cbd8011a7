package io.veille.streams.pipeline;

import io.veille.common.model.Mention;

/** The outcome of validation, in memory between two steps: a mention, or the original bytes to reject. */
sealed interface Checked {
  record Ok(Mention mention) implements Checked {}

  record Rejected(byte[] key, byte[] value) implements Checked {}
}
