package io.veille.ingest.runtime;

import io.veille.common.http.Exchange;
import io.veille.common.http.HttpService;
import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /health}: every connector's status (state, last success, last error, lag, records/s)
 * as JSON; 200 ({@code "status":"UP"}) when no connector has failed for good, else 503
 * ({@code "status":"DEGRADED"}) with the failed ones' ids under {@code failed} and, in their entry,
 * {@code "state":"failed"}, {@code failedReason} and {@code failedAt}: a fatal error (a 401, a 404)
 * or retries run out need a person; the other connectors and the intake go on meanwhile. Errors
 * shown are one bounded line each, without upstream bodies ({@link ConnectorStatus}).
 */
public final class HealthHandler implements HttpService.Route {
  private final Supplier<List<ConnectorStatus>> statuses;
  private final Supplier<Map<String, Object>> extra;
  private final InstantSource clock;

  public HealthHandler(Supplier<List<ConnectorStatus>> statuses, Supplier<Map<String, Object>> extra, InstantSource clock) {
    this.statuses = statuses;
    this.extra = extra;
    this.clock = clock;
  }

  @Override
  public void handle(Exchange ex) throws IOException {
    if (!ex.method().equals("GET") && !ex.method().equals("HEAD")) {
      ex.answerHeader("Allow", "GET").error(405, "use GET");
      return;
    }
    var now = clock.instant();
    List<Map<String, Object>> connectors = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (ConnectorStatus s : statuses.get()) {
      connectors.add(s.snapshot(now));
      if (s.state().equals("failed")) {
        failed.add(s.id());
      }
    }
    boolean healthy = failed.isEmpty();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", healthy ? "UP" : "DEGRADED");
    body.put("at", now.toString());
    body.put("failed", failed);
    body.put("connectors", connectors);
    body.putAll(extra.get());
    ex.json(healthy ? 200 : 503, body);
  }
}
