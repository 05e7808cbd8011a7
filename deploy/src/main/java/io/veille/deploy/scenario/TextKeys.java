package io.veille.deploy.scenario;

import io.veille.common.model.Mention;
import io.veille.streams.pipeline.TextKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The copy keys of the scenario's own texts, as the streams topology computes them
 * ({@link TextKey}: the first words, without the reshare prefix, URLs, handles, hashtags,
 * punctuation, case and accents). Every fresh text (a post, a reply, a news item) must have a key
 * of its own, so that the only mentions the pipeline takes for copies are the scenario's reshares
 * and near-duplicates; a text drawn from a template that meets an earlier one is varied until it
 * does not ({@link #distinct}).
 */
final class TextKeys {
  /** After this many fresh draws of the same template, a draw is varied ({@link Phrasebook#vary}). */
  private static final int PLAIN_DRAWS = 3;
  private static final int MAX_DRAWS = 60;
  private static final Instant SOME_TIME = Instant.parse("2026-01-01T00:00:00Z");
  private static final String NO_KEY = "id:";

  /** A text drawn plain ({@code level} < 0) or varied that much ({@link Phrasebook#vary}). */
  @FunctionalInterface
  interface Draw {
    String text(int level);
  }

  private final Set<String> taken = new HashSet<>();
  private final Map<String, String> keys = new HashMap<>();

  /** A copy that claims keys on its own from now on. */
  TextKeys copy() {
    TextKeys c = new TextKeys();
    c.taken.addAll(taken);
    c.keys.putAll(keys);
    return c;
  }

  /** The key streams gives this text (a text too short to be compared keys on its mention id). */
  String key(String text) {
    return keys.computeIfAbsent(text, t -> TextKey.of(Mention.of("scenario:key", "x", t, SOME_TIME)));
  }

  /** Whether the pipeline can recognise copies of this text (it has enough words to be compared). */
  boolean isKeyed(String text) {
    return !key(text).startsWith(NO_KEY);
  }

  boolean sameKey(String a, String b) {
    return key(a).equals(key(b));
  }

  /** Takes the text's key; false when an earlier text has it. Texts too short to compare are always new. */
  boolean claim(String text) {
    String k = key(text);
    return k.startsWith(NO_KEY) || taken.add(k);
  }

  /** Takes the key of a fixed text (a scripted post): it must be new. */
  void reserve(String text) {
    if (!claim(text)) {
      throw new IllegalStateException("two scripted texts meet as copies: " + text);
    }
  }

  /**
   * A fresh text by {@code author} at {@code at} whose key no earlier text has: {@code draw} as it
   * comes, a few times, then varied the way people vary what they write (where they are, when).
   */
  String distinct(Rand rand, long at, Lang lang, Persona author, Supplier<String> draw) {
    return distinct(level -> level < 0 ? draw.get() : Phrasebook.vary(rand, draw.get(), lang, author, at, level));
  }

  /** The first text {@code draw} gives whose key is new: plain a few times, then more and more varied. */
  String distinct(Draw draw) {
    for (int i = 0; i < MAX_DRAWS; i++) {
      String t = draw.text(i < PLAIN_DRAWS ? -1 : i - PLAIN_DRAWS);
      if (claim(t)) {
        return t;
      }
    }
    throw new IllegalStateException("no distinct text after " + MAX_DRAWS + " draws, last: " + draw.text(MAX_DRAWS));
  }
}
