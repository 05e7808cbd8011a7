package io.veille.streams.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.veille.common.json.MentionJson;
import io.veille.common.model.Author;
import io.veille.common.model.Engagement;
import io.veille.common.model.Mention;
import io.veille.common.model.Signal;
import io.veille.common.model.Signal.Kind;
import io.veille.common.model.Signal.Phase;
import io.veille.common.model.Watch;
import io.veille.common.topic.Topics;
import io.veille.streams.lang.LanguageDetector;
import io.veille.streams.sentiment.LexiconSentimentModel;
import io.veille.streams.watch.WatchMatcher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The detector inside the topology (TopologyTestDriver, explicit event times): two steady days
 * with a daily rhythm, then a surge of negative posts about an outage; signals come out on
 * {@code veille.signals} while the surge's first bucket still fills, explained by the surge's own
 * terms, most-shared post and largest author, and end after it.
 */
class DetectionTopologyTest {
  static final Instant START = Instant.parse("2026-11-09T00:00:00Z");
  static final Instant SURGE = Instant.parse("2026-11-11T14:00:00Z");
  static final Duration MINUTE = Duration.ofMinutes(1);
  static final String[] STEADY = {
      "Question sur la facture Ondyne de ce mois, quelqu'un sait lire la ligne options",
      "Installé la nouvelle box Ondyne hier soir, la config a pris dix minutes",
      "Le forfait mobile Ondyne passe en 5G dans ma ville à partir de lundi",
      "Anyone else on Ondyne fibre in Lyon, thinking about switching plans soon",
      "Ondyne customer service answered my question about roaming in Spain",
      "J'hésite entre deux offres Ondyne pour le mobile de ma fille"};

  TopologyTestDriver driver;
  TestInputTopic<byte[], byte[]> raw;
  TestOutputTopic<String, Signal> signals;
  final Random rnd = new Random(42);
  int n;

  @BeforeEach
  void setUp() {
    StreamsSettings settings = StreamsSettings.defaults().withApplicationId("detect-test");
    var models = new PipelineTopology.Models(new WatchMatcher(), LexiconSentimentModel.create(), LanguageDetector.get());
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "detect-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/veille-ttd-" + System.nanoTime());
    driver = new TopologyTestDriver(PipelineTopology.build(settings, models), p, SURGE.plus(Duration.ofDays(1)));
    raw = driver.createInputTopic(Topics.MENTIONS_RAW.name(), new ByteArraySerializer(), new ByteArraySerializer());
    TestInputTopic<String, Watch> watches = driver.createInputTopic(Topics.WATCHES.name(), new StringSerializer(),
        Topics.WATCHES.valueSerde().serializer());
    signals = driver.createOutputTopic(Topics.SIGNALS.name(), new StringDeserializer(),
        Topics.SIGNALS.valueSerde().deserializer());
    watches.pipeInput("ondyne", new Watch("ondyne", "Ondyne", "ondyne", Set.of(), Set.of(), null, List.of()));
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  void pipe(String text, String author, long followers, long shares, Instant at) {
    String id = "x:" + (++n);
    Mention m = new Mention(1, id, "x", "https://x.com/" + author + "/status/" + n, null, text, at, null,
        new Author(author, "@" + author, null, followers, false), new Engagement(0, shares, 0), null, null, Map.of());
    raw.pipeInput(id.getBytes(StandardCharsets.UTF_8), MentionJson.write(m), at);
  }

  /** Steady traffic: about 3 posts a minute by day, a few an hour at night, each text made unique. */
  void steady(Instant from, Instant to) {
    for (Instant t = from; t.isBefore(to); t = t.plus(MINUTE)) {
      double hour = (t.getEpochSecond() % 86_400) / 3600.0;
      double rate = 1.6 * (1 + Math.sin(2 * Math.PI * (hour - 9) / 24)) + 0.1;
      int k = poisson(rate);
      for (int i = 0; i < k; i++) {
        pipe(n + " " + STEADY[rnd.nextInt(STEADY.length)], "user" + rnd.nextInt(5000), 50 + rnd.nextInt(400), 0,
            t.plusSeconds(rnd.nextInt(60)));
      }
    }
  }

  int poisson(double lambda) {
    double l = Math.exp(-lambda);
    double p = 1;
    int k = 0;
    do {
      k++;
      p *= rnd.nextDouble();
    } while (p > l);
    return k - 1;
  }

  @Test
  void anOutageSurgeRaisesExplainedSignalsWithinItsFirstBucketThatEndAfterIt() {
    steady(START, SURGE);
    assertThat(signals.readValuesToList()).as("two steady days raise nothing").isEmpty();

    // thirty negative posts a minute for twenty minutes (about ten times the afternoon's volume)
    List<Signal> out = new ArrayList<>();
    int firstOnsetAt = -1;
    for (int minute = 0; minute < 20; minute++) {
      Instant t = SURGE.plus(MINUTE.multipliedBy(minute));
      for (int i = 0; i < 30; i++) {
        boolean big = minute == 0 && i == 3;
        pipe((n + 1) + " Panne Ondyne générale depuis " + (14 + minute / 60) + "h, plus de réseau ni internet, "
            + "c'est inadmissible #OndyneDown", big ? "lemonde" : "angry" + rnd.nextInt(5000),
            big ? 2_000_000 : 100, big ? 900 : 0, t.plusSeconds(i * 2L));
        List<Signal> now = signals.readValuesToList();
        if (firstOnsetAt < 0 && now.stream().anyMatch(s -> s.phase() == Phase.ONSET)) {
          firstOnsetAt = minute * 30 + i;
        }
        out.addAll(now);
      }
    }
    assertThat(firstOnsetAt).as("the onset goes out while the surge's first bucket fills").isBetween(0, 29);

    Signal volume = out.stream().filter(s -> s.kind() == Kind.VOLUME_SPIKE && s.phase() == Phase.ONSET).findFirst()
        .orElseThrow();
    // thirty posts against three: the volume CUSUM crosses in the surge's second bucket (within the
    // three the issue allows); the 2M-follower complaint opened the negative surge in the first
    assertThat(volume.onset()).isBetween(SURGE, SURGE.plus(MINUTE));
    assertThat(volume.severity()).isNotEqualTo(Signal.Severity.INFO);
    assertThat(volume.observed()).isGreaterThan(volume.expected() * 2);
    Signal.Evidence e = volume.evidence();
    assertThat(e.terms()).extracting(Signal.Term::term).contains("panne", "#ondynedown");
    assertThat(e.terms()).extracting(Signal.Term::term).doesNotContain("ondyne"); // always there: not a sign
    assertThat(e.mentions()).first().satisfies(m -> {
      assertThat(m.author()).isEqualTo("@lemonde");
      assertThat(m.text()).contains("Panne Ondyne");
      assertThat(m.url()).startsWith("https://x.com/lemonde/");
    });
    assertThat(e.authors()).first().satisfies(a -> assertThat(a.followers()).isEqualTo(2_000_000));
    assertThat(e.query()).startsWith("watch:\"ondyne\" AND publishedAt:[");
    assertThat(out).anySatisfy(s -> {
      assertThat(s.kind()).isEqualTo(Kind.NEGATIVE_SURGE);
      assertThat(s.phase()).isEqualTo(Phase.ONSET);
      assertThat(s.evidence().negativeShare()).isGreaterThan(s.evidence().usualNegativeShare() + 0.3);
      assertThat(s.evidence().query()).endsWith("AND sentiment:negative");
    });
    assertThat(out).noneMatch(Signal::withdrawn);
    assertThat(out).filteredOn(s -> s.phase() == Phase.ONSET).extracting(Signal::kind).doesNotHaveDuplicates();

    // back to normal: both signals end, once
    steady(SURGE.plus(Duration.ofMinutes(20)), SURGE.plus(Duration.ofHours(5)));
    List<Signal> after = signals.readValuesToList();
    assertThat(after).filteredOn(s -> s.phase() == Phase.END).extracting(Signal::kind)
        .containsExactlyInAnyOrder(Kind.VOLUME_SPIKE, Kind.NEGATIVE_SURGE);
    assertThat(after).filteredOn(s -> s.phase() == Phase.ONSET).isEmpty();
    KeyValueStore<String, byte[]> state = driver.getKeyValueStore(DetectProcessor.STATE_STORE);
    assertThat(DetectProcessor.WatchDetection.fromBytes(state.get("ondyne")).state.bucketsSeen()).isGreaterThan(2 * 1440);
  }

  @Test
  void anEarlyNegativeOnsetTheCompleteBucketDoesNotConfirmIsWithdrawn() {
    steady(START, SURGE);
    assertThat(signals.readValuesToList()).isEmpty();
    KeyValueStore<String, byte[]> state = driver.getKeyValueStore(DetectProcessor.STATE_STORE);
    double usual = DetectProcessor.WatchDetection.fromBytes(state.get("ondyne")).state.usualNegativeShare();

    // the minute opens with complaints: a negative surge goes out while it fills
    List<Signal> out = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      pipe((n + 100) + " Ondyne c'est nul, service horrible et inadmissible, je suis furieux", "angry" + i, 100, 0,
          SURGE.plusSeconds(i));
    }
    out.addAll(signals.readValuesToList());
    assertThat(out).anySatisfy(x -> {
      assertThat(x.kind()).isEqualTo(Kind.NEGATIVE_SURGE);
      assertThat(x.phase()).isEqualTo(Phase.ONSET);
    });
    // then the same minute fills with praise (a launch): its negative share ends below the usual
    int praise = (int) Math.ceil(30 / Math.max(usual, 0.01)) + 50;
    for (int i = 0; i < praise; i++) {
      pipe((n + 100) + " Merci Ondyne, super nouvelle box, génial et vraiment excellent", "fan" + i, 100, 0,
          SURGE.plusSeconds(30 + (i * 29L) / praise));
    }
    // later minutes are ordinary; once the surge's minute is read it is withdrawn
    steady(SURGE.plus(MINUTE), SURGE.plus(Duration.ofMinutes(10)));
    out.addAll(signals.readValuesToList());
    List<Signal> negative = out.stream().filter(x -> x.kind() == Kind.NEGATIVE_SURGE).toList();
    assertThat(negative).extracting(Signal::phase).containsExactly(Phase.ONSET, Phase.END);
    assertThat(negative.get(1).withdrawn()).isTrue();
    assertThat(negative.get(1).onset()).isEqualTo(negative.get(0).onset());
    assertThat(DetectProcessor.WatchDetection.fromBytes(state.get("ondyne")).state.isOpen(Kind.NEGATIVE_SURGE)).isFalse();
  }

  @Test
  void withoutDetectionTheTopologyHasNoSignalsSink() {
    var t = PipelineTopology.build(StreamsSettings.defaults().withDetect(false),
        new PipelineTopology.Models(new WatchMatcher(), LexiconSentimentModel.create(), LanguageDetector.get()));
    assertThat(t.describe().toString()).doesNotContain(Topics.SIGNALS.name()).contains(Topics.WATCH_STATS.name());
  }
}
