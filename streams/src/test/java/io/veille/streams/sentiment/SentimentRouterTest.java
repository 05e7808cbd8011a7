package io.veille.streams.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.veille.common.config.ConfigException;
import io.veille.common.config.VeilleConfig;
import io.veille.common.model.Sentiment;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The routing policy and the bounded CoreNLP pool. CoreNLP itself is exercised by
 * {@code CoreNlpSentimentModelIT}; here a small {@link SentimentModel} stands in for it, so the
 * tests control when it answers (a latch, no sleeps).
 */
class SentimentRouterTest {
  static final LexiconSentimentModel LEXICON = LexiconSentimentModel.create();
  static final String LONG_EN = "The parcel arrived three days late and the box was damaged, very disappointing.";

  /** Answers POSITIVE as "stand-in", once its gate is open. */
  static final class GatedModel implements SentimentModel {
    final CountDownLatch gate = new CountDownLatch(1);
    final CountDownLatch entered = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public Sentiment score(String text, String lang) {
      calls.incrementAndGet();
      entered.countDown();
      try {
        if (!gate.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("gate never opened");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return new Sentiment(Sentiment.Label.POSITIVE, 0.5, "stand-in");
    }

    @Override
    public String name() {
      return "stand-in";
    }
  }

  static SentimentConfig corenlp(int threads, int queue, Duration timeout) {
    return new SentimentConfig(SentimentConfig.Policy.CORENLP_EN, 40, threads, queue, timeout);
  }

  @Test
  void lexiconPolicyNeverBuildsCoreNlp() {
    AtomicInteger built = new AtomicInteger();
    try (SentimentRouter r = new SentimentRouter(SentimentConfig.defaults(), LEXICON, () -> {
      built.incrementAndGet();
      return new GatedModel();
    })) {
      assertThat(r.score(LONG_EN, "en").model()).isEqualTo("lexicon-en");
      assertThat(r.score("c'est pas terrible", "fr").label()).isEqualTo(Sentiment.Label.NEGATIVE);
      assertThat(built).hasValue(0);
      assertThat(r.metrics().lexicon()).isEqualTo(2);
      assertThat(r.metrics().backlog()).isZero();
    }
  }

  @Test
  void corenlpPolicySendsOnlyLongEnglishTextsToCoreNlp() {
    GatedModel stand = new GatedModel();
    stand.gate.countDown();
    try (SentimentRouter r = new SentimentRouter(corenlp(1, 4, Duration.ofSeconds(30)), LEXICON, () -> stand)) {
      assertThat(r.score(LONG_EN, "en").model()).isEqualTo("stand-in");
      assertThat(r.score(LONG_EN, "en-GB").model()).isEqualTo("stand-in");
      assertThat(r.score("so bad", "en").model()).isEqualTo("lexicon-en");
      assertThat(r.score("Le colis est arrivé avec trois jours de retard, très décevant.", "fr").model()).isEqualTo("lexicon-fr");
      assertThat(r.score(LONG_EN, null).model()).isEqualTo("lexicon-en");
      assertThat(r.metrics().corenlp()).isEqualTo(2);
      assertThat(r.metrics().lexicon()).isEqualTo(3);
    }
  }

  @Test
  void aFullQueueFallsBackToTheLexiconAtOnceAndTheBacklogIsVisible() throws Exception {
    GatedModel stand = new GatedModel();
    ExecutorService callers = Executors.newFixedThreadPool(2);
    try (SentimentRouter r = new SentimentRouter(corenlp(1, 1, Duration.ofSeconds(30)), LEXICON, () -> stand)) {
      Future<Sentiment> running = callers.submit(() -> r.score(LONG_EN, "en"));
      assertThat(stand.entered.await(30, TimeUnit.SECONDS)).isTrue();
      Future<Sentiment> queued = callers.submit(() -> r.score(LONG_EN, "en"));
      await().atMost(Duration.ofSeconds(30)).until(() -> r.metrics().backlog() == 2);
      // worker busy, queue full: the lexicon model answers at once, on the caller's thread
      Sentiment direct = r.score(LONG_EN, "en");
      assertThat(direct.model()).isEqualTo("lexicon-en");

      SentimentRouter.RouterMetrics m = r.metrics();
      assertThat(m.backlog()).isEqualTo(2);
      assertThat(m.rejected()).isEqualTo(1);

      stand.gate.countDown();
      assertThat(running.get(30, TimeUnit.SECONDS).model()).isEqualTo("stand-in");
      assertThat(queued.get(30, TimeUnit.SECONDS).model()).isEqualTo("stand-in");
      assertThat(r.metrics().corenlp()).isEqualTo(2);
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void aLateAnswerFallsBackToTheLexicon() {
    GatedModel stand = new GatedModel();
    try (SentimentRouter r = new SentimentRouter(corenlp(1, 4, Duration.ofMillis(50)), LEXICON, () -> stand)) {
      Sentiment s = r.score(LONG_EN, "en");
      assertThat(s.model()).isEqualTo("lexicon-en");
      assertThat(s.label()).isEqualTo(Sentiment.Label.NEGATIVE);
      assertThat(r.metrics().timedOut()).isEqualTo(1);
      stand.gate.countDown();
    }
  }

  @Test
  void aFailingCoreNlpFallsBackToTheLexicon() throws Exception {
    SentimentModel broken = new SentimentModel() {
      @Override
      public Sentiment score(String text, String lang) {
        throw new IllegalStateException("models missing");
      }

      @Override
      public String name() {
        return "broken";
      }
    };
    try (SentimentRouter r = new SentimentRouter(corenlp(1, 4, Duration.ofSeconds(30)), LEXICON, () -> broken)) {
      assertThat(r.score(LONG_EN, "en").model()).isEqualTo("lexicon-en");
      assertThat(r.score(LONG_EN, "en").model()).isEqualTo("lexicon-en");
      assertThat(r.metrics().failed()).isEqualTo(2);
    }
  }

  @Test
  void configurationIsReadAndValidated() {
    var def = VeilleConfig.commonDef().merge(SentimentConfig.def());
    SentimentConfig c = SentimentConfig.from(VeilleConfig.load(def, Map.of(
        "VEILLE_SENTIMENT_POLICY", "corenlp-en",
        "VEILLE_SENTIMENT_CORENLP_THREADS", "2",
        "VEILLE_SENTIMENT_CORENLP_TIMEOUT", "500ms"), null));
    assertThat(c.policy()).isEqualTo(SentimentConfig.Policy.CORENLP_EN);
    assertThat(c.corenlpThreads()).isEqualTo(2);
    assertThat(c.corenlpTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.corenlpMinChars()).isEqualTo(40);
    assertThat(SentimentConfig.from(VeilleConfig.load(def, Map.of(), null))).isEqualTo(SentimentConfig.defaults());
    assertThatThrownBy(() -> VeilleConfig.load(def, Map.of("VEILLE_SENTIMENT_POLICY", "vader"), null))
        .isInstanceOf(ConfigException.class).hasMessageContaining("sentiment.policy");
  }
}
