package io.veille.alerting.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.veille.alerting.notify.Notification;
import io.veille.alerting.notify.Notification.Event;
import io.veille.alerting.route.AlertingConfig;
import io.veille.common.config.ConfigException;
import io.veille.common.config.Secrets;
import io.veille.common.model.Incident;
import io.veille.common.model.Signal;
import io.veille.common.model.Signal.Kind;
import io.veille.common.model.Signal.Phase;
import io.veille.common.model.Signal.Severity;
import io.veille.common.model.Silence;
import io.veille.common.model.Watch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The engine on an injected clock: group wait, escalation within the group interval, reminders,
 * resolve, a withdrawn onset, silences, inhibition, acknowledgement, routing by watch, label,
 * kind and severity, retention.
 */
class AlertEngineTest {
  static final Instant T0 = Instant.parse("2026-11-05T17:20:00Z");
  static final String YAML = """
      search_url: "http://localhost:8080/search?q="
      receivers:
        - name: console
          console: {}
        - name: crisis
          webhook: {url: "http://127.0.0.1:9/hook", secret: "env:HOOK_SECRET"}
        - name: pr
          webhook: {url: "http://127.0.0.1:9/pr", secret: "env:HOOK_SECRET"}
      route:
        receivers: [console]
        group_wait: 30s
        group_interval: 5m
        repeat_interval: 4h
        routes:
          - labels: [crisis]
            min_severity: warning
            receivers: [crisis]
            continue: true
          - watches: [ondyne]
            kinds: [negative_surge]
            min_severity: critical
            receivers: [pr]
            notify_on: [open, resolve]
      inhibit:
        - source_severity: critical
          target_severity: warning
          equal: watch
      """;

  final Map<String, Watch> watches = Map.of(
      "ondyne", new Watch("ondyne", "Ondyne", "ondyne", Set.of(), Set.of(), null, List.of("crisis")),
      "ondyne-outage", new Watch("ondyne-outage", "Ondyne outage", "panne", Set.of(), Set.of(), null, List.of("crisis")),
      "telvana", new Watch("telvana", "Telvana", "telvana", Set.of(), Set.of(), null, List.of()));

  static AlertingConfig config(String yaml) throws Exception {
    Object tree = new ObjectMapper(new YAMLFactory()).readValue(yaml, Object.class);
    return AlertingConfig.parse(tree, new Secrets(Map.of("HOOK_SECRET", "0123456789abcdef0123")::get));
  }

  AlertEngine engine() throws Exception {
    return new AlertEngine(config(YAML), watches::get);
  }

  static Signal signal(String watch, Kind kind, Phase phase, Severity sev, Instant onset, Instant at, double observed) {
    return new Signal(watch, kind, phase, sev, onset, at, observed, 5, 6, false,
        new Signal.Evidence(onset.minusSeconds(120), at, (long) observed, 0, 0.7, 0.1,
            List.of(new Signal.Term("panne", 30, 1, 8)), List.of(), List.of(), "watch:\"" + watch + "\""));
  }

  /** Runs the engine's ticks every 10 s of injected time from {@code from} to {@code to}, collecting messages. */
  static List<Notification> run(AlertEngine e, Instant from, Instant to) {
    List<Notification> out = new ArrayList<>();
    for (Instant t = from; !t.isAfter(to); t = t.plusSeconds(10)) {
      out.addAll(e.tick(t).notifications());
    }
    return out;
  }

  static List<String> events(List<Notification> ns) {
    return ns.stream().map(n -> n.receiver() + " " + n.event() + " " + n.severity()).toList();
  }

  @Test
  void aWarningWaitsTheGroupWaitThenReachesItsRoutesReceiversOnce() throws Exception {
    AlertEngine e = engine();
    var o = e.onSignal(signal("ondyne", Kind.NEGATIVE_SURGE, Phase.ONSET, Severity.WARNING, T0, T0.plusSeconds(60), 20), T0);
    assertThat(o.notifications()).as("nothing before the group wait").isEmpty();
    assertThat(o.changed()).hasSize(1);
    Incident i = o.changed().get(0);
    assertThat(i.id()).isEqualTo(Incident.idOf("ondyne", Kind.NEGATIVE_SURGE, T0));
    assertThat(i.state()).isEqualTo(Incident.State.OPEN);
    assertThat(i.receivers().keySet()).containsExactly("crisis"); // the labels route matches, the pr one needs critical
    assertThat(run(e, T0, T0.plusSeconds(29))).isEmpty();
    List<Notification> first = run(e, T0.plusSeconds(30), T0.plusSeconds(600));
    assertThat(events(first)).containsExactly("crisis OPENED WARNING");
    Notification n = first.get(0);
    assertThat(n.key()).isEqualTo(i.id() + ":1:crisis");
    assertThat(n.searchUrl()).isEqualTo("http://localhost:8080/search?q=watch%3A%22ondyne%22");
    assertThat(n.evidence().terms()).extracting(Signal.Term::term).containsExactly("panne");
  }

  @Test
  void anEscalationWithinTheGroupIntervalWaitsForItAndTheCriticalReachesThePrRoute() throws Exception {
    AlertEngine e = engine();
    Signal onset = signal("ondyne", Kind.NEGATIVE_SURGE, Phase.ONSET, Severity.WARNING, T0, T0.plusSeconds(60), 20);
    e.onSignal(onset, T0);
    List<Notification> ns = new ArrayList<>(run(e, T0, T0.plusSeconds(60)));
    ns.addAll(e.onSignal(signal("ondyne", Kind.NEGATIVE_SURGE, Phase.UPDATE, Severity.CRITICAL, T0, T0.plusSeconds(120),
        80), T0.plusSeconds(70)).notifications());
    Incident i = e.incident(Incident.idOf("ondyne", Kind.NEGATIVE_SURGE, T0));
    assertThat(i.state()).isEqualTo(Incident.State.ESCALATED);
    assertThat(i.peakSeverity()).isEqualTo(Severity.CRITICAL);
    ns.addAll(run(e, T0.plusSeconds(70), T0.plusSeconds(600)));
    // crisis heard of the opening at +30 s: its escalation waits the group interval (until +330 s);
    // pr is a new receiver (critical): its opening waits the group wait from when alerting first saw the incident
    assertThat(events(ns)).containsExactly("crisis OPENED WARNING", "pr OPENED CRITICAL", "crisis ESCALATED CRITICAL");
    Notification esc = ns.get(2);
    assertThat(esc.key()).endsWith(":2:crisis");
  }

  @Test
  void remindersComeAfterTheRepeatIntervalUntilAcknowledgedAndTheEndIsSentOnce() throws Exception {
    AlertEngine e = engine();
    e.onSignal(signal("ondyne-outage", Kind.VOLUME_SPIKE, Phase.ONSET, Severity.WARNING, T0, T0.plusSeconds(60), 30), T0);
    List<Notification> ns = new ArrayList<>(run(e, T0, T0.plus(Duration.ofHours(9))));
    assertThat(events(ns)).containsExactly("crisis OPENED WARNING", "crisis REMINDER WARNING", "crisis REMINDER WARNING");
    String id = Incident.idOf("ondyne-outage", Kind.VOLUME_SPIKE, T0);
    e.acknowledge(id, "ana", null, T0.plus(Duration.ofHours(9)));
    assertThat(run(e, T0.plus(Duration.ofHours(9)), T0.plus(Duration.ofHours(20)))).as("no reminder once acknowledged")
        .isEmpty();
    Instant end = T0.plus(Duration.ofHours(20));
    ns = new ArrayList<>(e.onSignal(signal("ondyne-outage", Kind.VOLUME_SPIKE, Phase.END, Severity.WARNING, T0,
        end, 3), end).notifications());
    ns.addAll(run(e, end, end.plus(Duration.ofHours(1))));
    assertThat(events(ns)).containsExactly("crisis RESOLVED WARNING");
    assertThat(ns.get(0).resolvedAt()).isEqualTo(end);
    assertThat(ns.get(0).observed()).as("the peak").isEqualTo(30);
    Incident i = e.incident(id);
    assertThat(i.state()).isEqualTo(Incident.State.RESOLVED);
    assertThat(i.timeline()).extracting(Incident.Entry::what)
        .containsSubsequence("onset", "notified", "notified", "notified", "acknowledged", "end", "notified");
  }

  @Test
  void anAcknowledgedIncidentStillNotifiesItsEscalationAndTheFirstAcknowledgementStands() throws Exception {
    AlertEngine e = engine();
    e.onSignal(signal("ondyne-outage", Kind.VOLUME_SPIKE, Phase.ONSET, Severity.WARNING, T0, T0.plusSeconds(60), 30), T0);
    assertThat(events(run(e, T0, T0.plusSeconds(60)))).containsExactly("crisis OPENED WARNING");
    String id = Incident.idOf("ondyne-outage", Kind.VOLUME_SPIKE, T0);
    Instant ack = T0.plusSeconds(120);
    assertThat(e.acknowledge(id, "ana", "on it", ack).changed()).hasSize(1);
    assertThat(e.acknowledge(id, "bob", null, ack.plusSeconds(5)).changed()).as("the first stands").isEmpty();
    Incident i = e.incident(id);
    assertThat(i.acknowledgedBy()).isEqualTo("ana");
    assertThat(i.acknowledgedAt()).isEqualTo(ack);
    assertThat(i.timeline().get(i.timeline().size() - 1).detail()).isEqualTo("by ana: on it");
    Instant up = T0.plusSeconds(600);
    List<Notification> ns = new ArrayList<>(e.onSignal(signal("ondyne-outage", Kind.VOLUME_SPIKE, Phase.UPDATE,
        Severity.CRITICAL, T0, up, 90), up).notifications());
    ns.addAll(run(e, up, up.plus(Duration.ofHours(9))));
    assertThat(events(ns)).as("the escalation, and no reminder").containsExactly("crisis ESCALATED CRITICAL");
  }

  @Test
  void anOnsetWithdrawnWithinTheGroupWaitPagesNobody() throws Exception {
    AlertEngine e = engine();
    e.onSignal(signal("ondyne", Kind.NEGATIVE_SURGE, Phase.ONSET, Severity.WARNING, T0, T0.plusSeconds(60), 20), T0);
    Signal withdrawn = new Signal("ondyne", Kind.NEGATIVE_SURGE, Phase.END, Severity.WARNING, T0, T0.plusSeconds(60), 4,
        5, 0, true, null);
    var o = e.onSignal(withdrawn, T0.plusSeconds(12));
    assertThat(o.changed().get(0).withdrawn()).isTrue();
    assertThat(run(e, T0, T0.plus(Duration.ofHours(5)))).isEmpty();
    assertThat(e.nextDue()).isNull();
  }

  @Test
  void anEpisodeReadLateIsToldOpenedThenResolvedAndABlipShorterThanTheGroupWaitPagesNobody() throws Exception {
    // a backlog (or a fast replay): onset and end of an hour-long episode read in the same instant
    AlertEngine e = engine();
    Instant read = T0.plus(Duration.ofHours(2));
    var o1 = e.onSignal(signal("ondyne", Kind.NEGATIVE_SURGE, Phase.ONSET, Severity.WARNING, T0, T0.plusSeconds(60), 20),
        read);
    var o2 = e.onSignal(signal("ondyne", Kind.NEGATIVE_SURGE, Phase.END, Severity.WARNING, T0, T0.plus(Duration.ofHours(1)),
        2), read);
    List<Notification> told = new ArrayList<>(o1.notifications());
    told.addAll(o2.notifications());
    assertThat(events(told)).as("the opening at once").containsExactly("crisis OPENED WARNING");
    assertThat(run(e, read, read.plusSeconds(299))).as("the end after the group interval").isEmpty();
    assertThat(events(run(e, read.plusSeconds(300), read.plus(Duration.ofHours(5))))).containsExactly("crisis RESOLVED WARNING");

    // a blip: ended 20 s (event time) after its onset, within the 30 s group wait
    AlertEngine b = engine();
    Instant t = T0.plus(Duration.ofDays(1));
    b.onSignal(signal("ondyne", Kind.NEGATIVE_SURGE, Phase.ONSET, Severity.WARNING, t, t.plusSeconds(60), 20), t);
    var end = b.onSignal(signal("ondyne", Kind.NEGATIVE_SURGE, Phase.END, Severity.WARNING, t, t.plusSeconds(20), 2),
        t.plusSeconds(5));
    assertThat(end.notifications()).isEmpty();
    assertThat(run(b, t, t.plus(Duration.ofHours(5)))).isEmpty();
  }

  @Test
  void aSilenceMutesWhileItLastsThenTheOpeningGoesOut() throws Exception {
    AlertEngine e = engine();
    e.silence("s1", new Silence("s1", Set.of(), Set.of("crisis"), T0.minusSeconds(60), T0.plus(Duration.ofMinutes(20)),
        "ana", "planned maintenance", T0));
    e.onSignal(signal("ondyne", Kind.NEGATIVE_SURGE, Phase.ONSET, Severity.WARNING, T0, T0.plusSeconds(60), 20), T0);
    assertThat(run(e, T0, T0.plus(Duration.ofMinutes(19)))).isEmpty();
    Incident i = e.incident(Incident.idOf("ondyne", Kind.NEGATIVE_SURGE, T0));
    assertThat(i.timeline()).filteredOn(x -> x.what().equals("muted")).hasSize(1)
        .allMatch(x -> x.detail().contains("silence s1 (ana: planned maintenance)"));
    assertThat(events(run(e, T0.plus(Duration.ofMinutes(19)), T0.plus(Duration.ofMinutes(25)))))
        .containsExactly("crisis OPENED WARNING");
  }

  @Test
  void anIncidentSilencedUntilItEndedNotifiesNobodyAndAnExpiredSilenceNothing() throws Exception {
    AlertEngine e = engine();
    Silence s = new Silence("s2", Set.of("ondyne"), Set.of(), T0, T0.plus(Duration.ofHours(2)), "ana", null, T0);
    e.silence("s2", s);
    e.onSignal(signal("ondyne", Kind.NEGATIVE_SURGE, Phase.ONSET, Severity.WARNING, T0, T0.plusSeconds(60), 20), T0);
    e.onSignal(signal("ondyne", Kind.NEGATIVE_SURGE, Phase.END, Severity.WARNING, T0, T0.plusSeconds(900), 2),
        T0.plusSeconds(900));
    assertThat(run(e, T0, T0.plus(Duration.ofHours(3)))).isEmpty();
    // expired: the next episode notifies
    e.silence("s2", s.expiredAt(T0.plus(Duration.ofHours(3))));
    Instant t = T0.plus(Duration.ofHours(4));
    e.onSignal(signal("ondyne", Kind.NEGATIVE_SURGE, Phase.ONSET, Severity.WARNING, t, t.plusSeconds(60), 20), t);
    assertThat(events(run(e, t, t.plusSeconds(60)))).containsExactly("crisis OPENED WARNING");
  }

  @Test
  void aCriticalIncidentInhibitsTheWarningsOfItsWatch() throws Exception {
    AlertEngine e = engine();
    e.onSignal(signal("ondyne", Kind.NEGATIVE_SURGE, Phase.ONSET, Severity.CRITICAL, T0, T0.plusSeconds(60), 90), T0);
    e.onSignal(signal("ondyne", Kind.VOLUME_SPIKE, Phase.ONSET, Severity.WARNING, T0, T0.plusSeconds(60), 120), T0);
    e.onSignal(signal("ondyne-outage", Kind.VOLUME_SPIKE, Phase.ONSET, Severity.WARNING, T0, T0.plusSeconds(60), 40), T0);
    List<Notification> ns = run(e, T0, T0.plusSeconds(120));
    assertThat(ns).extracting(n -> n.incidentId() + " " + n.receiver()).containsExactlyInAnyOrder(
        Incident.idOf("ondyne", Kind.NEGATIVE_SURGE, T0) + " crisis",
        Incident.idOf("ondyne", Kind.NEGATIVE_SURGE, T0) + " pr",
        Incident.idOf("ondyne-outage", Kind.VOLUME_SPIKE, T0) + " crisis"); // equal: watch — another watch is not muted
    Incident spike = e.incident(Incident.idOf("ondyne", Kind.VOLUME_SPIKE, T0));
    assertThat(spike.timeline()).anyMatch(x -> x.what().equals("muted") && x.detail().contains("inhibited by "
        + Incident.idOf("ondyne", Kind.NEGATIVE_SURGE, T0)));
    // the critical one ends: the warning is no longer muted and goes out
    ns = new ArrayList<>(e.onSignal(signal("ondyne", Kind.NEGATIVE_SURGE, Phase.END, Severity.CRITICAL, T0,
        T0.plusSeconds(600), 3), T0.plusSeconds(600)).notifications());
    ns.addAll(run(e, T0.plusSeconds(600), T0.plusSeconds(1200)));
    assertThat(ns).extracting(n -> n.incidentId() + " " + n.receiver() + " " + n.event()).containsExactlyInAnyOrder(
        Incident.idOf("ondyne", Kind.VOLUME_SPIKE, T0) + " crisis OPENED",
        Incident.idOf("ondyne", Kind.NEGATIVE_SURGE, T0) + " crisis RESOLVED",
        Incident.idOf("ondyne", Kind.NEGATIVE_SURGE, T0) + " pr RESOLVED");
  }

  @Test
  void anInfoSignalOnlyReachesTheRootReceiverAndAnUnlabelledWatchTheRoot() throws Exception {
    AlertEngine e = engine();
    e.onSignal(signal("ondyne", Kind.VOLUME_SPIKE, Phase.ONSET, Severity.INFO, T0, T0.plusSeconds(60), 50), T0);
    e.onSignal(signal("telvana", Kind.NEGATIVE_SURGE, Phase.ONSET, Severity.CRITICAL, T0, T0.plusSeconds(60), 50), T0);
    assertThat(run(e, T0, T0.plusSeconds(60))).extracting(n -> n.watchId() + " " + n.receiver())
        .containsExactlyInAnyOrder("ondyne console", "telvana console");
  }

  @Test
  void aReplayedSignalChangesNothingAndResolvedIncidentsGoAfterTheirRetention() throws Exception {
    AlertEngine e = engine();
    Signal onset = signal("ondyne", Kind.NEGATIVE_SURGE, Phase.ONSET, Severity.WARNING, T0, T0.plusSeconds(60), 20);
    Signal end = signal("ondyne", Kind.NEGATIVE_SURGE, Phase.END, Severity.WARNING, T0, T0.plusSeconds(900), 2);
    e.onSignal(onset, T0);
    List<Notification> ns = new ArrayList<>(run(e, T0, T0.plusSeconds(600)));
    ns.addAll(e.onSignal(end, T0.plusSeconds(900)).notifications());
    ns.addAll(run(e, T0.plusSeconds(900), T0.plusSeconds(1500)));
    ns.addAll(e.onSignal(onset, T0.plusSeconds(1600)).notifications());
    ns.addAll(e.onSignal(end, T0.plusSeconds(1601)).notifications());
    ns.addAll(run(e, T0.plusSeconds(1601), T0.plusSeconds(3000)));
    assertThat(events(ns)).containsExactly("crisis OPENED WARNING", "crisis RESOLVED WARNING");
    var o = e.tick(T0.plus(Duration.ofDays(31)));
    assertThat(o.removed()).containsExactly(Incident.idOf("ondyne", Kind.NEGATIVE_SURGE, T0));
    assertThat(e.incidents()).isEmpty();
  }

  @Test
  void aRootRouteWithAMinimumSeverityTellsItsReceiverOfWarningsNotOfInfo() {
    AlertingConfig c = AlertingConfig.parse(Map.of("receivers", List.of(Map.of("name", "console", "console", Map.of())),
        "route", Map.of("receivers", List.of("console"), "min_severity", "warning")), new Secrets(k -> null));
    AlertEngine e = new AlertEngine(c, watches::get);
    e.onSignal(signal("telvana", Kind.VOLUME_SPIKE, Phase.ONSET, Severity.INFO, T0, T0.plusSeconds(60), 50), T0);
    e.onSignal(signal("ondyne", Kind.NEGATIVE_SURGE, Phase.ONSET, Severity.CRITICAL, T0, T0.plusSeconds(60), 50), T0);
    assertThat(events(run(e, T0, T0.plusSeconds(60)))).containsExactly("console OPENED CRITICAL");
  }

  @Test
  void aBadConfigurationNamesItsKey() {
    assertThatThrownBy(() -> config("route:\n  receivers: [console]\n  routes:\n    - watches: [a]\n      min_severty: warning\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("route.routes[0].min_severty")
        .hasMessageContaining("did you mean min_severity?");
    assertThatThrownBy(() -> config("route:\n  receivers: [slack]\n"))
        .hasMessageContaining("route.receivers[0]").hasMessageContaining("no receiver named 'slack'");
    assertThatThrownBy(() -> config("route:\n  receivers: [console]\n  group_wait: 2h\n"))
        .hasMessageContaining("route.group_wait");
    assertThatThrownBy(() -> config("route:\n  receivers: [console]\n  watches: [a]\n"))
        .hasMessageContaining("route.watches").hasMessageContaining("root route matches everything");
    assertThatThrownBy(() -> config("inhibit:\n  - source_severity: warning\n    target_severity: critical\n"))
        .hasMessageContaining("inhibit[0].target_severity");
    assertThatThrownBy(() -> config("retention: forever\n")).hasMessageContaining("retention");
    assertThatThrownBy(() -> config("routes: []\n")).hasMessageContaining("routes").hasMessageContaining("did you mean route?");
  }
}
