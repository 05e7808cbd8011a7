package io.veille.streams.sentiment.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veille.common.model.Sentiment;
import io.veille.common.model.Sentiment.Label;
import io.veille.streams.sentiment.SentimentModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentimentDatasetTest {
  @TempDir
  Path dir;

  @Test
  void readsUmsab() throws Exception {
    Path d = Files.createDirectory(dir.resolve("fr_test"));
    Files.writeString(d.resolve("val_text.txt"), "bien\nnul\nle train\n");
    Files.writeString(d.resolve("val_labels.txt"), "2\n0\n1");
    SentimentDataset s = SentimentDataset.load(d, SentimentDataset.Format.UMSAB, null).get(0);
    assertThat(s.name()).isEqualTo("fr_test/val");
    assertThat(s.lang()).isEqualTo("fr");
    assertThat(s.examples()).extracting(SentimentDataset.Example::gold)
        .containsExactly(Label.POSITIVE, Label.NEGATIVE, Label.NEUTRAL);
  }

  @Test
  void decodesJsonEscapesOfUmsabTexts() {
    assertThat(SentimentDataset.unescape("doesn\\u2019t\\u002c ok \\u00")).isEqualTo("doesn\u2019t, ok \\u00");
  }

  @Test
  void malformedLinesNameTheFileAndLine() throws Exception {
    Path d = Files.createDirectory(dir.resolve("en_bad"));
    Files.writeString(d.resolve("val_text.txt"), "a\nb\n");
    Files.writeString(d.resolve("val_labels.txt"), "2\nx\n");
    assertThatThrownBy(() -> SentimentDataset.load(d, SentimentDataset.Format.UMSAB, null))
        .isInstanceOf(SentimentDataset.DataException.class).hasMessageContaining("val_labels.txt:2").hasMessageContaining("'x'");

    Files.writeString(d.resolve("dev.tsv"), "1\tgood\nno tab here\n");
    assertThatThrownBy(() -> SentimentDataset.load(d, SentimentDataset.Format.ALLOCINE, null))
        .hasMessageContaining("dev.tsv:2").hasMessageContaining("label<TAB>text");

    Files.writeString(d.resolve("x_GroundTruth.txt"), "1_1\t0.5\tfine\n1_2\tabc\toops\n");
    assertThatThrownBy(() -> SentimentDataset.load(d, SentimentDataset.Format.VADER, null))
        .hasMessageContaining("x_GroundTruth.txt:2").hasMessageContaining("not a number");

    Files.writeString(d.resolve("val_labels.txt"), "2\n");
    assertThatThrownBy(() -> SentimentDataset.load(d, SentimentDataset.Format.UMSAB, null))
        .hasMessageContaining("1 labels for 2 texts");
    assertThatThrownBy(() -> SentimentDataset.load(dir.resolve("missing"), SentimentDataset.Format.UMSAB, null))
        .hasMessageContaining("not a directory");
    assertThatThrownBy(() -> SentimentDataset.Format.parse("csv")).hasMessageContaining("umsab, vader or allocine");
  }

  @Test
  void vaderGoldUsesTheHalfPointThresholds() throws Exception {
    Path d = Files.createDirectory(dir.resolve("en_snippets"));
    Files.writeString(d.resolve("amazonReviewSnippets_GroundTruth.txt"), "1\t0.6\ta\n2\t0.5\tb\n3\t-0.5\tc\n4\t-0.51\td\n");
    SentimentDataset s = SentimentDataset.load(d, SentimentDataset.Format.VADER, null).get(0);
    assertThat(s.name()).isEqualTo("en_snippets/amazon");
    assertThat(s.examples()).extracting(SentimentDataset.Example::gold)
        .containsExactly(Label.POSITIVE, Label.NEUTRAL, Label.NEUTRAL, Label.NEGATIVE);
  }

  @Test
  void metricsOnAKnownConfusion() {
    // a model that answers from the text: "p" positive, "n" negative, anything else neutral
    SentimentModel echo = new SentimentModel() {
      @Override
      public Sentiment score(String text, String lang) {
        return switch (text) {
          case "p" -> new Sentiment(Label.POSITIVE, 0.5, "echo");
          case "n" -> new Sentiment(Label.NEGATIVE, -0.5, "echo");
          default -> new Sentiment(Label.NEUTRAL, 0.0, "echo");
        };
      }

      @Override
      public String name() {
        return "echo";
      }
    };
    SentimentDataset s = new SentimentDataset("t", "en", false, List.of(
        new SentimentDataset.Example("p", Label.POSITIVE, 2), new SentimentDataset.Example("n", Label.NEGATIVE, -2),
        new SentimentDataset.Example("x", Label.NEUTRAL, 0), new SentimentDataset.Example("p", Label.NEUTRAL, 1)));
    SentimentEvaluation.Report r = SentimentEvaluation.run(s, echo, "echo");
    assertThat(r.n()).isEqualTo(4);
    assertThat(r.accuracy()).isEqualTo(0.75);
    // F1: negative 1, neutral (p 1, r 0.5) 2/3, positive (p 0.5, r 1) 2/3
    assertThat(r.macroF1()).isCloseTo((1 + 2.0 / 3 + 2.0 / 3) / 3, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(r.confusion()[Label.NEUTRAL.ordinal()][Label.POSITIVE.ordinal()]).isEqualTo(1);
    assertThat(r.pearson()).isGreaterThan(0.9);
    assertThat(r.throughput()).isPositive();
  }

  @Test
  void theHeldOutPartIsEveryFifthLineAndTheRestIsTheOthers() {
    List<SentimentDataset.Example> ex = new java.util.ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      ex.add(new SentimentDataset.Example("t" + i, Label.NEUTRAL, Double.NaN, i));
    }
    SentimentDataset s = new SentimentDataset("d/train", "fr", false, ex);
    SentimentDataset hold = s.part(SentimentDataset.Part.HOLDOUT);
    assertThat(hold.name()).isEqualTo("d/train/holdout");
    assertThat(hold.examples()).extracting(SentimentDataset.Example::line).containsExactly(5, 10);
    assertThat(s.part(SentimentDataset.Part.REST).examples()).hasSize(10)
        .extracting(SentimentDataset.Example::line).doesNotContain(5, 10);
    assertThat(s.part(SentimentDataset.Part.ALL)).isSameAs(s);
    assertThatThrownBy(() -> SentimentDataset.Part.parse("half")).hasMessageContaining("holdout");
  }

  @Test
  void errorsListTheMisclassifiedItemsWithTheirDecidingTokens() {
    io.veille.streams.sentiment.SentimentModel m = io.veille.streams.sentiment.LexiconSentimentModel.create();
    SentimentDataset s = new SentimentDataset("t", "fr", false, List.of(
        new SentimentDataset.Example("c'est génial", Label.POSITIVE, Double.NaN, 1),
        new SentimentDataset.Example("c'est génial", Label.NEGATIVE, Double.NaN, 2),
        new SentimentDataset.Example("le train part à 8 h", Label.POSITIVE, Double.NaN, 3)));
    SentimentEvaluation.Report r = SentimentEvaluation.run(s, m, "lexicon");
    List<SentimentEvaluation.Error> errs = SentimentEvaluation.errors(s, r, m, 10);
    assertThat(errs).extracting(e -> e.example().line()).containsExactly(2, 3);
    assertThat(errs.get(0).counted()).isEqualTo(Label.POSITIVE);
    assertThat(errs.get(0).tokens()).extracting(io.veille.streams.sentiment.Contribution::token).containsExactly("génial");
    assertThat(errs.get(1).tokens()).isEmpty();
    assertThat(SentimentEvaluation.errors(s, r, m, 1)).hasSize(1);
  }
}
