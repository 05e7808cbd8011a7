package io.veille.deploy.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veille.common.json.Json;
import io.veille.common.json.MentionJson;
import io.veille.common.model.Mention;
import io.veille.common.model.Sentiment;
import io.veille.common.model.Signal;
import io.veille.streams.pipeline.TextKey;
import io.veille.streams.sentiment.LexiconSentimentModel;
import io.veille.streams.watch.WatchFiles;
import io.veille.streams.watch.WatchMatcher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScenarioGeneratorTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static Scenario demo;
  private static ScenarioTruth.BadBuzz buzz;
  private static ScenarioTruth.Launch launch;

  @BeforeAll
  static void generateDemo() {
    demo = ScenarioGenerator.generate(ScenarioSpec.bundled());
    buzz = demo.truth().badBuzz();
    launch = demo.truth().launch();
  }

  @Test
  void sameSeedGivesTheSameBytes() throws IOException {
    ScenarioSpec spec = ScenarioSpec.of(7, 3);
    assertThat(jsonl(ScenarioGenerator.generate(spec))).isEqualTo(jsonl(ScenarioGenerator.generate(spec)));
    assertThat(jsonl(ScenarioGenerator.generate(ScenarioSpec.bundled()))).isEqualTo(jsonl(demo));
  }

  @Test
  void differentSeedGivesADifferentScenario() throws IOException {
    byte[] a = jsonl(ScenarioGenerator.generate(ScenarioSpec.of(7, 3)));
    byte[] b = jsonl(ScenarioGenerator.generate(ScenarioSpec.of(8, 3)));
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void demoHasTheAdvertisedSize() {
    assertThat(demo.mentions()).hasSizeBetween(15_000, 25_000);
    assertThat(demo.truth().mentions()).isEqualTo(demo.mentions().size());
  }

  @Test
  void everyLineParsesBackToTheSameValidMention() throws IOException {
    String[] lines = new String(jsonl(demo), StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(demo.mentions().size());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < lines.length; i++) {
      Mention m = MentionJson.read(lines[i]);
      assertThat(m).as("line %d", i + 1).isEqualTo(demo.mentions().get(i));
      assertThat(m.id()).startsWith(m.source() + ":");
      assertThat(ids.add(m.id())).as("unique id %s", m.id()).isTrue();
      assertThat(m.url()).startsWith("https://");
      assertThat(m.author()).isNotNull();
      assertThat(m.fetchedAt()).isAfterOrEqualTo(m.publishedAt());
    }
    assertThat(demo.mentions()).extracting(Mention::source).containsOnly(
        "rss", "mastodon", "bluesky", "reddit", "hackernews", "x", "facebook");
  }

  @Test
  void mentionsAreSortedByTimeInsideTheScenario() {
    Instant previous = Instant.MIN;
    for (Mention m : demo.mentions()) {
      assertThat(m.publishedAt()).isAfterOrEqualTo(previous);
      previous = m.publishedAt();
    }
    assertThat(demo.mentions().get(0).publishedAt()).isAfterOrEqualTo(demo.spec().start());
    assertThat(previous).isBefore(demo.spec().end());
  }

  @Test
  void frenchIsTheMajorityEnglishIsPresentAndSomeLanguagesAreLeftToDetect() {
    long fr = count(m -> "fr".equals(m.lang()));
    long en = count(m -> "en".equals(m.lang()));
    long absent = count(m -> m.lang() == null);
    int n = demo.mentions().size();
    assertThat((double) fr / (fr + en)).isBetween(0.58, 0.75);
    assertThat((double) en / (fr + en)).isGreaterThan(0.2);
    assertThat((double) absent / n).isBetween(0.1, 0.2);
    assertThat(fr + en + absent).isEqualTo(n);
  }

  @Test
  void nightsAreQuieterThanAfternoonsAndEvenings() {
    int[] byHour = new int[24];
    for (Mention m : demo.mentions()) {
      if (m.publishedAt().isBefore(buzz.onset().minus(Duration.ofHours(6)))) {
        byHour[m.publishedAt().atZone(PARIS).getHour()]++;
      }
    }
    double night = (byHour[2] + byHour[3] + byHour[4] + byHour[5]) / 4.0;
    double day = (byHour[12] + byHour[13] + byHour[18] + byHour[19] + byHour[20] + byHour[21]) / 6.0;
    assertThat(night * 3).as("night %s vs afternoon and evening %s", night, day).isLessThan(day);
  }

  @Test
  void weekendsAreQuieterThanWeekdays() {
    Map<LocalDate, Integer> byDay = new HashMap<>();
    LocalDate buzzDay = buzz.onset().atZone(PARIS).toLocalDate();
    for (Mention m : demo.mentions()) {
      LocalDate d = m.publishedAt().atZone(PARIS).toLocalDate();
      if (!d.equals(buzzDay) && !d.equals(buzzDay.plusDays(1)) && !d.isBefore(LocalDate.of(2026, 11, 2))
          && d.isBefore(LocalDate.of(2026, 11, 16))) {
        byDay.merge(d, 1, Integer::sum);
      }
    }
    double weekend = byDay.entrySet().stream().filter(e -> isWeekend(e.getKey())).mapToInt(Map.Entry::getValue).average().orElseThrow();
    double weekday = byDay.entrySet().stream().filter(e -> !isWeekend(e.getKey())).mapToInt(Map.Entry::getValue).average().orElseThrow();
    assertThat(weekend).isLessThan(0.95 * weekday);
  }

  @Test
  void resharesAndRepliesPointToEarlierMentions() {
    Map<String, Mention> seen = new HashMap<>();
    int reshares = 0;
    for (Mention m : demo.mentions()) {
      if (m.sharedFrom() != null) {
        reshares++;
        Mention original = seen.get(m.sharedFrom());
        assertThat(original).as("original of %s", m.id()).isNotNull();
        assertThat(original.author().key()).isNotEqualTo(m.author().key());
        assertThat(m.text()).contains(original.text());
        assertThat(m.source()).isEqualTo(original.source());
        assertThat(original.engagement().shares()).isPositive();
      }
      if (m.inReplyTo() != null) {
        assertThat(seen).as("parent of %s", m.id()).containsKey(m.inReplyTo());
      }
      seen.put(m.id(), m);
    }
    assertThat(reshares).isGreaterThan(demo.mentions().size() / 10);
    assertThat(demo.mentions()).anyMatch(m -> m.text().startsWith("RT @"));
  }

  @Test
  void nearDuplicatesAreSmallEditsByOtherAuthors() {
    Map<String, Mention> byNormalised = new HashMap<>();
    int nearDuplicates = 0;
    for (Mention m : demo.mentions()) {
      if (m.isReshare() || m.inReplyTo() != null) {
        continue;
      }
      String key = m.text().toLowerCase(Locale.ROOT).replaceAll("#\\w+", "").replaceAll("[^\\p{L}\\p{N}]+", "");
      Mention first = byNormalised.putIfAbsent(key, m);
      if (first != null && !first.text().equals(m.text()) && !first.author().key().equals(m.author().key())) {
        nearDuplicates++;
      }
    }
    assertThat(nearDuplicates).isGreaterThan(200);
    assertThat(demo.truth().nearDuplicates()).isGreaterThan(300);
  }

  @Test
  void largerAuthorsGetMoreEngagement() {
    double small = averageLikes(m -> m.author().followers() < 1_000);
    double large = averageLikes(m -> m.author().followers() > 100_000);
    assertThat(large).isGreaterThan(20 * small);
    assertThat(demo.mentions()).anyMatch(m -> m.author().followers() < 20);
    assertThat(demo.mentions()).anyMatch(m -> m.author().followers() > 800_000 && m.author().verified());
  }

  @Test
  void theBadBuzzIsManyTimesTheUsualVolume() {
    Duration window = Duration.ofHours(3);
    long during = countBetween(buzz.onset(), window, null);
    long usual = 0;
    for (int day = 1; day <= 7; day++) {
      usual = Math.max(usual, countBetween(buzz.onset().minus(Duration.ofDays(day)), window, null));
    }
    assertThat(during).as("during %s, busiest same hours before %s", during, usual).isGreaterThan(5 * usual);
  }

  @Test
  void theBadBuzzStartsInFrenchAndSpillsIntoEnglishLater() {
    Duration firstHours = Duration.ofMinutes(90);
    assertThat(countBetween(buzz.onset(), firstHours, "fr")).isGreaterThan(5 * countBetween(buzz.onset(), firstHours, "en"));

    Instant later = buzz.onset().plus(Duration.ofHours(3));
    long englishLater = countBetween(later, Duration.ofHours(3), "en");
    long englishUsual = 0;
    for (int day = 1; day <= 7; day++) {
      englishUsual += countBetween(later.minus(Duration.ofDays(day)), Duration.ofHours(3), "en");
    }
    assertThat(englishLater).isGreaterThan(3 * englishUsual / 7);
    assertThat(Duration.between(buzz.onset(), buzz.englishOnset())).isBetween(Duration.ofHours(2), Duration.ofHours(3));
  }

  @Test
  void theBadBuzzHasItsOwnVocabulary() {
    Predicate<Mention> hashtag = m -> m.text().toLowerCase(Locale.ROOT).contains("#ondynedown");
    Predicate<Mention> outage = m -> m.text().toLowerCase(Locale.ROOT).contains("outage");
    assertThat(count(m -> m.publishedAt().isBefore(buzz.onset()) && (hashtag.test(m) || outage.test(m)))).isZero();
    assertThat(count(m -> inBuzz(m) && hashtag.test(m))).isGreaterThan(1_000);
    assertThat(count(m -> inBuzz(m) && outage.test(m) && "en".equals(m.lang()))).isGreaterThan(100);
    assertThat(count(m -> inBuzz(m) && m.text().contains("plus de réseau"))).isGreaterThan(100);
    assertThat(buzz.keyTerms()).contains("#ondynedown", "panne", "outage");
  }

  @Test
  void theTruthDescribesTheBadBuzz() {
    assertThat(buzz.onset().atZone(PARIS).toLocalDate()).isEqualTo(LocalDate.of(2026, 11, 10));
    assertThat(buzz.onset().atZone(PARIS).getHour()).isEqualTo(18);
    assertThat(buzz.peak()).isAfter(buzz.onset()).isBefore(buzz.end());
    assertThat(Duration.between(buzz.onset(), buzz.end())).isBetween(Duration.ofHours(18), Duration.ofHours(36));
    assertThat(buzz.mentions()).isBetween(3_000, 9_000);
    assertThat(buzz.french()).isGreaterThan(buzz.english()).isPositive();
    assertThat(buzz.english()).isGreaterThan(500);
    Set<String> ids = new HashSet<>();
    demo.mentions().forEach(m -> ids.add(m.id()));
    assertThat(buzz.viralPosts()).isNotEmpty().allMatch(ids::contains);
    long resharesOfViral = count(m -> m.sharedFrom() != null && buzz.viralPosts().contains(m.sharedFrom()));
    assertThat(resharesOfViral).isGreaterThan(2_000);
  }

  @Test
  void aScenarioCanHaveNoBadBuzz() {
    Scenario quiet = ScenarioGenerator.generate(ScenarioSpec.of(3, 2).withBuzzDay(0));
    assertThat(quiet.truth().badBuzz()).isNull();
    assertThat(quiet.mentions()).noneMatch(m -> m.text().contains("#OndyneDown"));
  }

  @Test
  void scaleChangesTheVolume() {
    int normal = ScenarioGenerator.generate(ScenarioSpec.of(5, 2)).mentions().size();
    int half = ScenarioGenerator.generate(ScenarioSpec.of(5, 2).withScale(0.5)).mentions().size();
    assertThat((double) half / normal).isBetween(0.35, 0.65);
  }

  @Test
  void invalidSpecsAreRejectedWithTheParameterName() {
    assertThatThrownBy(() -> ScenarioSpec.of(1, 0)).hasMessageContaining("days");
    assertThatThrownBy(() -> ScenarioSpec.of(1, 61)).hasMessageContaining("days");
    assertThatThrownBy(() -> ScenarioSpec.of(1, 3).withScale(0)).hasMessageContaining("scale");
    assertThatThrownBy(() -> ScenarioSpec.of(1, 3).withBuzzDay(4)).hasMessageContaining("buzz day");
  }

  /**
   * Issue 17 item 4: the streams topology keys mentions by {@link TextKey} and takes a mention whose
   * key an earlier one stored within its near-duplicate window for a copy. On the scenario it must
   * count exactly the truth's reshares and near-duplicates: no two fresh texts meet as copies (not
   * even with no window at all), and every reshare and near-duplicate meets its original.
   */
  @Test
  void whatStreamsCountsAsCopiesIsWhatTheTruthSays() {
    ScenarioTruth t = demo.truth();
    assertThat(t.copies()).isEqualTo(t.reshares() + t.nearDuplicates());
    assertThat(CopyCount.count(demo.mentions())).as("copies by TextKey within %s", CopyCount.WINDOW).isEqualTo(t.copies());
    assertThat(CopyCount.copies(demo.mentions(), Duration.ofDays(60))).as("copies with no window").hasSize(t.copies());
    assertThat(CopyCount.copies(demo.mentions(), CopyCount.WINDOW)).filteredOn(m -> m.inReplyTo() != null).isEmpty();

    Scenario other = ScenarioGenerator.generate(ScenarioSpec.of(7, 4).withScale(3).withLaunchDay(2));
    assertThat(CopyCount.copies(other.mentions(), Duration.ofDays(60))).hasSize(other.truth().copies());
  }

  @Test
  void everyReshareAndNearDuplicateHasItsOriginalsTextKey() {
    Map<String, Mention> byId = new HashMap<>();
    for (Mention m : demo.mentions()) {
      byId.put(m.id(), m);
      if (m.isReshare()) {
        Mention original = byId.get(m.sharedFrom());
        assertThat(TextKey.of(m)).as("%s || %s", original.text(), m.text()).isEqualTo(TextKey.of(original));
        assertThat(TextKey.of(m)).startsWith("t:");
        assertThat(Duration.between(original.publishedAt(), m.publishedAt())).isLessThan(CopyCount.WINDOW);
      }
    }
  }

  @Test
  void theLaunchIsASharpMostlyPositiveSpikeOnAnotherDay() {
    assertThat(launch).isNotNull();
    assertThat(launch.onset().atZone(PARIS).toLocalDateTime()).isEqualTo(java.time.LocalDateTime.of(2026, 11, 5, 10, 0));
    assertThat(launch.onset().atZone(PARIS).toLocalDate()).isNotEqualTo(buzz.onset().atZone(PARIS).toLocalDate());
    assertThat(launch.peak()).isAfter(launch.onset()).isBefore(launch.end());
    assertThat(Duration.between(launch.onset(), launch.end())).isBetween(Duration.ofHours(4), Duration.ofHours(12));

    Duration window = Duration.ofHours(3);
    long during = countBetween(launch.onset(), window, null);
    long usual = 0;
    for (int day : new int[] {-3, -2, -1, 1, 4, 5}) { // the other weekdays before the outage's second wind
      usual = Math.max(usual, countBetween(launch.onset().plus(Duration.ofDays(day)), window, null));
    }
    assertThat(during).as("during %s, busiest same hours of other weekdays %s", during, usual).isGreaterThan(4 * usual);
    assertThat(launch.mentions()).isBetween(800, 4_000);
    assertThat(launch.reshares()).isGreaterThan(launch.mentions() / 3);
    assertThat(launch.english()).isGreaterThan(100);
    assertThat(launch.french()).isGreaterThan(launch.english());
    Set<String> ids = new HashSet<>();
    demo.mentions().forEach(m -> ids.add(m.id()));
    assertThat(launch.featuredPosts()).hasSize(LaunchScript.FEATURED.size()).allMatch(ids::contains);
    assertThat(demo.mentions()).filteredOn(m -> launch.featuredPosts().contains(m.id()))
        .anyMatch(m -> m.author().followers() > 400_000);

    // its own words appear nowhere else
    assertThat(count(m -> inLaunch(m))).isGreaterThan(launch.mentions() / 2);
    assertThat(count(m -> !inLaunch(m) && m.text().toLowerCase(Locale.ROOT).contains("nova"))).isZero();
  }

  @Test
  void theLaunchSpeaksWellOfTheBrand() {
    LexiconSentimentModel model = LexiconSentimentModel.create();
    Map<Sentiment.Label, Integer> launchLabels = new java.util.EnumMap<>(Sentiment.Label.class);
    Map<Sentiment.Label, Integer> everyday = new java.util.EnumMap<>(Sentiment.Label.class);
    for (Mention m : demo.mentions()) {
      if (m.isReshare()) {
        continue;
      }
      String lang = m.lang() != null ? m.lang() : m.text().matches(".*[éèàçù].*") ? "fr" : "en";
      Sentiment.Label label = model.score(m.text(), lang).label();
      if (inLaunch(m) && m.inReplyTo() == null) {
        launchLabels.merge(label, 1, Integer::sum);
      } else if (m.publishedAt().isBefore(buzz.onset()) && !inLaunch(m)) {
        everyday.merge(label, 1, Integer::sum);
      }
    }
    double launchPosts = launchLabels.values().stream().mapToInt(Integer::intValue).sum();
    double everydayPosts = everyday.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf("launch posts by sentiment %s, everyday %s%n", launchLabels, everyday);
    assertThat(launchLabels.getOrDefault(Sentiment.Label.POSITIVE, 0) / launchPosts).isGreaterThan(0.65);
    assertThat(launchLabels.getOrDefault(Sentiment.Label.NEGATIVE, 0) / launchPosts).isLessThan(0.08)
        .isLessThan(everyday.getOrDefault(Sentiment.Label.NEGATIVE, 0) / everydayPosts / 2);
  }

  /** The launch's posts are found by the demo's brand watch as the outage's are, and not by the outage watch. */
  @Test
  void theDemoWatchesSeeTheLaunchAsTheBrandNotAsAnOutage() throws IOException {
    WatchMatcher matcher = new WatchMatcher();
    try (InputStream in = ScenarioGenerator.class.getResourceAsStream("/watches/demo-watches.yml")) {
      assertThat(matcher.putAll(WatchFiles.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "demo-watches.yml")))
          .isEmpty();
    }
    int launchPosts = 0;
    int outagePosts = 0;
    int outageMatched = 0;
    for (Mention m : demo.mentions()) {
      String lang = m.lang() != null ? m.lang() : "fr";
      if (inLaunch(m)) {
        launchPosts++;
        List<String> ids = matcher.match(m, lang);
        assertThat(ids).as(m.text()).contains("ondyne").doesNotContain("ondyne-outage");
      } else if (m.text().contains(OutageScript.HASHTAG) && m.inReplyTo() == null) {
        outagePosts++;
        outageMatched += matcher.match(m, lang).contains("ondyne") ? 1 : 0;
      }
    }
    assertThat(launchPosts).isGreaterThan(800);
    assertThat(outageMatched).isEqualTo(outagePosts);
  }

  @Test
  void theTruthListsTheWindowsADetectorIsScoredOn() throws IOException {
    assertThat(demo.truth().windows()).extracting(SurgeWindow::kind).containsExactly("launch", "outage");
    SurgeWindow l = demo.truth().windows().get(0);
    SurgeWindow o = demo.truth().windows().get(1);
    assertThat(List.of(l.start(), l.peak(), l.end())).containsExactly(launch.onset(), launch.peak(), launch.end());
    assertThat(List.of(o.start(), o.peak(), o.end())).containsExactly(buzz.onset(), buzz.peak(), buzz.end());
    assertThat(l.expected()).isEqualTo(SurgeWindow.Expectation.atMostInfo());
    assertThat(l.expected().summary()).isEqualTo("at most an INFO signal, no negative signal");
    assertThat(o.expected().required()).containsExactly(Signal.Kind.NEGATIVE_SURGE);

    // the sidecar keeps its earlier fields as they were, and adds copies, launch and windows
    var json = Json.MAPPER.readTree(ScenarioWriter.truthJson(demo.truth()));
    assertThat(json.fieldNames()).toIterable().containsExactly("generator", "seed", "days", "start", "end", "scale",
        "brand", "mentions", "reshares", "nearDuplicates", "copies", "replies", "langAbsent", "byLanguage", "bySource",
        "badBuzz", "launch", "windows");
    assertThat(json.get("badBuzz").fieldNames()).toIterable().containsExactly("name", "description", "onset", "peak",
        "englishOnset", "englishPeak", "end", "mentions", "french", "english", "reshares", "keyTerms", "hashtags",
        "viralPosts");
    assertThat(json.get("windows").get(0).get("expected").get("maxSeverity").asText()).isEqualTo("INFO");
    assertThat(json.get("windows").get(0).get("expected").get("negativeAllowed").asBoolean()).isFalse();
  }

  /** The shipped file must be exactly what the code generates now: regenerate it when this fails (see ScenarioCommand). */
  @Test
  void theBundledScenarioIsWhatTheGeneratorProduces() throws IOException {
    byte[] bundled;
    try (InputStream in = ScenarioGenerator.class.getResourceAsStream(ScenarioGenerator.BUNDLED_RESOURCE)) {
      assertThat(in).as("resource %s", ScenarioGenerator.BUNDLED_RESOURCE).isNotNull();
      bundled = new GZIPInputStream(in).readAllBytes();
    }
    assertThat(java.util.Arrays.equals(bundled, jsonl(demo)))
        .as("%s matches generate(seed 42, 14 days); regenerate it with: veille scenario --seed 42 --days 14 "
            + "--out deploy/src/main/resources/scenario/demo-scenario.jsonl.gz", ScenarioGenerator.BUNDLED_RESOURCE)
        .isTrue();
    try (InputStream in = ScenarioGenerator.class.getResourceAsStream(ScenarioGenerator.BUNDLED_RESOURCE + ScenarioWriter.TRUTH_SUFFIX)) {
      assertThat(in).isNotNull();
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(ScenarioWriter.truthJson(demo.truth()));
    }
  }

  private static byte[] jsonl(Scenario s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ScenarioWriter.writeJsonl(s.mentions(), out);
    return out.toByteArray();
  }

  private static long count(Predicate<Mention> p) {
    return demo.mentions().stream().filter(p).count();
  }

  private static long countBetween(Instant from, Duration length, String lang) {
    Instant to = from.plus(length);
    return count(m -> !m.publishedAt().isBefore(from) && m.publishedAt().isBefore(to) && (lang == null || lang.equals(m.lang())));
  }

  /** A mention of the launch: its words, during its window. */
  private static boolean inLaunch(Mention m) {
    String t = m.text().toLowerCase(Locale.ROOT);
    return !m.publishedAt().isBefore(launch.onset()) && !m.publishedAt().isAfter(launch.end().plus(Duration.ofHours(24)))
        && (t.contains("nova") || t.contains("#boxnova"));
  }

  private static boolean inBuzz(Mention m) {
    return !m.publishedAt().isBefore(buzz.onset()) && !m.publishedAt().isAfter(buzz.end());
  }

  private static double averageLikes(Predicate<Mention> who) {
    return demo.mentions().stream()
        .filter(m -> !m.isReshare() && m.inReplyTo() == null && !m.source().equals("rss") && who.test(m))
        .mapToLong(m -> m.engagement().likes()).average().orElseThrow();
  }

  private static boolean isWeekend(LocalDate d) {
    return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
  }
}
