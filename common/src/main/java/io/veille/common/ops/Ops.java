package io.veille.common.ops;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.veille.common.http.Exchange;
import io.veille.common.http.HttpService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What every service serves for its operators, beside its own API and on the same port:
 * {@code GET /health/live} (the process works: 200, or 503 when it should be restarted),
 * {@code GET /health/ready} (it can do its job: Kafka reachable, its topology running, its state
 * restored; 503 with the failing checks otherwise) and {@code GET /metrics} (Prometheus text format,
 * from a Micrometer registry). None of them needs the API's token and none shows a mention's content:
 * they are meant for an orchestrator's probes and a scraper on the service's network.
 */
public final class Ops {
  /** Prometheus' text exposition format, as scrapers expect it. */
  public static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private Ops() {}

  /** One check of a health answer. */
  public record Check(boolean up, String detail) {
    public static Check up(String detail) {
      return new Check(true, detail);
    }

    public static Check down(String detail) {
      return new Check(false, detail);
    }
  }

  /**
   * A registry for one service, tagged {@code service=<name>}, with the JVM's memory, GC, threads,
   * class loading, CPU and uptime.
   */
  public static PrometheusMeterRegistry registry(String service) {
    PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    r.config().commonTags(Tags.of("service", Objects.requireNonNull(service)));
    new JvmMemoryMetrics().bindTo(r);
    new JvmThreadMetrics().bindTo(r);
    new ClassLoaderMetrics().bindTo(r);
    new ProcessorMetrics().bindTo(r);
    new UptimeMetrics().bindTo(r);
    // JvmGcMetrics listens to GC notifications until closed; the registry's close does not close it,
    // so it lives as long as the JVM (one per registry: services are few per process)
    new JvmGcMetrics().bindTo(r);
    return r;
  }

  /**
   * The three routes, to add to a service's {@link HttpService} routes.
   *
   * @param live the liveness checks (asked on each request; cheap)
   * @param ready the readiness checks (asked on each request; bound their time)
   */
  public static Map<String, HttpService.Route> routes(PrometheusMeterRegistry registry,
      Supplier<Map<String, Check>> live, Supplier<Map<String, Check>> ready) {
    Map<String, HttpService.Route> m = new LinkedHashMap<>();
    m.put("/health/live", ex -> health(ex, "/health/live", live));
    m.put("/health/ready", ex -> health(ex, "/health/ready", ready));
    m.put("/metrics", ex -> metrics(ex, registry));
    return m;
  }

  private static boolean get(Exchange ex, String path) throws IOException {
    if (!ex.path().equals(path)) {
      ex.error(404, "no such endpoint");
      return false;
    }
    if (!ex.method().equals("GET") && !ex.method().equals("HEAD")) {
      ex.answerHeader("Allow", "GET, HEAD");
      ex.error(405, "method " + ex.method() + " not allowed (GET)");
      return false;
    }
    return true;
  }

  private static void health(Exchange ex, String path, Supplier<Map<String, Check>> checks) throws IOException {
    if (!get(ex, path)) {
      return;
    }
    Map<String, Check> cs;
    try {
      cs = checks.get();
    } catch (RuntimeException e) {
      cs = Map.of("checks", Check.down("could not be evaluated: " + e));
    }
    boolean up = cs.values().stream().allMatch(Check::up);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", up ? "UP" : "DOWN");
    body.put("at", Instant.now().toString());
    Map<String, Object> detail = new LinkedHashMap<>();
    cs.forEach((k, c) -> detail.put(k, Map.of("status", c.up() ? "UP" : "DOWN", "detail", c.detail() == null ? "" : c.detail())));
    body.put("checks", detail);
    ex.json(up ? 200 : 503, body);
  }

  private static void metrics(Exchange ex, PrometheusMeterRegistry registry) throws IOException {
    if (!get(ex, "/metrics")) {
      return;
    }
    ex.bytes(200, METRICS_CONTENT_TYPE, registry.scrape().getBytes(StandardCharsets.UTF_8));
  }
}
