package io.veille.ingest.runtime;

import io.veille.ingest.http.Scrub;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A connector's health: its state ({@code starting}, {@code running}, {@code retrying},
 * {@code failed}: stopped for good, with the reason, until a person acts; {@code stopped}), last
 * success, last error, lag behind the newest mention, throughput.
 */
public final class ConnectorStatus {
  private final String id;
  private volatile Instant lastSuccess;
  private volatile Instant lastErrorAt;
  private volatile String lastError;
  private volatile Instant newestPublished;
  private volatile long records;
  private volatile long rejected;
  private volatile long consecutiveFailures;
  private volatile long warnings;
  private volatile String lastWarning;
  private volatile double ratePerSecond;
  private volatile Instant lastRateAt;
  private volatile String state = "starting";
  private volatile Instant failedAt;
  private volatile String failedReason;

  public ConnectorStatus(String id) {
    this.id = id;
  }

  synchronized void success(Instant now, int published, int bad, Instant newest) {
    lastSuccess = now;
    consecutiveFailures = 0;
    records += published;
    rejected += bad;
    if (newest != null && (newestPublished == null || newest.isAfter(newestPublished))) {
      newestPublished = newest;
    }
    if (lastRateAt != null) {
      double secs = Math.max(1e-3, Duration.between(lastRateAt, now).toMillis() / 1000.0);
      double instant = published / secs;
      double alpha = Math.min(1.0, secs / 30.0);
      ratePerSecond = ratePerSecond + alpha * (instant - ratePerSecond);
    }
    lastRateAt = now;
    state = "running";
  }

  synchronized void warned(int n, String last) {
    warnings += n;
    lastWarning = Scrub.message(last);
  }

  synchronized void failure(Instant now, String error) {
    lastErrorAt = now;
    lastError = Scrub.message(error);
    consecutiveFailures++;
    state = "retrying";
  }

  /** Stopped for good: {@code reason} (scrubbed) says why and what failed; the state stays {@code failed}. */
  synchronized void failed(Instant now, String reason) {
    failedAt = now;
    failedReason = Scrub.message(reason);
    state = "failed";
  }

  void state(String s) {
    state = s;
  }

  public String id() {
    return id;
  }

  public String state() {
    return state;
  }

  public long records() {
    return records;
  }

  public long rejected() {
    return rejected;
  }

  public long consecutiveFailures() {
    return consecutiveFailures;
  }

  public Instant lastSuccess() {
    return lastSuccess;
  }

  public long warnings() {
    return warnings;
  }

  public String lastError() {
    return lastError;
  }

  /** Why the connector stopped for good, or null while it has not. */
  public String failedReason() {
    return failedReason;
  }

  /** Wall time since the newest mention this connector published was written at its source. */
  public Duration lag(Instant now) {
    return newestPublished == null ? null : Duration.between(newestPublished, now);
  }

  /** A JSON-ready view for the health endpoint and the log. */
  public Map<String, Object> snapshot(Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("state", state);
    m.put("records", records);
    m.put("rejected", rejected);
    m.put("recordsPerSecond", Math.round(ratePerSecond * 10) / 10.0);
    m.put("lastSuccess", lastSuccess == null ? null : lastSuccess.toString());
    m.put("lastError", lastError);
    m.put("lastErrorAt", lastErrorAt == null ? null : lastErrorAt.toString());
    m.put("consecutiveFailures", consecutiveFailures);
    m.put("failedAt", failedAt == null ? null : failedAt.toString());
    m.put("failedReason", failedReason);
    m.put("warnings", warnings);
    m.put("lastWarning", lastWarning);
    Duration lag = lag(now);
    m.put("lagSeconds", lag == null ? null : lag.toSeconds());
    return m;
  }
}
