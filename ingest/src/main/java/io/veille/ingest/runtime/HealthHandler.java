package io.veille.ingest.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.veille.common.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /health}: every connector's status (state, last success, last error, lag, records/s)
 * as JSON; 200 when every connector is running or idle, 503 when one has failed for good.
 */
public final class HealthHandler implements HttpHandler {
  private final Supplier<List<ConnectorStatus>> statuses;
  private final Supplier<Map<String, Object>> extra;
  private final InstantSource clock;

  public HealthHandler(Supplier<List<ConnectorStatus>> statuses, Supplier<Map<String, Object>> extra, InstantSource clock) {
    this.statuses = statuses;
    this.extra = extra;
    this.clock = clock;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!ex.getRequestMethod().equals("GET")) {
        ex.sendResponseHeaders(405, -1);
        return;
      }
      var now = clock.instant();
      List<Map<String, Object>> connectors = new ArrayList<>();
      boolean healthy = true;
      for (ConnectorStatus s : statuses.get()) {
        connectors.add(s.snapshot(now));
        healthy &= !s.state().equals("failed");
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", healthy ? "UP" : "DEGRADED");
      body.put("at", now.toString());
      body.put("connectors", connectors);
      body.putAll(extra.get());
      byte[] bytes = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(healthy ? 200 : 503, bytes.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(bytes);
      }
    }
  }
}
