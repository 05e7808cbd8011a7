package io.veille.streams.sentiment;

import java.util.HashMap;
import java.util.Map;

/**
 * What the lexicon model knows about one language, in immutable lookup tables. Valences are on
 * VADER's scale (-4..4). Multi-word entries (phrases, "un peu", "bien que") are keyed by their
 * words joined with single spaces; {@link #phraseStarts} tells, for a first word, the longest
 * entry that starts with it.
 */
final class Lexicon {
  static final byte NEG_NONE = 0;
  /** Opens a negation scope by itself (pas, jamais, not, never). */
  static final byte NEG_OPEN = 1;
  /** French "ne": a negation only when a completer (pas, plus, jamais...) follows. */
  static final byte NEG_NE = 2;

  final String language;
  final CharTable words;
  final CharTable negators;
  final CharTable completers;
  final CharTable modifiers;
  /** 1 = contrast (mais, but), 2 = concession (bien que, although). */
  final CharTable clauses;
  final CharTable stopwords;
  final CharTable phraseStarts;
  final boolean elision;
  /** Every key of every table above, to its entry number in the arrays below: one lookup per word. */
  final CharTable index;
  final float[] valence;
  final float[] modifier;
  final byte[] negation;
  final byte[] clause;
  final boolean[] completer;
  final boolean[] function;
  /** Every prefix of every key: a hashtag split stops extending a piece as soon as it leaves this set. */
  final CharTable prefixes;
  /** A key that is only the accent-folded form of a lexicon word ("outre" for outré): not read in a text written with accents. */
  final boolean[] foldedOnly;
  /** Thanks and praise that turn sarcastic after a complaint (merci, bravo; thanks, great). */
  final boolean[] sarcastic;
  /** Polar words that are also names (Nice, Angers): no valence with a capital initial inside a sentence. */
  final boolean[] name;
  /** Valence of a word inside a hashtag (#OndyneDown: down), NaN elsewhere. */
  final float[] hashtagValence;

  Lexicon(String language, Map<String, Float> words, Map<String, Float> negators, Map<String, Float> completers,
      Map<String, Float> modifiers, Map<String, Float> clauses, Map<String, Float> stopwords, boolean elision) {
    this(language, words, negators, completers, modifiers, clauses, stopwords, elision, java.util.Set.of(),
        java.util.Set.of(), java.util.Set.of(), Map.of());
  }

  Lexicon(String language, Map<String, Float> words, Map<String, Float> negators, Map<String, Float> completers,
      Map<String, Float> modifiers, Map<String, Float> clauses, Map<String, Float> stopwords, boolean elision,
      java.util.Set<String> foldedOnly, java.util.Set<String> sarcastic, java.util.Set<String> names,
      Map<String, Float> hashtagWords) {
    this.language = language;
    this.words = new CharTable(words);
    this.negators = new CharTable(negators);
    this.completers = new CharTable(completers);
    this.modifiers = new CharTable(modifiers);
    this.clauses = new CharTable(clauses);
    this.stopwords = new CharTable(stopwords);
    this.elision = elision;
    Map<String, Float> starts = new HashMap<>();
    for (Map<String, Float> m : java.util.List.of(words, negators, modifiers, clauses)) {
      for (String k : m.keySet()) {
        int sp = k.indexOf(' ');
        if (sp > 0) {
          float n = k.split(" ").length;
          starts.merge(k.substring(0, sp), n, Math::max);
        }
      }
    }
    this.phraseStarts = new CharTable(starts);
    Map<String, Float> ids = new HashMap<>();
    for (Map<String, Float> m : java.util.List.of(words, negators, completers, modifiers, clauses, stopwords, hashtagWords)) {
      for (String k : m.keySet()) {
        ids.putIfAbsent(k, (float) ids.size());
      }
    }
    int n = ids.size();
    index = new CharTable(ids);
    Map<String, Float> pre = new HashMap<>();
    for (String k : ids.keySet()) {
      for (int l = 1; l <= k.length(); l++) {
        pre.put(k.substring(0, l), 0f);
      }
    }
    prefixes = new CharTable(pre);
    valence = new float[n];
    modifier = new float[n];
    negation = new byte[n];
    clause = new byte[n];
    completer = new boolean[n];
    function = new boolean[n];
    this.foldedOnly = new boolean[n];
    this.sarcastic = new boolean[n];
    this.name = new boolean[n];
    this.hashtagValence = new float[n];
    java.util.Arrays.fill(valence, Float.NaN);
    java.util.Arrays.fill(modifier, Float.NaN);
    java.util.Arrays.fill(hashtagValence, Float.NaN);
    ids.forEach((k, idx) -> {
      int i = idx.intValue();
      valence[i] = words.getOrDefault(k, Float.NaN);
      modifier[i] = modifiers.getOrDefault(k, Float.NaN);
      negation[i] = negators.containsKey(k) ? (byte) negators.get(k).floatValue() : NEG_NONE;
      clause[i] = clauses.containsKey(k) ? (byte) clauses.get(k).floatValue() : 0;
      completer[i] = completers.containsKey(k);
      function[i] = stopwords.containsKey(k) || negators.containsKey(k) || modifiers.containsKey(k) || clauses.containsKey(k);
      this.foldedOnly[i] = foldedOnly.contains(k);
      this.sarcastic[i] = sarcastic.contains(k);
      this.name[i] = names.contains(k);
      this.hashtagValence[i] = hashtagWords.getOrDefault(k, Float.NaN);
    });
  }

  /** The entry number of a word, -1 when the lexicon does not know it. */
  int find(char[] b, int off, int len) {
    float f = index.get(b, off, len);
    return Float.isNaN(f) ? -1 : (int) f;
  }

  boolean known(char[] b, int off, int len) {
    return !Float.isNaN(index.get(b, off, len));
  }

  /** A word with a valence of its own. */
  boolean hasValence(char[] b, int off, int len) {
    int i = find(b, off, len);
    return i >= 0 && !Float.isNaN(valence[i]);
  }
}
