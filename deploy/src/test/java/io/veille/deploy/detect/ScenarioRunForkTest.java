package io.veille.deploy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.veille.common.model.Signal;
import io.veille.common.model.Watch;
import io.veille.common.model.WatchStats;
import io.veille.deploy.Demo;
import io.veille.deploy.scenario.DetectionCase;
import io.veille.deploy.scenario.DetectionScenarios;
import io.veille.streams.sentiment.SentimentConfig;
import io.veille.streams.sentiment.SentimentModel;
import io.veille.streams.sentiment.SentimentRouter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A forked run is the run it was forked from, continued: a short detection case (one learning day
 * at a low volume, then a 10x bad buzz) fed in one run, and fed as its learning day, a fork, and the
 * rest in the fork, raise the same signals (evidence included) and count the same buckets after the fork.
 */
class ScenarioRunForkTest {
  private static final Instant NOW = Instant.parse("2026-11-20T00:00:00Z");

  @Test
  void aForkContinuesTheHistoryOfTheRunItWasForkedFrom() throws Exception {
    DetectionScenarios scenarios = DetectionScenarios.of(new DetectionScenarios.Spec(5, 1, 1000));
    DetectionCase surge = scenarios.generate(DetectionScenarios.Case.SURGE_10X);
    List<Watch> watches = Demo.demoWatches();
    SentimentModel sentiment = SentimentRouter.of(SentimentConfig.defaults());

    ScenarioRun whole;
    try (ScenarioRun run = ScenarioRun.start(watches, sentiment, NOW)) {
      whole = run.pipe(surge.mentions());
    }
    ScenarioRun learnt;
    ScenarioRun forked;
    try (ScenarioRun run = ScenarioRun.start(watches, sentiment, NOW)) {
      learnt = run.pipe(surge.learning());
      try (ScenarioRun fork = run.fork()) {
        forked = fork.pipe(surge.afterFork());
      }
    }

    assertThat(whole.signals).as("the bad buzz is seen").anyMatch(s -> s.phase() == Signal.Phase.ONSET);
    List<Signal> continued = new java.util.ArrayList<>(learnt.signals);
    continued.addAll(forked.signals);
    assertThat(continued).isEqualTo(whole.signals);
    assertThat(forked.mentions).isEqualTo(surge.afterFork().size());
    for (Map.Entry<String, TreeMap<Instant, WatchStats>> e : forked.buckets.entrySet()) {
      assertThat(e.getValue()).as(e.getKey()).isNotEmpty();
      e.getValue().forEach((start, stats) -> assertThat(stats)
          .as("%s %s", e.getKey(), start).isEqualTo(whole.buckets.get(e.getKey()).get(start)));
    }
  }
}
