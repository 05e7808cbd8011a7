package io.veille.deploy.eval;

import io.veille.common.model.Sentiment.Label;
import io.veille.deploy.Results;
import io.veille.streams.sentiment.Contribution;
import io.veille.streams.sentiment.CoreNlpSentimentModel;
import io.veille.streams.sentiment.LexiconSentimentModel;
import io.veille.streams.sentiment.SentimentModel;
import io.veille.streams.sentiment.eval.SentimentDataset;
import io.veille.streams.sentiment.eval.SentimentEvaluation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code veille eval sentiment}: a sentiment model on a labelled development set
 * (shared/data/eval/sentiment): n, accuracy, macro-F1, the confusion matrix, Pearson r where the
 * set has people's ratings, and single-thread throughput after a warm-up; {@code --part holdout}
 * scores the fixed held-out part of a split, {@code --errors N} lists misclassified items with the
 * tokens that decided them. Ends with RESULT lines.
 */
@Command(name = "sentiment", mixinStandardHelpOptions = true,
    description = {"Measure a sentiment model on a labelled set: n, accuracy, macro-F1, F1 per class, confusion matrix,",
        "throughput (mentions/s, one thread, after warm-up), and with --errors N misclassified items and the",
        "tokens that decided them. Ends with RESULT lines."})
public final class EvalSentimentCommand implements Callable<Integer> {

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Folder of the set, e.g. ../shared/data/eval/sentiment/fr_deft2017.")
  Path data;

  @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "umsab, vader or allocine (see the data README).")
  String format;

  @Option(names = "--model", defaultValue = "lexicon", paramLabel = "MODEL", description = "lexicon or corenlp (English only) (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--split", paramLabel = "NAME", description = "Split to read (default: the development split, val or dev).")
  String split;

  @Option(names = "--part", defaultValue = "all", paramLabel = "PART",
      description = {"all, holdout (the fixed held-out part: every 5th item, lines 5, 10, 15... of the file)",
          "or rest (the other items) (default: ${DEFAULT-VALUE})."})
  String part;

  @Option(names = "--errors", defaultValue = "0", paramLabel = "N",
      description = "Also list N misclassified items (evenly spread over the file) with the tokens that decided them.")
  int errors;

  @Option(names = "--limit", paramLabel = "N", description = "Score an evenly spaced sample of N items of each set (for slow models).")
  Integer limit;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
  Path json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    CommandLine cl = spec.commandLine();
    SentimentDataset.Format fmt;
    try {
      fmt = SentimentDataset.Format.parse(format);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, e.getMessage());
    }
    String modelName = model.toLowerCase(Locale.ROOT);
    if (!modelName.equals("lexicon") && !modelName.equals("corenlp")) {
      throw new CommandLine.ParameterException(cl, "unknown model '" + model + "' (expected lexicon or corenlp)");
    }
    SentimentDataset.Part p;
    try {
      p = SentimentDataset.Part.parse(part);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, e.getMessage());
    }
    if (errors < 0) {
      throw new CommandLine.ParameterException(cl, "--errors must be at least 0");
    }
    if (limit != null && limit < 1) {
      throw new CommandLine.ParameterException(cl, "--limit must be at least 1");
    }
    List<SentimentDataset> sets = new ArrayList<>();
    for (SentimentDataset s : SentimentDataset.load(data, fmt, split)) {
      sets.add(s.part(p));
    }
    if (modelName.equals("corenlp")) {
      for (SentimentDataset s : sets) {
        if (!"en".equals(s.lang())) {
          throw new CommandLine.ParameterException(cl, "corenlp scores English only; " + s.name() + " is "
              + (s.lang() == null ? "of unknown language" : "'" + s.lang() + "'"));
        }
      }
    }
    PrintWriter out = cl.getOut();
    SentimentModel m = modelName.equals("corenlp") ? CoreNlpSentimentModel.create() : LexiconSentimentModel.create();
    Results results = new Results();
    for (SentimentDataset s : sets) {
      SentimentDataset sample = limit == null ? s : sample(s, limit);
      out.printf("%s (%s, %d items%s): scoring with %s...%n", s.name(), s.lang(), sample.examples().size(),
          sample == s ? "" : " sampled from " + s.examples().size(), modelName);
      out.flush();
      SentimentEvaluation.Report r = SentimentEvaluation.run(sample, m, modelName);
      print(out, r);
      if (errors > 0) {
        printErrors(out, SentimentEvaluation.errors(sample, r, m, errors), r);
      }
      var row = results.add("eval", "sentiment", "data", r.data(), "model", modelName, "n", r.n(),
          "accuracy", r.accuracy(), "macro_f1", r.macroF1());
      for (Label l : r.binary() ? new Label[] {Label.NEGATIVE, Label.POSITIVE} : Label.values()) {
        Results.put(row, "f1_" + l.name().toLowerCase(Locale.ROOT), r.f1()[l.ordinal()]);
      }
      if (!Double.isNaN(r.pearson())) {
        Results.put(row, "pearson", r.pearson());
      }
      Results.put(row, "throughput", r.throughput());
    }
    results.print(out, json);
    return 0;
  }

  static void printErrors(PrintWriter out, List<SentimentEvaluation.Error> errs, SentimentEvaluation.Report r) {
    out.printf("  %d misclassified item%s (line: gold -> predicted, score; the tokens that decided, largest first)%n",
        errs.size(), errs.size() == 1 ? "" : "s");
    for (SentimentEvaluation.Error e : errs) {
      String text = e.example().text().replace('\n', ' ').replace('\t', ' ');
      if (text.length() > 200) {
        text = text.substring(0, 197) + "...";
      }
      out.printf(Locale.ROOT, "  %5d: %s -> %s %+.2f  %s%n", e.example().line(), e.example().gold().name().toLowerCase(Locale.ROOT),
          e.counted().name().toLowerCase(Locale.ROOT), e.predicted().score(), text);
      StringBuilder sb = new StringBuilder("         ");
      if (e.tokens().isEmpty()) {
        sb.append("(no sentiment token)");
      }
      int shown = 0;
      for (Contribution c : e.tokens()) {
        if (shown++ == 8) {
          sb.append(" ...");
          break;
        }
        sb.append(String.format(Locale.ROOT, " %s %+.2f", c.token(), c.value()));
      }
      out.println(sb);
    }
    out.println();
    out.flush();
  }

  /** Every k-th item, so the sample spreads over the whole file. */
  static SentimentDataset sample(SentimentDataset s, int n) {
    List<SentimentDataset.Example> all = s.examples();
    if (n >= all.size()) {
      return s;
    }
    List<SentimentDataset.Example> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(all.get((int) ((long) i * all.size() / n)));
    }
    return new SentimentDataset(s.name(), s.lang(), s.binary(), out);
  }

  static void print(PrintWriter out, SentimentEvaluation.Report r) {
    Label[] labels = r.binary() ? new Label[] {Label.NEGATIVE, Label.POSITIVE} : Label.values();
    out.printf("  n %d   accuracy %.3f   macro-F1 %.3f%s%n", r.n(), r.accuracy(), r.macroF1(),
        Double.isNaN(r.pearson()) ? "" : String.format(Locale.ROOT, "   Pearson r %.3f", r.pearson()));
    StringBuilder f1 = new StringBuilder("  F1");
    for (Label l : labels) {
      f1.append(String.format(Locale.ROOT, "   %s %.3f", l.name().toLowerCase(Locale.ROOT), r.f1()[l.ordinal()]));
    }
    out.println(f1);
    if (r.binary()) {
      out.printf("  binary set: the sign of the score decides (%d of %d were neutral for the model)%n", r.neutralPredictions(), r.n());
    }
    out.println("  confusion (rows: gold, columns: predicted)");
    StringBuilder head = new StringBuilder(String.format("  %-10s", ""));
    for (Label l : labels) {
      head.append(String.format("%10s", l.name().toLowerCase(Locale.ROOT)));
    }
    out.println(head);
    for (Label g : labels) {
      StringBuilder row = new StringBuilder(String.format("  %-10s", g.name().toLowerCase(Locale.ROOT)));
      for (Label p : labels) {
        row.append(String.format("%10d", r.confusion()[g.ordinal()][p.ordinal()]));
      }
      out.println(row);
    }
    out.printf(Locale.ROOT, r.throughput() < 100 ? "  throughput %.2f mentions/s (one thread, after warm-up)%n%n"
        : "  throughput %,.0f mentions/s (one thread, after warm-up)%n%n", r.throughput());
    out.flush();
  }
}
