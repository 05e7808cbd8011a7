package io.veille.alerting.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veille.common.json.Json;
import io.veille.common.model.Signal;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * POSTs a notification as JSON to a generic receiver (a Teams, PagerDuty or n8n bridge, the
 * team's own service), signed with HMAC-SHA256 ({@link WebhookSignature}): headers
 * {@code Content-Type: application/json}, {@code X-Veille-Timestamp}, {@code X-Veille-Signature}
 * and {@code Idempotency-Key} (the notification's key: the same on every retry of one message).
 *
 * <p>The body's field names are stable (version {@value #VERSION}); instants are ISO-8601 UTC,
 * absent values are {@code null}; texts from the evidence are bounded
 * ({@value #MAX_TEXT} characters for a mention, {@value #MAX_LIST} items per list):
 *
 * <pre>{@code
 * {"version":1,"key":"inc-1:0:ops-hook","receiver":"ops-hook","event":"OPENED","incidentId":"inc-1",
 *  "watchId":"ondyne","watchName":"Ondyne","kind":"NEGATIVE_SURGE","severity":"CRITICAL",
 *  "openedAt":"2026-11-22T10:15:00Z","at":"2026-11-22T10:16:00Z","resolvedAt":null,
 *  "observed":42.0,"expected":5.0,"searchUrl":"http://…",
 *  "evidence":{"from":…,"to":…,"posts":120,"copies":3,"negativeShare":0.64,"usualNegativeShare":0.12,
 *    "terms":[{"term":"panne","count":120,"expected":3.0,"score":9.1}],
 *    "mentions":[{"id":…,"source":…,"text":…,"author":…,"url":…,"shares":340,"followers":1200}],
 *    "authors":[{"author":…,"followers":…,"mentions":…}],"query":…}}
 * }</pre>
 *
 * 2xx: delivered; 429, 408, 5xx, network errors and timeouts: retry (429/503 with Retry-After);
 * 3xx and other 4xx: fatal. Neither the URL nor the secret appears in an outcome.
 */
public final class WebhookNotifier implements Notifier {
  public static final int VERSION = 1;
  static final int MAX_TEXT = 2_000;
  static final int MAX_SHORT = 512;
  static final int MAX_LIST = 20;

  private final String name;
  private final URI url;
  private final String secret;
  private final InstantSource clock;
  private final HttpDelivery http;

  public WebhookNotifier(ReceiverConfig.Webhook config, InstantSource clock) {
    Objects.requireNonNull(config, "config");
    this.name = config.name();
    this.url = config.url();
    this.secret = config.secret().reveal();
    this.clock = Objects.requireNonNull(clock, "clock");
    List<String> hidden = new java.util.ArrayList<>(List.of(url.toString(), secret));
    if (url.getRawPath() != null) {
      hidden.add(url.getRawPath());
    }
    if (url.getRawQuery() != null) {
      hidden.add(url.getRawQuery());
    }
    this.http = new HttpDelivery("webhook", config.timeout(), clock, hidden);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Outcome send(Notification n) throws InterruptedException {
    if (n.event() == Notification.Event.DIGEST) {
      return new Outcome.Fatal(name() + ": this receiver type does not take daily digests (only e-mail does)");
    }
    byte[] body;
    try {
      body = Json.MAPPER.writeValueAsBytes(body(n));
    } catch (JsonProcessingException | RuntimeException e) {
      return new Outcome.Fatal("webhook: cannot write the body (" + e.getClass().getSimpleName() + ")");
    }
    long ts = clock.instant().getEpochSecond();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("User-Agent", "veille-alerting");
    headers.put(WebhookSignature.TIMESTAMP_HEADER, Long.toString(ts));
    headers.put(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, ts, body));
    headers.put(WebhookSignature.IDEMPOTENCY_HEADER, n.key());
    return http.post(url, headers, body);
  }

  @Override
  public void close() {
    http.close();
  }

  /** The JSON body of {@code n}. */
  static ObjectNode body(Notification n) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("version", VERSION);
    o.put("key", n.key());
    o.put("receiver", n.receiver());
    o.put("event", n.event().name());
    o.put("incidentId", n.incidentId());
    o.put("watchId", n.watchId());
    o.put("watchName", bounded(n.watchName(), MAX_SHORT));
    o.put("kind", n.kind().name());
    o.put("severity", n.severity().name());
    o.put("openedAt", iso(n.openedAt()));
    o.put("at", iso(n.at()));
    o.put("resolvedAt", iso(n.resolvedAt()));
    o.put("observed", n.observed());
    o.put("expected", n.expected());
    o.put("searchUrl", n.searchUrl());
    Signal.Evidence e = n.evidence();
    ObjectNode ev = o.putObject("evidence");
    ev.put("from", iso(e.from()));
    ev.put("to", iso(e.to()));
    ev.put("posts", e.posts());
    ev.put("copies", e.copies());
    number(ev, "negativeShare", e.negativeShare());
    number(ev, "usualNegativeShare", e.usualNegativeShare());
    ArrayNode terms = ev.putArray("terms");
    e.terms().stream().limit(MAX_LIST).forEach(t -> {
      ObjectNode x = terms.addObject().put("term", bounded(t.term(), MAX_SHORT)).put("count", t.count());
      number(x, "expected", t.expected());
      number(x, "score", t.score());
    });
    ArrayNode mentions = ev.putArray("mentions");
    e.mentions().stream().limit(MAX_LIST).forEach(m -> mentions.addObject()
        .put("id", bounded(m.id(), MAX_SHORT)).put("source", bounded(m.source(), MAX_SHORT))
        .put("text", bounded(m.text(), MAX_TEXT)).put("author", bounded(m.author(), MAX_SHORT))
        .put("url", m.url() == null || m.url().length() > Notification.MAX_URL ? null : m.url())
        .put("shares", m.shares()).put("followers", m.followers()));
    ArrayNode authors = ev.putArray("authors");
    e.authors().stream().limit(MAX_LIST).forEach(a -> authors.addObject()
        .put("author", bounded(a.author(), MAX_SHORT)).put("followers", a.followers()).put("mentions", a.mentions()));
    ev.put("query", bounded(e.query(), MAX_TEXT));
    return o;
  }

  private static String iso(Instant t) {
    return t == null ? null : t.toString();
  }

  /** JSON has no NaN: a non-finite number is written null. */
  private static void number(ObjectNode o, String field, double v) {
    if (Double.isFinite(v)) {
      o.put(field, v);
    } else {
      o.putNull(field);
    }
  }

  /**
   * The text as sent (line breaks kept, it is data), a lone surrogate replaced (JSON cannot carry
   * it), cut at {@code max} without splitting a pair.
   */
  private static String bounded(String s, int max) {
    if (s == null) {
      return null;
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), max));
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
      int width = pair ? 2 : 1;
      if (b.length() + width > max - (i + width < s.length() ? Texts.ELLIPSIS.length() : 0)) {
        return b.append(Texts.ELLIPSIS).toString();
      }
      if (pair) {
        b.append(c).append(s.charAt(++i));
      } else {
        b.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return "WebhookNotifier[" + name + " -> " + url.getScheme() + "://" + url.getHost()
        + (url.getPort() >= 0 ? ":" + url.getPort() : "") + "/…]";
  }
}
