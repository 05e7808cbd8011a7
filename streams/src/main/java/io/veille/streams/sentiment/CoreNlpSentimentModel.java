package io.veille.streams.sentiment;

import edu.stanford.nlp.ling.CoreAnnotations;
import edu.stanford.nlp.neural.rnn.RNNCoreAnnotations;
import edu.stanford.nlp.pipeline.Annotation;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import edu.stanford.nlp.sentiment.SentimentCoreAnnotations;
import edu.stanford.nlp.trees.Tree;
import edu.stanford.nlp.util.CoreMap;
import io.veille.common.model.Sentiment;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import org.ejml.simple.SimpleMatrix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stanford CoreNLP's recursive neural sentiment model (Socher et al., 2013), English only:
 * tokenize, ssplit, pos, parse (PCFG), sentiment. Each sentence gets a distribution over five
 * classes (very negative .. very positive); its score is the expected class mapped to [-1, 1]
 * ({@code -1, -0.5, 0, 0.5, 1}), and a mention's score is the mean of its sentences weighted by
 * their length in tokens. A score within {@code +-neutralBand} is neutral.
 *
 * <p>The pipeline (about 500 MB of models, ~170 MB of live heap, several seconds to load) is
 * built once per JVM, lazily, on the first call, and shared; CoreNLP's annotate is thread-safe.
 * About 50 short texts per second per thread: run it behind {@link SentimentRouter}'s bounded pool.
 */
public final class CoreNlpSentimentModel implements SentimentModel {
  private static final Logger LOG = LoggerFactory.getLogger(CoreNlpSentimentModel.class);
  public static final String NAME = "corenlp-en";
  /** Default neutral band on the expected-class score, chosen on the English development sets. */
  public static final double DEFAULT_NEUTRAL_BAND = 0.1;
  /** Sentences longer than this many tokens are not parsed (PCFG time grows with the cube). */
  static final int MAX_SENTENCE_TOKENS = 50;

  private final double neutralBand;

  private CoreNlpSentimentModel(double neutralBand) {
    if (!(neutralBand >= 0 && neutralBand < 1)) {
      throw new IllegalArgumentException("neutral band must be in [0, 1), was " + neutralBand);
    }
    this.neutralBand = neutralBand;
  }

  /**
   * Whether CoreNLP is on the class path. It is GPL-3.0: Veille's default distribution leaves it
   * out, and {@code VEILLE_CORENLP=1 ./veille build} (Maven profile {@code corenlp}) puts it in.
   */
  public static boolean available() {
    try {
      Class.forName("edu.stanford.nlp.pipeline.StanfordCoreNLP", false, CoreNlpSentimentModel.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The model; its pipeline is loaded on first use and shared by every instance. */
  public static CoreNlpSentimentModel create() {
    if (!available()) {
      throw new IllegalStateException("CoreNLP is not in this distribution (it is GPL-3.0, an optional extra): "
          + "rebuild with VEILLE_CORENLP=1 ./veille build, or use the lexicon model");
    }
    return new CoreNlpSentimentModel(DEFAULT_NEUTRAL_BAND);
  }

  public CoreNlpSentimentModel withNeutralBand(double band) {
    return new CoreNlpSentimentModel(band);
  }

  private static final class Pipeline {
    static final StanfordCoreNLP INSTANCE = load();

    private static StanfordCoreNLP load() {
      long t0 = System.nanoTime();
      Properties p = new Properties();
      p.setProperty("annotators", "tokenize,ssplit,pos,parse,sentiment");
      p.setProperty("parse.model", "edu/stanford/nlp/models/lexparser/englishPCFG.ser.gz");
      p.setProperty("parse.maxlen", Integer.toString(MAX_SENTENCE_TOKENS));
      p.setProperty("parse.binaryTrees", "true");
      p.setProperty("tokenize.options", "untokenizable=noneKeep");
      p.setProperty("tokenize.language", "en");
      StanfordCoreNLP pipeline = new StanfordCoreNLP(p);
      LOG.info("CoreNLP sentiment pipeline loaded in {} ms", (System.nanoTime() - t0) / 1_000_000);
      return pipeline;
    }
  }

  /** Loads the pipeline now rather than on the first mention. */
  public CoreNlpSentimentModel warmUp() {
    score("Loading went well.", "en");
    return this;
  }

  @Override
  public String name() {
    return "corenlp";
  }

  @Override
  public Sentiment score(String text, String lang) {
    Objects.requireNonNull(text, "text");
    Annotation doc = new Annotation(text);
    Pipeline.INSTANCE.annotate(doc);
    List<CoreMap> sentences = doc.get(CoreAnnotations.SentencesAnnotation.class);
    double sum = 0;
    double weight = 0;
    if (sentences != null) {
      for (CoreMap s : sentences) {
        Tree tree = s.get(SentimentCoreAnnotations.SentimentAnnotatedTree.class);
        if (tree == null) {
          continue;
        }
        SimpleMatrix p = RNNCoreAnnotations.getPredictions(tree);
        if (p == null) {
          continue;
        }
        double expected = 0;
        for (int k = 0; k < 5; k++) {
          expected += p.get(k) * (k - 2) / 2.0;
        }
        List<?> tokens = s.get(CoreAnnotations.TokensAnnotation.class);
        double w = tokens == null ? 1 : Math.max(1, tokens.size());
        sum += expected * w;
        weight += w;
      }
    }
    double score = weight == 0 ? 0 : Math.max(-1, Math.min(1, sum / weight));
    Sentiment.Label label = score > neutralBand ? Sentiment.Label.POSITIVE
        : score < -neutralBand ? Sentiment.Label.NEGATIVE : Sentiment.Label.NEUTRAL;
    return new Sentiment(label, score, NAME);
  }
}
