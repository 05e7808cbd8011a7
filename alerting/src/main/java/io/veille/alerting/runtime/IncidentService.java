package io.veille.alerting.runtime;

import io.veille.alerting.incident.AlertEngine;
import io.veille.alerting.notify.Notification;
import io.veille.alerting.route.AlertingConfig;
import io.veille.common.config.VeilleConfig;
import io.veille.common.json.Json;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.Incident;
import io.veille.common.model.IncidentAck;
import io.veille.common.model.Signal;
import io.veille.common.model.Silence;
import io.veille.common.model.Watch;
import io.veille.common.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incident side of {@code veille alerting}: reads {@code veille.signals} (a consumer group:
 * instances share the watches by partition), runs the {@link AlertEngine}, and writes what it
 * decides — incident states on {@code veille.incidents}, messages on the outbox
 * {@code veille.notifications} — in one Kafka transaction with the signal offsets it consumed
 * (exactly-once: a crash replays the signals of the open transaction, whose decisions were never
 * visible). On an assignment it restores the incidents of its partitions' watches from
 * {@code veille.incidents}. Silences, watches (names, labels) and acknowledgements
 * ({@code veille.incident.acks}, written by the HTTP API) are read as tables; an acknowledgement of
 * an incident this instance owns is applied in the next transaction (again after a restart or a
 * rebalance: applying it twice changes nothing), and removing an incident at the end of its
 * retention also deletes its acknowledgement.
 */
public final class IncidentService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IncidentService.class);
  static final String GROUP = "veille-alerting";
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration RESTORE = Duration.ofMinutes(2);

  private final VeilleConfig kafka;
  private final AlertingConfig config;
  private final InstantSource clock;
  private final String instance;
  private final Map<String, Watch> watches = new ConcurrentHashMap<>();
  private final AtomicReference<Map<String, Incident>> view = new AtomicReference<>(Map.of());
  private final AtomicLong badSignals = new AtomicLong();
  private final AtomicLong notifications = new AtomicLong();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch ready = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile boolean idle;
  private volatile Throwable failure;
  private KafkaConsumer<byte[], byte[]> consumer;
  private Thread thread;
  private AlertEngine engine;
  private final Set<Integer> assigned = new HashSet<>();
  private final Map<String, IncidentAck> acks = new HashMap<>();
  /** Acknowledgements to apply if this instance owns their incident: all of them after a restore, then the new ones. */
  private final Set<String> pendingAcks = new java.util.LinkedHashSet<>();
  private int signalPartitions;

  public IncidentService(VeilleConfig kafka, AlertingConfig config, InstantSource clock, String instance) {
    this.kafka = kafka;
    this.config = config;
    this.clock = clock;
    this.instance = instance;
  }

  public IncidentService start() {
    thread = Thread.ofPlatform().name("alerting-incidents-" + instance).start(this::run);
    return this;
  }

  /** Waits until the first assignment was restored; false on timeout. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return ready.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** The incidents this instance owns, as of its last transaction. */
  public Collection<Incident> incidents() {
    return view.get().values();
  }

  public Incident incident(String id) {
    return view.get().get(id);
  }

  /** Signals that did not decode (skipped, logged). */
  public long badSignals() {
    return badSignals.get();
  }

  /** Messages written to the outbox since start (counted when sent, before their transaction commits). */
  public long notifications() {
    return notifications.get();
  }

  /** What stopped the loop, if it stopped on its own. */
  public Throwable failure() {
    return failure;
  }

  private void run() {
    try (Table<Watch> watchTable = new Table<>(kafka, Topics.WATCHES, "alerting-watches-" + instance);
        Table<Silence> silenceTable = new Table<>(kafka, Topics.SILENCES, "alerting-silences-" + instance);
        Table<IncidentAck> ackTable = new Table<>(kafka, Topics.INCIDENT_ACKS, "alerting-acks-" + instance);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.transactionalProducer(kafka,
            "alerting-incidents-" + instance, "veille-alerting-incidents-" + instance))) {
      watches.putAll(watchTable.load(RESTORE));
      Map<String, Silence> silences = new HashMap<>(silenceTable.load(RESTORE));
      acks.putAll(ackTable.load(RESTORE));
      producer.initTransactions();
      consumer = new KafkaConsumer<>(KafkaClients.consumer(kafka, "alerting-incidents-" + instance, GROUP));
      signalPartitions = consumer.partitionsFor(Topics.SIGNALS.name(), Duration.ofSeconds(30)).size();
      consumer.subscribe(List.of(Topics.SIGNALS.name()), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          partitions.forEach(p -> assigned.remove(p.partition()));
          engine = null; // every decision so far is committed; the next assignment restores
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          partitions.forEach(p -> assigned.add(p.partition()));
          engine = restore(silences);
          pendingAcks.addAll(acks.keySet());
          ready.countDown();
        }
      });
      while (running) {
        var records = consumer.poll(POLL);
        watchTable.refresh((k, v) -> {
          if (v == null) {
            watches.remove(k);
          } else {
            watches.put(k, v);
          }
        });
        AlertEngine e = engine;
        if (e == null) {
          for (TopicPartition p : records.partitions()) {
            consumer.seek(p, records.records(p).get(0).offset()); // read again once restored
          }
          continue;
        }
        silenceTable.refresh((k, v) -> {
          e.silence(k, v);
          if (v == null) {
            silences.remove(k);
          } else {
            silences.put(k, v);
          }
        });
        ackTable.refresh((k, v) -> {
          if (v == null) {
            acks.remove(k);
            pendingAcks.remove(k);
          } else {
            acks.put(k, v);
            pendingAcks.add(k);
          }
        });
        var now = clock.instant();
        producer.beginTransaction();
        int written = 0;
        for (String id : List.copyOf(pendingAcks)) {
          IncidentAck ack = acks.get(id);
          if (ack != null && e.incident(id) != null) {
            written += write(producer, e.acknowledge(id, ack.author(), ack.comment(), ack.at()));
          }
        }
        pendingAcks.clear(); // the others belong to another instance's watches (a rebalance applies them again)
        for (var r : records) {
          Signal s;
          try {
            s = Topics.SIGNALS.valueSerde().deserializer().deserialize(r.topic(), r.value());
          } catch (RuntimeException ex) {
            badSignals.incrementAndGet();
            log.warn("signal at {}-{} offset {} does not decode, skipped: {}", r.topic(), r.partition(), r.offset(),
                ex.getMessage());
            continue;
          }
          if (s == null) {
            continue;
          }
          written += write(producer, e.onSignal(s, now));
        }
        written += write(producer, e.tick(now));
        if (!records.isEmpty()) {
          Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
          for (TopicPartition p : records.partitions()) {
            offsets.put(p, new OffsetAndMetadata(consumer.position(p)));
          }
          producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
        }
        if (written > 0 || !records.isEmpty()) {
          producer.commitTransaction();
          publish(e);
        } else {
          producer.abortTransaction(); // nothing in it
        }
        idle = records.isEmpty() && written == 0 && caughtUp(consumer);
      }
    } catch (WakeupException e) {
      // closing
    } catch (Throwable t) {
      failure = t;
      log.error("alerting incident loop stopped", t);
    } finally {
      if (consumer != null) {
        consumer.close(Duration.ofSeconds(5));
      }
      stopped.countDown();
    }
  }

  /** Whether the consumer has read its partitions to their (last known) end. */
  static boolean caughtUp(KafkaConsumer<byte[], byte[]> c) {
    for (TopicPartition p : c.assignment()) {
      var lag = c.currentLag(p);
      if (lag.isEmpty() || lag.getAsLong() > 0) {
        return false;
      }
    }
    return !c.assignment().isEmpty();
  }

  /** True when its last loop read nothing new, had nothing due and its partitions were read to their end. */
  public boolean idle() {
    return idle;
  }

  /** The engine of the current assignment: the incidents of its watches as last committed, the silences. */
  private AlertEngine restore(Map<String, Silence> silences) {
    AlertEngine e = new AlertEngine(config, watches::get);
    try (Table<Incident> table = new Table<>(kafka, Topics.INCIDENTS, "alerting-restore-" + instance)) {
      int n = 0;
      for (var entry : table.load(RESTORE).entrySet()) {
        if (owned(entry.getValue().watchId())) {
          e.restore(entry.getKey(), entry.getValue());
          n++;
        }
      }
      log.info("alerting: {} incident(s) restored for partitions {} of {}", n, assigned, Topics.SIGNALS.name());
    }
    silences.forEach(e::silence);
    publish(e);
    return e;
  }

  /** Whether this instance holds the signal partition of {@code watchId} (the producer's default partitioner). */
  private boolean owned(String watchId) {
    int p = Utils.toPositive(Utils.murmur2(watchId.getBytes(StandardCharsets.UTF_8))) % signalPartitions;
    return assigned.contains(p);
  }

  private void publish(AlertEngine e) {
    Map<String, Incident> m = new HashMap<>();
    e.incidents().forEach(i -> m.put(i.id(), i));
    view.set(Map.copyOf(m));
  }

  private int write(KafkaProducer<byte[], byte[]> producer, AlertEngine.Output o) {
    for (Incident i : o.changed()) {
      producer.send(new ProducerRecord<>(Topics.INCIDENTS.name(), bytes(i.id()),
          Topics.INCIDENTS.valueSerde().serializer().serialize(Topics.INCIDENTS.name(), i)));
    }
    for (String id : o.removed()) {
      producer.send(new ProducerRecord<>(Topics.INCIDENTS.name(), bytes(id), null));
      if (acks.remove(id) != null) {
        producer.send(new ProducerRecord<>(Topics.INCIDENT_ACKS.name(), bytes(id), null));
      }
    }
    for (Notification n : o.notifications()) {
      producer.send(new ProducerRecord<>(Topics.NOTIFICATIONS.name(),
          Outbox.partition(n, producer.partitionsFor(Topics.NOTIFICATIONS.name()).size()), bytes(n.key()),
          NotificationJson.write(n)));
      notifications.incrementAndGet();
    }
    return o.changed().size() + o.removed().size() + o.notifications().size();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    if (consumer != null) {
      consumer.wakeup();
    }
    if (thread != null) {
      stopped.await(30, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /** The outbox's JSON. */
  public static final class NotificationJson {
    private NotificationJson() {}

    public static byte[] write(Notification n) {
      try {
        return Json.MAPPER.writeValueAsBytes(n);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("notification " + n.key() + " does not serialise", e);
      }
    }

    public static Notification read(byte[] bytes) {
      try {
        return Json.MAPPER.readValue(bytes, Notification.class);
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("not a notification: " + e.getMessage(), e);
      }
    }
  }
}
