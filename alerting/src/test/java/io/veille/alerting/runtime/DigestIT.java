package io.veille.alerting.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.veille.alerting.route.AlertingConfig;
import io.veille.common.config.Secrets;
import io.veille.common.config.VeilleConfig;
import io.veille.common.kafka.EmbeddedKafka;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.Signal;
import io.veille.common.model.Watch;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily digest on the embedded broker, an injected clock and an in-process SMTP server
 * (GreenMail): an e-mail receiver with {@code digest: {at: "08:00", zone: Europe/Paris}} gets, once
 * a day, the previous day's incidents of the watches routed to it; a service that was down at
 * 08:00 sends it when it comes back (not lost), a restart after it was sent does not send it again
 * (not repeated), and the next day brings the next digest.
 */
class DigestIT {
  @RegisterExtension
  static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
      .withPerMethodLifecycle(false);

  @TempDir
  static Path tmp;
  static EmbeddedKafka kafka;
  static VeilleConfig config;
  /** 10:00 in Paris on 2026-11-22, the digest's day. */
  static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
    config = VeilleConfig.defaults().withBootstrapServers(kafka.bootstrapServers());
    TopicAdmin.createMissing(KafkaClients.admin(config, "it-admin"), Topics.ALL, (short) 1);
    watch(new Watch("ondyne", "Ondyne", "ondyne", Set.of(), Set.of(), null, List.of()));
    watch(new Watch("velia", "Vélia", "velia", Set.of(), Set.of(), null, List.of()));
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

  static void watch(Watch w) {
    send(Topics.WATCHES.name(), w.id(), Topics.WATCHES.valueSerde().serializer().serialize("", w));
  }

  static void signal(String watch, Signal.Kind kind, Signal.Phase phase, Instant onset, Instant at, double observed) {
    Signal s = new Signal(watch, kind, phase, Signal.Severity.WARNING, onset, at, observed, 5, 7, false, null);
    send(Topics.SIGNALS.name(), watch, Topics.SIGNALS.valueSerde().serializer().serialize("", s));
  }

  static AlertingConfig rules() throws Exception {
    String yaml = """
        receivers:
          - name: console
            console: {}
          - name: pr-email
            email:
              host: 127.0.0.1
              port: %d
              starttls: "off"
              from: "Veille <veille@example.org>"
              to: pr@example.org
              zone: Europe/Paris
              digest: {at: "08:00", zone: Europe/Paris}
        route:
          receivers: [console]
          group_wait: 30s
          routes:
            - watches: [ondyne]
              min_severity: critical
              receivers: [pr-email]
        http: {enabled: false}
        """.formatted(smtp.getSmtp().getPort());
    return AlertingConfig.parse(new ObjectMapper(new YAMLFactory()).readValue(yaml, Object.class),
        new Secrets(name -> null));
  }

  static AlertingService service(InstantSource clock) throws Exception {
    AlertingService s = AlertingService.start(config, rules(), clock, "digest", new PrintWriter(new StringWriter(), true));
    assertThat(s.awaitReady(Duration.ofMinutes(1))).isTrue();
    return s;
  }

  static List<MimeMessage> digests() {
    return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
      try {
        return "DIGEST".equals(m.getHeader("X-Veille-Event", null));
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  static String text(MimeMessage m) throws Exception {
    BodyPart text = ((MimeMultipart) m.getContent()).getBodyPart(0);
    return (String) text.getContent();
  }

  /** Waits until the scheduler has looked {@code n} more times at what is due (on the current clock). */
  static void looked(AlertingService s, int n) {
    long from = s.digest().checks();
    await().atMost(Duration.ofSeconds(30)).until(() -> s.digest().checks() >= from + n);
  }

  @Test
  void oneDigestADayNeitherRepeatedByARestartNorLostWhileDown() throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(T0);
    InstantSource clock = now::get;
    AlertingService a = service(clock);
    try {
      // the day before: not in the digest
      signal("ondyne", Signal.Kind.NEGATIVE_SURGE, Signal.Phase.ONSET, T0.minusSeconds(86_400),
          T0.minusSeconds(86_340), 20);
      signal("ondyne", Signal.Kind.NEGATIVE_SURGE, Signal.Phase.END, T0.minusSeconds(86_400),
          T0.minusSeconds(82_800), 3);
      // the day: two on ondyne (one over, one still open), one on velia (not routed to pr-email)
      signal("ondyne", Signal.Kind.NEGATIVE_SURGE, Signal.Phase.ONSET, T0, T0.plusSeconds(60), 42);
      signal("ondyne", Signal.Kind.NEGATIVE_SURGE, Signal.Phase.END, T0, T0.plusSeconds(3600), 3);
      signal("velia", Signal.Kind.VOLUME_SPIKE, Signal.Phase.ONSET, T0.plusSeconds(7200), T0.plusSeconds(7260), 9);
      signal("ondyne", Signal.Kind.VOLUME_SPIKE, Signal.Phase.ONSET, T0.plusSeconds(14_400), T0.plusSeconds(14_460), 25);
      await().atMost(Duration.ofSeconds(60)).until(() -> a.view().incidents().size() == 4);
      looked(a, 2);
      assertThat(a.digest().written()).as("a new receiver gets no late digest of the 21st").isZero();
      now.set(Instant.parse("2026-11-23T06:59:00Z")); // 07:59 in Paris: not yet
      looked(a, 2);
      assertThat(a.digest().written()).isZero();
      assertThat(digests()).isEmpty();
      now.set(Instant.parse("2026-11-23T07:00:01Z")); // 08:00:01 in Paris
      await().atMost(Duration.ofSeconds(60)).until(() -> digests().size() == 1);
      MimeMessage m = digests().get(0);
      assertThat(m.getSubject()).isEqualTo("[Veille] Daily digest 2026-11-22: 2 incidents on 1 watch, highest WARNING");
      assertThat(m.getHeader("X-Veille-Key", null)).isEqualTo("digest:2026-11-22:pr-email");
      assertThat(text(m)).startsWith("Veille daily digest for 2026-11-22 (Europe/Paris)")
          .contains("Ondyne (ondyne): 2 incidents · highest WARNING · peak 42 negative posts vs 5 expected")
          .contains("1 still open").contains("2026-11-22 10:01 Europe/Paris WARNING negative surge").doesNotContain("Vélia").doesNotContain("2026-11-21");
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        var d = a.view().delivery("digest:2026-11-22:pr-email");
        return d != null && d.status() == DeliveryService.Status.DELIVERED;
      });
    } finally {
      a.close();
    }

    // a restart the same morning: not again
    AlertingService b = service(clock);
    try {
      looked(b, 3);
      assertThat(b.digest().written()).isZero();
      assertThat(digests()).hasSize(1);
    } finally {
      b.close();
    }

    // down over the next 08:00, back at 09:30 (Paris): the digest of the 23rd goes out then
    now.set(Instant.parse("2026-11-24T08:30:00Z"));
    AlertingService c = service(clock);
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> digests().size() == 2);
      MimeMessage next = digests().get(1);
      assertThat(next.getSubject()).isEqualTo("[Veille] Daily digest 2026-11-23: 1 incident on 1 watch, highest WARNING");
      assertThat(text(next)).contains("still open");
      looked(c, 3);
      assertThat(c.digest().written()).isEqualTo(1);
      assertThat(c.failure()).isNull();
    } finally {
      c.close();
    }
    assertThat(digests()).hasSize(2);
  }
}
