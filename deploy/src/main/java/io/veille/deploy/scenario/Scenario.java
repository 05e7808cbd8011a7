package io.veille.deploy.scenario;

import io.veille.common.model.Mention;
import java.util.List;

/** A generated scenario: its mentions in time order and its ground truth. */
public record Scenario(ScenarioSpec spec, List<Mention> mentions, ScenarioTruth truth) {
  public Scenario {
    mentions = List.copyOf(mentions);
  }
}
