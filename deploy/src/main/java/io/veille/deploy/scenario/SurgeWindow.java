package io.veille.deploy.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veille.common.json.Json;
import io.veille.common.model.Signal;
import io.veille.common.model.Signal.Kind;
import io.veille.common.model.Signal.Severity;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A window of a scenario's ground truth that a detector is scored on: what happens ({@code kind}:
 * "outage", "launch", "surge-3x", "evening-tv"...), when it starts, peaks and ends, and what the
 * detector should raise in it.
 */
public record SurgeWindow(String kind, Instant start, Instant peak, Instant end, Expectation expected) {
  public SurgeWindow {
    if (kind == null || kind.isBlank() || start == null || peak == null || end == null || expected == null) {
      throw new IllegalArgumentException("kind, start, peak, end and expected are required");
    }
    if (peak.isBefore(start) || end.isBefore(peak)) {
      throw new IllegalArgumentException("a window runs start <= peak <= end (was " + start + ", " + peak + ", " + end + ")");
    }
  }

  /** Whether {@code t} is inside the window, ends included. */
  public boolean contains(Instant t) {
    return !t.isBefore(start) && !t.isAfter(end);
  }

  /**
   * What a detector should do in a window.
   *
   * @param required a signal of one of these kinds must open in the window (empty: none is required)
   * @param minSeverity the least severity of that signal; null when none is required
   * @param maxSeverity the highest severity any signal in the window may have; null: no signal at all
   * @param negativeAllowed whether a {@link Kind#NEGATIVE_SURGE} may open in the window
   */
  public record Expectation(Set<Kind> required, Severity minSeverity, Severity maxSeverity, boolean negativeAllowed) {
    public Expectation {
      required = required.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(required));
      if (!required.isEmpty() && (minSeverity == null || maxSeverity == null || minSeverity.compareTo(maxSeverity) > 0)) {
        throw new IllegalArgumentException("a required signal needs minSeverity <= maxSeverity");
      }
      if (required.isEmpty() && minSeverity != null) {
        throw new IllegalArgumentException("minSeverity without a required signal");
      }
      if (required.contains(Kind.NEGATIVE_SURGE) && !negativeAllowed) {
        throw new IllegalArgumentException("a required negative surge must be allowed");
      }
    }

    /** A signal of one of {@code kinds}, at least {@code atLeast}; anything else is allowed too. */
    public static Expectation signal(Severity atLeast, Kind... kinds) {
      return new Expectation(Set.of(kinds), atLeast, Severity.CRITICAL, true);
    }

    /** Nothing at all: the window is part of the watch's normal life. */
    public static Expectation nothing() {
      return new Expectation(Set.of(), null, null, false);
    }

    /** A harmless spike: at most an info signal, and no negative signal. */
    public static Expectation atMostInfo() {
      return new Expectation(Set.of(), null, Severity.INFO, false);
    }

    /** Whether {@code s}, raised in the window, is allowed there. */
    public boolean permits(Signal s) {
      return maxSeverity != null && s.severity().compareTo(maxSeverity) <= 0
          && (negativeAllowed || s.kind() != Kind.NEGATIVE_SURGE);
    }

    /** Whether {@code s}, raised in the window, is the signal it requires. */
    public boolean satisfiedBy(Signal s) {
      return required.contains(s.kind()) && s.severity().compareTo(minSeverity) >= 0 && permits(s);
    }

    /** In words: "a NEGATIVE_SURGE signal of at least WARNING", "nothing", "at most an INFO signal, no negative signal". */
    public String summary() {
      if (!required.isEmpty()) {
        return "a " + required.stream().sorted().map(Enum::name).collect(Collectors.joining(" or ")) + " signal of at least "
            + minSeverity;
      }
      if (maxSeverity == null) {
        return "nothing";
      }
      return "at most an " + maxSeverity + " signal" + (negativeAllowed ? "" : ", no negative signal");
    }
  }

  /** The window as JSON, fields in a fixed order. */
  public ObjectNode toJson() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("kind", kind);
    o.put("start", start.toString());
    o.put("peak", peak.toString());
    o.put("end", end.toString());
    ObjectNode e = o.putObject("expected");
    e.put("summary", expected.summary());
    var required = e.putArray("required");
    expected.required().stream().sorted().forEach(k -> required.add(k.name()));
    e.put("minSeverity", expected.minSeverity() == null ? null : expected.minSeverity().name());
    e.put("maxSeverity", expected.maxSeverity() == null ? null : expected.maxSeverity().name());
    e.put("negativeAllowed", expected.negativeAllowed());
    return o;
  }
}
