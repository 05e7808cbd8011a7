package io.veille.alerting.route;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.veille.alerting.api.HttpSettings;
import io.veille.alerting.notify.ConfigNode;
import io.veille.alerting.notify.Notifiers;
import io.veille.alerting.notify.ReceiverConfig;
import io.veille.common.config.ConfigException;
import io.veille.common.config.Secrets;
import io.veille.common.model.Signal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The alerting service's configuration ({@code alerting.yml}): receivers, the routing tree,
 * inhibition rules, delivery retries, how long resolved incidents are kept. Read strictly: an
 * unknown key, a wrong type or a receiver a route names but nobody defines fails start-up with
 * its path ({@code route.routes[1].min_severity: must be one of info, warning, critical}). The
 * {@code http:} section configures the HTTP API ({@link HttpSettings}).
 */
public record AlertingConfig(List<ReceiverConfig> receivers, Route route, List<Inhibit> inhibit, Delivery delivery,
    Duration retention, String searchUrl, HttpSettings http) {

  /** Longest file read. */
  public static final long MAX_BYTES = 1 << 20;
  /** Deepest routing tree. */
  public static final int MAX_DEPTH = 8;

  /** When to notify a receiver of an incident. */
  public enum NotifyOn { OPEN, ESCALATE, RESOLVE }

  /** Wait before the first message, between messages, before a reminder. */
  public record Timing(Duration groupWait, Duration groupInterval, Duration repeatInterval) {
    public static final Timing DEFAULT = new Timing(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4));
  }

  /**
   * One node of the routing tree: what it matches (watch ids, any of the watch's labels, kinds,
   * the incident's highest severity at least {@code minSeverity}; empty = any), who it notifies and
   * how; its children are tried first (the deepest match wins) and {@code continueMatching} lets
   * the next sibling match too. Unset settings are inherited from the parent.
   */
  public record Route(String path, Set<String> watches, Set<String> labels, Set<Signal.Kind> kinds,
      Signal.Severity minSeverity, List<String> receivers, Timing timing, Set<NotifyOn> notifyOn,
      boolean continueMatching, List<Route> routes) {

    boolean matches(String watchId, Set<String> watchLabels, Signal.Kind kind, Signal.Severity severity) {
      if (!watches.isEmpty() && !watches.contains(watchId)) {
        return false;
      }
      if (!labels.isEmpty() && labels.stream().noneMatch(watchLabels::contains)) {
        return false;
      }
      if (!kinds.isEmpty() && !kinds.contains(kind)) {
        return false;
      }
      return severity.compareTo(minSeverity) >= 0;
    }
  }

  /** A receiver chosen by a route, with that route's timing and events. */
  public record Target(String receiver, Timing timing, Set<NotifyOn> notifyOn, String route) {}

  /**
   * An open incident of at least {@code sourceSeverity} mutes incidents of at most
   * {@code targetSeverity} on the same watch ({@code equal: watch}) or on watches sharing a label
   * ({@code equal: label}).
   */
  public record Inhibit(Signal.Severity sourceSeverity, Signal.Severity targetSeverity, boolean byLabel) {}

  /** Retries of one message: backoff from {@code base} doubling to {@code max}, full jitter; given up after {@code giveUpAfter}. */
  public record Delivery(Duration base, Duration max, Duration giveUpAfter) {
    public static final Delivery DEFAULT = new Delivery(Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofHours(24));
  }

  /** This configuration with other HTTP settings (the demo and the tests choose their port). */
  public AlertingConfig withHttp(HttpSettings settings) {
    return new AlertingConfig(receivers, route, inhibit, delivery, retention, searchUrl, settings);
  }

  /**
   * Whether the routes could choose {@code receiver} for an incident of this watch and kind at some
   * severity (the daily digest of a receiver lists the incidents of the watches it is routed).
   */
  public boolean mayRoute(String receiver, String watchId, Set<String> watchLabels, Signal.Kind kind) {
    for (Signal.Severity s : Signal.Severity.values()) {
      for (Target t : targets(watchId, watchLabels, kind, s)) {
        if (t.receiver().equals(receiver)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The receivers {@code route} chooses for an incident: the deepest matching routes, each receiver once (first wins). */
  public List<Target> targets(String watchId, Set<String> watchLabels, Signal.Kind kind, Signal.Severity severity) {
    Map<String, Target> out = new LinkedHashMap<>();
    if (route.matches(watchId, watchLabels, kind, severity)) {
      collect(route, watchId, watchLabels, kind, severity, out);
    }
    return List.copyOf(out.values());
  }

  private static boolean collect(Route r, String watchId, Set<String> labels, Signal.Kind kind, Signal.Severity severity,
      Map<String, Target> out) {
    boolean child = false;
    for (Route c : r.routes()) {
      if (c.matches(watchId, labels, kind, severity)) {
        collect(c, watchId, labels, kind, severity, out);
        child = true;
        if (!c.continueMatching()) {
          break;
        }
      }
    }
    if (!child) {
      for (String name : r.receivers()) {
        out.putIfAbsent(name, new Target(name, r.timing(), r.notifyOn(), r.path()));
      }
    }
    return true;
  }

  /** Reads {@code file} (YAML), secrets through {@code secrets}. */
  public static AlertingConfig load(Path file, Secrets secrets) throws IOException {
    long size = Files.size(file);
    if (size > MAX_BYTES) {
      throw new ConfigException(file.toString(), "larger than " + MAX_BYTES + " bytes");
    }
    Object tree;
    try {
      tree = new ObjectMapper(new YAMLFactory()).readValue(Files.readAllBytes(file), Object.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      var loc = e.getLocation();
      throw new ConfigException(file + (loc != null ? ":" + loc.getLineNr() : ""), "not valid YAML: "
          + e.getOriginalMessage());
    }
    return parse(tree, secrets);
  }

  /** The configuration in {@code tree} (what the YAML reader gave). */
  public static AlertingConfig parse(Object tree, Secrets secrets) {
    ConfigNode root = ConfigNode.of("", tree).allowOnly(Set.of("receivers", "route", "inhibit", "delivery", "retention",
        "search_url", "http"));
    Object rs = root.has("receivers") ? rawList(root, "receivers") : List.of(Map.of("name", "console", "console",
        Map.of()));
    List<ReceiverConfig> receivers = Notifiers.parse("receivers", rs, secrets);
    Set<String> names = new HashSet<>();
    receivers.forEach(r -> names.add(r.name()));
    Route route = root.has("route")
        ? route(root.child("route"), null, names, 0)
        : new Route("route", Set.of(), Set.of(), Set.of(), Signal.Severity.INFO,
            List.copyOf(names.contains("console") ? List.of("console") : List.of(receivers.get(0).name())),
            Timing.DEFAULT, EnumSet.allOf(NotifyOn.class), false, List.of());
    if (route.receivers().isEmpty()) {
      throw new ConfigException("route.receivers", "the root route needs at least one receiver");
    }
    List<Inhibit> inhibit = new ArrayList<>();
    if (root.has("inhibit")) {
      List<?> items = (List<?>) rawList(root, "inhibit");
      for (int i = 0; i < items.size(); i++) {
        ConfigNode n = ConfigNode.of("inhibit[" + i + "]", items.get(i))
            .allowOnly(Set.of("source_severity", "target_severity", "equal"));
        Signal.Severity source = severity(n, "source_severity", Signal.Severity.CRITICAL);
        Signal.Severity target = severity(n, "target_severity", Signal.Severity.WARNING);
        if (target.compareTo(source) >= 0) {
          throw n.error("target_severity", "must be below source_severity (" + lower(source) + ")");
        }
        inhibit.add(new Inhibit(source, target, n.choice("equal", "watch", List.of("watch", "label")).equals("label")));
      }
    }
    ConfigNode d = root.child("delivery").allowOnly(Set.of("backoff_base", "backoff_max", "give_up_after"));
    Delivery delivery = new Delivery(
        d.duration("backoff_base", Delivery.DEFAULT.base(), Duration.ofMillis(100), Duration.ofHours(1)),
        d.duration("backoff_max", Delivery.DEFAULT.max(), Duration.ofSeconds(1), Duration.ofHours(6)),
        d.duration("give_up_after", Delivery.DEFAULT.giveUpAfter(), Duration.ofMinutes(1), Duration.ofDays(7)));
    if (delivery.max().compareTo(delivery.base()) < 0) {
      throw d.error("backoff_max", "must not be below backoff_base");
    }
    Duration retention = root.duration("retention", Duration.ofDays(30), Duration.ofHours(1), Duration.ofDays(400));
    String search = root.string("search_url", null);
    if (search != null && !(search.startsWith("http://") || search.startsWith("https://"))) {
      throw root.error("search_url", "must be an http(s) URL");
    }
    HttpSettings http = HttpSettings.parse(root.child("http"), secrets);
    return new AlertingConfig(receivers, route, List.copyOf(inhibit), delivery, retention, search, http);
  }

  private static Object rawList(ConfigNode n, String key) {
    Object v = n.rawValue(key);
    if (!(v instanceof List<?>)) {
      throw n.error(key, "must be a list");
    }
    return v;
  }

  private static Route route(ConfigNode n, Route parent, Set<String> names, int depth) {
    if (depth >= MAX_DEPTH) {
      throw new ConfigException(n.path(), "routes nested deeper than " + MAX_DEPTH);
    }
    n.allowOnly(Set.of("watches", "labels", "kinds", "min_severity", "receivers", "group_wait", "group_interval",
        "repeat_interval", "notify_on", "continue", "routes"));
    if (parent == null && (n.has("watches") || n.has("labels") || n.has("kinds") || n.has("continue"))) {
      String key = n.has("watches") ? "watches" : n.has("labels") ? "labels" : n.has("kinds") ? "kinds" : "continue";
      throw n.error(key, "the root route matches everything: put matchers on its routes");
    }
    Set<Signal.Kind> kinds = EnumSet.noneOf(Signal.Kind.class);
    for (String k : n.strings("kinds", false, 2)) {
      try {
        kinds.add(Signal.Kind.valueOf(k.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw n.error("kinds", "unknown kind '" + k + "' (volume_spike, negative_surge)");
      }
    }
    List<String> receivers = n.strings("receivers", false, 50);
    for (int i = 0; i < receivers.size(); i++) {
      if (!names.contains(receivers.get(i))) {
        throw new ConfigException(n.path("receivers") + "[" + i + "]", "no receiver named '" + receivers.get(i)
            + "' (defined: " + String.join(", ", new java.util.TreeSet<>(names)) + ")");
      }
    }
    Timing inherited = parent == null ? Timing.DEFAULT : parent.timing();
    Timing timing = new Timing(
        n.duration("group_wait", inherited.groupWait(), Duration.ZERO, Duration.ofHours(1)),
        n.duration("group_interval", inherited.groupInterval(), Duration.ofSeconds(1), Duration.ofHours(24)),
        n.duration("repeat_interval", inherited.repeatInterval(), Duration.ofMinutes(1), Duration.ofDays(30)));
    Set<NotifyOn> notifyOn;
    if (n.has("notify_on")) {
      notifyOn = EnumSet.noneOf(NotifyOn.class);
      for (String s : n.strings("notify_on", false, 3)) {
        try {
          notifyOn.add(NotifyOn.valueOf(s.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw n.error("notify_on", "unknown event '" + s + "' (open, escalate, resolve)");
        }
      }
    } else {
      notifyOn = parent == null ? EnumSet.allOf(NotifyOn.class) : parent.notifyOn();
    }
    Signal.Severity min = severity(n, "min_severity", parent == null ? Signal.Severity.INFO : parent.minSeverity());
    String path = n.path();
    Route self = new Route(path, Set.copyOf(n.strings("watches", false, 1000)), Set.copyOf(n.strings("labels", false, 100)),
        Set.copyOf(kinds), min, receivers.isEmpty() && parent != null ? parent.receivers() : receivers, timing,
        Set.copyOf(notifyOn), n.bool("continue", false), List.of());
    List<Route> children = new ArrayList<>();
    if (n.has("routes")) {
      List<?> items = (List<?>) rawList(n, "routes");
      for (int i = 0; i < items.size(); i++) {
        children.add(route(ConfigNode.of(n.path("routes") + "[" + i + "]", items.get(i)), self, names, depth + 1));
      }
    }
    return new Route(path, self.watches(), self.labels(), self.kinds(), min, self.receivers(), timing, self.notifyOn(),
        self.continueMatching(), List.copyOf(children));
  }

  private static Signal.Severity severity(ConfigNode n, String key, Signal.Severity def) {
    String s = n.choice(key, null, List.of("info", "warning", "critical"));
    return s == null ? def : Signal.Severity.valueOf(s.toUpperCase(Locale.ROOT));
  }

  private static String lower(Signal.Severity s) {
    return s.name().toLowerCase(Locale.ROOT);
  }
}
