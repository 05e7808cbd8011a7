package io.veille.alerting.runtime;

import io.veille.alerting.notify.Notification;
import io.veille.alerting.notify.Notifier;
import io.veille.alerting.notify.Outcome;
import io.veille.alerting.route.AlertingConfig;
import io.veille.common.config.VeilleConfig;
import io.veille.common.json.Json;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.topic.Topic;
import io.veille.common.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery side of {@code veille alerting}: reads the outbox {@code veille.notifications} and
 * sends each message to its receiver until it is delivered, failed (the receiver said it never
 * will: a {@link Outcome.Fatal}) or given up ({@code delivery.give_up_after} of retries), with
 * exponential backoff and full jitter, or the receiver's Retry-After. Every step of a message is
 * a record on the compacted {@code veille.deliveries} (key: its idempotency key), committed in a
 * Kafka transaction: taking a message from the outbox (with the outbox offsets), and each
 * attempt <em>before</em> it is made. A restart restores the states and goes on; a message whose
 * last record is an attempt is sent again, since nobody knows whether that attempt reached the
 * receiver: the only duplicate a crash can cause is that one message, once (receivers see the
 * same idempotency key on both).
 */
public final class DeliveryService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);
  static final String GROUP = "veille-alerting-delivery";
  private static final Duration POLL = Duration.ofMillis(100);
  /** Attempts made per loop, so that new outbox records are taken in between. */
  private static final int ATTEMPTS_PER_LOOP = 20;

  /** Where a message stands. */
  public enum Status { PENDING, ATTEMPTING, RETRY, DELIVERED, FAILED, GAVE_UP;
    public boolean done() {
      return this == DELIVERED || this == FAILED || this == GAVE_UP;
    }
  }

  /** One message's delivery state, as stored on {@code veille.deliveries}. */
  public record Delivery(String key, Notification notification, Status status, int attempts, Instant firstAt,
      Instant nextAt, Instant lastAttemptAt, String lastResult, Instant doneAt) {}

  /** Test hook: called right after a notifier returned, before its outcome is recorded. */
  public interface AfterSend {
    void accept(Delivery attempt, Outcome outcome);
  }

  private static final Topic<String, byte[]> TOPIC = Topics.DELIVERIES;
  /**
   * The shortest time a finished digest's state is kept, whatever the retention: the digest
   * scheduler knows a digest was sent by its state, for as long as it is the latest one due.
   */
  public static final Duration DIGEST_KEEP = Duration.ofDays(8);

  private final VeilleConfig kafka;
  private final AlertingConfig.Delivery policy;
  private final Map<String, Notifier> notifiers;
  private final InstantSource clock;
  private final RandomGenerator random;
  private final String instance;
  private final AfterSend afterSend;
  /** Attempts' outcomes per receiver ("receiver\0outcome"), for the metrics. */
  private final Map<String, java.util.concurrent.atomic.LongAdder> outcomes = new java.util.concurrent.ConcurrentHashMap<>();
  private final Duration retention;
  private Instant lastPurge = Instant.MIN;
  private final Map<String, Delivery> states = new ConcurrentHashMap<>();
  private final Set<Integer> assigned = new HashSet<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch ready = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile boolean idle;
  private volatile boolean restoreNeeded;
  private volatile Throwable failure;
  private KafkaConsumer<byte[], byte[]> consumer;
  private Thread thread;

  /**
   * @param retention how long a finished message's state is kept (then deleted from the compacted topic)
   * @param afterSend a test hook (null in production)
   */
  public DeliveryService(VeilleConfig kafka, AlertingConfig.Delivery policy, Duration retention,
      Map<String, Notifier> notifiers, InstantSource clock, RandomGenerator random, String instance, AfterSend afterSend) {
    this.kafka = kafka;
    this.retention = retention;
    this.policy = policy;
    this.notifiers = Map.copyOf(notifiers);
    this.clock = clock;
    this.random = random;
    this.instance = instance;
    this.afterSend = afterSend;
  }

  public DeliveryService start() {
    thread = Thread.ofPlatform().name("alerting-delivery-" + instance).start(this::run);
    return this;
  }

  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The deliveries this instance holds (a snapshot). */
  public Collection<Delivery> deliveries() {
    return List.copyOf(states.values());
  }

  /**
   * The messages this instance would attempt at {@code t}, soonest first: not done, due, and not
   * waiting for an earlier message about the same incident to the same receiver.
   */
  public List<Delivery> dueAt(Instant t) {
    Collection<Delivery> all = List.copyOf(states.values());
    Map<String, Long> earliest = Outbox.earliestOpen(all);
    List<Delivery> due = new ArrayList<>();
    for (Delivery d : all) {
      if (!d.status().done() && !d.nextAt().isAfter(t) && !Outbox.waitsForEarlier(d, earliest)) {
        due.add(d);
      }
    }
    due.sort(Comparator.comparing(Delivery::nextAt).thenComparing(Delivery::key));
    return due;
  }

  /** True when its last loop took nothing new from the outbox and had nothing due. */
  public boolean idle() {
    return idle;
  }

  public Throwable failure() {
    return failure;
  }

  /** Whether the loop has stopped (closed, or on a failure). */
  public boolean stopped() {
    return stopped.getCount() == 0;
  }

  private void run() {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.transactionalProducer(kafka,
        "alerting-delivery-" + instance, "veille-alerting-delivery-" + instance))) {
      producer.initTransactions();
      consumer = new KafkaConsumer<>(KafkaClients.consumer(kafka, "alerting-delivery-" + instance, GROUP));
      consumer.subscribe(List.of(Topics.NOTIFICATIONS.name()), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          partitions.forEach(p -> assigned.remove(p.partition()));
          restoreNeeded = true;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          partitions.forEach(p -> assigned.add(p.partition()));
          restoreNeeded = true;
        }
      });
      while (running) {
        var records = consumer.poll(POLL);
        if (restoreNeeded) {
          restore();
          restoreNeeded = false;
          ready.countDown();
        }
        Instant now = clock.instant();
        if (!records.isEmpty()) {
          producer.beginTransaction();
          for (var r : records) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            if (states.containsKey(key)) {
              continue; // already taken (an outbox record read again after a crash)
            }
            Notification n;
            try {
              n = IncidentService.NotificationJson.read(r.value());
            } catch (RuntimeException e) {
              log.warn("outbox record {} at {}-{} offset {} does not decode, skipped: {}", key, r.topic(), r.partition(),
                  r.offset(), e.getMessage());
              continue;
            }
            record(producer, new Delivery(key, n, Status.PENDING, 0, now, now, null, null, null));
          }
          Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
          for (TopicPartition p : records.partitions()) {
            offsets.put(p, new OffsetAndMetadata(consumer.position(p)));
          }
          producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
          producer.commitTransaction();
        }
        List<Delivery> due = dueAt(now);
        if (lastPurge.plus(Duration.ofMinutes(10)).isBefore(now)) {
          purge(producer, now);
          lastPurge = now;
        }
        for (Delivery d : due.subList(0, Math.min(ATTEMPTS_PER_LOOP, due.size()))) {
          attempt(producer, d);
          if (!running) {
            break;
          }
        }
        idle = records.isEmpty() && due.isEmpty() && IncidentService.caughtUp(consumer);
      }
    } catch (WakeupException e) {
      // closing
    } catch (Throwable t) {
      failure = t;
      log.error("alerting delivery loop stopped", t);
    } finally {
      if (consumer != null) {
        consumer.close(Duration.ofSeconds(5));
      }
      stopped.countDown();
    }
  }

  /** One attempt: recorded first, then made, then its outcome recorded. */
  private void attempt(KafkaProducer<byte[], byte[]> producer, Delivery d) throws InterruptedException {
    Instant now = clock.instant();
    Notification n = d.notification();
    if (now.isAfter(d.firstAt().plus(policy.giveUpAfter()))) {
      transaction(producer, new Delivery(d.key(), n, Status.GAVE_UP, d.attempts(), d.firstAt(), now, d.lastAttemptAt(),
          "gave up after " + d.attempts() + " attempt(s) over " + policy.giveUpAfter() + "; last: " + d.lastResult(), now));
      log.error("notification {} to {} given up: {}", d.key(), n.receiver(), d.lastResult());
      count(n.receiver(), "gave_up");
      return;
    }
    Notifier notifier = notifiers.get(n.receiver());
    if (notifier == null) {
      transaction(producer, new Delivery(d.key(), n, Status.FAILED, d.attempts(), d.firstAt(), now, d.lastAttemptAt(),
          "no receiver named '" + n.receiver() + "' in the configuration", now));
      return;
    }
    Delivery attempt = new Delivery(d.key(), n, Status.ATTEMPTING, d.attempts() + 1, d.firstAt(), now, now,
        d.lastResult(), null);
    transaction(producer, attempt); // durable before the receiver hears anything
    Outcome o = n.event() == Notification.Event.DIGEST ? notifier.sendDigest(n) : notifier.send(n);
    if (afterSend != null) {
      afterSend.accept(attempt, o);
    }
    Instant after = clock.instant();
    Delivery next = switch (o) {
      case Outcome.Delivered ok -> new Delivery(d.key(), n, Status.DELIVERED, attempt.attempts(), d.firstAt(), after, now,
          ok.detail(), after);
      case Outcome.Fatal f -> new Delivery(d.key(), n, Status.FAILED, attempt.attempts(), d.firstAt(), after, now,
          f.reason(), after);
      case Outcome.Retry r -> new Delivery(d.key(), n, Status.RETRY, attempt.attempts(), d.firstAt(),
          after.plus(wait(attempt.attempts(), r.retryAfter())), now, r.reason(), null);
    };
    if (next.status() == Status.FAILED) {
      log.error("notification {} to {} failed: {}", d.key(), n.receiver(), next.lastResult());
    }
    transaction(producer, next);
    count(n.receiver(), switch (o) {
      case Outcome.Delivered ok -> "delivered";
      case Outcome.Fatal f -> "failed";
      case Outcome.Retry r -> "retry";
    });
  }

  private void count(String receiver, String outcome) {
    outcomes.computeIfAbsent(receiver + "\0" + outcome, k -> new java.util.concurrent.atomic.LongAdder()).increment();
  }

  /** Attempts by this instance to {@code receiver} that ended in {@code outcome} (delivered, retry, failed, gave_up). */
  public long outcomes(String receiver, String outcome) {
    var a = outcomes.get(receiver + "\0" + outcome);
    return a == null ? 0 : a.sum();
  }

  /** The outcomes {@link #outcomes(String, String)} counts. */
  public static final List<String> OUTCOMES = List.of("delivered", "retry", "failed", "gave_up");

  /** The wait before attempt {@code attempts + 1}: the receiver's Retry-After, else full jitter over base·2^(attempts-1), capped. */
  Duration wait(int attempts, Duration retryAfter) {
    if (retryAfter != null) {
      return retryAfter;
    }
    long cap = policy.max().toMillis();
    long exp = policy.base().toMillis() << Math.min(30, Math.max(0, attempts - 1));
    long bound = Math.max(1, Math.min(cap, exp < 0 ? cap : exp));
    return Duration.ofMillis(random.nextLong(bound + 1));
  }

  private void transaction(KafkaProducer<byte[], byte[]> producer, Delivery d) {
    producer.beginTransaction();
    record(producer, d);
    producer.commitTransaction();
  }

  private void record(KafkaProducer<byte[], byte[]> producer, Delivery d) {
    producer.send(new ProducerRecord<>(TOPIC.name(), partition(producer, d.notification()),
        d.key().getBytes(StandardCharsets.UTF_8), json(d)));
    states.put(d.key(), d);
  }

  /** The partition of {@code n}'s delivery state: the one its outbox record is in ({@link Outbox#partition}). */
  private static int partition(KafkaProducer<byte[], byte[]> producer, Notification n) {
    return Outbox.partition(n, producer.partitionsFor(TOPIC.name()).size());
  }

  /** Deletes the states of messages finished longer than the retention ago. */
  private void purge(KafkaProducer<byte[], byte[]> producer, Instant now) {
    List<Delivery> old = new ArrayList<>();
    for (Delivery d : states.values()) {
      Duration keep = d.notification().event() == Notification.Event.DIGEST && retention.compareTo(DIGEST_KEEP) < 0
          ? DIGEST_KEEP : retention;
      if (d.status().done() && d.doneAt() != null && d.doneAt().plus(keep).isBefore(now)) {
        old.add(d);
      }
    }
    if (old.isEmpty()) {
      return;
    }
    producer.beginTransaction();
    for (Delivery d : old) {
      producer.send(new ProducerRecord<>(TOPIC.name(), partition(producer, d.notification()),
          d.key().getBytes(StandardCharsets.UTF_8), null));
    }
    producer.commitTransaction();
    old.forEach(d -> states.remove(d.key()));
  }

  private void restore() {
    states.clear();
    Set<Integer> mine = Set.copyOf(assigned);
    try (Table<byte[]> table = new Table<>(kafka, TOPIC, "alerting-delivery-restore-" + instance, mine::contains)) {
      int open = 0;
      for (var e : table.load(Duration.ofMinutes(2)).entrySet()) {
        try {
          Delivery d = Json.MAPPER.readValue(e.getValue(), Delivery.class);
          states.put(e.getKey(), d);
          open += d.status().done() ? 0 : 1;
        } catch (java.io.IOException ex) {
          log.warn("delivery state {} does not decode, skipped: {}", e.getKey(), ex.getMessage());
        }
      }
      log.info("alerting delivery: {} message state(s) restored for partitions {}, {} not done", states.size(), mine, open);
    }
  }

  private static byte[] json(Delivery d) {
    try {
      return Json.MAPPER.writeValueAsBytes(d);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("delivery " + d.key() + " does not serialise", e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    if (consumer != null) {
      consumer.wakeup();
    }
    if (thread != null) {
      stopped.await(30, TimeUnit.SECONDS);
    }
  }
}
