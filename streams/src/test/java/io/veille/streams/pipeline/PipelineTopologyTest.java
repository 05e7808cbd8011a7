package io.veille.streams.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.veille.common.json.MentionJson;
import io.veille.common.model.Author;
import io.veille.common.model.Engagement;
import io.veille.common.model.Mention;
import io.veille.common.model.ScoredMention;
import io.veille.common.model.Sentiment;
import io.veille.common.model.Watch;
import io.veille.common.model.WatchStats;
import io.veille.common.topic.DeadLetters;
import io.veille.common.topic.Topics;
import io.veille.streams.lang.LanguageDetector;
import io.veille.streams.sentiment.LexiconSentimentModel;
import io.veille.streams.sentiment.SentimentModel;
import io.veille.streams.watch.WatchMatcher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every step of the topology with explicit event times (TopologyTestDriver). */
class PipelineTopologyTest {
  static final Instant T0 = Instant.parse("2026-11-10T17:00:00Z");
  static final LexiconSentimentModel LEXICON = LexiconSentimentModel.create();

  TopologyTestDriver driver;
  TestInputTopic<byte[], byte[]> raw;
  TestInputTopic<String, Watch> watches;
  TestOutputTopic<String, ScoredMention> scored;
  TestOutputTopic<String, WatchStats> stats;
  TestOutputTopic<byte[], byte[]> dlq;

  @BeforeEach
  void setUp() {
    StreamsSettings settings = new StreamsSettings("test", 1, Duration.ofHours(24), Duration.ofHours(6),
        Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMillis(100), Duration.ofMinutes(15), true,
        Duration.ofMinutes(2));
    var models = new PipelineTopology.Models(new WatchMatcher(), LEXICON, LanguageDetector.get());
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/veille-ttd-" + System.nanoTime());
    driver = new TopologyTestDriver(PipelineTopology.build(settings, models), p, T0);
    raw = driver.createInputTopic(Topics.MENTIONS_RAW.name(), new ByteArraySerializer(), new ByteArraySerializer());
    watches = driver.createInputTopic(Topics.WATCHES.name(), new StringSerializer(),
        Topics.WATCHES.valueSerde().serializer());
    scored = driver.createOutputTopic(Topics.MENTIONS_SCORED.name(), new StringDeserializer(),
        Topics.MENTIONS_SCORED.valueSerde().deserializer());
    stats = driver.createOutputTopic(Topics.WATCH_STATS.name(), new StringDeserializer(),
        Topics.WATCH_STATS.valueSerde().deserializer());
    dlq = driver.createOutputTopic(Topics.MENTIONS_DLQ.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    watch("ondyne", "ondyne OR #ondynedown OR \"service client\"~3");
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  void watch(String id, String query) {
    watches.pipeInput(id, new Watch(id, id, query, Set.of(), Set.of(), null, List.of()));
  }

  static Mention mention(String id, String text, String lang, String author, long followers, Instant at) {
    return new Mention(1, id, "x", null, lang, text, at, null,
        author == null ? null : new Author(author, "@" + author, null, followers, false), Engagement.NONE, null, null, Map.of());
  }

  void pipe(Mention m) {
    raw.pipeInput(m.id().getBytes(StandardCharsets.UTF_8), MentionJson.write(m), m.publishedAt());
  }

  /** Latest stats per bucket start for a watch. */
  Map<Instant, WatchStats> buckets(String watch) {
    Map<Instant, WatchStats> out = new LinkedHashMap<>();
    stats.readValuesToList().stream().filter(s -> s.watchId().equals(watch)).forEach(s -> out.put(s.start(), s));
    return out;
  }

  @Test
  void badRecordsGoToTheDlqWithHeadersAndTheStreamGoesOn() {
    raw.pipeInput("k1".getBytes(), "{not json".getBytes(), T0);
    raw.pipeInput("k2".getBytes(), "{\"v\":1,\"id\":\"x:2\",\"source\":\"x\",\"text\":\"t\",\"publishedAt\":\"soon\"}".getBytes(), T0);
    pipe(mention("x:3", "Ondyne au top", "fr", "a", 10, T0));
    var bad = dlq.readRecordsToList();
    assertThat(bad).hasSize(2);
    assertThat(new String(bad.get(0).value())).isEqualTo("{not json");
    assertThat(new String(bad.get(0).key())).isEqualTo("k1");
    var h = bad.get(1).headers();
    assertThat(DeadLetters.header(h, DeadLetters.STAGE)).isEqualTo("streams.validate");
    assertThat(DeadLetters.header(h, DeadLetters.ERROR)).startsWith("publishedAt: not an ISO-8601 instant");
    assertThat(DeadLetters.header(h, DeadLetters.FIELD)).isEqualTo("publishedAt");
    assertThat(DeadLetters.header(h, DeadLetters.TOPIC)).isEqualTo(Topics.MENTIONS_RAW.name());
    assertThat(DeadLetters.header(h, DeadLetters.OFFSET)).isEqualTo("1");
    assertThat(scored.readValuesToList()).extracting(ScoredMention::id).containsExactly("x:3");
  }

  @Test
  void recordsNoEdgeCheckedGoToTheDlqAndNeverStopScoring() {
    // written straight to raw, past every edge: dates Kafka would refuse downstream, bad bytes, a tombstone
    String fmt = "{\"v\":1,\"id\":\"%s\",\"source\":\"x\",\"text\":\"Ondyne panne\",\"publishedAt\":\"%s\"}";
    raw.pipeInput("a".getBytes(), String.format(fmt, "t:9999", "9999-12-31T23:59:59Z").getBytes(), T0);
    raw.pipeInput("b".getBytes(), String.format(fmt, "t:1969", "1969-12-31T23:59:59Z").getBytes(), T0);
    raw.pipeInput("c".getBytes(), String.format(fmt, "t:huge", "+1000000000-01-01T00:00:00Z").getBytes(), T0);
    raw.pipeInput("d".getBytes(), String.format(fmt, "t:2h", T0.plus(Duration.ofHours(2))).getBytes(), T0);
    byte[] badUtf8 = String.format(fmt, "t:utf", "2026-11-10T17:00:00Z").replace("panne", "pa\u0001").getBytes();
    badUtf8[badUtf8.length - 40] = (byte) 0xFF;
    raw.pipeInput("e".getBytes(), badUtf8, T0);
    raw.pipeInput("f".getBytes(), (byte[]) null, T0);
    raw.pipeInput("g".getBytes(), String.format(fmt, "t:10min", T0.plus(Duration.ofMinutes(10))).getBytes(), T0);
    pipe(mention("t:ok", "Ondyne au top", "fr", "a", 10, T0));
    var bad = dlq.readRecordsToList();
    assertThat(bad).extracting(r -> new String(r.key())).containsExactly("a", "b", "c", "d", "e", "f");
    assertThat(bad).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.FIELD))
        .containsExactly("publishedAt", "publishedAt", "publishedAt", "publishedAt", "text", null);
    assertThat(DeadLetters.header(bad.get(0).headers(), DeadLetters.ERROR)).contains("in the future");
    assertThat(DeadLetters.header(bad.get(1).headers(), DeadLetters.ERROR)).contains("before 1970");
    assertThat(DeadLetters.header(bad.get(4).headers(), DeadLetters.ERROR)).contains("not valid UTF-8");
    assertThat(bad).allSatisfy(r -> assertThat(r.timestamp()).isBetween(0L, T0.toEpochMilli()));
    // within the allowed skew, and the next good record: scored
    assertThat(scored.readValuesToList()).extracting(ScoredMention::id).containsExactly("t:10min", "t:ok");
  }

  @Test
  void noValueOnTheWatchTopicStopsScoring() {
    TestInputTopic<String, byte[]> rawWatches = driver.createInputTopic(Topics.WATCHES.name(), new StringSerializer(),
        new ByteArraySerializer());
    String deep = "(".repeat(5000) + "ondyne" + ")".repeat(5000);
    rawWatches.pipeInput("deep", ("{\"id\":\"deep\",\"name\":\"d\",\"query\":\"" + deep + "\"}").getBytes(StandardCharsets.UTF_8));
    rawWatches.pipeInput("notjson", "{{{".getBytes(StandardCharsets.UTF_8));
    rawWatches.pipeInput("shape", "[1,2,3]".getBytes(StandardCharsets.UTF_8));
    rawWatches.pipeInput("other", Topics.WATCHES.valueSerde().serializer().serialize("", new Watch("mismatch", "m", "ondyne",
        Set.of(), Set.of(), null, List.of())));
    rawWatches.pipeInput((String) null, "{}".getBytes(StandardCharsets.UTF_8));
    watch("outage", "panne OR outage");
    pipe(mention("w:1", "Ondyne en panne encore", "fr", "a", 10, T0));
    assertThat(scored.readValuesToList()).singleElement().satisfies(s -> assertThat(s.watchIds())
        .containsExactlyInAnyOrder("ondyne", "outage"));
  }

  @Test
  void aModelThatFailsOnOneTextSendsItToTheDlqAndScoringGoesOn() {
    driver.close();
    SentimentModel flaky = new SentimentModel() {
      @Override
      public Sentiment score(String text, String lang) {
        if (text.contains("BOOM")) {
          throw new IllegalStateException("model crashed on this text");
        }
        return LEXICON.score(text, lang);
      }

      @Override
      public String name() {
        return "flaky";
      }
    };
    StreamsSettings settings = new StreamsSettings("test", 1, Duration.ofHours(24), Duration.ofHours(6),
        Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMillis(100), Duration.ofMinutes(15), true,
        Duration.ofMinutes(2));
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/veille-ttd-" + System.nanoTime());
    driver = new TopologyTestDriver(PipelineTopology.build(settings, new PipelineTopology.Models(new WatchMatcher(), flaky,
        LanguageDetector.get())), p, T0);
    raw = driver.createInputTopic(Topics.MENTIONS_RAW.name(), new ByteArraySerializer(), new ByteArraySerializer());
    watches = driver.createInputTopic(Topics.WATCHES.name(), new StringSerializer(), Topics.WATCHES.valueSerde().serializer());
    scored = driver.createOutputTopic(Topics.MENTIONS_SCORED.name(), new StringDeserializer(),
        Topics.MENTIONS_SCORED.valueSerde().deserializer());
    dlq = driver.createOutputTopic(Topics.MENTIONS_DLQ.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    watch("ondyne", "ondyne");
    pipe(mention("f:1", "Ondyne BOOM panne", "fr", "a", 10, T0));
    pipe(mention("f:2", "Ondyne au top merci", "fr", "b", 10, T0.plusSeconds(1)));
    var bad = dlq.readRecordsToList();
    assertThat(bad).singleElement().satisfies(r -> {
      assertThat(new String(r.key())).isEqualTo("f:1");
      assertThat(DeadLetters.header(r.headers(), DeadLetters.STAGE)).isEqualTo("streams.score.sentiment");
      assertThat(DeadLetters.header(r.headers(), DeadLetters.ERROR)).contains("model crashed on this text");
      assertThat(MentionJson.read(r.value()).id()).isEqualTo("f:1");
    });
    assertThat(scored.readValuesToList()).extracting(ScoredMention::id).containsExactly("f:2");
    assertThat(driver.metrics().entrySet()).anySatisfy(e -> {
      assertThat(e.getKey().name()).isEqualTo("model-failures-total");
      assertThat(((Number) e.getValue().metricValue()).doubleValue()).isEqualTo(1.0);
    });
  }

  @Test
  void aRepeatedIdIsDropped() {
    Mention m = mention("x:1", "Ondyne lance sa nouvelle box fibre aujourd'hui", "fr", "a", 10, T0);
    pipe(m);
    pipe(m);
    pipe(m.withFetchedAt(T0.plusSeconds(30)));
    assertThat(scored.readValuesToList()).hasSize(1);
    assertThat(buckets("ondyne").get(T0).total()).isEqualTo(1);
  }

  @Test
  void resharesAndNearDuplicatesCountAsCopiesOfTheOriginal() {
    String text = "Encore une panne chez Ondyne ce soir, plus de réseau depuis deux heures";
    pipe(mention("x:1", text, "fr", "claire", 100, T0));
    pipe(mention("x:2", "RT @claire: " + text, "fr", "bob", 5000, T0.plusSeconds(20)));
    pipe(mention("x:3", text + " #OndyneDown", "fr", "dan", 50, T0.plusSeconds(70)));
    pipe(mention("x:4", "Ondyne annonce des résultats trimestriels en hausse pour la fibre", "fr", "eve", 7, T0.plusSeconds(80)));

    List<ScoredMention> out = scored.readValuesToList();
    assertThat(out).extracting(ScoredMention::id).containsExactly("x:1", "x:1", "x:1", "x:4");
    assertThat(out.get(2).copies()).isEqualTo(2);
    Map<Instant, WatchStats> b = buckets("ondyne");
    assertThat(b.get(T0).total()).isEqualTo(1);
    assertThat(b.get(T0).copies()).isEqualTo(1);
    assertThat(b.get(T0).reach()).isEqualTo(5100);
    assertThat(b.get(T0).uniqueAuthors()).isEqualTo(2);
    assertThat(b.get(T0.plusSeconds(60)).total()).isEqualTo(1);
    assertThat(b.get(T0.plusSeconds(60)).copies()).isEqualTo(1);
  }

  @Test
  void shortTextsAreNeverTakenForCopies() {
    pipe(mention("x:1", "Ondyne au top !", "fr", "a", 1, T0));
    pipe(mention("x:2", "Ondyne au top !", "fr", "b", 1, T0.plusSeconds(5)));
    assertThat(scored.readValuesToList()).extracting(ScoredMention::copies).containsExactly(0L, 0L);
    assertThat(buckets("ondyne").get(T0).total()).isEqualTo(2);
  }

  @Test
  void watchesChangeLiveWithoutRestart() {
    pipe(mention("x:1", "Telvana baisse ses prix", "fr", "a", 1, T0));
    assertThat(scored.readValuesToList().get(0).watchIds()).isEmpty();
    watch("rivals", "telvana OR mobea");
    pipe(mention("x:2", "Telvana et Mobéa baissent leurs prix", "fr", "a", 1, T0.plusSeconds(1)));
    assertThat(scored.readValuesToList().get(0).watchIds()).containsExactly("rivals");
    watch("rivals", "kapsa");
    pipe(mention("x:3", "Telvana encore moins cher que tout le monde cette semaine", "fr", "a", 1, T0.plusSeconds(2)));
    assertThat(scored.readValuesToList().get(0).watchIds()).isEmpty();
    watches.pipeInput("ondyne", (Watch) null);
    pipe(mention("x:4", "Ondyne fibre installée chez moi hier soir enfin", "fr", "a", 1, T0.plusSeconds(3)));
    assertThat(scored.readValuesToList().get(0).watchIds()).isEmpty();
  }

  @Test
  void aWatchThatDoesNotParseNeverReachesTheMatcher() {
    watches.pipeInput("broken", new Watch("broken", "b", "panne AND (", Set.of(), Set.of(), null, List.of()));
    pipe(mention("x:1", "Grosse panne chez Ondyne", "fr", "a", 1, T0));
    assertThat(scored.readValuesToList().get(0).watchIds()).containsExactly("ondyne");
  }

  @Test
  void frenchAndEnglishFormsMatchOneWatch() {
    watch("outage", "panne OR outage OR \"service client\"~3");
    pipe(mention("x:1", "Deux pannes en une semaine, ça suffit", "fr", "a", 1, T0));
    pipe(mention("x:2", "#Panne générale dans tout Lyon depuis ce matin", "fr", "b", 1, T0.plusSeconds(1)));
    pipe(mention("x:3", "Massive outages reported across Paris tonight again", "en", "c", 1, T0.plusSeconds(2)));
    pipe(mention("x:4", "Le service de mon client est vraiment injoignable", "fr", "d", 1, T0.plusSeconds(3)));
    pipe(mention("x:5", "Rien à voir avec le réseau aujourd'hui, tout va bien", "fr", "e", 1, T0.plusSeconds(4)));
    assertThat(scored.readValuesToList()).extracting(s -> s.watchIds().contains("outage"))
        .containsExactly(true, true, true, true, false);
  }

  @Test
  void languageIsDetectedWhenAbsentAndSentimentIsScored() {
    pipe(mention("x:1", "Franchement le service client d'Ondyne est nul, je suis furieux", null, "a", 1, T0));
    pipe(mention("x:2", "Honestly Ondyne support was great, thanks a lot for the quick fix", null, "b", 1, T0.plusSeconds(1)));
    List<ScoredMention> out = scored.readValuesToList();
    assertThat(out.get(0).lang()).isEqualTo("fr");
    assertThat(out.get(0).sentiment().label()).isEqualTo(Sentiment.Label.NEGATIVE);
    assertThat(out.get(1).lang()).isEqualTo("en");
    assertThat(out.get(1).sentiment().label()).isEqualTo(Sentiment.Label.POSITIVE);
    assertThat(out.get(0).mention().lang()).as("the mention itself is kept as received").isNull();
  }

  @Test
  void bucketsCountBySentimentAuthorsAndReach() {
    pipe(mention("x:1", "Ondyne est nul, panne encore et toujours, remboursez-nous", "fr", "a", 100, T0.plusSeconds(1)));
    pipe(mention("x:2", "Merci Ondyne, installation rapide et technicien très sympa", "fr", "b", 20, T0.plusSeconds(2)));
    pipe(mention("x:3", "Ondyne publie ses horaires d'ouverture des boutiques", "fr", "a", 100, T0.plusSeconds(3)));
    List<ScoredMention> out = scored.readValuesToList();
    long neg = out.stream().filter(s -> s.sentiment().label() == Sentiment.Label.NEGATIVE).count();
    long pos = out.stream().filter(s -> s.sentiment().label() == Sentiment.Label.POSITIVE).count();
    WatchStats b = buckets("ondyne").get(T0);
    assertThat(b.total()).isEqualTo(3);
    assertThat(b.negative()).isEqualTo(neg).isPositive();
    assertThat(b.positive()).isEqualTo(pos).isPositive();
    assertThat(b.uniqueAuthors()).isEqualTo(2);
    assertThat(b.reach()).isEqualTo(220);
    assertThat(b.end()).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void lateRecordsCountInsideTheGraceAndAreDroppedAfterIt() {
    pipe(mention("x:1", "Ondyne fibre enfin arrivée dans mon immeuble aujourd'hui", "fr", "a", 1, T0));
    pipe(mention("x:2", "Ondyne change le logo de la box pour les fêtes de fin d'année", "fr", "b", 1, T0.plusSeconds(240)));
    // 4 minutes late for the first bucket: inside the 5-minute grace
    pipe(mention("x:3", "Ondyne ouvre une nouvelle boutique à Nantes centre ville", "fr", "c", 1, T0.plusSeconds(10)));
    assertThat(buckets("ondyne").get(T0).total()).isEqualTo(2);
    // stream time moves 10 minutes on: the first bucket is closed for good
    pipe(mention("x:4", "Ondyne sponsor du marathon de Paris cette année encore", "fr", "d", 1, T0.plusSeconds(600)));
    pipe(mention("x:5", "Ondyne recrute des techniciens fibre dans toute la région", "fr", "e", 1, T0.plusSeconds(20)));
    Map<Instant, WatchStats> b = buckets("ondyne");
    assertThat(b).doesNotContainKey(T0);
    assertThat(scored.readValuesToList()).extracting(ScoredMention::id).contains("x:5");
  }
}
