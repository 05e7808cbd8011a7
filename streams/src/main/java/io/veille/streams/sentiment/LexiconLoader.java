package io.veille.streams.sentiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the lexicon model's tables from the lexicons bundled under
 * {@code io/veille/streams/sentiment/} (each folder keeps its licence note; see NOTICE) and the
 * rules files written for Veille. Valences are brought to VADER's scale (-4..4); where several
 * lexicons know a word, its valence is their mean; the rules files have the last word.
 */
final class LexiconLoader {
  private static final Logger LOG = LoggerFactory.getLogger(LexiconLoader.class);
  private static final String BASE = "/io/veille/streams/sentiment/";
  private static final Pattern PATTERN_WORD = Pattern.compile("form=\"([^\"]+)\"[^>]*polarity=\"([-0-9.]+)\"");

  /** AFINN is rated -5..5, VADER -4..4. */
  static final float AFINN_SCALE = 0.8f;
  /** Pattern's polarity is -1..1. */
  static final float PATTERN_SCALE = 3.0f;
  /** Umigon says positive or negative, without a strength. */
  static final float UMIGON_VALENCE = 2.0f;
  /** The Emoji Sentiment Ranking's score is -1..1. */
  static final float EMOJI_SCALE = 4.0f;
  /** Below this many occurrences in the ranking, an emoji is scored from its name instead. */
  static final int EMOJI_MIN_OCCURRENCES = 20;

  private LexiconLoader() {}

  record Loaded(Symbols symbols, Lexicon fr, Lexicon en) {}

  static Loaded load() {
    long t0 = System.nanoTime();
    Map<String, Float> emoticons = emoticons();
    Symbols bare = new Symbols(emoticons, Map.of());
    Scanner keyScanner = new Scanner(bare);

    Rules frRules = rules("rules-fr.txt");
    Rules enRules = rules("rules-en.txt");
    // a first pass without words lets the scanner split elisions in multi-word keys
    Lexicon frShape = frRules.lexicon("fr", Map.of(), true, keyScanner, null);
    Lexicon enShape = enRules.lexicon("en", Map.of(), false, keyScanner, null);

    Averager en = new Averager();
    readTsv("en_vader/vader_lexicon.txt", StandardCharsets.UTF_8, f -> en.add(key(f[0], enShape, keyScanner), Float.parseFloat(f[1]), "vader"));
    readTsv("en_afinn/AFINN-en-165.txt", StandardCharsets.UTF_8, f -> en.add(key(f[0], enShape, keyScanner), Float.parseFloat(f[1]) * AFINN_SCALE, "afinn"));

    Averager fr = new Averager();
    readLines("fr_vader_fr/fr_lexicon.txt", StandardCharsets.UTF_8, line -> {
      int sep = line.lastIndexOf("->");
      if (sep > 0) {
        fr.add(key(line.substring(0, sep), frShape, keyScanner), Float.parseFloat(line.substring(sep + 2).trim()), "vader_fr");
      }
    });
    readTsv("fr_afinn/AFINN-fr-165.txt", StandardCharsets.UTF_8, f -> fr.add(key(f[0], frShape, keyScanner), Float.parseFloat(f[1]) * AFINN_SCALE, "afinn"));
    readLines("fr_pattern/fr-sentiment.xml", StandardCharsets.UTF_8, line -> {
      Matcher m = PATTERN_WORD.matcher(line);
      if (m.find()) {
        float p = Float.parseFloat(m.group(2));
        if (p != 0f) {
          fr.add(key(m.group(1), frShape, keyScanner), p * PATTERN_SCALE, "pattern");
        }
      }
    });
    umigon("fr_umigon/positive_tone.txt", "11", UMIGON_VALENCE, fr, frShape, keyScanner);
    umigon("fr_umigon/negative_tone.txt", "12", -UMIGON_VALENCE, fr, frShape, keyScanner);

    Map<String, Float> enWords = en.means();
    Map<String, Float> frWords = fr.means();
    Lexicon enLex = enRules.lexicon("en", enWords, false, keyScanner, enShape);
    Lexicon frLex = frRules.lexicon("fr", frWords, true, keyScanner, frShape);
    Symbols symbols = new Symbols(emoticons, emoji(enLex));
    LOG.info("Sentiment lexicons loaded in {} ms: en {} words, fr {} words, {} emoji, {} emoticons",
        (System.nanoTime() - t0) / 1_000_000, enLex.words.size(), frLex.words.size(), symbols.emojiCount(), emoticons.size());
    return new Loaded(symbols, frLex, enLex);
  }

  /** Valences from several lexicons, averaged per word. */
  static final class Averager {
    private final Map<String, float[]> sums = new HashMap<>();

    void add(String key, float valence, String source) {
      if (key.isEmpty()) {
        return;
      }
      float[] s = sums.computeIfAbsent(key, k -> new float[2]);
      s[0] += valence;
      s[1] += 1;
    }

    Map<String, Float> means() {
      Map<String, Float> out = new HashMap<>();
      sums.forEach((k, s) -> out.put(k, s[0] / s[1]));
      return out;
    }
  }

  private static String key(String raw, Lexicon shape, Scanner scanner) {
    String s = raw.trim();
    if (s.indexOf(' ') < 0 && s.indexOf('\'') < 0 && s.indexOf('\u2019') < 0 && s.indexOf('-') < 0) {
      return TextNormalizer.normalize(s);
    }
    return scanner.keyForm(s, shape);
  }

  private static void umigon(String file, String code, float valence, Averager into, Lexicon shape, Scanner scanner) {
    readLines(file, StandardCharsets.UTF_8, line -> {
      String[] f = line.split("\t", -1);
      // term, condition, rule: "11:12" = positive unless the condition fails; skip the conditional programs
      String rule = f.length > 2 ? f[2].trim() : f.length > 1 ? f[1].trim() : "";
      if (rule.startsWith(code) && !f[0].isBlank()) {
        into.add(key(f[0], shape, scanner), valence, "umigon");
      }
    });
  }

  private static Map<String, Float> emoticons() {
    Map<String, Float> out = new LinkedHashMap<>();
    readTsv("en_vader/vader_lexicon.txt", StandardCharsets.UTF_8, f -> {
      if (isEmoticon(f[0])) {
        out.putIfAbsent(f[0], Float.parseFloat(f[1]));
      }
    });
    readTsv("en_afinn/AFINN-emoticon-8.txt", StandardCharsets.UTF_8, f -> {
      if (isEmoticon(f[0])) {
        out.putIfAbsent(f[0], Float.parseFloat(f[1]) * AFINN_SCALE);
      }
    });
    return out;
  }

  /** An emoticon starts with a symbol and is not only sentence punctuation. */
  static boolean isEmoticon(String s) {
    if (s.length() < 2 || s.length() > 8 || Character.isLetterOrDigit(s.charAt(0))) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (".!?,-'\"".indexOf(s.charAt(i)) < 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Emoji valences: from the Emoji Sentiment Ranking (Laplace-smoothed positive minus negative
   * share) when the emoji occurs often enough there, else from the English words of its name.
   */
  private static Map<Integer, Float> emoji(Lexicon en) {
    Map<Integer, Float> out = new HashMap<>();
    readLines("emoji_sentiment_ranking/Emoji_Sentiment_Data_v1.0.csv", StandardCharsets.UTF_8, line -> {
      if (line.startsWith("Emoji,")) {
        return;
      }
      String[] f = line.split(",");
      if (f.length < 7) {
        return;
      }
      int cp = Integer.decode(f[1]);
      double n = Double.parseDouble(f[2]);
      if (n < EMOJI_MIN_OCCURRENCES) {
        return;
      }
      double neg = (Double.parseDouble(f[4]) + 1) / (n + 3);
      double pos = (Double.parseDouble(f[6]) + 1) / (n + 3);
      out.put(cp, (float) ((pos - neg) * EMOJI_SCALE));
    });
    readTsv("en_vader/emoji_utf8_lexicon.txt", StandardCharsets.UTF_8, f -> {
      int cp = f[0].codePointAt(0);
      if (f[0].codePointCount(0, f[0].length()) != 1 || out.containsKey(cp)) {
        return;
      }
      float sum = 0;
      for (String w : f[1].toLowerCase(java.util.Locale.ROOT).split("[^a-z']+")) {
        if (!w.isEmpty()) {
          float v = en.words.get(w);
          if (!Float.isNaN(v)) {
            sum += v;
          }
        }
      }
      if (sum != 0) {
        out.put(cp, Math.max(-4f, Math.min(4f, sum)));
      }
    });
    return out;
  }

  /** A rules file: sections of terms, some with a number. */
  static final class Rules {
    final Map<String, List<String[]>> sections = new HashMap<>();

    List<String[]> section(String name) {
      return sections.getOrDefault(name, List.of());
    }

    Lexicon lexicon(String lang, Map<String, Float> lexiconWords, boolean elision, Scanner scanner, Lexicon shape) {
      Lexicon sh = shape != null ? shape
          : new Lexicon(lang, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), elision);
      Map<String, Float> negators = terms("negators", 1f, scanner, sh);
      for (String[] t : section("ne")) {
        negators.put(key(t[0], sh, scanner), (float) Lexicon.NEG_NE);
      }
      Map<String, Float> completers = terms("completers", 1f, scanner, sh);
      Map<String, Float> modifiers = terms("modifiers", Float.NaN, scanner, sh);
      Map<String, Float> clauses = terms("contrast", 1f, scanner, sh);
      clauses.putAll(terms("concession", 2f, scanner, sh));
      Map<String, Float> stopwords = new HashMap<>();
      for (String[] t : section("stopwords")) {
        for (String w : t) {
          stopwords.put(TextNormalizer.normalize(w), 0f);
        }
      }
      java.util.Set<String> neutral = new java.util.HashSet<>();
      for (String[] t : section("neutral")) {
        neutral.add(key(t[0], sh, scanner));
      }
      Map<String, Float> words = new HashMap<>(lexiconWords);
      // a negator or a clause word carries no valence of its own (VADER rates "no" -1.2)
      negators.keySet().forEach(words::remove);
      clauses.keySet().forEach(words::remove);
      completers.keySet().forEach(words::remove);
      words.putAll(terms("words", Float.NaN, scanner, sh));
      words.putAll(terms("phrases", Float.NaN, scanner, sh));
      words.keySet().removeAll(neutral);
      Map<String, Float> folded = withFolded(words);
      // a neutral word stays neutral whatever accented word folds onto it (contre, not contré)
      folded.keySet().removeAll(withFolded(neutral));
      // function words carry no valence, whatever a lexicon (or an accent folding: sûr -> sur) says
      folded.keySet().removeIf(k -> k.length() < 2 || stopwords.containsKey(k));
      java.util.Set<String> foldedOnly = new java.util.HashSet<>(folded.keySet());
      foldedOnly.removeAll(words.keySet());
      java.util.Set<String> sarcastic = new java.util.HashSet<>(terms("sarcasm", 0f, scanner, sh).keySet());
      java.util.Set<String> names = new java.util.HashSet<>(terms("names", 0f, scanner, sh).keySet());
      return new Lexicon(lang, folded, withFolded(negators), withFolded(completers), withFolded(modifiers),
          withFolded(clauses), withFolded(stopwords), elision, foldedOnly, withFolded(sarcastic), withFolded(names),
          terms("hashtags", Float.NaN, scanner, sh));
    }

    private Map<String, Float> terms(String section, float fixed, Scanner scanner, Lexicon shape) {
      Map<String, Float> out = new HashMap<>();
      for (String[] t : section(section)) {
        float v = Float.isNaN(fixed) ? Float.parseFloat(t[1]) : fixed;
        out.put(key(t[0], shape, scanner), v);
      }
      return out;
    }
  }

  /** Adds each key's accent-folded form, where that form is not a word of its own. */
  static java.util.Set<String> withFolded(java.util.Set<String> m) {
    java.util.Set<String> out = new java.util.HashSet<>(m);
    m.forEach(k -> out.add(TextNormalizer.fold(k)));
    return out;
  }

  static Map<String, Float> withFolded(Map<String, Float> m) {
    Map<String, Float> out = new HashMap<>(m);
    m.forEach((k, v) -> out.putIfAbsent(TextNormalizer.fold(k), v));
    return out;
  }

  static Rules rules(String file) {
    Rules r = new Rules();
    String[] current = {null};
    readLines(file, StandardCharsets.UTF_8, line -> {
      String s = line.strip();
      if (s.isEmpty() || s.startsWith("#")) {
        return;
      }
      if (s.startsWith("[") && s.endsWith("]")) {
        current[0] = s.substring(1, s.length() - 1);
        if (r.sections.put(current[0], new ArrayList<>()) != null) {
          throw new IllegalStateException(file + ": section [" + current[0] + "] appears twice");
        }
        return;
      }
      if (current[0] == null) {
        throw new IllegalStateException(file + ": entry before any [section]: " + s);
      }
      if (current[0].equals("stopwords")) {
        r.sections.get(current[0]).add(s.split("\\s+"));
      } else {
        r.sections.get(current[0]).add(s.split("\t"));
      }
    });
    return r;
  }

  static void readTsv(String file, Charset cs, Consumer<String[]> row) {
    readLines(file, cs, line -> {
      String[] f = line.split("\t");
      if (f.length >= 2) {
        row.accept(f);
      }
    });
  }

  static void readLines(String file, Charset cs, Consumer<String> line) {
    InputStream in = LexiconLoader.class.getResourceAsStream(BASE + file);
    if (in == null) {
      throw new IllegalStateException("bundled lexicon missing from the classpath: " + BASE + file);
    }
    int no = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, cs))) {
      String l;
      while ((l = r.readLine()) != null) {
        no++;
        if (l.endsWith("\r")) {
          l = l.substring(0, l.length() - 1);
        }
        if (!l.isBlank()) {
          try {
            line.accept(l);
          } catch (RuntimeException e) {
            throw new IllegalStateException(BASE + file + " line " + no + ": " + e.getMessage(), e);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + BASE + file, e);
    }
  }
}
