package io.veille.deploy.scenario;

import io.veille.common.model.Mention;
import io.veille.common.model.Signal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The deterministic demo scenario: two weeks of mentions of Ondyne, a fictional French telecom
 * operator, in French and English, with a daily and weekly rhythm, reshares, near-duplicates,
 * replies, authors from a handful of followers to about two million, one bad buzz (a network
 * outage) that starts in French and spills into English, and one harmless positive spike (the launch
 * of a new box). A pure function of its {@link ScenarioSpec}: the same spec gives the same mentions,
 * byte for byte.
 *
 * <p>The parts: {@link AuthorPool} (who), {@link Rhythm} (when), {@link Phrasebook},
 * {@link OutageScript} and {@link LaunchScript} (what), {@link Chatter} and {@link Episode} (the
 * conversations), {@link Cascades} (reshares, copies, replies), {@link BuzzModel} (an episode's
 * curve and truth), {@link TextKeys} (every fresh text has a copy key of its own, so the pipeline's
 * copies are the scenario's reshares and near-duplicates), {@link Platforms} (ids and URLs).
 * Writing files is {@link ScenarioWriter}'s job.
 */
public final class ScenarioGenerator {
  /** The scenario shipped in the distribution, on the classpath: {@code generate(ScenarioSpec.bundled())}. */
  public static final String BUNDLED_RESOURCE = "/scenario/demo-scenario.jsonl.gz";
  /** Ordinary people in the author pool (media, influencers and the brand come on top). */
  static final int PEOPLE = 3000;

  private ScenarioGenerator() {}

  public static Scenario generate(long seed, int days) {
    return generate(ScenarioSpec.of(seed, days));
  }

  public static Scenario generate(ScenarioSpec spec) {
    Rand root = new Rand(spec.seed());
    Rand authorsRand = root.split();
    Rand chatterRand = root.split();
    Rand buzzRand = root.split();
    Rand finishRand = root.split();
    Rand launchRand = root.split();

    AuthorPool pool = AuthorPool.create(authorsRand, PEOPLE);
    DraftLog log = new DraftLog();
    OutageScript.SCRIPT.reserve(log.keys());
    LaunchScript.SCRIPT.reserve(log.keys());
    new Chatter(pool, log, new Cascades(pool, log, chatterRand.split()), chatterRand, spec.scale())
        .generate(spec.start(), spec.end());

    BuzzModel buzz = null;
    List<Draft> viral = List.of();
    if (spec.hasBuzz()) {
      buzz = new BuzzModel(BuzzModel.onsetOn(spec.start(), spec.buzzDay() - 1, spec.buzzTime(), buzzRand.between(0, 20)),
          spec.scale(), BuzzModel.OUTAGE);
      viral = new Episode(OutageScript.SCRIPT, buzz, pool, log, new Cascades(pool, log, buzzRand.split()), buzzRand,
          spec.scale()).generate();
    }
    BuzzModel launch = null;
    List<Draft> featured = List.of();
    if (spec.hasLaunch()) {
      launch = new BuzzModel(BuzzModel.onsetOn(spec.start(), spec.launchDay() - 1, spec.launchTime(), 0), spec.scale(),
          BuzzModel.LAUNCH);
      featured = new Episode(LaunchScript.SCRIPT, launch, pool, log, new Cascades(pool, log, launchRand.split()),
          launchRand, spec.scale()).generate();
    }

    List<Mention> mentions = new Finisher(finishRand).finish(log.all(), spec.start(), spec.end());
    return new Scenario(spec, mentions, truth(spec, mentions, log.all(), buzz, viral, launch, featured));
  }

  /** Mentions, French ones and reshares of an episode (drafts outside the scenario's time range left out). */
  private record Counts(int mentions, int french, int reshares) {
    static Counts of(List<Draft> drafts, String episode) {
      int n = 0;
      int fr = 0;
      int reshares = 0;
      for (Draft d : drafts) {
        if (d.id != null && episode.equals(d.episode)) {
          n++;
          fr += d.lang == Lang.FR ? 1 : 0;
          reshares += d.kind == Draft.Kind.RESHARE ? 1 : 0;
        }
      }
      return new Counts(n, fr, reshares);
    }
  }

  private static List<String> ids(List<Draft> drafts) {
    List<String> ids = new ArrayList<>();
    for (Draft d : drafts) {
      if (d.id != null) {
        ids.add(d.id);
      }
    }
    return ids;
  }

  private static ScenarioTruth truth(ScenarioSpec spec, List<Mention> mentions, List<Draft> drafts, BuzzModel buzz,
      List<Draft> viral, BuzzModel launch, List<Draft> featured) {
    Map<String, Integer> byLanguage = new HashMap<>();
    Map<String, Integer> bySource = new HashMap<>();
    int reshares = 0;
    int replies = 0;
    int absent = 0;
    for (Mention m : mentions) {
      if (m.lang() == null) {
        absent++;
      } else {
        byLanguage.merge(m.lang(), 1, Integer::sum);
      }
      bySource.merge(m.source(), 1, Integer::sum);
      reshares += m.isReshare() ? 1 : 0;
      replies += m.inReplyTo() != null ? 1 : 0;
    }
    int nearDuplicates = 0;
    for (Draft d : drafts) {
      nearDuplicates += d.id != null && d.kind == Draft.Kind.NEAR_DUPLICATE ? 1 : 0;
    }
    List<SurgeWindow> windows = new ArrayList<>();
    ScenarioTruth.BadBuzz badBuzz = null;
    if (buzz != null) {
      Counts c = Counts.of(drafts, OutageScript.NAME);
      badBuzz = new ScenarioTruth.BadBuzz("network outage",
          "A nationwide Ondyne network outage (mobile and fibre) in the evening: French first, English from about 2.5 hours later, heavy reshares of a few large accounts, a second wind the next morning.",
          buzz.onset(), buzz.peak(), buzz.englishOnset(), buzz.englishPeak(), buzz.end(),
          c.mentions(), c.french(), c.mentions() - c.french(), c.reshares(),
          OutageScript.KEY_TERMS, List.of(OutageScript.HASHTAG, "#PanneOndyne"), ids(viral));
      windows.add(new SurgeWindow(OutageScript.NAME, buzz.onset(), buzz.peak(), buzz.end(),
          SurgeWindow.Expectation.signal(Signal.Severity.WARNING, Signal.Kind.NEGATIVE_SURGE)));
    }
    ScenarioTruth.Launch launchTruth = null;
    if (launch != null) {
      Counts c = Counts.of(drafts, LaunchScript.NAME);
      launchTruth = new ScenarioTruth.Launch("Box Nova launch",
          "Ondyne launches the Box Nova (fibre up to 8 Gb/s, Wi-Fi 7, the same price) in the morning: a sharp, mostly positive burst in French and English, the brand's announcements and a few large accounts' reviews reshared by many. A harmless spike: at most an info signal, no negative signal.",
          launch.onset(), launch.peak(), launch.end(), c.mentions(), c.french(), c.mentions() - c.french(), c.reshares(),
          LaunchScript.KEY_TERMS, List.of(LaunchScript.HASHTAG), ids(featured));
      windows.add(new SurgeWindow(LaunchScript.NAME, launch.onset(), launch.peak(), launch.end(),
          SurgeWindow.Expectation.atMostInfo()));
    }
    windows.sort(java.util.Comparator.comparing(SurgeWindow::start));
    return new ScenarioTruth(spec.seed(), spec.days(), spec.start(), spec.end(), spec.scale(), Brand.NAME,
        mentions.size(), reshares, nearDuplicates, replies, absent, byLanguage, bySource, badBuzz, launchTruth, windows);
  }
}
