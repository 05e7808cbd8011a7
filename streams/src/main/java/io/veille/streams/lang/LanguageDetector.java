package io.veille.streams.lang;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detects the language of a mention that came without one, for the languages Veille scores:
 * French or English, another language's ISO 639-1 code when it clearly is another one, and
 * {@value #UNDETERMINED} when unsure.
 *
 * <p>The text is cleaned first: URLs, @handles, emoji, digits and the {@code #} of hashtags are
 * removed (camel-case hashtags split into words). OpenNLP's language model
 * ({@code langdetect-183.bin}, 103 languages, character n-grams) then gives a probability for each
 * language; French and English are compared on their probabilities plus the French and English
 * function words found (which decide the very short texts such as "J'adore" or "So good").
 *
 * <p>Thread-safe: the model is shared, each thread has its own detector.
 */
public final class LanguageDetector {
  private static final Logger LOG = LoggerFactory.getLogger(LanguageDetector.class);
  public static final String UNDETERMINED = "und";
  private static final String MODEL = "/langdetect-183.bin";
  /** Fewer letters than this (after cleaning): undetermined. */
  static final int MIN_LETTERS = 3;
  /** Another language wins only on a text at least this long... */
  static final int MIN_LETTERS_OTHER = 25;
  /** ... and this many times more probable than French and English. */
  static final double MIN_RATIO_OTHER = 3;
  /** Weight of one function word against the log-ratio of the model's probabilities. */
  static final double FUNCTION_WORD_WEIGHT = 1.5;
  /** French and English must differ by at least this (in log-odds units) to decide. */
  static final double MIN_MARGIN = 0.5;

  private static final Set<String> FR = Set.of("le", "la", "les", "un", "une", "des", "du", "de", "et", "est", "je", "tu", "il",
      "elle", "nous", "vous", "ils", "pas", "ne", "que", "qui", "pour", "dans", "sur", "avec", "ce", "cette", "mais", "ou",
      "très", "tres", "trop", "c", "j", "l", "d", "n", "qu", "m", "t", "s", "au", "aux", "mon", "ma", "mes", "ça", "ca",
      "suis", "sont", "merci", "bonjour", "oui", "non", "plus", "tout", "bien", "aussi", "quand", "comme", "moi", "toi", "on",
      "depuis", "toujours", "encore", "jamais", "rien", "chez", "sans", "parce", "pourquoi", "quoi", "notre", "votre", "leur",
      "été", "fait", "vais", "va", "ont", "avez", "sommes", "êtes", "faire", "peut", "même", "où", "déjà");
  private static final Set<String> EN = Set.of("the", "a", "an", "and", "is", "are", "was", "were", "i", "you", "he", "she",
      "we", "they", "it", "not", "no", "to", "of", "in", "on", "for", "with", "this", "that", "but", "or", "very", "so",
      "my", "your", "be", "have", "has", "do", "does", "did", "don't", "can't", "it's", "i'm", "thanks", "thank", "yes",
      "good", "what", "just", "at", "all", "get", "love", "me", "would", "will", "from", "about", "really",
      "been", "since", "still", "never", "nothing", "why", "our", "their", "them", "there", "here", "which", "who", "how",
      "anyone", "everyone", "again", "ever", "because", "should", "could", "know", "im", "dont", "cant");

  private final LanguageDetectorModel model;
  private final ThreadLocal<LanguageDetectorME> detectors;
  private final Map<String, String> iso3to1 = new HashMap<>();

  private LanguageDetector(LanguageDetectorModel model) {
    this.model = model;
    this.detectors = ThreadLocal.withInitial(() -> new LanguageDetectorME(this.model));
    for (String iso1 : Locale.getISOLanguages()) {
      try {
        iso3to1.put(Locale.of(iso1).getISO3Language(), iso1);
      } catch (java.util.MissingResourceException e) {
        // no three-letter code: not a language the model knows
      }
    }
  }

  private static final class Holder {
    static final LanguageDetector INSTANCE = new LanguageDetector(load());

    private static LanguageDetectorModel load() {
      long t0 = System.nanoTime();
      try (InputStream in = LanguageDetector.class.getResourceAsStream(MODEL)) {
        if (in == null) {
          throw new IllegalStateException("OpenNLP language model " + MODEL + " not on the classpath "
              + "(org.apache.opennlp:opennlp-models-langdetect)");
        }
        LanguageDetectorModel m = new LanguageDetectorModel(in);
        LOG.info("Language model loaded in {} ms", (System.nanoTime() - t0) / 1_000_000);
        return m;
      } catch (IOException e) {
        throw new UncheckedIOException("reading the OpenNLP language model", e);
      }
    }
  }

  /** The detector (its model is loaded once per JVM, about 0.5 s, on first use). */
  public static LanguageDetector get() {
    return Holder.INSTANCE;
  }

  /** {@code fr}, {@code en}, another ISO 639-1 code, or {@value #UNDETERMINED}. */
  public String detect(String text) {
    return detectWithMargin(text).language();
  }

  /** The decision and how sure it is (the French/English margin in log-odds units; 0 when undetermined). */
  public record Detection(String language, double margin) {}

  public Detection detectWithMargin(String text) {
    if (text == null || text.isEmpty()) {
      return new Detection(UNDETERMINED, 0);
    }
    StringBuilder clean = new StringBuilder(text.length());
    int letters = clean(text, clean);
    if (letters < MIN_LETTERS) {
      return new Detection(UNDETERMINED, 0);
    }
    String cleaned = clean.toString();
    int fr = 0;
    int en = 0;
    int words = 0;
    for (String w : cleaned.toLowerCase(Locale.ROOT).split("[^\\p{L}']+")) {
      if (!w.isEmpty()) {
        words++;
      }
      for (String part : w.split("'")) {
        if (FR.contains(part)) {
          fr++;
        }
      }
      if (FR.contains(w) && w.indexOf('\'') >= 0) {
        fr++;
      }
      if (EN.contains(w)) {
        en++;
      }
    }
    Language[] langs = detectors.get().predictLanguages(cleaned);
    double pFr = 1e-6;
    double pEn = 1e-6;
    Language top = langs.length > 0 ? langs[0] : null;
    for (Language l : langs) {
      if (l.getLang().equals("fra")) {
        pFr = Math.max(pFr, l.getConfidence());
      } else if (l.getLang().equals("eng")) {
        pEn = Math.max(pEn, l.getConfidence());
      }
    }
    if (top != null && !top.getLang().equals("fra") && !top.getLang().equals("eng") && letters >= MIN_LETTERS_OTHER
        && top.getConfidence() >= MIN_RATIO_OTHER * Math.max(pFr, pEn) && (fr + en) * 4 <= words) {
      String code = iso3to1.get(top.getLang());
      return new Detection(code != null ? code : UNDETERMINED, 0);
    }
    double margin = Math.log(pFr / pEn) + FUNCTION_WORD_WEIGHT * (fr - en);
    if (Math.abs(margin) < MIN_MARGIN) {
      return new Detection(UNDETERMINED, 0);
    }
    return new Detection(margin > 0 ? "fr" : "en", Math.abs(margin));
  }

  /** Copies the text without URLs, handles, emoji, digits and hashtag marks; returns the letters kept. */
  static int clean(String text, StringBuilder out) {
    int letters = 0;
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if ((c == 'h' || c == 'H' || c == 'w' || c == 'W') && (i == 0 || !Character.isLetter(text.charAt(i - 1)))
          && (text.regionMatches(true, i, "http", 0, 4) || text.regionMatches(true, i, "www.", 0, 4))) {
        while (i < n && !Character.isWhitespace(text.charAt(i))) {
          i++;
        }
        out.append(' ');
        continue;
      }
      if (c == '@' && i + 1 < n && (Character.isLetterOrDigit(text.charAt(i + 1)) || text.charAt(i + 1) == '_')) {
        i++;
        while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
          i++;
        }
        out.append(' ');
        continue;
      }
      if (c == '#') {
        out.append(' ');
        i++;
        // split a camel-case hashtag into words
        while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
          char h = text.charAt(i);
          if (Character.isUpperCase(h) && i > 0 && Character.isLowerCase(text.charAt(i - 1))) {
            out.append(' ');
          }
          if (Character.isLetter(h)) {
            out.append(h);
            letters++;
          } else {
            out.append(' ');
          }
          i++;
        }
        continue;
      }
      int cp = text.codePointAt(i);
      if (Character.isLetter(cp)) {
        int len = out.length();
        if (len >= 2 && out.charAt(len - 1) == c && out.charAt(len - 2) == c) {
          i++;
          continue;
        }
        out.appendCodePoint(cp);
        letters++;
      } else if (c == '\'' || c == '\u2019') {
        out.append('\'');
      } else if (Character.isWhitespace(cp) || Character.isDigit(cp) || Character.getType(cp) == Character.OTHER_SYMBOL
          || Character.isSurrogate(c)) {
        out.append(' ');
      } else {
        out.append(c);
      }
      i += Character.charCount(cp);
    }
    return letters;
  }
}
