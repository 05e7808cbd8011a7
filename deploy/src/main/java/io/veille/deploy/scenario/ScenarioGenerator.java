package io.veille.deploy.scenario;

import io.veille.common.model.Mention;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The deterministic demo scenario: two weeks of mentions of Ondyne, a fictional French telecom
 * operator, in French and English, with a daily and weekly rhythm, reshares, near-duplicates,
 * replies, authors from a handful of followers to about two million, and one bad buzz (a network
 * outage) that starts in French and spills into English. A pure function of its {@link ScenarioSpec}:
 * the same spec gives the same mentions, byte for byte.
 *
 * <p>The parts: {@link AuthorPool} (who), {@link Rhythm} (when), {@link Phrasebook} and
 * {@link OutageScript} (what), {@link Chatter} and {@link OutageEpisode} (the two conversations),
 * {@link Cascades} (reshares, copies, replies), {@link BuzzModel} (the buzz's curve and truth),
 * {@link Platforms} (ids and URLs). Writing files is {@link ScenarioWriter}'s job.
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

    AuthorPool pool = AuthorPool.create(authorsRand, PEOPLE);
    DraftLog log = new DraftLog();
    new Chatter(pool, log, new Cascades(pool, log, chatterRand.split()), chatterRand, spec.scale())
        .generate(spec.start(), spec.end());

    BuzzModel buzz = null;
    List<Draft> viral = List.of();
    if (spec.hasBuzz()) {
      buzz = new BuzzModel(BuzzModel.onsetOn(spec.start(), spec.buzzDay() - 1, spec.buzzTime(), buzzRand.between(0, 20)),
          spec.scale());
      viral = new OutageEpisode(buzz, pool, log, new Cascades(pool, log, buzzRand.split()), buzzRand, spec.scale())
          .generate();
    }

    List<Mention> mentions = new Finisher(finishRand).finish(log.all(), spec.start(), spec.end());
    return new Scenario(spec, mentions, truth(spec, mentions, log.all(), buzz, viral));
  }

  private static ScenarioTruth truth(ScenarioSpec spec, List<Mention> mentions, List<Draft> drafts, BuzzModel buzz,
      List<Draft> viral) {
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
    int buzzTotal = 0;
    int buzzFrench = 0;
    int buzzReshares = 0;
    for (Draft d : drafts) {
      if (d.id == null) {
        continue; // outside the scenario's time range
      }
      nearDuplicates += d.kind == Draft.Kind.NEAR_DUPLICATE ? 1 : 0;
      if (OutageEpisode.NAME.equals(d.episode)) {
        buzzTotal++;
        buzzFrench += d.lang == Lang.FR ? 1 : 0;
        buzzReshares += d.kind == Draft.Kind.RESHARE ? 1 : 0;
      }
    }
    ScenarioTruth.BadBuzz badBuzz = null;
    if (buzz != null) {
      List<String> viralIds = new ArrayList<>();
      for (Draft d : viral) {
        if (d.id != null) {
          viralIds.add(d.id);
        }
      }
      badBuzz = new ScenarioTruth.BadBuzz("network outage",
          "A nationwide Ondyne network outage (mobile and fibre) in the evening: French first, English from about 2.5 hours later, heavy reshares of a few large accounts, a second wind the next morning.",
          buzz.onset(), buzz.peak(), buzz.englishOnset(), buzz.englishPeak(), buzz.end(),
          buzzTotal, buzzFrench, buzzTotal - buzzFrench, buzzReshares,
          OutageScript.KEY_TERMS, List.of(OutageScript.HASHTAG, "#PanneOndyne"), viralIds);
    }
    return new ScenarioTruth(spec.seed(), spec.days(), spec.start(), spec.end(), spec.scale(), Brand.NAME,
        mentions.size(), reshares, nearDuplicates, replies, absent, byLanguage, bySource, badBuzz);
  }
}
