package io.veille.streams.sentiment.eval;

import io.veille.common.model.Sentiment.Label;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A labelled sentiment data set as laid out in {@code shared/data/eval/sentiment} (its README).
 * Read for measuring only: these files are never bundled nor used to fit anything.
 *
 * <ul>
 *   <li>{@link Format#UMSAB}: {@code <split>_text.txt} and {@code <split>_labels.txt}, one item per
 *       line, labels 0 negative, 1 neutral, 2 positive;
 *   <li>{@link Format#ALLOCINE}: {@code <split>.tsv}, {@code label<TAB>text}, 1 positive, 0 negative
 *       (binary);
 *   <li>{@link Format#VADER}: {@code *_GroundTruth.txt}, {@code id<TAB>mean rating -4..4<TAB>text};
 *       mean &gt; 0.5 positive, &lt; -0.5 negative, else neutral. Each file is its own set.
 * </ul>
 */
public record SentimentDataset(String name, String lang, boolean binary, List<Example> examples) {

  /**
   * One labelled text; {@code rating} is the people's mean rating (VADER format), else NaN;
   * {@code line} its 1-based line in the file (0 when not from a file).
   */
  public record Example(String text, Label gold, double rating, int line) {
    public Example(String text, Label gold, double rating) {
      this(text, gold, rating, 0);
    }
  }

  /** Every {@value}th item of a file (lines 5, 10, 15...) is the held-out part, the others the rest. */
  public static final int HOLDOUT_EVERY = 5;

  /**
   * Which items of a split to keep: all of them; the fixed held-out part, every
   * {@value #HOLDOUT_EVERY}th item (1-based lines 5, 10, 15... of the file; the rules are never
   * tuned on it); or the rest.
   */
  public enum Part {
    ALL, HOLDOUT, REST;

    public static Part parse(String s) {
      try {
        return valueOf(s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown part '" + s + "' (expected all, holdout or rest)");
      }
    }

    boolean keeps(int line) {
      return switch (this) {
        case ALL -> true;
        case HOLDOUT -> line % HOLDOUT_EVERY == 0;
        case REST -> line % HOLDOUT_EVERY != 0;
      };
    }
  }

  /** The items of {@code part}, named {@code <name>/holdout} or {@code <name>/rest}. */
  public SentimentDataset part(Part part) {
    if (part == Part.ALL) {
      return this;
    }
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      Example e = examples.get(i);
      if (part.keeps(e.line() > 0 ? e.line() : i + 1)) {
        out.add(e);
      }
    }
    return new SentimentDataset(name + "/" + part.name().toLowerCase(Locale.ROOT), lang, binary, out);
  }

  public enum Format {
    UMSAB, VADER, ALLOCINE;

    public static Format parse(String s) {
      try {
        return valueOf(s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown format '" + s + "' (expected umsab, vader or allocine)");
      }
    }

    /** The development split of this format's sets. */
    public String defaultSplit() {
      return this == ALLOCINE ? "dev" : this == UMSAB ? "val" : "";
    }
  }

  /** A malformed data file: the message names the file and the line. */
  public static final class DataException extends RuntimeException {
    public DataException(Path file, int line, String reason) {
      super(file + (line > 0 ? ":" + line : "") + ": " + reason);
    }
  }

  public SentimentDataset {
    examples = List.copyOf(examples);
  }

  /**
   * The sets in {@code dir} in the given format ({@code split} = null for the development split).
   * A VADER-format directory gives one set per ground-truth file.
   */
  public static List<SentimentDataset> load(Path dir, Format format, String split) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new DataException(dir, 0, "not a directory");
    }
    String sp = split == null || split.isBlank() ? format.defaultSplit() : split;
    String base = dir.getFileName().toString();
    String lang = guessLang(base);
    return switch (format) {
      case UMSAB -> List.of(umsab(dir, sp, base + "/" + sp, lang));
      case ALLOCINE -> List.of(allocine(dir.resolve(sp + ".tsv"), base + "/" + sp, lang));
      case VADER -> {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
          files = s.filter(p -> p.getFileName().toString().endsWith("_GroundTruth.txt")).sorted().toList();
        }
        if (files.isEmpty()) {
          throw new DataException(dir, 0, "no *_GroundTruth.txt file (VADER format)");
        }
        List<SentimentDataset> sets = new ArrayList<>();
        for (Path f : files) {
          String n = f.getFileName().toString().replace("_GroundTruth.txt", "");
          String shortName = n.startsWith("amazon") ? "amazon" : n.startsWith("nyt") ? "nyt" : n.replaceAll("[^A-Za-z0-9_.-]", "_");
          sets.add(vader(f, base + "/" + shortName, lang));
        }
        yield sets;
      }
    };
  }

  private static String guessLang(String dirName) {
    return dirName.startsWith("fr") ? "fr" : dirName.startsWith("en") ? "en" : null;
  }

  static SentimentDataset umsab(Path dir, String split, String name, String lang) throws IOException {
    Path textFile = dir.resolve(split + "_text.txt");
    Path labelFile = dir.resolve(split + "_labels.txt");
    List<String> texts = readLines(textFile);
    List<String> labels = readLines(labelFile);
    if (texts.size() != labels.size()) {
      throw new DataException(labelFile, 0, labels.size() + " labels for " + texts.size() + " texts in " + textFile.getFileName());
    }
    List<Example> out = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      Label gold = switch (labels.get(i).trim()) {
        case "0" -> Label.NEGATIVE;
        case "1" -> Label.NEUTRAL;
        case "2" -> Label.POSITIVE;
        default -> throw new DataException(labelFile, i + 1, "label must be 0, 1 or 2, was '" + labels.get(i) + "'");
      };
      if (texts.get(i).isBlank()) {
        throw new DataException(textFile, i + 1, "empty text");
      }
      out.add(new Example(unescape(texts.get(i)), gold, Double.NaN, i + 1));
    }
    return new SentimentDataset(name, lang, false, out);
  }

  static SentimentDataset allocine(Path file, String name, String lang) throws IOException {
    List<String> lines = readLines(file);
    List<Example> out = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      int tab = l.indexOf('\t');
      if (tab < 0) {
        throw new DataException(file, i + 1, "expected label<TAB>text");
      }
      Label gold = switch (l.substring(0, tab).trim()) {
        case "0" -> Label.NEGATIVE;
        case "1" -> Label.POSITIVE;
        default -> throw new DataException(file, i + 1, "label must be 0 or 1, was '" + l.substring(0, tab) + "'");
      };
      String text = l.substring(tab + 1);
      if (text.isBlank()) {
        throw new DataException(file, i + 1, "empty text");
      }
      out.add(new Example(text, gold, Double.NaN, i + 1));
    }
    return new SentimentDataset(name, lang, true, out);
  }

  static SentimentDataset vader(Path file, String name, String lang) throws IOException {
    List<String> lines = readLines(file);
    List<Example> out = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      String[] f = lines.get(i).split("\t", 3);
      if (f.length < 3) {
        throw new DataException(file, i + 1, "expected id<TAB>mean rating<TAB>text");
      }
      double r;
      try {
        r = Double.parseDouble(f[1].trim());
      } catch (NumberFormatException e) {
        throw new DataException(file, i + 1, "rating is not a number: '" + f[1] + "'");
      }
      if (!(r >= -4 && r <= 4)) {
        throw new DataException(file, i + 1, "rating must be within [-4, 4], was " + f[1]);
      }
      if (f[2].isBlank()) {
        throw new DataException(file, i + 1, "empty text");
      }
      Label gold = r > 0.5 ? Label.POSITIVE : r < -0.5 ? Label.NEGATIVE : Label.NEUTRAL;
      out.add(new Example(f[2], gold, r, i + 1));
    }
    return new SentimentDataset(name, lang, false, out);
  }

  /**
   * The UMSAB texts keep some characters as JSON escapes ({@code \u2019}, {@code \u002c}): decode
   * them, so the models see the text as it was written.
   */
  static String unescape(String s) {
    int k = s.indexOf("\\u");
    if (k < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\' && i + 5 < s.length() + 0 && s.charAt(i + 1) == 'u' && isHex(s, i + 2, i + 6)) {
        sb.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
        i += 6;
      } else {
        sb.append(c);
        i++;
      }
    }
    return sb.toString();
  }

  private static boolean isHex(String s, int from, int to) {
    if (to > s.length()) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Lines of a UTF-8 file; a trailing empty line is not an item, an empty line inside is kept (and rejected by the caller). */
  private static List<String> readLines(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new DataException(file, 0, "file not found");
    }
    List<String> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String l;
      while ((l = r.readLine()) != null) {
        out.add(l);
      }
    } catch (java.nio.charset.MalformedInputException e) {
      throw new DataException(file, out.size() + 1, "not valid UTF-8");
    }
    while (!out.isEmpty() && out.get(out.size() - 1).isBlank()) {
      out.remove(out.size() - 1);
    }
    return out;
  }
}
