package io.veille.alerting.runtime;

import io.veille.alerting.api.AlertingApi;
import io.veille.alerting.api.HttpSettings;
import io.veille.alerting.notify.Notifier;
import io.veille.alerting.notify.Notifiers;
import io.veille.alerting.notify.ReceiverConfig;
import io.veille.alerting.route.AlertingConfig;
import io.veille.common.config.VeilleConfig;
import io.veille.common.http.HttpService;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The alerting service: its topics, its notifiers, the incident side and the delivery side, the
 * view of the stored state with the daily digest, and the HTTP API, started and closed together
 * ({@code veille alerting}, and the demo).
 */
public final class AlertingService implements AutoCloseable {
  private final IncidentService incidents;
  private final DeliveryService deliveries;
  private final AlertingView view;
  private final DigestScheduler digest;
  private final KafkaProducer<byte[], byte[]> producer;
  private volatile HttpService http;
  private final Map<String, Notifier> notifiers;

  private AlertingService(IncidentService incidents, DeliveryService deliveries, AlertingView view,
      DigestScheduler digest, KafkaProducer<byte[], byte[]> producer, Map<String, Notifier> notifiers) {
    this.incidents = incidents;
    this.deliveries = deliveries;
    this.view = view;
    this.digest = digest;
    this.producer = producer;
    this.notifiers = notifiers;
  }

  /**
   * Creates the topics it needs if missing, builds the notifiers, starts the loops, and serves the
   * HTTP API when {@code http.enabled} (a port that cannot be bound fails the start).
   */
  public static AlertingService start(VeilleConfig kafka, AlertingConfig config, InstantSource clock, String instance,
      PrintWriter console) {
    return start(kafka, config, clock, instance, console, io.veille.common.ops.Ops.registry("alerting"));
  }

  /**
   * As {@link #start(VeilleConfig, AlertingConfig, InstantSource, String, PrintWriter)}, its meters in
   * {@code registry} (served on {@code /metrics} with the API, beside {@code /health/live} and
   * {@code /health/ready}).
   */
  public static AlertingService start(VeilleConfig kafka, AlertingConfig config, InstantSource clock, String instance,
      PrintWriter console, io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry) {
    TopicAdmin.createMissing(KafkaClients.admin(kafka, "veille-alerting-admin"), List.of(Topics.SIGNALS,
        Topics.INCIDENTS, Topics.SILENCES, Topics.INCIDENT_ACKS, Topics.NOTIFICATIONS, Topics.DELIVERIES,
        Topics.WATCHES), kafka.replicationFactor());
    Map<String, Notifier> notifiers = new LinkedHashMap<>();
    for (ReceiverConfig r : config.receivers()) {
      notifiers.put(r.name(), Notifiers.create(r, clock, console));
    }
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.producer(kafka,
        "alerting-api-" + instance));
    DigestScheduler digest = new DigestScheduler(config, producer, clock);
    AlertingView view = new AlertingView(kafka, instance);
    if (digest.active()) {
      view.listen(digest);
    }
    view.start();
    IncidentService i = new IncidentService(kafka, config, clock, instance).start();
    DeliveryService d = new DeliveryService(kafka, config.delivery(), config.retention(), notifiers, clock,
        new SecureRandom(), instance, null).start();
    AlertingService service = new AlertingService(i, d, view, digest, producer, Map.copyOf(notifiers));
    service.bind(registry, notifiers.keySet());
    HttpSettings h = config.http();
    if (h.enabled()) {
      AlertingApi api = new AlertingApi(view, producer, clock, h.token() == null ? null : h.token().reveal(),
          () -> service.health(instance));
      try {
        service.kafkaCheck = new io.veille.common.ops.KafkaCheck(kafka, "alerting-health-" + instance);
        Map<String, HttpService.Route> routes = new LinkedHashMap<>(api.routes());
        routes.putAll(io.veille.common.ops.Ops.routes(registry, service::liveness, service::readiness));
        service.http = HttpService.start("alerting-http", h.bind(), h.port(), h.limits(), routes);
      } catch (IOException e) {
        try {
          service.close();
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
        throw new UncheckedIOException(e);
      }
    }
    return service;
  }

  private io.veille.common.ops.KafkaCheck kafkaCheck;

  /** The meters: notifications per receiver and outcome, signals that did not decode, incidents and deliveries held. */
  private void bind(io.micrometer.core.instrument.MeterRegistry r, java.util.Set<String> receivers) {
    for (String receiver : receivers) {
      for (String outcome : DeliveryService.OUTCOMES) {
        io.micrometer.core.instrument.FunctionCounter.builder("veille.notifications", deliveries,
                d -> d.outcomes(receiver, outcome))
            .description("notification attempts by outcome (retry: will be tried again; failed: the receiver refused "
                + "for good; gave_up: retried until delivery.give_up_after)")
            .tag("receiver", receiver).tag("outcome", outcome).register(r);
      }
    }
    io.micrometer.core.instrument.FunctionCounter.builder("veille.notifications.planned", incidents,
        IncidentService::notifications).description("notifications the incidents made due").register(r);
    io.micrometer.core.instrument.FunctionCounter.builder("veille.signals.undecodable", incidents,
        IncidentService::badSignals).description("signals that did not decode, skipped").register(r);
    io.micrometer.core.instrument.Gauge.builder("veille.incidents.owned", incidents, x -> x.incidents().size())
        .description("incidents of this instance's partitions").register(r);
    io.micrometer.core.instrument.Gauge.builder("veille.deliveries.held", deliveries, x -> x.deliveries().size())
        .description("deliveries held (pending, retrying and kept done ones)").register(r);
  }

  /** Live: no loop has stopped (a stopped one needs a restart). */
  private Map<String, io.veille.common.ops.Ops.Check> liveness() {
    Throwable f = failure();
    return Map.of("loops", f == null ? io.veille.common.ops.Ops.Check.up("incidents, deliveries and view running")
        : io.veille.common.ops.Ops.Check.down("stopped: " + f));
  }

  /** Ready: Kafka answers, both sides have their partitions restored, the view is read. */
  private Map<String, io.veille.common.ops.Ops.Check> readiness() {
    Map<String, io.veille.common.ops.Ops.Check> m = new LinkedHashMap<>();
    m.put("kafka", kafkaCheck.check());
    boolean restored;
    try {
      restored = incidents.awaitReady(Duration.ZERO) && deliveries.awaitReady(Duration.ZERO) && view.ready();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      restored = false;
    }
    m.put("state", restored ? io.veille.common.ops.Ops.Check.up("incidents, deliveries and view restored")
        : io.veille.common.ops.Ops.Check.down("restoring incidents, deliveries or the view"));
    m.putAll(liveness());
    return m;
  }

  private Map<String, Object> health(String instance) {
    Map<String, Object> m = new LinkedHashMap<>();
    Throwable f = failure();
    m.put("status", f == null ? "UP" : "DOWN");
    m.put("instance", instance);
    m.put("ownedIncidents", incidents.incidents().size());
    m.put("deliveriesHeld", deliveries.deliveries().size());
    if (f != null) {
      m.put("failure", f.toString());
    }
    return m;
  }

  public IncidentService incidents() {
    return incidents;
  }

  public DeliveryService deliveries() {
    return deliveries;
  }

  /** The stored state of every partition, as the API and the digest read it. */
  public AlertingView view() {
    return view;
  }

  public DigestScheduler digest() {
    return digest;
  }

  /** The API's base URL ({@code http://127.0.0.1:8082}), or null when it is not served. */
  public String url() {
    if (http == null) {
      return null;
    }
    String host = http.host();
    return "http://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + http.port();
  }

  /** Waits until both sides have their partitions restored and the view is read. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    return incidents.awaitReady(timeout)
        && deliveries.awaitReady(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))
        && view.awaitReady(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
  }

  /**
   * Waits (at most {@code timeout}) until both sides are idle: every committed signal read and
   * decided, every message due attempted; false on timeout. For the demo's end and for scripts.
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!(incidents.idle() && deliveries.idle())) {
      if (System.nanoTime() > deadline || failure() != null) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /** What stopped a loop, or null while they all run. */
  public Throwable failure() {
    return incidents.failure() != null ? incidents.failure() : deliveries.failure() != null ? deliveries.failure()
        : view.failure();
  }

  @Override
  public void close() throws InterruptedException {
    try {
      if (http != null) {
        http.close();
      }
      if (kafkaCheck != null) {
        kafkaCheck.close();
      }
      incidents.close();
      deliveries.close();
      view.close();
    } finally {
      producer.close(Duration.ofSeconds(5));
      notifiers.values().forEach(Notifier::close);
    }
  }
}
