package io.veille.streams.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.veille.common.model.Sentiment;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Loads CoreNLP's models (~500 MB, several seconds): an integration test, kept small. */
class CoreNlpSentimentModelIT {
  static final CoreNlpSentimentModel MODEL = CoreNlpSentimentModel.create();

  @Test
  void scoresEnglishSentences() {
    Sentiment pos = MODEL.score("I love this phone. The screen is beautiful and the battery lasts for days.", "en");
    assertThat(pos.label()).isEqualTo(Sentiment.Label.POSITIVE);
    assertThat(pos.model()).isEqualTo("corenlp-en");
    Sentiment neg = MODEL.score("This is the worst customer service I have ever had. Terrible and rude.", "en");
    assertThat(neg.label()).isEqualTo(Sentiment.Label.NEGATIVE);
    assertThat(neg.score()).isLessThan(pos.score());
    assertThat(MODEL.score("", "en").label()).isEqualTo(Sentiment.Label.NEUTRAL);
  }

  @Test
  void routerUsesCoreNlpForLongEnglishOnly() {
    SentimentConfig config = new SentimentConfig(SentimentConfig.Policy.CORENLP_EN, 20, 1, 8, Duration.ofSeconds(60));
    try (SentimentRouter r = new SentimentRouter(config, LexiconSentimentModel.create(), () -> MODEL)) {
      assertThat(r.score("The delivery was quick and the staff were lovely, thank you!", "en").model()).isEqualTo("corenlp-en");
      assertThat(r.score("La livraison était rapide et le personnel adorable, merci !", "fr").model()).isEqualTo("lexicon-fr");
      assertThat(r.metrics().corenlp()).isEqualTo(1);
      assertThat(r.metrics().backlog()).isZero();
    }
  }
}
