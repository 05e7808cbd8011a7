package io.veille.streams.sentiment;

import io.veille.common.model.Sentiment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The default sentiment model, for French and English: lexicons and rules in the manner of VADER
 * (Hutto and Gilbert, 2014), extended for French and for social media.
 *
 * <ul>
 *   <li>valences from the bundled lexicons (VADER, AFINN, vader_FR, Pattern, Umigon, Emoji
 *       Sentiment Ranking), multi-word entries matched first ("pas terrible", "kind of");
 *   <li>negation with a scope: the next {@value #NEGATION_SCOPE} words after pas, jamais, not,
 *       never, no, n't..., and French ne ... pas/plus/jamais/rien from the "ne" on; the scope ends
 *       at punctuation or a contrast word; a negated valence is multiplied by {@value #NEGATION};
 *   <li>intensifiers and dampeners multiply the valence of the word they precede (très, trop, un
 *       peu; very, barely);
 *   <li>contrast: within a sentence, what precedes mais/but weighs {@value #BEFORE_CONTRAST}, what
 *       follows {@value #AFTER_CONTRAST}; a concession (bien que, although) weighs
 *       {@value #CONCESSION} up to the next punctuation;
 *   <li>emoji and emoticons; elongation (nuuuul, sooo) and capitals (in a text that is not all
 *       capitals) emphasise a word; each "!" adds emphasis to the whole, up to four;
 *   <li>hashtags split into words; @handles and URLs ignored; French elisions split (j'adore,
 *       n'est); accents folded when the accented form is unknown.
 * </ul>
 *
 * <p>The sum of the valences is squashed into [-1, 1] as VADER's compound score
 * ({@code s / sqrt(s^2 + 15)}); a score within {@code +-neutralBand} is neutral.
 *
 * <p>Thread-safe: the tables are immutable and each thread has its own scratch buffers.
 */
public final class LexiconSentimentModel implements SentimentModel {
  static final int NEGATION_SCOPE = 3;
  static final float NEGATION = -0.74f;
  static final float BEFORE_CONTRAST = 0.5f;
  static final float AFTER_CONTRAST = 1.5f;
  static final float CONCESSION = 0.5f;
  static final float CAPS_EMPHASIS = 0.733f;
  static final float ELONGATION_EMPHASIS = 0.5f;
  static final float EXCLAMATION_EMPHASIS = 0.292f;
  static final int MAX_EXCLAMATIONS = 4;
  static final float ALPHA = 15f;
  /** A thanks after at least this much negative valence is read as sarcasm. */
  static final float SARCASM_AFTER = 1.0f;
  /** Default neutral band of the compound score, chosen on the development sets. */
  public static final double DEFAULT_NEUTRAL_BAND = 0.15;

  private final Lexicon fr;
  private final Lexicon en;
  private final Scanner scanner;
  private final double neutralBand;
  private final String frName;
  private final String enName;
  private final ThreadLocal<Tokens> scratch = ThreadLocal.withInitial(Tokens::new);

  private LexiconSentimentModel(LexiconLoader.Loaded loaded, double neutralBand) {
    this.fr = loaded.fr();
    this.en = loaded.en();
    this.scanner = new Scanner(loaded.symbols());
    if (!(neutralBand >= 0 && neutralBand < 1)) {
      throw new IllegalArgumentException("neutral band must be in [0, 1), was " + neutralBand);
    }
    this.neutralBand = neutralBand;
    this.frName = "lexicon-fr";
    this.enName = "lexicon-en";
  }

  private static final class Holder {
    static final LexiconLoader.Loaded LOADED = LexiconLoader.load();
  }

  /** The model with the bundled lexicons (loaded once per JVM, about 100 ms) and the default neutral band. */
  public static LexiconSentimentModel create() {
    return new LexiconSentimentModel(Holder.LOADED, DEFAULT_NEUTRAL_BAND);
  }

  /** The same model with another neutral band (a score within +-band is neutral). */
  public LexiconSentimentModel withNeutralBand(double band) {
    return new LexiconSentimentModel(new LexiconLoader.Loaded(scanner.symbols(), fr, en), band);
  }

  public double neutralBand() {
    return neutralBand;
  }

  @Override
  public String name() {
    return "lexicon";
  }

  @Override
  public Sentiment score(String text, String lang) {
    Objects.requireNonNull(text, "text");
    Tokens t = scratch.get();
    Lexicon lex = pick(text, lang, t);
    double s = lex == null ? 0 : sum(text, lex, t);
    if (lex == null) {
      // unknown language and no function word to tell: the lexicon that finds more sentiment decides
      double f = sum(text, fr, t);
      double e = sum(text, en, t);
      lex = Math.abs(f) > Math.abs(e) ? fr : en;
      s = lex == fr ? f : e;
    }
    double compound = s / Math.sqrt(s * s + ALPHA);
    Sentiment.Label label = compound >= neutralBand && compound > 0 ? Sentiment.Label.POSITIVE
        : compound <= -neutralBand && compound < 0 ? Sentiment.Label.NEGATIVE : Sentiment.Label.NEUTRAL;
    return new Sentiment(label, Math.max(-1.0, Math.min(1.0, compound)), lex == fr ? frName : enName);
  }

  /** The raw sum of valences (before squashing), for tests and diagnostics. */
  double rawScore(String text, String lang) {
    Tokens t = scratch.get();
    Lexicon lex = pick(text, lang, t);
    if (lex == null) {
      double f = sum(text, fr, t);
      double e = sum(text, en, t);
      return Math.abs(f) > Math.abs(e) ? f : e;
    }
    return sum(text, lex, t);
  }

  /** The tokens as the model sees them, for tests and diagnostics. */
  String explain(String text, String lang) {
    Tokens t = new Tokens();
    Lexicon lex = pick(text, lang, t);
    if (lex == null) {
      lex = Math.abs(sum(text, fr, t)) > Math.abs(sum(text, en, t)) ? fr : en;
    }
    prepare(text, lex, t);
    StringBuilder sb = new StringBuilder(lex.language).append(':');
    for (int i = 0; i < t.n; i++) {
      sb.append(' ');
      if (t.kind[i] == Tokens.WORD) {
        sb.append(t.text(i));
        if (!Float.isNaN(t.valence[i])) {
          sb.append('[').append(t.valence[i]).append(']');
        }
        if (t.negated[i]) {
          sb.append("[neg]");
        }
        if (!Float.isNaN(t.modifier[i])) {
          sb.append("[x").append(t.modifier[i]).append(']');
        }
      } else if (t.kind[i] == Tokens.EMOJI || t.kind[i] == Tokens.EMOTICON) {
        sb.append('<').append(t.value[i]).append('>');
      } else {
        sb.append(t.kind[i] == Tokens.BREAK ? "," : t.kind[i] == Tokens.EXCLAMATION ? "!" : ".");
      }
    }
    return sb.append(" = ").append(sum(text, lex, t)).toString();
  }

  @Override
  public List<Contribution> contributions(String text, String lang) {
    Objects.requireNonNull(text, "text");
    Tokens t = new Tokens();
    Lexicon lex = pick(text, lang, t);
    if (lex == null) {
      lex = Math.abs(sum(text, fr, t)) > Math.abs(sum(text, en, t)) ? fr : en;
    }
    sum(text, lex, t);
    List<Contribution> out = new ArrayList<>();
    for (int i = 0; i < t.n; i++) {
      if (t.contrib[i] != 0) {
        String token = t.kind[i] == Tokens.WORD ? t.text(i) + (t.negated[i] ? "[neg]" : "")
            : t.kind[i] == Tokens.EMOTICON ? "emoticon" : "emoji";
        out.add(new Contribution(token, t.contrib[i]));
      }
    }
    if (t.exclamationContrib != 0) {
      out.add(new Contribution("!", t.exclamationContrib));
    }
    out.sort(Comparator.comparingDouble((Contribution c) -> -Math.abs(c.value())));
    return out;
  }

  /** The lexicon of {@code lang}; for an unknown language, a vote of function words; null on a tie. */
  private Lexicon pick(String text, String lang, Tokens t) {
    if (lang != null && lang.length() >= 2) {
      if (lang.regionMatches(true, 0, "fr", 0, 2)) {
        return fr;
      }
      if (lang.regionMatches(true, 0, "en", 0, 2)) {
        return en;
      }
    }
    // unknown language: a vote of the function words
    scanner.scan(text, en, t);
    int f = 0;
    int e = 0;
    for (int i = 0; i < t.n; i++) {
      if (t.kind[i] == Tokens.WORD) {
        if (fr.stopwords.contains(t.buf, t.off[i], t.len[i])) {
          f++;
        }
        if (en.stopwords.contains(t.buf, t.off[i], t.len[i])) {
          e++;
        }
      }
    }
    return f > e ? fr : e > f ? en : null;
  }

  private double sum(String text, Lexicon lex, Tokens t) {
    prepare(text, lex, t);
    int n = t.n;
    double s = 0;
    // contrast weights, computed on the fly: does a contrast word follow in this sentence?
    int sentenceEnd = -1;
    boolean contrastAhead = false;
    boolean afterContrast = false;
    boolean inConcession = false;
    boolean sarcasm = false;
    t.exclamationContrib = 0;
    for (int i = 0; i < n; i++) {
      byte k = t.kind[i];
      t.contrib[i] = 0;
      if (i > sentenceEnd) {
        sentenceEnd = i;
        contrastAhead = false;
        while (sentenceEnd < n && t.kind[sentenceEnd] < Tokens.SENTENCE) {
          if (t.clause[sentenceEnd] == 1 && sentenceEnd > i) {
            contrastAhead = true;
          }
          sentenceEnd++;
        }
        afterContrast = false;
        inConcession = false;
      }
      if (k >= Tokens.BREAK) {
        inConcession = false;
        continue;
      }
      if (k == Tokens.WORD && t.clause[i] != 0) {
        if (t.clause[i] == 1) {
          afterContrast = true;
          contrastAhead = false;
          for (int j = i + 1; j < sentenceEnd; j++) {
            if (t.clause[j] == 1) {
              contrastAhead = true;
              break;
            }
          }
        } else {
          inConcession = true;
        }
        continue;
      }
      float weight = contrastAhead ? BEFORE_CONTRAST : afterContrast ? AFTER_CONTRAST : 1f;
      if (inConcession) {
        weight *= CONCESSION;
      }
      if (k == Tokens.EMOJI || k == Tokens.EMOTICON) {
        t.contrib[i] = (sarcasm && t.value[i] > 0 ? -t.value[i] : t.value[i]) * weight;
        s += t.contrib[i];
        continue;
      }
      float v = t.valence[i];
      if (Float.isNaN(v)) {
        continue;
      }
      if (!sarcasm && v > 0 && s <= -SARCASM_AFTER && lex.sarcastic[lex.find(t.buf, t.off[i], t.len[i])]) {
        // thanks after a complaint ("1h d'attente... Merci Ondyne"): what follows is sarcasm
        sarcasm = true;
      }
      if (sarcasm && v > 0) {
        v = -v;
      }
      float sign = Math.signum(v);
      byte f = t.flags[i];
      if ((f & Tokens.F_CAPS) != 0 && t.lowerWords > 0) {
        v += sign * CAPS_EMPHASIS;
      }
      if ((f & Tokens.F_ELONGATED) != 0) {
        v += sign * ELONGATION_EMPHASIS;
      }
      for (int back = 1; back <= 3 && i - back >= 0; back++) {
        int j = i - back;
        if (t.kind[j] != Tokens.WORD || t.clause[j] != 0) {
          break;
        }
        float m = t.modifier[j];
        if (!Float.isNaN(m) && Float.isNaN(t.valence[j])) {
          float decay = back == 1 ? 1f : back == 2 ? 0.95f : 0.9f;
          v *= m > 0 ? 1 + (m - 1) * decay : m * decay;
        }
      }
      if (t.negated[i]) {
        v *= NEGATION;
      }
      t.contrib[i] = v * weight;
      s += t.contrib[i];
    }
    if (s != 0 && t.exclamations > 0) {
      t.exclamationContrib = (float) (Math.signum(s) * Math.min(t.exclamations, MAX_EXCLAMATIONS) * EXCLAMATION_EMPHASIS);
      s += t.exclamationContrib;
    }
    return s;
  }

  /** Scans, resolves spelling variants, merges multi-word entries, and tags each token. */
  private void prepare(String text, Lexicon lex, Tokens t) {
    scanner.scan(text, lex, t);
    resolveVariants(lex, t);
    mergePhrases(lex, t);
    int n = t.n;
    boolean accented = false;
    for (int i = 0; i < n && !accented; i++) {
      accented = t.kind[i] == Tokens.WORD && (t.flags[i] & Tokens.F_NON_ASCII) != 0;
    }
    for (int i = 0; i < n; i++) {
      t.negated[i] = false;
      if (t.kind[i] != Tokens.WORD) {
        t.valence[i] = Float.NaN;
        t.modifier[i] = Float.NaN;
        t.neg[i] = 0;
        t.clause[i] = 0;
        continue;
      }
      char[] b = t.buf;
      int o = t.off[i];
      int l = t.len[i];
      int e = lex.find(b, o, l);
      if (e < 0) {
        t.valence[i] = Float.NaN;
        t.modifier[i] = Float.NaN;
        t.neg[i] = 0;
        t.clause[i] = 0;
      } else {
        t.valence[i] = lex.valence[e];
        t.modifier[i] = lex.modifier[e];
        t.neg[i] = lex.negation[e];
        t.clause[i] = lex.clause[e];
        byte f = t.flags[i];
        if ((f & Tokens.F_HASHTAG) != 0 && !Float.isNaN(lex.hashtagValence[e])) {
          t.valence[i] = lex.hashtagValence[e];
        } else if (accented && lex.foldedOnly[e] && (f & Tokens.F_NON_ASCII) == 0) {
          // a text written with accents means this unaccented word is itself (outre), not a polar word
          // without its accent (outré)
          t.valence[i] = Float.NaN;
        } else if ((f & (Tokens.F_TITLE | Tokens.F_HASHTAG)) == Tokens.F_TITLE && i > 0 && t.kind[i - 1] == Tokens.WORD
            && (lex.name[e] || lex.elision || isUnknownName(lex, t, i - 1))) {
          // a capital inside a sentence: a name (à Angers, in Nice, Ségolène Royal), not the word;
          // French capitalises little but names, English capitalises titles and headlines
          t.valence[i] = Float.NaN;
        }
      }
    }
    // a word that is both a modifier and a sentiment word (super, trop, pretty) modifies when a
    // sentiment word follows, and counts by itself otherwise
    for (int i = 0; i < n; i++) {
      if (!Float.isNaN(t.modifier[i]) && !Float.isNaN(t.valence[i])) {
        int j = i + 1;
        while (j < n && t.kind[j] == Tokens.WORD && !Float.isNaN(t.modifier[j]) && Float.isNaN(t.valence[j])) {
          j++;
        }
        if (j < n && (t.kind[j] == Tokens.WORD && !Float.isNaN(t.valence[j]))) {
          t.valence[i] = Float.NaN;
        }
      }
    }
    // negation scopes
    int left = 0;
    for (int i = 0; i < n; i++) {
      if (t.kind[i] != Tokens.WORD) {
        if (t.kind[i] >= Tokens.BREAK) {
          left = 0;
        }
        continue;
      }
      if (t.clause[i] != 0) {
        left = 0;
        continue;
      }
      byte ng = t.neg[i];
      if (ng == Lexicon.NEG_NE) {
        for (int j = i + 1; j < n && j <= i + 6 && t.kind[j] < Tokens.BREAK; j++) {
          int e = t.kind[j] == Tokens.WORD ? lex.find(t.buf, t.off[j], t.len[j]) : -1;
          if (e >= 0 && lex.completer[e]) {
            left = Math.max(left, j - i + NEGATION_SCOPE);
            break;
          }
        }
        continue;
      }
      if (ng == Lexicon.NEG_OPEN) {
        left = Math.max(left, NEGATION_SCOPE);
        continue;
      }
      if (left > 0) {
        t.negated[i] = true;
        left--;
      }
    }
  }

  /** A capitalised word inside a sentence that the lexicon does not know (a first name: Ségolène). */
  private static boolean isUnknownName(Lexicon lex, Tokens t, int j) {
    return (t.flags[j] & (Tokens.F_TITLE | Tokens.F_HASHTAG)) == Tokens.F_TITLE && j > 0 && t.kind[j - 1] == Tokens.WORD
        && !lex.known(t.buf, t.off[j], t.len[j]);
  }

  /** Points each unknown word at a known spelling: elongation undone, accents folded. */
  private static void resolveVariants(Lexicon lex, Tokens t) {
    for (int i = 0; i < t.n; i++) {
      if (t.kind[i] != Tokens.WORD) {
        continue;
      }
      byte f = t.flags[i];
      if ((f & (Tokens.F_ELONGATED | Tokens.F_NON_ASCII)) == 0) {
        continue;
      }
      int o = t.off[i];
      int l = t.len[i];
      if (Scanner.known(lex, t.buf, o, l)) {
        continue;
      }
      t.ensureBuf(2 * l + 2);
      char[] b = t.buf;
      int tail = t.bufLen;
      if ((f & Tokens.F_ELONGATED) != 0) {
        int w = tail;
        for (int k = 0; k < l; k++) {
          char c = b[o + k];
          if (w > tail && b[w - 1] == c && Character.isLetter(c)) {
            continue;
          }
          b[w++] = c;
        }
        if (Scanner.known(lex, b, tail, w - tail)) {
          t.off[i] = tail;
          t.len[i] = w - tail;
          t.bufLen = w;
          continue;
        }
      }
      if ((f & Tokens.F_NON_ASCII) != 0) {
        for (int k = 0; k < l; k++) {
          b[tail + k] = TextNormalizer.fold(b[o + k]);
        }
        if (Scanner.known(lex, b, tail, l)) {
          t.off[i] = tail;
          t.len[i] = l;
          t.bufLen = tail + l;
        }
      }
    }
  }

  /** Replaces the longest run of words that is a multi-word entry by one token. */
  private static void mergePhrases(Lexicon lex, Tokens t) {
    int w = 0;
    int n = t.n;
    for (int i = 0; i < n; i++) {
      int take = 1;
      if (t.kind[i] == Tokens.WORD) {
        float max = lex.phraseStarts.get(t.buf, t.off[i], t.len[i]);
        if (!Float.isNaN(max)) {
          for (int k = Math.min((int) max, n - i); k >= 2; k--) {
            int total = k - 1;
            boolean words = true;
            for (int j = i; j < i + k; j++) {
              if (t.kind[j] != Tokens.WORD) {
                words = false;
                break;
              }
              total += t.len[j];
            }
            if (!words) {
              continue;
            }
            t.ensureBuf(total);
            char[] b = t.buf;
            int tail = t.bufLen;
            int p = tail;
            for (int j = i; j < i + k; j++) {
              if (j > i) {
                b[p++] = ' ';
              }
              System.arraycopy(b, t.off[j], b, p, t.len[j]);
              p += t.len[j];
            }
            if (lex.known(b, tail, total)) {
              t.bufLen = p;
              t.off[i] = tail;
              t.len[i] = total;
              byte f = 0;
              for (int j = i; j < i + k; j++) {
                f |= t.flags[j];
              }
              t.flags[i] = (byte) (f & ~(Tokens.F_CAPS | Tokens.F_TITLE) | t.flags[i] & (Tokens.F_CAPS | Tokens.F_TITLE));
              take = k;
              break;
            }
          }
        }
      }
      if (w != i) {
        t.off[w] = t.off[i];
        t.len[w] = t.len[i];
        t.kind[w] = t.kind[i];
        t.flags[w] = t.flags[i];
        t.value[w] = t.value[i];
      }
      w++;
      i += take - 1;
    }
    t.n = w;
  }
}
