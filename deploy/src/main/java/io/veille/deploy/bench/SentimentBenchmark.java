package io.veille.deploy.bench;

import io.veille.common.model.Sentiment;
import io.veille.streams.sentiment.CoreNlpSentimentModel;
import io.veille.streams.sentiment.LexiconSentimentModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH benchmarks of the sentiment models on generated 140-character mentions, French and English
 * mixed (with emoji, hashtags, handles and URLs; not from the evaluation sets), one thread:
 * {@code lexicon} (the default model), {@code baseline} (a naive lexicon: split on spaces,
 * lower-case, look each word up in a HashMap, sum), and {@code corenlp} (English mentions only).
 * Run by {@code veille bench sentiment}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SentimentBenchmark {
  static final int MENTIONS = 4096;
  static final int LENGTH = 140;

  private static final String[] FR = {
      "merci @marque, au top !", "c'est pas terrible", "nuuul 😡", "#arnaque", "je ne suis pas déçu du tout",
      "la livraison était lente mais le produit est excellent", "service client injoignable depuis trois jours",
      "j'adore cette nouvelle collection 😍", "franchement bof", "trop bien la nouvelle appli !!!", "#ServicePourri",
      "le colis est arrivé ce matin", "vraiment déçue par la qualité", "pas mal du tout", "http://t.co/abc123",
      "quelqu'un a testé le nouveau forfait ?", "c'est honteux, rembourse-moi", "super accueil en boutique 👍",
      "ça fait une heure que j'attends", "bien joué l'équipe", "n'importe quoi ce SAV", "@support_fr",
      "je recommande", "la pire expérience de ma vie", "#BonPlan promo ce weekend", "mdr",
  };
  private static final String[] EN = {
      "thanks @brand, love it!", "not great tbh", "worst service ever 😡", "#fail", "I'm not disappointed at all",
      "delivery was slow but the product is excellent", "customer support has been unreachable for days",
      "loving the new collection 😍", "meh", "sooo good!!!", "#CustomerServiceFail", "the parcel arrived this morning",
      "really disappointed with the quality", "not bad at all", "https://t.co/xyz789", "has anyone tried the new plan?",
      "this is a scam, refund me", "great staff at the store 👍", "been waiting on hold for an hour", "well done team",
      "what a joke", "@support", "highly recommend", "the worst experience of my life", "#deal sale this weekend", "lol",
  };

  /** Mentions of exactly {@link #LENGTH} characters (fragments joined, then cut), half French, half English. */
  static String[] mentions(long seed, boolean englishOnly) {
    SplittableRandom r = new SplittableRandom(seed);
    String[] out = new String[MENTIONS];
    for (int i = 0; i < MENTIONS; i++) {
      String[] pool = englishOnly || i % 2 == 1 ? EN : FR;
      StringBuilder sb = new StringBuilder(LENGTH + 64);
      while (sb.length() < LENGTH) {
        if (sb.length() > 0) {
          sb.append(r.nextInt(4) == 0 ? ". " : " ");
        }
        sb.append(pool[r.nextInt(pool.length)]);
      }
      String s = sb.substring(0, LENGTH);
      // do not cut an emoji in half
      out[i] = Character.isHighSurrogate(s.charAt(LENGTH - 1)) ? s.substring(0, LENGTH - 1) + " " : s;
    }
    return out;
  }

  static String lang(int i) {
    return i % 2 == 1 ? "en" : "fr";
  }

  @State(Scope.Thread)
  public static class Lexicon {
    LexiconSentimentModel model;
    String[] texts;
    int i;

    @Setup(Level.Trial)
    public void setUp() {
      model = LexiconSentimentModel.create();
      texts = mentions(42, false);
    }
  }

  @State(Scope.Thread)
  public static class Baseline {
    Map<String, Float> words;
    String[] texts;
    int i;

    @Setup(Level.Trial)
    public void setUp() {
      words = new HashMap<>();
      load("/io/veille/streams/sentiment/en_vader/vader_lexicon.txt", "\t");
      load("/io/veille/streams/sentiment/fr_vader_fr/fr_lexicon.txt", "->");
      texts = mentions(42, false);
    }

    private void load(String resource, String sep) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(
          SentimentBenchmark.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
        String l;
        while ((l = r.readLine()) != null) {
          int k = l.indexOf(sep);
          if (k > 0) {
            String v = l.substring(k + sep.length()).split("\t")[0].trim();
            words.putIfAbsent(l.substring(0, k), Float.parseFloat(v));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @State(Scope.Thread)
  public static class CoreNlp {
    CoreNlpSentimentModel model;
    String[] texts;
    int i;

    @Setup(Level.Trial)
    public void setUp() {
      model = CoreNlpSentimentModel.create().warmUp();
      texts = mentions(42, true);
    }
  }

  @Benchmark
  public Sentiment lexicon(Lexicon s) {
    int i = s.i++ & (MENTIONS - 1);
    return s.model.score(s.texts[i], lang(i));
  }

  @Benchmark
  public double baseline(Baseline s) {
    String text = s.texts[s.i++ & (MENTIONS - 1)];
    double sum = 0;
    for (String w : text.split(" ")) {
      Float v = s.words.get(w.toLowerCase(Locale.ROOT));
      if (v != null) {
        sum += v;
      }
    }
    return sum / Math.sqrt(sum * sum + 15);
  }

  @Benchmark
  public Sentiment corenlp(CoreNlp s) {
    return s.model.score(s.texts[s.i++ & (MENTIONS - 1)], "en");
  }
}
