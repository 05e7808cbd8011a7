package io.veille.deploy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veille.common.model.Signal;
import io.veille.common.model.Signal.Kind;
import io.veille.common.model.Signal.Phase;
import io.veille.common.model.Signal.Severity;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled demo scenario (14 days, four watches) through the real topology with the demo's
 * sentiment, judged against its truth sidecar: the outage is detected as a negative surge of at
 * least WARNING on the outage watch, explained by the outage's own terms; the product launch is a
 * volume spike that never pages; every signal ends; and the fortnight pages a few times, not dozens.
 */
class BundledScenarioDetectionTest {
  static ScenarioRun run;
  static JsonNode truth;

  @BeforeAll
  static void replay() throws Exception {
    run = ScenarioRun.bundled();
    try (InputStream in = BundledScenarioDetectionTest.class.getResourceAsStream(
        "/scenario/demo-scenario.jsonl.gz.truth.json")) {
      truth = new ObjectMapper().readTree(in);
    }
  }

  static Instant at(JsonNode n, String field) {
    return Instant.parse(n.path(field).asText());
  }

  static List<Signal> of(String watch, Kind kind) {
    return run.signals.stream().filter(s -> s.watchId().equals(watch) && s.kind() == kind).toList();
  }

  /** The first episode of {@code kind} on {@code watch} opening in [from, to): its signals. */
  static List<Signal> episode(String watch, Kind kind, Instant from, Instant to) {
    Signal open = of(watch, kind).stream()
        .filter(s -> s.phase() == Phase.ONSET && !s.onset().isBefore(from) && s.onset().isBefore(to))
        .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " on " + watch + " in [" + from + ", " + to
            + "): " + of(watch, kind)));
    return of(watch, kind).stream().filter(s -> s.onset().equals(open.onset())).toList();
  }

  static Set<String> terms(List<Signal> episode) {
    Set<String> named = new HashSet<>();
    for (Signal s : episode) {
      if (s.evidence() != null) {
        s.evidence().terms().forEach(t -> named.add(t.term()));
      }
    }
    return named;
  }

  @Test
  void theOutageIsANegativeSurgeOfAtLeastWarningExplainedByItsOwnTerms() {
    JsonNode buzz = truth.path("badBuzz");
    Instant onset = at(buzz, "onset");
    Instant end = at(buzz, "end");
    Set<String> keyTerms = new HashSet<>();
    buzz.path("keyTerms").forEach(t -> keyTerms.add(t.asText()));

    // the outage watch must page; its query is made of the outage words and hashtags, so they are in
    // every one of its posts and do not grow against its own volume (its evidence names what is new
    // within it: the evening, the customer service...)
    List<Signal> outage = episode("ondyne-outage", Kind.NEGATIVE_SURGE, onset, end);
    assertThat(outage).extracting(Signal::severity).anyMatch(s -> s.compareTo(Severity.WARNING) >= 0);
    assertThat(outage).extracting(Signal::phase).contains(Phase.END);

    // the brand watch: the outage's words are what grew
    List<Signal> brand = episode("ondyne", Kind.NEGATIVE_SURGE, onset, end);
    Set<String> named = terms(brand);
    named.retainAll(keyTerms);
    assertThat(named).as("outage terms in the brand watch's evidence: " + terms(brand)).hasSizeGreaterThanOrEqualTo(3);
    assertThat(brand).extracting(Signal::severity).anyMatch(s -> s.compareTo(Severity.WARNING) >= 0);
  }

  @Test
  void theLaunchIsAVolumeSpikeThatNeverPages() {
    JsonNode launch = truth.path("launch");
    Instant onset = at(launch, "onset");
    Instant end = at(launch, "end");
    List<Signal> spikes = of("ondyne", Kind.VOLUME_SPIKE).stream()
        .filter(s -> !s.onset().isBefore(onset) && s.onset().isBefore(end)).toList();
    assertThat(spikes).as("the launch is seen").extracting(Signal::phase).contains(Phase.ONSET);
    assertThat(spikes).as("and never pages").allSatisfy(s -> assertThat(s.severity()).isEqualTo(Severity.INFO));
  }

  @Test
  void everySignalEndsAndOnlyTheBadBuzzPages() {
    List<Signal> onsets = run.signals.stream().filter(s -> s.phase() == Phase.ONSET).toList();
    for (Signal on : onsets) {
      assertThat(run.signals).as("the end of " + on).anyMatch(s -> s.watchId().equals(on.watchId())
          && s.kind() == on.kind() && s.onset().equals(on.onset()) && s.phase() == Phase.END);
    }
    List<String> pages = new ArrayList<>();
    for (Signal on : onsets) {
      boolean paged = run.signals.stream().anyMatch(s -> s.watchId().equals(on.watchId()) && s.kind() == on.kind()
          && s.onset().equals(on.onset()) && s.severity().compareTo(Severity.WARNING) >= 0);
      if (paged) {
        pages.add(on.watchId() + " " + on.kind() + " " + on.onset());
      }
    }
    // four watches, fourteen days, one bad buzz: the bad buzz pages (each watch's volume and negative
    // signals, six in the run of 7 Dec) and nothing else does; before a complaint of a large account
    // alone stopped paging, six more pages came from lone complaints and the launch's grumbles
    Instant buzzFrom = at(truth.path("badBuzz"), "onset").minus(java.time.Duration.ofHours(1));
    Instant buzzTo = at(truth.path("badBuzz"), "end");
    assertThat(pages).as("pages outside the bad buzz [" + buzzFrom + ", " + buzzTo + "]: " + pages)
        .allMatch(p -> {
          Instant on = Instant.parse(p.substring(p.lastIndexOf(' ') + 1));
          return !on.isBefore(buzzFrom) && !on.isAfter(buzzTo);
        });
    assertThat(pages).as("signals that reached WARNING").hasSizeLessThanOrEqualTo(8);
    assertThat(onsets).as("all onsets").hasSizeLessThanOrEqualTo(40);
  }
}
