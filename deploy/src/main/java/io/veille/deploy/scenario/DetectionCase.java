package io.veille.deploy.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veille.common.json.Json;
import io.veille.common.model.Mention;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

/**
 * One detection case of {@link DetectionScenarios}: its mentions in time order (the learning days and
 * the case day) and its truth, whose windows say when its episode starts, peaks and ends and what a
 * detector should raise there ({@link SurgeWindow.Expectation}); outside them, nothing.
 *
 * @param kind the case
 * @param description what happens, in words
 * @param fork before this instant, the mentions are the same in every case (the learning days)
 * @param detectWithin a required signal must open at most this long after the window's start (its
 *     onset bucket, in event time); null when the case sets no delay (the slow burn, the
 *     negative-share surge: detected within their window)
 */
public record DetectionCase(DetectionScenarios.Case kind, String description, Instant fork, Duration detectWithin, List<Mention> mentions, ScenarioTruth truth) {

  public DetectionCase {
    mentions = List.copyOf(mentions);
  }

  /** The case's windows (one, or one per evening for the evening show). */
  public List<SurgeWindow> windows() {
    return truth.windows();
  }

  /** The index of the first mention published at or after {@link #fork}. */
  public int forkIndex() {
    int i = Collections.binarySearch(mentions.stream().map(Mention::publishedAt).toList(), fork);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && !mentions.get(i - 1).publishedAt().isBefore(fork)) {
      i--;
    }
    return i;
  }

  /** The mentions before {@link #fork}. */
  public List<Mention> learning() {
    return mentions.subList(0, forkIndex());
  }

  /** The mentions from {@link #fork} on. */
  public List<Mention> afterFork() {
    return mentions.subList(forkIndex(), mentions.size());
  }

  /** The truth sidecar: {@link ScenarioTruth#toJson()} and a {@code case} object (name, description, fork, delay). */
  public ObjectNode truthJson() {
    ObjectNode o = truth.toJson();
    o.put("generator", "veille scenario --cases");
    ObjectNode c = Json.MAPPER.createObjectNode();
    c.put("name", kind.id);
    c.put("description", description);
    c.put("learningUntil", fork.toString());
    if (detectWithin == null) {
      c.putNull("detectWithinMinutes");
    } else {
      c.put("detectWithinMinutes", detectWithin.toMinutes());
    }
    o.set("case", c);
    return o;
  }

  /** {@link #truthJson()} pretty-printed, with a final newline. */
  public String truthText() throws IOException {
    return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(truthJson()) + "\n";
  }
}
