package io.veille.alerting.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.veille.alerting.notify.Notification;
import io.veille.alerting.notify.Notifier;
import io.veille.alerting.notify.Notifiers;
import io.veille.alerting.notify.Outcome;
import io.veille.alerting.route.AlertingConfig;
import io.veille.common.config.Secrets;
import io.veille.common.config.VeilleConfig;
import io.veille.common.kafka.EmbeddedKafka;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.Signal;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery through a receiver outage, on the embedded broker and an injected clock: a signed
 * webhook receiver answers 500 for 30 minutes, then 200; the delivery service is killed twice (in
 * the outage, right after a failed attempt; after the recovery, right after a successful attempt
 * and before recording it) and restarted each time. Every message arrives, none is lost, and the
 * only duplicate is the one message whose success the crash did not record.
 */
class DeliveryServiceIT {
  @TempDir
  static Path tmp;
  static EmbeddedKafka kafka;
  static VeilleConfig config;

  static final Instant T0 = Instant.parse("2026-11-05T18:00:00Z");
  static final AlertingConfig.Delivery POLICY = new AlertingConfig.Delivery(Duration.ofSeconds(10),
      Duration.ofMinutes(2), Duration.ofHours(2));

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
    config = VeilleConfig.defaults().withBootstrapServers(kafka.bootstrapServers());
    TopicAdmin.createMissing(KafkaClients.admin(config, "it-admin"), Topics.ALL, (short) 1);
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  /** A manual clock. */
  static final class Clock implements InstantSource {
    final AtomicReference<Instant> now = new AtomicReference<>(T0);

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  /** A generic webhook receiver: answers what {@code answer} says for the injected time, records what it accepted. */
  static final class Receiver implements AutoCloseable {
    final HttpServer server;
    final Map<String, Integer> accepted = new ConcurrentHashMap<>();
    final List<String> attempts = new CopyOnWriteArrayList<>();

    Receiver(Function<String, Integer> answer) throws Exception {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/hook", ex -> {
        byte[] body = ex.getRequestBody().readAllBytes();
        String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
        attempts.add(key);
        int status = answer.apply(key);
        if (status == 200 && body.length > 0 && ex.getRequestHeaders().getFirst("X-Veille-Signature") != null) {
          accepted.merge(key, 1, Integer::sum);
        }
        if (status == 429) {
          ex.getResponseHeaders().add("Retry-After", "120");
        }
        ex.sendResponseHeaders(status, -1);
        ex.close();
      });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  static Notifier webhook(Receiver r, InstantSource clock, String name) {
    var receivers = Notifiers.parse("receivers", List.of(Map.of("name", name, "webhook", Map.of("url", r.url(),
        "secret", "env:HOOK_SECRET", "timeout", "5s"))), new Secrets(Map.of("HOOK_SECRET", "0123456789abcdef0123")::get));
    return Notifiers.create(receivers.get(0), clock, new PrintWriter(new StringWriter()));
  }

  static Notification message(String incident, int seq, String receiver, Notification.Event event) {
    Instant opened = T0.minusSeconds(600);
    return new Notification(Notification.key(incident, seq, receiver), receiver, event, incident, "ondyne", "Ondyne",
        Signal.Kind.NEGATIVE_SURGE, Signal.Severity.WARNING, opened, opened.plusSeconds(60),
        event == Notification.Event.RESOLVED ? opened.plusSeconds(900) : null, 40, 5, null, null);
  }

  static void outbox(List<Notification> ns) {
    try (var p = new KafkaProducer<byte[], byte[]>(KafkaClients.producer(config, "it-outbox"))) {
      for (Notification n : ns) {
        p.send(new ProducerRecord<>(Topics.NOTIFICATIONS.name(),
            Outbox.partition(n, p.partitionsFor(Topics.NOTIFICATIONS.name()).size()), n.key().getBytes(StandardCharsets.UTF_8),
            IncidentService.NotificationJson.write(n)));
      }
      p.flush();
    }
  }

  /** True when nothing is due at {@code t}: every message taken from the outbox is done or waits for later. */
  static boolean settled(DeliveryService s, List<Notification> expected, Instant t) {
    var ds = s.deliveries();
    long taken = ds.stream().filter(d -> expected.stream().anyMatch(n -> n.key().equals(d.key()))).count();
    return taken == expected.size() && s.dueAt(t).isEmpty();
  }

  /** Advances the clock in steps, waiting at each for the service to settle; stops early if it died. */
  static void drive(Clock clock, DeliveryService s, List<Notification> ns, Instant until) {
    while (clock.instant().isBefore(until) && !s.stopped()) {
      Instant t = clock.instant();
      await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(60))
          .until(() -> s.stopped() || settled(s, ns, t));
      clock.now.set(t.plusSeconds(5));
    }
  }

  @Test
  void aThirtyMinuteOutageAndTwoCrashesLoseNothingAndRepeatOneMessageOnce() throws Exception {
    Clock clock = new Clock();
    Instant recovery = T0.plus(Duration.ofMinutes(30));
    try (Receiver receiver = new Receiver(key -> clock.instant().isBefore(recovery) ? 500 : 200)) {
      Map<String, Notifier> notifiers = Map.of("ops-hook", webhook(receiver, clock, "ops-hook"));
      List<Notification> ns = new ArrayList<>();
      for (int i = 1; i <= 6; i++) {
        ns.add(message("ondyne:negative:" + (1_700_000_000L + i), 1, "ops-hook", Notification.Event.OPENED));
      }
      ns.add(message("ondyne:negative:1700000001", 2, "ops-hook", Notification.Event.RESOLVED));
      outbox(ns);

      // crash 1: in the outage, right after a failed attempt at +15 min
      AtomicBoolean crashed1 = new AtomicBoolean();
      DeliveryService s1 = new DeliveryService(config, POLICY, Duration.ofDays(30), notifiers, clock, new Random(1), "it",
          (attempt, outcome) -> {
            if (!clock.instant().isBefore(T0.plus(Duration.ofMinutes(15))) && crashed1.compareAndSet(false, true)) {
              throw new IllegalStateException("crash 1 (after a failed attempt)");
            }
          }).start();
      drive(clock, s1, ns, recovery.plus(Duration.ofMinutes(10)));
      assertThat(s1.failure()).hasMessageContaining("crash 1");
      assertThat(receiver.accepted).as("nothing accepted during the outage").isEmpty();
      long attemptsBefore = receiver.attempts.size();
      assertThat(attemptsBefore).as("retried during the first 15 minutes").isGreaterThanOrEqualTo(ns.size() * 3L);
      s1.close();

      // crash 2: after the recovery, right after the first successful attempt, before it is recorded
      AtomicReference<String> lostRecord = new AtomicReference<>();
      DeliveryService s2 = new DeliveryService(config, POLICY, Duration.ofDays(30), notifiers, clock, new Random(2), "it",
          (attempt, outcome) -> {
            if (outcome instanceof Outcome.Delivered && lostRecord.compareAndSet(null, attempt.key())) {
              throw new IllegalStateException("crash 2 (after a delivered attempt)");
            }
          }).start();
      drive(clock, s2, ns, recovery.plus(Duration.ofMinutes(10)));
      assertThat(s2.failure()).hasMessageContaining("crash 2");
      s2.close();

      DeliveryService s3 = new DeliveryService(config, POLICY, Duration.ofDays(30), notifiers, clock, new Random(3), "it",
          null).start();
      drive(clock, s3, ns, recovery.plus(Duration.ofMinutes(10)));
      await().atMost(Duration.ofSeconds(60)).until(() -> s3.deliveries().stream()
          .filter(d -> ns.stream().anyMatch(n -> n.key().equals(d.key()))).allMatch(d -> d.status().done()));
      s3.close();
      assertThat(s3.failure()).isNull();

      long lost = ns.stream().filter(n -> !receiver.accepted.containsKey(n.key())).count();
      long duplicates = receiver.accepted.values().stream().mapToLong(c -> c - 1).sum();
      System.out.printf("outage test: %d messages, %d attempts, %d accepted, %d duplicate(s), %d lost%n", ns.size(),
          receiver.attempts.size(), receiver.accepted.values().stream().mapToInt(Integer::intValue).sum(), duplicates,
          lost);
      assertThat(lost).as("lost").isZero();
      assertThat(receiver.accepted).as("one duplicate: the message whose success crash 2 did not record")
          .containsEntry(lostRecord.get(), 2);
      assertThat(duplicates).isEqualTo(1);
      assertThat(s3.deliveries()).filteredOn(d -> ns.stream().anyMatch(n -> n.key().equals(d.key())))
          .allMatch(d -> d.status() == DeliveryService.Status.DELIVERED);
    }
  }

  @Test
  void aResolvedMessageWaitsForTheOpenedOneStillBeingRetried() throws Exception {
    Clock clock = new Clock();
    clock.now.set(T0.plus(Duration.ofDays(2)));
    Instant start = clock.instant();
    Instant recovery = start.plus(Duration.ofMinutes(10));
    String incident = "ondyne:negative:1900000000";
    Notification opened = message(incident, 1, "ops-hook", Notification.Event.OPENED);
    Notification resolved = message(incident, 2, "ops-hook", Notification.Event.RESOLVED);
    Notification other = message("ondyne:negative:1900000001", 1, "ops-hook", Notification.Event.OPENED);
    List<String> acceptedInOrder = new CopyOnWriteArrayList<>();
    // the receiver refuses the "opened" message for 10 minutes and takes anything else at once
    try (Receiver receiver = new Receiver(key -> {
      int status = key.equals(opened.key()) && clock.instant().isBefore(recovery) ? 500 : 200;
      if (status == 200) {
        acceptedInOrder.add(key);
      }
      return status;
    })) {
      Map<String, Notifier> notifiers = Map.of("ops-hook", webhook(receiver, clock, "ops-hook"));
      List<Notification> ns = List.of(opened, resolved, other);
      outbox(ns);
      DeliveryService s = new DeliveryService(config, POLICY, Duration.ofDays(30), notifiers, clock, new Random(5), "itorder",
          null).start();
      drive(clock, s, ns, recovery.plus(Duration.ofMinutes(5)));
      s.close();
      assertThat(s.failure()).isNull();
      assertThat(acceptedInOrder).as("another incident is not held up; the resolved follows its opened")
          .containsExactly(other.key(), opened.key(), resolved.key());
      assertThat(receiver.attempts).as("the resolved message was not attempted before its opened one got through")
          .containsOnlyOnce(resolved.key());
      assertThat(receiver.attempts.indexOf(resolved.key())).isGreaterThan(receiver.attempts.lastIndexOf(opened.key()));
    }
  }

  @Test
  void aReceiverAsking429RetryAfterIsNotAskedAgainBeforeThenAndAFatalAnswerIsNotRetried() throws Exception {
    Clock clock = new Clock();
    clock.now.set(T0.plus(Duration.ofDays(1)));
    Instant start = clock.instant();
    Map<String, List<Instant>> seen = new ConcurrentHashMap<>();
    try (Receiver receiver = new Receiver(key -> {
      List<Instant> times = seen.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
      times.add(clock.instant());
      if (key.contains(":gone:")) {
        return 410;
      }
      return times.size() == 1 ? 429 : 200;
    })) {
      Map<String, Notifier> notifiers = Map.of("ops-hook", webhook(receiver, clock, "ops-hook"));
      List<Notification> ns = List.of(message("ondyne:negative:1800000000", 1, "ops-hook", Notification.Event.OPENED),
          message("ondyne:gone:1800000000", 1, "ops-hook", Notification.Event.OPENED));
      outbox(ns);
      DeliveryService s = new DeliveryService(config, POLICY, Duration.ofDays(30), notifiers, clock, new Random(4), "it429",
          null).start();
      drive(clock, s, ns, start.plus(Duration.ofMinutes(5)));
      s.close();
      List<Instant> times = seen.get(ns.get(0).key());
      assertThat(times).hasSize(2);
      assertThat(Duration.between(times.get(0), times.get(1))).isGreaterThanOrEqualTo(Duration.ofSeconds(120));
      assertThat(seen.get(ns.get(1).key())).as("410 is fatal: one attempt").hasSize(1);
      var states = s.deliveries();
      assertThat(states).filteredOn(d -> d.key().equals(ns.get(1).key())).singleElement()
          .satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryService.Status.FAILED);
            assertThat(d.lastResult()).contains("410");
          });
    }
  }
}
