package io.veille.streams.sentiment.eval;

import io.veille.common.model.Sentiment;
import io.veille.common.model.Sentiment.Label;
import io.veille.streams.sentiment.Contribution;
import io.veille.streams.sentiment.SentimentModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores a labelled set with a model and measures it: confusion matrix, accuracy, macro-F1 over the
 * classes of the set (three, or two for a binary set, where the sign of the score decides), Pearson
 * r between score and people's rating where the set has ratings, and single-thread throughput after
 * a warm-up.
 */
public final class SentimentEvaluation {
  private static final double MIN_TIMED_NANOS = 2e9;
  private static final int MAX_TIMED_PASSES = 50;
  /** Warm-up: this many items, or this long, whichever comes first. */
  private static final int WARMUP_ITEMS = 50_000;
  private static final double WARMUP_NANOS = 3e9;

  private SentimentEvaluation() {}

  /**
   * The outcome; {@code confusion[gold][predicted]} indexed by {@link Label#ordinal()};
   * {@code predictions} aligned with the set's examples.
   */
  public record Report(String data, String model, int n, long[][] confusion, double accuracy, double macroF1,
      double[] f1, double pearson, double throughput, boolean binary, int neutralPredictions,
      List<Sentiment> predictions) {

    /** The label the set's metric counts for item {@code i} (the sign of the score on a binary set). */
    public Label counted(int i) {
      Sentiment p = predictions.get(i);
      return binary ? (p.score() >= 0 ? Label.POSITIVE : Label.NEGATIVE) : p.label();
    }
  }

  /** One misclassified item and the tokens that decided it. */
  public record Error(SentimentDataset.Example example, Sentiment predicted, Label counted, List<Contribution> tokens) {}

  /**
   * Up to {@code max} misclassified items of {@code set}, evenly spread over the file (in file
   * order), each with the tokens that decided it.
   */
  public static List<Error> errors(SentimentDataset set, Report r, SentimentModel model, int max) {
    List<Integer> wrong = new ArrayList<>();
    for (int i = 0; i < r.n(); i++) {
      if (r.counted(i) != set.examples().get(i).gold()) {
        wrong.add(i);
      }
    }
    List<Error> out = new ArrayList<>();
    int k = Math.min(max, wrong.size());
    for (int j = 0; j < k; j++) {
      int i = wrong.get((int) ((long) j * wrong.size() / k));
      SentimentDataset.Example e = set.examples().get(i);
      out.add(new Error(e, r.predictions().get(i), r.counted(i), model.contributions(e.text(), set.lang())));
    }
    return out;
  }

  public static Report run(SentimentDataset set, SentimentModel model, String modelName) {
    List<SentimentDataset.Example> ex = set.examples();
    int n = ex.size();
    // warm-up, so that the JIT has compiled the model before it is timed
    long warmStart = System.nanoTime();
    for (int i = 0; i < WARMUP_ITEMS && n > 0; i++) {
      model.score(ex.get(i % n).text(), set.lang());
      if (System.nanoTime() - warmStart > WARMUP_NANOS) {
        break;
      }
    }
    Sentiment[] pred = new Sentiment[n];
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      pred[i] = model.score(ex.get(i).text(), set.lang());
    }
    long elapsed = System.nanoTime() - t0;
    long scored = n;
    int passes = 1;
    while (elapsed < MIN_TIMED_NANOS && passes < MAX_TIMED_PASSES) {
      long p0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        model.score(ex.get(i).text(), set.lang());
      }
      elapsed += System.nanoTime() - p0;
      scored += n;
      passes++;
    }
    double throughput = scored / (elapsed / 1e9);

    long[][] confusion = new long[3][3];
    int neutral = 0;
    double[] scores = new double[n];
    double[] ratings = new double[n];
    for (int i = 0; i < n; i++) {
      Label g = ex.get(i).gold();
      Label p = pred[i].label();
      if (p == Label.NEUTRAL) {
        neutral++;
      }
      if (set.binary()) {
        p = pred[i].score() >= 0 ? Label.POSITIVE : Label.NEGATIVE;
      }
      confusion[g.ordinal()][p.ordinal()]++;
      scores[i] = pred[i].score();
      ratings[i] = ex.get(i).rating();
    }
    Label[] classes = set.binary() ? new Label[] {Label.NEGATIVE, Label.POSITIVE} : Label.values();
    double[] f1 = new double[3];
    double sumF1 = 0;
    long correct = 0;
    for (Label c : classes) {
      int k = c.ordinal();
      long tp = confusion[k][k];
      long goldK = 0;
      long predK = 0;
      for (int j = 0; j < 3; j++) {
        goldK += confusion[k][j];
        predK += confusion[j][k];
      }
      double p = predK == 0 ? 0 : (double) tp / predK;
      double r = goldK == 0 ? 0 : (double) tp / goldK;
      f1[k] = p + r == 0 ? 0 : 2 * p * r / (p + r);
      sumF1 += f1[k];
      correct += tp;
    }
    double pearson = Double.isNaN(ratings.length > 0 ? ratings[0] : Double.NaN) ? Double.NaN : pearson(scores, ratings);
    return new Report(set.name(), modelName, n, confusion, n == 0 ? 0 : (double) correct / n, sumF1 / classes.length,
        f1, pearson, throughput, set.binary(), neutral, List.of(pred));
  }

  static double pearson(double[] x, double[] y) {
    int n = x.length;
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= n;
    my /= n;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      double dx = x[i] - mx;
      double dy = y[i] - my;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
  }
}
