package io.veille.alerting.notify;

import io.veille.common.model.Signal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One message to one receiver about one state of one incident: what the incident side hands a
 * {@link Notifier}.
 *
 * <ul>
 *   <li>{@code key}: the idempotency key, the same on every attempt at this message (incident id +
 *       state sequence + receiver; {@link #key(String, long, String)} builds it). It travels in
 *       HTTP and mail headers, so it is printable ASCII without spaces, at most {@value #MAX_KEY}
 *       characters.
 *   <li>{@code event}: why this message is sent; {@code at} is when the incident reached this state.
 *   <li>{@code severity}, {@code observed}, {@code expected}: the incident's state at {@code at}.
 *       For {@link Event#RESOLVED} they are the peak: the highest severity reached, and the
 *       observed volume at its highest with the expected volume at that moment; the notifiers
 *       say "peaked at" with them.
 *   <li>{@code openedAt}, {@code resolvedAt}: the incident's life; {@code resolvedAt} is set for
 *       {@link Event#RESOLVED} only.
 *   <li>{@code evidence}: the signal's evidence (terms, top mentions, top authors, window, query);
 *       null means none.
 *   <li>{@code searchUrl}: a link to the mention search for this incident, or null
 *       ({@link #searchUrl(String, String)} builds it from the evidence's query).
 *   <li>{@code digest}: set on a {@link Event#DIGEST} message only (built by {@link #digest}): the day
 *       and its incidents. Such a message is about no single incident: its {@code incidentId} is
 *       {@code digest:<day>}, its {@code watchId} {@code *}, its {@code kind} null.
 * </ul>
 *
 * The constructor validates; the notifiers bound every text they put in a message.
 */
public record Notification(String key, String receiver, Event event, String incidentId, String watchId,
    String watchName, Signal.Kind kind, Signal.Severity severity, Instant openedAt, Instant at, Instant resolvedAt,
    double observed, double expected, Signal.Evidence evidence, String searchUrl, Digest digest) {

  /** Longest idempotency key. */
  public static final int MAX_KEY = 512;
  /** Longest incident id, watch id or receiver name. */
  public static final int MAX_ID = 256;
  /** Longest search link. */
  public static final int MAX_URL = 4_096;

  /** Why a notification is sent. */
  public enum Event {
    /** The incident opened (after the group wait). */
    OPENED("opened"),
    /** Its severity rose. */
    ESCALATED("escalated"),
    /** Still open after the repeat interval. */
    REMINDER("still open"),
    /** It ended. */
    RESOLVED("resolved"),
    /** The daily digest of a receiver (no single incident). */
    DIGEST("daily digest");

    private final String label;

    Event(String label) {
      this.label = label;
    }

    /** How messages say it: opened, escalated, still open, resolved. */
    public String label() {
      return label;
    }
  }

  /** The content of a daily digest: the day (in {@code zone}) and its incidents, at most {@value #MAX_DIGEST_ITEMS}. */
  public record Digest(java.time.LocalDate day, String zone, java.util.List<DailyDigest.Summary> incidents) {
    public Digest {
      if (day == null || zone == null) {
        throw new IllegalArgumentException("a digest needs its day and zone");
      }
      java.time.ZoneId.of(zone); // refuses an unknown zone
      incidents = incidents == null ? java.util.List.of() : java.util.List.copyOf(incidents);
      if (incidents.size() > MAX_DIGEST_ITEMS) {
        throw new IllegalArgumentException("a digest lists at most " + MAX_DIGEST_ITEMS + " incidents");
      }
    }
  }

  /** Most incidents one digest message carries (the outbox record stays well under Kafka's 1 MiB). */
  public static final int MAX_DIGEST_ITEMS = 1_000;

  /** A message of the same fields without a digest (every message but {@link Event#DIGEST}). */
  public Notification(String key, String receiver, Event event, String incidentId, String watchId, String watchName,
      Signal.Kind kind, Signal.Severity severity, Instant openedAt, Instant at, Instant resolvedAt, double observed,
      double expected, Signal.Evidence evidence, String searchUrl) {
    this(key, receiver, event, incidentId, watchId, watchName, kind, severity, openedAt, at, resolvedAt, observed,
        expected, evidence, searchUrl, null);
  }

  /**
   * The daily digest of {@code day} (midnight to midnight in {@code zone}) for {@code receiver},
   * due at {@code at}; its key {@link #digestKey} is the same for every attempt and every instance,
   * so the outbox and the delivery side take it once.
   */
  public static Notification digest(String receiver, java.time.LocalDate day, java.time.ZoneId zone, Instant at,
      java.util.List<DailyDigest.Summary> incidents) {
    Signal.Severity highest = incidents.stream().map(DailyDigest.Summary::highestSeverity)
        .max(java.util.Comparator.naturalOrder()).orElse(Signal.Severity.INFO);
    Instant start = day.atStartOfDay(zone).toInstant();
    return new Notification(digestKey(day, receiver), receiver, Event.DIGEST, "digest:" + day, "*", "all watches", null,
        highest, start, at.isBefore(start) ? start : at, null, 0, 0, null, null,
        new Digest(day, zone.getId(), incidents));
  }

  /** The idempotency key of the digest of {@code day} for {@code receiver}: {@code digest:2026-11-22:pr-email}. */
  public static String digestKey(java.time.LocalDate day, String receiver) {
    return "digest:" + day + ":" + receiver;
  }

  public Notification {
    key = ascii("key", key, MAX_KEY);
    receiver = printable("receiver", receiver, MAX_ID);
    incidentId = printable("incidentId", incidentId, MAX_ID);
    watchId = printable("watchId", watchId, MAX_ID);
    if (event == null || severity == null || kind == null && event != Event.DIGEST) {
      throw new IllegalArgumentException("event, kind and severity are required");
    }
    if ((event == Event.DIGEST) != (digest != null)) {
      throw new IllegalArgumentException("a DIGEST message, and only it, carries a digest");
    }
    if (openedAt == null || at == null) {
      throw new IllegalArgumentException("openedAt and at are required");
    }
    if (at.isBefore(openedAt)) {
      throw new IllegalArgumentException("at (" + at + ") is before openedAt (" + openedAt + ")");
    }
    if (event == Event.RESOLVED) {
      if (resolvedAt == null) {
        throw new IllegalArgumentException("resolvedAt is required for a RESOLVED notification");
      }
      if (resolvedAt.isBefore(openedAt)) {
        throw new IllegalArgumentException("resolvedAt (" + resolvedAt + ") is before openedAt (" + openedAt + ")");
      }
    } else if (resolvedAt != null) {
      throw new IllegalArgumentException("resolvedAt is set on a " + event + " notification (RESOLVED only)");
    }
    volume("observed", observed);
    volume("expected", expected);
    watchName = watchName == null || watchName.isBlank() ? watchId : watchName;
    evidence = evidence == null ? Signal.Evidence.none() : evidence;
    if (searchUrl != null) {
      searchUrl = httpUrl("searchUrl", searchUrl);
    }
  }

  /** The idempotency key of the message about state {@code sequence} of an incident to a receiver. */
  public static String key(String incidentId, long sequence, String receiver) {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must be >= 0, was " + sequence);
    }
    return incidentId + ":" + sequence + ":" + receiver;
  }

  /**
   * The link to the search for an incident: {@code base} followed by {@code query} URL-encoded
   * ({@code http://localhost:8080/search?q=} and {@code "panne" AND ondyne} give
   * {@code http://localhost:8080/search?q=%22panne%22%20AND%20ondyne}). Null when either is
   * null or blank (no search configured, or evidence without a query).
   */
  public static String searchUrl(String base, String query) {
    if (base == null || base.isBlank() || query == null || query.isBlank()) {
      return null;
    }
    httpUrl("base", base.strip());
    String url = base.strip() + URLEncoder.encode(query.strip(), StandardCharsets.UTF_8).replace("+", "%20");
    if (url.length() > MAX_URL) {
      return null; // a query this long makes no usable link; the message goes without one
    }
    return url;
  }

  private static String ascii(String field, String v, int max) {
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException(field + " is required");
    }
    if (v.length() > max) {
      throw new IllegalArgumentException(field + " is longer than " + max + " characters");
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c <= 0x20 || c >= 0x7F) {
        throw new IllegalArgumentException(field + " must be printable ASCII without spaces (index " + i + ")");
      }
    }
    return v;
  }

  private static String printable(String field, String v, int max) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
    if (v.length() > max) {
      throw new IllegalArgumentException(field + " is longer than " + max + " characters");
    }
    for (int i = 0; i < v.length(); i++) {
      if (Character.isISOControl(v.charAt(i))) {
        throw new IllegalArgumentException(field + " contains a control character (index " + i + ")");
      }
    }
    return v;
  }

  private static void volume(String field, double v) {
    if (!Double.isFinite(v) || v < 0) {
      throw new IllegalArgumentException(field + " must be a finite number >= 0, was " + v);
    }
  }

  private static String httpUrl(String field, String url) {
    if (url.length() > MAX_URL) {
      throw new IllegalArgumentException(field + " is longer than " + MAX_URL + " characters");
    }
    try {
      URI u = new URI(url);
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
        throw new IllegalArgumentException(field + " must be an absolute http(s) URL");
      }
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(field + " is not a valid URL (" + e.getReason() + ")");
    }
    return url;
  }
}
