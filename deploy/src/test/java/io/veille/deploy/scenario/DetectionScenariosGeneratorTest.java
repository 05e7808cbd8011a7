package io.veille.deploy.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.veille.common.json.Json;
import io.veille.common.model.Mention;
import io.veille.deploy.scenario.DetectionScenarios.Case;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The detection cases as generated (what they are made of; what the topology does with them is
 * {@code DetectionScenariosTest}): three learning days at the default volume, so the whole class
 * takes a few seconds.
 */
class DetectionScenariosGeneratorTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  static DetectionScenarios scenarios;
  static final Map<Case, DetectionCase> cases = new EnumMap<>(Case.class);
  /** Per case, the mentions streams takes for copies of an earlier one (reshares and near-duplicates). */
  static final Map<Case, java.util.Set<Mention>> copies = new EnumMap<>(Case.class);

  @BeforeAll
  static void generate() {
    scenarios = DetectionScenarios.of(new DetectionScenarios.Spec(7, 3, DetectionScenarios.POSTS_PER_DAY));
    for (Case c : Case.values()) {
      cases.put(c, scenarios.generate(c));
      copies.put(c, new java.util.HashSet<>(CopyCount.copies(cases.get(c).mentions(), CopyCount.WINDOW)));
    }
  }

  static Instant paris(int hour, int minute) {
    return ZonedDateTime.of(scenarios.caseDay(), LocalTime.of(hour, minute), PARIS).toInstant();
  }

  static boolean brand(Mention m) {
    return m.text().toLowerCase(Locale.ROOT).contains("ondyne");
  }

  /** Fresh posts about the brand in [from, to): no reshares, copies or replies. */
  static long posts(Case c, Instant from, Instant to, Predicate<Mention> also) {
    return cases.get(c).mentions().stream().filter(m -> fresh(c, m) && brand(m) && also.test(m)
        && !m.publishedAt().isBefore(from) && m.publishedAt().isBefore(to)).count();
  }

  static boolean fresh(Case c, Mention m) {
    return !m.isReshare() && m.inReplyTo() == null && !copies.get(c).contains(m);
  }

  /** Whether the window holds {@code t}'s minute (a window's end is its last minute). */
  static boolean within(SurgeWindow w, Instant t) {
    return w.contains(t.truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
  }

  static long posts(Case c, Instant from, Instant to) {
    return posts(c, from, to, m -> true);
  }

  static boolean billing(Mention m) {
    String t = m.text().toLowerCase(Locale.ROOT);
    // the organic conversation has "charged me 3€ twice" on a forum, not these
    return t.contains("prélev") || t.contains("prélèv") || t.contains("charged twice") || t.contains("bill twice")
        || t.contains("payment twice") || t.contains("people twice") || t.contains("double");
  }

  @Test
  void theSameSpecGivesTheSameMentions() {
    DetectionScenarios again = DetectionScenarios.of(scenarios.spec());
    for (Case c : List.of(Case.SURGE_3X, Case.NEGATIVE_SHARE)) {
      assertThat(again.generate(c).mentions()).as(c.id).isEqualTo(cases.get(c).mentions());
    }
    assertThat(DetectionScenarios.of(new DetectionScenarios.Spec(8, 3, DetectionScenarios.POSTS_PER_DAY))
        .generate(Case.STEADY).mentions()).isNotEqualTo(cases.get(Case.STEADY).mentions());
  }

  @Test
  void everyCaseHasTheSameLearningDays() {
    List<Mention> learning = cases.get(Case.STEADY).learning();
    assertThat(learning).isNotEmpty().allMatch(m -> m.publishedAt().isBefore(scenarios.fork()));
    for (Case c : Case.values()) {
      DetectionCase dc = cases.get(c);
      assertThat(dc.fork()).isEqualTo(scenarios.fork());
      assertThat(dc.learning()).as(c.id).isEqualTo(learning);
      assertThat(dc.afterFork()).as(c.id).isNotEmpty().allMatch(m -> !m.publishedAt().isBefore(scenarios.fork()));
    }
    assertThat(cases.get(Case.EVENING_TV).mentions()).isEqualTo(cases.get(Case.STEADY).mentions());
    assertThat(scenarios.fork()).isEqualTo(paris(9, 0));
    assertThat(cases.get(Case.STEADY).mentions()).allMatch(m -> m.publishedAt().isBefore(scenarios.end()));
  }

  @Test
  void aBrandWatchHasTensOfMentionsAnHourAtNightAndAboutTwoHundredAtItsEveningPeak() {
    // the second day (a Tuesday), Paris hours
    List<Mention> all = cases.get(Case.STEADY).mentions();
    int[] perHour = new int[24];
    for (Mention m : all) {
      var z = m.publishedAt().atZone(PARIS);
      if (brand(m) && z.toLocalDate().equals(scenarios.caseDay().minusDays(2))) {
        perHour[z.getHour()]++;
      }
    }
    assertThat(perHour[1]).as("01:00-02:00").isBetween(15, 80);
    assertThat(perHour[4]).as("04:00-05:00").isBetween(4, 40);
    assertThat(perHour[20]).as("20:00-21:00").isBetween(170, 400);
  }

  @Test
  void theSuddenSurgesAreThreeFiveAndTenTimesTheUsualFreshPostsForAnHour() {
    Instant from = paris(14, 7);
    Instant to = paris(15, 7);
    long usual = posts(Case.STEADY, from, to);
    assertThat(posts(Case.STEADY, paris(13, 0), from)).isEqualTo(posts(Case.SURGE_3X, paris(13, 0), from));
    for (Case c : List.of(Case.SURGE_3X, Case.SURGE_5X, Case.SURGE_10X)) {
      double factor = c == Case.SURGE_3X ? 3 : c == Case.SURGE_5X ? 5 : 10;
      double ratio = posts(c, from, to) / (double) usual;
      assertThat(ratio).as("%s: %d fresh posts against %d", c.id, posts(c, from, to), usual)
          .isBetween(factor * 0.75, factor * 1.35);
      assertThat(posts(c, from, to, DetectionScenariosGeneratorTest::billing))
          .as("mostly about the double charge").isGreaterThan((long) ((factor - 1) * usual * 0.6));
      assertThat(cases.get(c).windows().get(0).start()).isEqualTo(from);
    }
    // over by 15:37, back to the usual afterwards
    assertThat(posts(Case.SURGE_10X, paris(15, 40), paris(16, 40), DetectionScenariosGeneratorTest::billing)).isZero();
  }

  @Test
  void theSlowBurnRisesForSixHoursThenFades() {
    long first = posts(Case.SLOW_BURN, paris(11, 0), paris(12, 0), DetectionScenariosGeneratorTest::billing);
    long fourth = posts(Case.SLOW_BURN, paris(14, 0), paris(15, 0), DetectionScenariosGeneratorTest::billing);
    long sixth = posts(Case.SLOW_BURN, paris(16, 0), paris(17, 0), DetectionScenariosGeneratorTest::billing);
    long after = posts(Case.SLOW_BURN, paris(19, 30), paris(21, 0), DetectionScenariosGeneratorTest::billing);
    assertThat(first).isLessThan(fourth);
    assertThat(fourth).isLessThan(sixth);
    assertThat(after).isZero();
    SurgeWindow w = cases.get(Case.SLOW_BURN).windows().get(0);
    assertThat(w.start()).isEqualTo(paris(11, 0));
    assertThat(w.peak()).isEqualTo(paris(17, 0));
  }

  @Test
  void theNegativeShareSurgeKeepsTheVolumeAndTurnsItNegative() {
    Instant from = paris(15, 0);
    Instant to = paris(16, 30);
    long usual = posts(Case.STEADY, from, to);
    long during = posts(Case.NEGATIVE_SHARE, from, to);
    assertThat(during).as("fresh posts during the surge against the steady day's").isBetween((long) (usual * 0.85),
        (long) (usual * 1.15));
    assertThat(posts(Case.STEADY, from, to, DetectionScenariosGeneratorTest::billing)).isZero();
    assertThat(posts(Case.NEGATIVE_SHARE, from, to, DetectionScenariosGeneratorTest::billing))
        .as("complaints about the double charge (seven in ten of the people's own posts that were no complaint)")
        .isGreaterThan(during * 3 / 10);
    assertThat(posts(Case.NEGATIVE_SHARE, paris(17, 0), paris(22, 0), DetectionScenariosGeneratorTest::billing)).isZero();
  }

  @Test
  void theHugeReachCaseIsOneComplaintByATwoMillionFollowerAccountResharedByMany() {
    DetectionCase dc = cases.get(Case.HUGE_REACH);
    List<Mention> big = dc.afterFork().stream().filter(m -> m.author() != null && m.author().followers() >= 2_000_000).toList();
    assertThat(big).hasSize(1);
    Mention post = big.get(0);
    assertThat(post.publishedAt()).isEqualTo(paris(16, 0).plusSeconds(20));
    assertThat(post.text()).contains("Honteux");
    assertThat(dc.afterFork().stream().filter(m -> post.id().equals(m.sharedFrom())).count()).isGreaterThan(30);
    assertThat(dc.truth().badBuzz().viralPosts()).containsExactly(post.id());
    // everything else is the steady day
    assertThat(dc.mentions().size() - cases.get(Case.STEADY).mentions().size())
        .isEqualTo(1 + (int) dc.afterFork().stream().filter(m -> post.id().equals(m.sharedFrom())).count());
  }

  @Test
  void theEveningShowAirsEveryDayAt20AndNeverElse() {
    List<Mention> all = cases.get(Case.EVENING_TV).mentions();
    List<SurgeWindow> evenings = cases.get(Case.EVENING_TV).windows();
    assertThat(evenings).hasSize(scenarios.spec().learningDays() + 1);
    for (SurgeWindow w : evenings) {
      assertThat(w.start().atZone(PARIS).toLocalTime()).isEqualTo(LocalTime.of(20, 0));
      long show = all.stream().filter(m -> fresh(Case.EVENING_TV, m) && m.text().contains("Grand Quiz")
          && within(w, m.publishedAt())).count();
      assertThat(show).as("the show's posts on %s", w.start()).isBetween(100L, 260L);
    }
    // the show's own posts (not the replies, reshares and copies that follow them) all come during the show
    assertThat(all).filteredOn(m -> fresh(Case.EVENING_TV, m) && m.text().contains("Grand Quiz")).isNotEmpty()
        .allMatch(m -> evenings.stream().anyMatch(w -> within(w, m.publishedAt())));
  }

  @Test
  void theLaunchIsTheBoxNovaAtTenAndHarmless() {
    DetectionCase dc = cases.get(Case.LAUNCH);
    assertThat(dc.truth().launch().onset()).isEqualTo(paris(10, 0));
    assertThat(dc.windows().get(0).expected()).isEqualTo(SurgeWindow.Expectation.atMostInfo());
    assertThat(posts(Case.LAUNCH, paris(10, 20), paris(11, 0), m -> m.text().contains("Box Nova")))
        .as("a sharp spike: the launch's posts at its height against the usual")
        .isGreaterThan(2 * posts(Case.STEADY, paris(10, 20), paris(11, 0)));
  }

  @Test
  void streamsTakesForCopiesExactlyTheReshareAndNearDuplicatesTheTruthCounts() {
    for (Case c : List.of(Case.STEADY, Case.SURGE_10X, Case.NEGATIVE_SHARE, Case.LAUNCH)) {
      ScenarioTruth t = cases.get(c).truth();
      assertThat(CopyCount.count(cases.get(c).mentions())).as(c.id).isEqualTo(t.copies());
      assertThat(t.mentions()).isEqualTo(cases.get(c).mentions().size());
    }
  }

  @Test
  void theTruthSaysWhatToExpectAndWhen() throws Exception {
    JsonNode t = Json.MAPPER.readTree(cases.get(Case.SURGE_5X).truthText());
    assertThat(t.path("case").path("name").asText()).isEqualTo("surge-5x");
    assertThat(t.path("case").path("detectWithinMinutes").asInt()).isEqualTo(3);
    assertThat(t.path("case").path("learningUntil").asText()).isEqualTo(scenarios.fork().toString());
    assertThat(t.path("windows").get(0).path("start").asText()).isEqualTo(paris(14, 7).toString());
    assertThat(t.path("windows").get(0).path("expected").path("minSeverity").asText()).isEqualTo("WARNING");
    assertThat(t.path("badBuzz").path("keyTerms").toString()).contains("prélèvement");
    JsonNode steady = Json.MAPPER.readTree(cases.get(Case.STEADY).truthText());
    assertThat(steady.path("windows").get(0).path("expected").path("summary").asText()).isEqualTo("nothing");
    assertThat(steady.path("case").path("detectWithinMinutes").isNull()).isTrue();
    assertThat(Case.of("slow-burn")).isEqualTo(Case.SLOW_BURN);
    assertThatThrownBy(() -> Case.of("surge-4x")).hasMessageContaining("surge-3x");
    assertThatThrownBy(() -> new DetectionScenarios.Spec(1, 0, 2400)).hasMessageContaining("learning days");
  }
}
