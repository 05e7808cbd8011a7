package io.veille.alerting.runtime;

import io.veille.alerting.notify.Notifier;
import io.veille.alerting.notify.Notifiers;
import io.veille.alerting.notify.ReceiverConfig;
import io.veille.alerting.route.AlertingConfig;
import io.veille.common.config.VeilleConfig;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerting service: its topics, its notifiers, the incident side and the delivery side, started
 * and closed together ({@code veille alerting}, and the demo).
 */
public final class AlertingService implements AutoCloseable {
  private final IncidentService incidents;
  private final DeliveryService deliveries;
  private final Map<String, Notifier> notifiers;

  private AlertingService(IncidentService incidents, DeliveryService deliveries, Map<String, Notifier> notifiers) {
    this.incidents = incidents;
    this.deliveries = deliveries;
    this.notifiers = notifiers;
  }

  /** Creates the topics it needs if missing, builds the notifiers, starts both loops. */
  public static AlertingService start(VeilleConfig kafka, AlertingConfig config, InstantSource clock, String instance,
      PrintWriter console) {
    TopicAdmin.createMissing(KafkaClients.admin(kafka, "veille-alerting-admin"), List.of(Topics.SIGNALS,
        Topics.INCIDENTS, Topics.SILENCES, Topics.NOTIFICATIONS, Topics.DELIVERIES, Topics.WATCHES),
        kafka.replicationFactor());
    Map<String, Notifier> notifiers = new LinkedHashMap<>();
    for (ReceiverConfig r : config.receivers()) {
      notifiers.put(r.name(), Notifiers.create(r, clock, console));
    }
    IncidentService i = new IncidentService(kafka, config, clock, instance).start();
    DeliveryService d = new DeliveryService(kafka, config.delivery(), config.retention(), notifiers, clock,
        new SecureRandom(), instance, null).start();
    return new AlertingService(i, d, Map.copyOf(notifiers));
  }

  public IncidentService incidents() {
    return incidents;
  }

  public DeliveryService deliveries() {
    return deliveries;
  }

  /** Waits until both sides have their partitions restored. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    return incidents.awaitReady(timeout)
        && deliveries.awaitReady(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
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

  /** What stopped a loop, or null while both run. */
  public Throwable failure() {
    return incidents.failure() != null ? incidents.failure() : deliveries.failure();
  }

  @Override
  public void close() throws InterruptedException {
    try {
      incidents.close();
      deliveries.close();
    } finally {
      notifiers.values().forEach(Notifier::close);
    }
  }
}
