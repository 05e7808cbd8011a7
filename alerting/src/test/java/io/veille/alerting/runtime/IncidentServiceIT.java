package io.veille.alerting.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.veille.alerting.notify.Notification;
import io.veille.alerting.route.AlertingConfig;
import io.veille.common.config.Secrets;
import io.veille.common.config.VeilleConfig;
import io.veille.common.kafka.EmbeddedKafka;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.Incident;
import io.veille.common.model.Signal;
import io.veille.common.model.Silence;
import io.veille.common.model.Watch;
import io.veille.common.testing.KafkaTestSupport;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incident service on the embedded broker with an injected clock: a signal's onset becomes an
 * incident and, after the group wait, one message in the outbox; the service restarts; the end
 * becomes the resolved message (sequence 2), and the opening is not sent again; a silence written
 * on the topic mutes the next incident; a record that is not a signal is skipped.
 */
class IncidentServiceIT {
  @TempDir
  static Path tmp;
  static EmbeddedKafka kafka;
  static VeilleConfig config;
  static final Instant T0 = Instant.parse("2026-11-05T17:20:00Z");

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
    config = VeilleConfig.defaults().withBootstrapServers(kafka.bootstrapServers());
    TopicAdmin.createMissing(KafkaClients.admin(config, "it-admin"), Topics.ALL, (short) 1);
    send(Topics.WATCHES.name(), "ondyne", Topics.WATCHES.valueSerde().serializer().serialize("", new Watch("ondyne",
        "Ondyne", "ondyne", Set.of(), Set.of(), null, List.of("crisis"))));
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  static void send(String topic, String key, byte[] value) {
    try (var p = new KafkaProducer<byte[], byte[]>(KafkaClients.producer(config, "it-send"))) {
      p.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
      p.flush();
    }
  }

  static void signal(Signal s) {
    send(Topics.SIGNALS.name(), s.watchId(), Topics.SIGNALS.valueSerde().serializer().serialize("", s));
  }

  static AlertingConfig config() throws Exception {
    String yaml = """
        receivers:
          - name: console
            console: {}
          - name: crisis
            webhook: {url: "http://127.0.0.1:9/hook", secret: "env:HOOK_SECRET"}
        route:
          receivers: [console]
          group_wait: 30s
          routes:
            - labels: [crisis]
              receivers: [crisis]
        """;
    return AlertingConfig.parse(new ObjectMapper(new YAMLFactory()).readValue(yaml, Object.class),
        new Secrets(Map.of("HOOK_SECRET", "0123456789abcdef0123")::get));
  }

  static List<Notification> outbox() {
    return KafkaTestSupport.readToEnd(kafka.bootstrapServers(), Topics.NOTIFICATIONS.name(), Duration.ofSeconds(30))
        .stream().map(r -> IncidentService.NotificationJson.read(r.value())).toList();
  }

  static Signal sig(Signal.Phase phase, Instant onset, Instant at) {
    return new Signal("ondyne", Signal.Kind.NEGATIVE_SURGE, phase, Signal.Severity.WARNING, onset, at, 30, 5, 7, false,
        null);
  }

  @Test
  void anIncidentOpensOnceAcrossARestartAndResolvesWithTheNextSequence() throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(T0);
    InstantSource clock = now::get;
    String id = Incident.idOf("ondyne", Signal.Kind.NEGATIVE_SURGE, T0);
    IncidentService a = new IncidentService(config, config(), clock, "it").start();
    assertThat(a.awaitReady(Duration.ofMinutes(1))).isTrue();
    signal(sig(Signal.Phase.ONSET, T0, T0.plusSeconds(60)));
    send(Topics.SIGNALS.name(), "ondyne", "not a signal".getBytes(StandardCharsets.UTF_8));
    await().atMost(Duration.ofSeconds(60)).until(() -> a.incident(id) != null && a.badSignals() == 1);
    assertThat(a.notifications()).as("within the group wait").isZero();
    now.set(T0.plusSeconds(31));
    await().atMost(Duration.ofSeconds(60)).until(() -> a.notifications() == 1);
    a.close();
    assertThat(a.failure()).isNull();
    // the labels route matches: its receiver, not the root's (the deepest match wins)
    assertThat(outbox()).extracting(n -> n.receiver() + " " + n.event() + " " + n.key())
        .containsExactly("crisis OPENED " + id + ":1:crisis");

    IncidentService b = new IncidentService(config, config(), clock, "it").start();
    try {
      assertThat(b.awaitReady(Duration.ofMinutes(1))).isTrue();
      await().atMost(Duration.ofSeconds(60)).until(() -> b.incident(id) != null);
      assertThat(b.incident(id).receivers().get("crisis").opened()).as("restored from veille.incidents").isTrue();
      now.set(T0.plusSeconds(600));
      signal(sig(Signal.Phase.END, T0, T0.plusSeconds(540)));
      await().atMost(Duration.ofSeconds(60)).until(() -> b.incident(id).state() == Incident.State.RESOLVED
          && b.notifications() == 1);

      // a silence on the topic mutes the next episode
      Instant t = T0.plusSeconds(3600);
      now.set(t);
      send(Topics.SILENCES.name(), "s1", Topics.SILENCES.valueSerde().serializer().serialize("", new Silence("s1",
          Set.of("ondyne"), Set.of(), t.minusSeconds(10), t.plusSeconds(3600), "ana", "test", t)));
      signal(sig(Signal.Phase.ONSET, t, t.plusSeconds(60)));
      String id2 = Incident.idOf("ondyne", Signal.Kind.NEGATIVE_SURGE, t);
      await().atMost(Duration.ofSeconds(60)).until(() -> b.incident(id2) != null);
      now.set(t.plusSeconds(120));
      await().atMost(Duration.ofSeconds(60)).until(() -> b.incident(id2).timeline().stream()
          .anyMatch(e -> e.what().equals("muted")));
      assertThat(b.notifications()).isEqualTo(1);
    } finally {
      b.close();
    }
    assertThat(outbox()).extracting(n -> n.receiver() + " " + n.event() + " " + n.key()).containsExactly(
        "crisis OPENED " + id + ":1:crisis", "crisis RESOLVED " + id + ":2:crisis");
  }
}
