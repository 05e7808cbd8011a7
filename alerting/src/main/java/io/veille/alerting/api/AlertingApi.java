package io.veille.alerting.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veille.alerting.incident.Silences;
import io.veille.alerting.runtime.AlertingView;
import io.veille.alerting.runtime.DeliveryService;
import io.veille.common.config.Durations;
import io.veille.common.http.Exchange;
import io.veille.common.http.HttpService;
import io.veille.common.json.Json;
import io.veille.common.model.Incident;
import io.veille.common.model.IncidentAck;
import io.veille.common.model.InvalidRecordException;
import io.veille.common.model.Signal;
import io.veille.common.model.Silence;
import io.veille.common.topic.Topic;
import io.veille.common.topic.Topics;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerting service's HTTP API (JSON), under {@value #PREFIX}:
 *
 * <ul>
 *   <li>{@code GET incidents?watch=&state=&severity=&since=&limit=}: incidents, newest first;
 *   <li>{@code GET incidents/{id}}: one incident with its timeline and its messages' deliveries;
 *   <li>{@code POST incidents/{id}/ack} {@code {"author": "…", "comment": "…"}}: an acknowledgement,
 *       written to {@code veille.incident.acks} and applied by the instance that owns the incident;
 *   <li>{@code GET silences}, {@code POST silences}, {@code GET silences/{id}},
 *       {@code DELETE silences/{id}} (expires it).
 * </ul>
 *
 * It reads the {@link AlertingView}: the compacted topics of every partition, so every instance
 * answers for every incident. Errors are {@code {"error": "…", "field": "…"}}: 400 names the bad
 * parameter or body field, 401 a missing or wrong bearer token (when one is configured), 404 an
 * unknown id or endpoint, 405 a wrong method (with {@code Allow}), 409 an acknowledgement of a
 * resolved or already acknowledged incident, 503 when Kafka did not take a write in time. Every
 * input is bounded: the query ({@value #MAX_QUERY} characters), each value ({@value #MAX_VALUE}), a
 * path id ({@value #MAX_ID}), a body ({@value #MAX_BODY} bytes).
 */
public final class AlertingApi implements HttpService.Route {
  private static final Logger log = LoggerFactory.getLogger(AlertingApi.class);
  public static final String PREFIX = "/api/v1/";
  public static final int MAX_QUERY = 4_096;
  public static final int MAX_VALUE = 256;
  public static final int MAX_ID = 512;
  public static final int MAX_BODY = 16 * 1024;
  public static final int MAX_LIMIT = 500;
  public static final int DEFAULT_LIMIT = 50;
  /** How far back {@code since} may reach. */
  static final Duration MAX_SINCE = Duration.ofDays(400);
  /** How long an acknowledgement waits to see its effect before answering 202. */
  static final Duration ACK_WAIT = Duration.ofSeconds(5);
  static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

  /** A refused request: its status, the parameter or field at fault (or null), and why. */
  static final class Refusal extends Exception {
    final int status;
    final String field;

    Refusal(int status, String field, String message) {
      super(message, null, false, false);
      this.status = status;
      this.field = field;
    }
  }

  private final AlertingView view;
  private final Producer<byte[], byte[]> producer;
  private final InstantSource clock;
  private final byte[] token;
  private final Supplier<Map<String, Object>> health;

  /**
   * @param token the bearer token every {@code /api/} request must carry, or null for none
   * @param health what {@code /health} says besides the view (the loops' state); a {@code "status"} of
   *     {@code "DOWN"} answers 503
   */
  public AlertingApi(AlertingView view, Producer<byte[], byte[]> producer, InstantSource clock, String token,
      Supplier<Map<String, Object>> health) {
    this.view = view;
    this.producer = producer;
    this.clock = clock;
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    this.health = health;
  }

  /** The routes to serve: {@code /health} and {@value #PREFIX}. */
  public Map<String, HttpService.Route> routes() {
    Map<String, HttpService.Route> m = new LinkedHashMap<>();
    m.put("/health", this::health);
    m.put(PREFIX, this);
    return m;
  }

  void health(Exchange ex) throws IOException {
    if (!ex.path().equals("/health")) {
      error(ex, new Refusal(404, null, "no such endpoint"));
      return;
    }
    if (!get(ex)) {
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>(health.get());
    boolean up = view.ready() && view.failure() == null && !"DOWN".equals(body.get("status"));
    body.put("status", up ? "UP" : "DOWN");
    body.put("at", clock.instant().toString());
    Map<String, Object> v = new LinkedHashMap<>(view.counts());
    v.put("ready", view.ready());
    if (view.failure() != null) {
      v.put("failure", view.failure().toString());
    }
    body.put("view", v);
    ex.json(up ? 200 : 503, body);
  }

  @Override
  public void handle(Exchange ex) throws IOException {
    try {
      if (token != null && !authorised(ex.header("Authorization"))) {
        ex.answerHeader("WWW-Authenticate", "Bearer realm=\"veille-alerting\"");
        throw new Refusal(401, null, "missing or wrong bearer token (Authorization: Bearer …)");
      }
      String rest = ex.path().substring(PREFIX.length());
      if (rest.length() > MAX_QUERY) {
        throw new Refusal(404, null, "no such endpoint (path longer than " + MAX_QUERY + " characters)");
      }
      if (rest.equals("incidents")) {
        if (get(ex)) {
          listIncidents(ex);
        }
      } else if (rest.startsWith("incidents/") && rest.endsWith("/ack")) {
        String id = id(rest.substring("incidents/".length(), rest.length() - "/ack".length()));
        if (method(ex, "POST")) {
          acknowledge(ex, id);
        }
      } else if (rest.startsWith("incidents/")) {
        String id = id(rest.substring("incidents/".length()));
        if (get(ex)) {
          incident(ex, id);
        }
      } else if (rest.equals("silences")) {
        if (ex.method().equals("POST")) {
          addSilence(ex);
        } else if (get(ex, "GET, HEAD, POST")) {
          listSilences(ex);
        }
      } else if (rest.startsWith("silences/")) {
        String id = id(rest.substring("silences/".length()));
        if (ex.method().equals("DELETE")) {
          expireSilence(ex, id);
        } else if (get(ex, "GET, HEAD, DELETE")) {
          silence(ex, id);
        }
      } else {
        throw new Refusal(404, null, "no such endpoint (incidents, incidents/{id}, incidents/{id}/ack, silences, "
            + "silences/{id} under " + PREFIX + ")");
      }
    } catch (Refusal r) {
      error(ex, r);
    }
  }

  // ---- incidents

  private void listIncidents(Exchange ex) throws IOException, Refusal {
    Map<String, String> q = query(ex, Set.of("watch", "state", "severity", "since", "limit"));
    String watch = q.get("watch");
    if (watch != null) {
      printable("watch", watch);
    }
    Set<Incident.State> states = words("state", q.get("state"), Incident.State.class);
    Set<Signal.Severity> severities = words("severity", q.get("severity"), Signal.Severity.class);
    Instant now = clock.instant();
    Instant since = since(q.get("since"), now);
    int limit = limit(q.get("limit"), DEFAULT_LIMIT);
    List<Incident> matched = new ArrayList<>();
    for (Incident i : view.incidents()) {
      if ((watch == null || i.watchId().equals(watch)) && (states == null || states.contains(i.state()))
          && (severities == null || severities.contains(i.peakSeverity()))
          && (since == null || !i.openedAt().isBefore(since) || i.resolvedAt() == null
              || !i.resolvedAt().isBefore(since))) {
        matched.add(i);
      }
    }
    matched.sort(Comparator.comparing(Incident::openedAt).thenComparing(Incident::id).reversed());
    List<Map<String, Object>> items = new ArrayList<>();
    for (Incident i : matched.subList(0, Math.min(limit, matched.size()))) {
      items.add(summary(i));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("incidents", items);
    body.put("count", items.size());
    body.put("matched", matched.size());
    body.put("limit", limit);
    ex.json(200, body);
  }

  /** An incident without its timeline, evidence and receivers (the list's entries). */
  static Map<String, Object> summary(Incident i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", i.id());
    m.put("watchId", i.watchId());
    m.put("watchName", i.watchName());
    m.put("kind", i.kind());
    m.put("state", i.state());
    m.put("severity", i.severity());
    m.put("peakSeverity", i.peakSeverity());
    m.put("onset", i.onset());
    m.put("openedAt", i.openedAt());
    m.put("updatedAt", i.updatedAt());
    m.put("resolvedAt", i.resolvedAt());
    m.put("withdrawn", i.withdrawn());
    m.put("observed", i.observed());
    m.put("expected", i.expected());
    m.put("peakObserved", i.peakObserved());
    m.put("peakExpected", i.peakExpected());
    m.put("acknowledgedAt", i.acknowledgedAt());
    m.put("acknowledgedBy", i.acknowledgedBy());
    return m;
  }

  private void incident(Exchange ex, String id) throws IOException, Refusal {
    query(ex, Set.of());
    Incident i = view.incident(id);
    if (i == null) {
      throw new Refusal(404, "id", "no incident " + id);
    }
    ex.json(200, full(i));
  }

  /** The incident as stored, with the deliveries of its messages. */
  private ObjectNode full(Incident i) {
    ObjectNode n = Json.MAPPER.valueToTree(i);
    List<Map<String, Object>> ds = new ArrayList<>();
    for (DeliveryService.Delivery d : view.deliveriesOf(i.id())) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", d.key());
      m.put("receiver", d.notification().receiver());
      m.put("event", d.notification().event());
      m.put("status", d.status());
      m.put("attempts", d.attempts());
      m.put("firstAt", d.firstAt());
      m.put("lastAttemptAt", d.lastAttemptAt());
      m.put("nextAt", d.status().done() ? null : d.nextAt());
      m.put("doneAt", d.doneAt());
      m.put("lastResult", d.lastResult());
      ds.add(m);
    }
    n.set("deliveries", Json.MAPPER.valueToTree(ds));
    return n;
  }

  private void acknowledge(Exchange ex, String id) throws IOException, Refusal {
    query(ex, Set.of());
    JsonNode body = body(ex);
    Map<String, String> fields = strings(body, Set.of("author", "comment"));
    Incident i = view.incident(id);
    if (i == null) {
      throw new Refusal(404, "id", "no incident " + id);
    }
    if (!i.isOpen()) {
      throw new Refusal(409, null, "incident " + id + " is resolved: there is nothing to acknowledge");
    }
    if (i.acknowledgedAt() != null) {
      throw new Refusal(409, null, "incident " + id + " was acknowledged by " + i.acknowledgedBy() + " at "
          + i.acknowledgedAt());
    }
    if (fields.get("author") == null) {
      throw new Refusal(400, "author", "required (who acknowledges)");
    }
    IncidentAck ack;
    try {
      ack = new IncidentAck(id, fields.get("author"), fields.get("comment"), clock.instant());
    } catch (InvalidRecordException e) {
      throw new Refusal(400, e.field(), e.reason());
    }
    write(Topics.INCIDENT_ACKS, id, ack);
    long deadline = System.nanoTime() + ACK_WAIT.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        Incident now = view.incident(id);
        if (now == null || now.acknowledgedAt() != null) {
          break;
        }
        view.awaitChange(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Incident now = view.incident(id);
    if (now != null && now.acknowledgedAt() != null) {
      ex.json(200, full(now));
      return;
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("ack", ack);
    answer.put("applied", false);
    answer.put("detail", "recorded on " + Topics.INCIDENT_ACKS.name() + "; the instance that owns the incident "
        + "applies it (not visible within " + ACK_WAIT.toSeconds() + " s)");
    ex.json(202, answer);
  }

  // ---- silences

  private void listSilences(Exchange ex) throws IOException, Refusal {
    Map<String, String> q = query(ex, Set.of("state", "watch", "limit"));
    Set<String> states = new LinkedHashSet<>();
    if (q.get("state") == null) {
      states.addAll(List.of("active", "pending"));
    } else {
      for (String s : q.get("state").split(",", -1)) {
        String w = s.strip().toLowerCase(Locale.ROOT);
        if (!List.of("active", "pending", "expired").contains(w)) {
          throw new Refusal(400, "state", "must be active, pending or expired (a comma-separated list), was '"
              + shown(s) + "'");
        }
        states.add(w);
      }
    }
    String watch = q.get("watch");
    if (watch != null) {
      printable("watch", watch);
    }
    int limit = limit(q.get("limit"), 100);
    Instant now = clock.instant();
    List<Silence> matched = view.silences().stream()
        .filter(s -> states.contains(Silences.state(s, now)) && (watch == null || s.watches().contains(watch)))
        .sorted(Comparator.comparing(Silence::endsAt).reversed().thenComparing(Silence::id)).toList();
    List<Map<String, Object>> items = new ArrayList<>();
    for (Silence s : matched.subList(0, Math.min(limit, matched.size()))) {
      items.add(silenceJson(s, now));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("silences", items);
    body.put("count", items.size());
    body.put("matched", matched.size());
    body.put("limit", limit);
    ex.json(200, body);
  }

  private static Map<String, Object> silenceJson(Silence s, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("state", Silences.state(s, now));
    m.put("watches", s.watches());
    m.put("labels", s.labels());
    m.put("startsAt", s.startsAt());
    m.put("endsAt", s.endsAt());
    m.put("author", s.author());
    m.put("comment", s.comment());
    m.put("createdAt", s.createdAt());
    return m;
  }

  private void silence(Exchange ex, String id) throws IOException, Refusal {
    query(ex, Set.of());
    Silence s = view.silence(id);
    if (s == null) {
      throw new Refusal(404, "id", "no silence " + id);
    }
    ex.json(200, silenceJson(s, clock.instant()));
  }

  private void addSilence(Exchange ex) throws IOException, Refusal {
    query(ex, Set.of());
    JsonNode body = body(ex);
    Set<String> known = Set.of("watches", "labels", "for", "author", "comment");
    checkFields(body, known);
    List<String> watches = list(body, "watches");
    List<String> labels = list(body, "labels");
    Map<String, String> f = strings(body, known, "watches", "labels");
    Duration d;
    if (f.get("for") == null) {
      throw new Refusal(400, "for", "required: how long from now (e.g. 2h, 1h30m; at most " + Silences.MAX_DAYS + "d)");
    }
    try {
      d = Durations.parse(f.get("for"));
    } catch (IllegalArgumentException e) {
      throw new Refusal(400, "for", e.getMessage());
    }
    Silence s;
    Instant now = clock.instant();
    try {
      s = Silences.create(watches, labels, d, f.get("author"), f.get("comment"), now);
    } catch (InvalidRecordException e) {
      throw new Refusal(400, e.field(), e.reason());
    }
    RecordMetadata md = write(Topics.SILENCES, s.id(), s);
    view.wrote(s, md.partition(), md.offset());
    ex.answerHeader("Location", PREFIX + "silences/" + s.id());
    ex.json(201, silenceJson(s, now));
  }

  private void expireSilence(Exchange ex, String id) throws IOException, Refusal {
    query(ex, Set.of());
    Silence s = view.silence(id);
    if (s == null) {
      throw new Refusal(404, "id", "no silence " + id);
    }
    Instant now = clock.instant();
    if (s.endsAt().isAfter(now)) {
      Silence ended = s.expiredAt(now);
      RecordMetadata md = write(Topics.SILENCES, id, ended);
      view.wrote(ended, md.partition(), md.offset());
      s = ended;
    }
    ex.json(200, silenceJson(s, now));
  }

  // ---- plumbing

  private <V> RecordMetadata write(Topic<String, V> topic, String key, V value) throws Refusal {
    try {
      return producer.send(new ProducerRecord<>(topic.name(), key.getBytes(StandardCharsets.UTF_8),
          topic.valueSerde().serializer().serialize(topic.name(), value))).get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Refusal(503, null, "interrupted before Kafka acknowledged the write; retry");
    } catch (ExecutionException | TimeoutException e) {
      Throwable c = e instanceof ExecutionException ? e.getCause() : e;
      log.warn("alerting API: writing to {} failed: {}", topic.name(), c.toString());
      throw new Refusal(503, null, "Kafka did not acknowledge the write to " + topic.name() + " within "
          + WRITE_TIMEOUT.toSeconds() + " s; retry");
    }
  }

  private boolean authorised(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() > 1_024) {
      return false;
    }
    byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, token);
  }

  private static boolean get(Exchange ex) throws IOException {
    return get(ex, "GET, HEAD");
  }

  private static boolean get(Exchange ex, String allow) throws IOException {
    if (ex.method().equals("GET") || ex.method().equals("HEAD")) {
      return true;
    }
    ex.answerHeader("Allow", allow);
    error(ex, new Refusal(405, null, "method " + shown(ex.method()) + " not allowed here; use " + allow));
    return false;
  }

  private static boolean method(Exchange ex, String method) throws IOException {
    if (ex.method().equals(method)) {
      return true;
    }
    ex.answerHeader("Allow", method);
    error(ex, new Refusal(405, null, "method " + shown(ex.method()) + " not allowed here; use " + method));
    return false;
  }

  private static void error(Exchange ex, Refusal r) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", r.getMessage());
    if (r.field != null && !r.field.isEmpty()) {
      body.put("field", r.field);
    }
    ex.json(r.status, body);
  }

  private static String id(String raw) throws Refusal {
    if (raw.isEmpty() || raw.contains("/")) {
      throw new Refusal(404, null, "no such endpoint");
    }
    if (raw.length() > MAX_ID) {
      throw new Refusal(400, "id", "longer than " + MAX_ID + " characters");
    }
    for (int i = 0; i < raw.length(); i++) {
      if (Character.isISOControl(raw.charAt(i))) {
        throw new Refusal(400, "id", "contains a control character");
      }
    }
    return raw;
  }

  /** The query's parameters, each given once, each known, decoded and bounded. */
  static Map<String, String> query(Exchange ex, Set<String> known) throws Refusal {
    return parseQuery(ex.query(), known);
  }

  static Map<String, String> parseQuery(String raw, Set<String> known) throws Refusal {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    if (raw.length() > MAX_QUERY) {
      throw new Refusal(400, null, "query longer than " + MAX_QUERY + " characters");
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(null, eq < 0 ? pair : pair.substring(0, eq));
      if (!known.contains(name)) {
        throw new Refusal(400, shown(name), "unknown parameter" + (known.isEmpty() ? " (this endpoint takes none)"
            : " (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")"));
      }
      String value = decode(name, eq < 0 ? "" : pair.substring(eq + 1)).strip();
      if (value.length() > MAX_VALUE) {
        throw new Refusal(400, name, "longer than " + MAX_VALUE + " characters");
      }
      if (out.putIfAbsent(name, value) != null) {
        throw new Refusal(400, name, "given more than once (use a comma-separated list where it takes several)");
      }
      if (value.isEmpty()) {
        out.remove(name); // ?watch= means no filter
      }
    }
    return out;
  }

  private static String decode(String name, String s) throws Refusal {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new Refusal(400, name, "bad percent-encoding");
    }
  }

  private static void printable(String field, String v) throws Refusal {
    for (int i = 0; i < v.length(); i++) {
      if (Character.isISOControl(v.charAt(i))) {
        throw new Refusal(400, field, "contains a control character");
      }
    }
  }

  /** A comma-separated list of enum words, case-insensitive; null when absent. */
  static <E extends Enum<E>> Set<E> words(String field, String value, Class<E> type) throws Refusal {
    if (value == null) {
      return null;
    }
    Set<E> out = EnumSet.noneOf(type);
    for (String w : value.split(",", -1)) {
      try {
        out.add(Enum.valueOf(type, w.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        List<String> names = new ArrayList<>();
        for (E c : type.getEnumConstants()) {
          names.add(c.name().toLowerCase(Locale.ROOT));
        }
        throw new Refusal(400, field, "must be " + String.join(", ", names) + " (or a comma-separated list), was '"
            + shown(w) + "'");
      }
    }
    return out;
  }

  /** An ISO-8601 instant, or a duration back from {@code now} ({@code 2h}, {@code 7d}); null when absent. */
  static Instant since(String value, Instant now) throws Refusal {
    if (value == null) {
      return null;
    }
    if (!value.isEmpty() && Character.isDigit(value.charAt(0)) && value.contains("T") && value.length() > 10) {
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw new Refusal(400, "since", "not an ISO-8601 instant (2026-11-22T10:00:00Z) nor a duration (2h, 7d): '"
            + shown(value) + "'");
      }
    }
    Duration d;
    try {
      d = Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new Refusal(400, "since", "not an ISO-8601 instant (2026-11-22T10:00:00Z) nor a duration (2h, 7d): '"
          + shown(value) + "'");
    }
    if (d.compareTo(MAX_SINCE) > 0) {
      throw new Refusal(400, "since", "at most " + MAX_SINCE.toDays() + "d back");
    }
    return now.minus(d);
  }

  static int limit(String value, int def) throws Refusal {
    if (value == null) {
      return def;
    }
    if (!value.matches("[0-9]{1,4}")) {
      throw new Refusal(400, "limit", "must be an integer from 1 to " + MAX_LIMIT + ", was '" + shown(value) + "'");
    }
    int n = Integer.parseInt(value);
    if (n < 1 || n > MAX_LIMIT) {
      throw new Refusal(400, "limit", "must be from 1 to " + MAX_LIMIT + ", was " + n);
    }
    return n;
  }

  /** The JSON object of the body (at most {@value #MAX_BODY} bytes, application/json). */
  private static JsonNode body(Exchange ex) throws IOException, Refusal {
    String type = ex.header("Content-Type");
    if (type != null && !type.split(";")[0].strip().equalsIgnoreCase("application/json")) {
      throw new Refusal(415, null, "Content-Type must be application/json");
    }
    byte[] bytes;
    try {
      bytes = ex.body(MAX_BODY);
    } catch (Exchange.Refused r) {
      throw new Refusal(r.status(), null, r.getMessage());
    }
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new Refusal(400, null, "the body is not JSON: " + shown(e.getMessage().lines().findFirst().orElse("")));
    }
    if (n == null || !n.isObject()) {
      throw new Refusal(400, null, "the body must be a JSON object");
    }
    return n;
  }

  private static void checkFields(JsonNode body, Set<String> known) throws Refusal {
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw new Refusal(400, shown(f), "unknown field (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
      }
    }
  }

  /** The string fields of {@code body} (null, absent or blank: not there); unknown fields refused. */
  private static Map<String, String> strings(JsonNode body, Set<String> known, String... notStrings) throws Refusal {
    checkFields(body, known);
    Set<String> skip = Set.of(notStrings);
    Map<String, String> out = new LinkedHashMap<>();
    for (String f : known) {
      JsonNode v = body.get(f);
      if (skip.contains(f) || v == null || v.isNull()) {
        continue;
      }
      if (!v.isTextual()) {
        throw new Refusal(400, f, "must be a string");
      }
      if (!v.asText().isBlank()) {
        out.put(f, v.asText());
      }
    }
    return out;
  }

  /** A list of strings (or one string), at most 100, each at most {@value #MAX_VALUE} characters. */
  private static List<String> list(JsonNode body, String field) throws Refusal {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (v.isTextual()) {
      out.add(v.asText().strip());
    } else if (v.isArray()) {
      if (v.size() > 100) {
        throw new Refusal(400, field, "at most 100 entries");
      }
      for (int i = 0; i < v.size(); i++) {
        if (!v.get(i).isTextual() || v.get(i).asText().isBlank()) {
          throw new Refusal(400, field + "[" + i + "]", "must be a non-empty string");
        }
        out.add(v.get(i).asText().strip());
      }
    } else {
      throw new Refusal(400, field, "must be a list of strings");
    }
    for (String s : out) {
      if (s.length() > MAX_VALUE) {
        throw new Refusal(400, field, "an entry is longer than " + MAX_VALUE + " characters");
      }
    }
    return out;
  }

  private static String shown(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < 60; i++) {
      char c = s.charAt(i);
      b.append(Character.isISOControl(c) ? '?' : c);
    }
    return s.length() > 60 ? b + "…" : b.toString();
  }
}
