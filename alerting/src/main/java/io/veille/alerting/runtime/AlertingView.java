package io.veille.alerting.runtime;

import io.veille.common.config.VeilleConfig;
import io.veille.common.json.Json;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.Incident;
import io.veille.common.model.Silence;
import io.veille.common.model.Watch;
import io.veille.common.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the HTTP API and the digest read: the alerting state as stored, every partition of the
 * compacted topics — incidents ({@code veille.incidents}), message deliveries
 * ({@code veille.deliveries}), silences ({@code veille.silences}) and watches
 * ({@code veille.watches}) — followed by one consumer (read_committed, no group) from the beginning.
 * So every instance of the service sees every incident and every delivery, whichever instance owns
 * them, a poll (about 200 ms) after their owner committed them. A record that does not decode is
 * logged and skipped (the key keeps its last good value).
 */
public final class AlertingView implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertingView.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration LOAD = Duration.ofMinutes(2);

  /** Called on the view's thread after each poll, once the view was read to its end. */
  public interface Listener {
    void afterPoll(AlertingView view) throws Exception;
  }

  /** A silence and where it is stored (a write known to this instance wins over older records of its key). */
  private record Stored<V>(V value, int partition, long offset) {}

  private final VeilleConfig kafka;
  private final String instance;
  private final Map<String, Incident> incidents = new ConcurrentHashMap<>();
  private final Map<String, DeliveryService.Delivery> deliveries = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> deliveriesByIncident = new ConcurrentHashMap<>();
  private final Map<String, Stored<Silence>> silences = new ConcurrentHashMap<>();
  private final Map<String, Watch> watches = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final CountDownLatch ready = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Object changed = new Object();
  private volatile boolean running = true;
  private volatile Throwable failure;
  private volatile long skipped;
  private KafkaConsumer<byte[], byte[]> consumer;
  private Thread thread;

  public AlertingView(VeilleConfig kafka, String instance) {
    this.kafka = kafka;
    this.instance = instance;
  }

  public AlertingView listen(Listener l) {
    listeners.add(l);
    return this;
  }

  public AlertingView start() {
    thread = Thread.ofPlatform().name("alerting-view-" + instance).start(this::run);
    return this;
  }

  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean ready() {
    return ready.getCount() == 0;
  }

  public Throwable failure() {
    return failure;
  }

  /** Records skipped because they did not decode. */
  public long skipped() {
    return skipped;
  }

  public Collection<Incident> incidents() {
    return List.copyOf(incidents.values());
  }

  public Incident incident(String id) {
    return incidents.get(id);
  }

  /** The deliveries of the messages about incident {@code id}, oldest first. */
  public List<DeliveryService.Delivery> deliveriesOf(String incidentId) {
    List<DeliveryService.Delivery> out = new ArrayList<>();
    for (String key : deliveriesByIncident.getOrDefault(incidentId, Set.of())) {
      DeliveryService.Delivery d = deliveries.get(key);
      if (d != null) {
        out.add(d);
      }
    }
    out.sort(Comparator.comparing(DeliveryService.Delivery::firstAt).thenComparing(DeliveryService.Delivery::key));
    return out;
  }

  /** The keys of every delivery state held. */
  public Set<String> deliveryKeys() {
    return Set.copyOf(deliveries.keySet());
  }

  public DeliveryService.Delivery delivery(String key) {
    return deliveries.get(key);
  }

  public Collection<Silence> silences() {
    return silences.values().stream().map(Stored::value).toList();
  }

  public Silence silence(String id) {
    Stored<Silence> s = silences.get(id);
    return s == null ? null : s.value();
  }

  public Watch watch(String id) {
    return watches.get(id);
  }

  /** A silence this instance has just written at {@code partition}/{@code offset}: visible at once (read your writes). */
  public void wrote(Silence s, int partition, long offset) {
    silences.merge(s.id(), new Stored<>(s, partition, offset), AlertingView::newer);
    signal();
  }

  /** Waits until the view changes or {@code timeout} passes (for an answer that waits for its effect). */
  public void awaitChange(Duration timeout) throws InterruptedException {
    synchronized (changed) {
      changed.wait(Math.max(1, timeout.toMillis()));
    }
  }

  private void signal() {
    synchronized (changed) {
      changed.notifyAll();
    }
  }

  private static <V> Stored<V> newer(Stored<V> a, Stored<V> b) {
    return a.partition() == b.partition() && a.offset() > b.offset() ? a : b;
  }

  private void run() {
    try {
      consumer = new KafkaConsumer<>(KafkaClients.consumer(kafka, "alerting-view-" + instance, null));
      List<TopicPartition> parts = new ArrayList<>();
      for (String t : List.of(Topics.INCIDENTS.name(), Topics.DELIVERIES.name(), Topics.SILENCES.name(),
          Topics.WATCHES.name())) {
        consumer.partitionsFor(t, Duration.ofSeconds(30)).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
      }
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts, LOAD);
      long deadline = System.nanoTime() + LOAD.toNanos();
      while (running) {
        var records = consumer.poll(POLL);
        for (var r : records) {
          apply(r);
        }
        if (!records.isEmpty()) {
          signal();
        }
        if (!ready()) {
          if (end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
            log.info("alerting view: {} incident(s), {} delivery state(s), {} silence(s), {} watch(es)", incidents.size(),
                deliveries.size(), silences.size(), watches.size());
            ready.countDown();
          } else if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the alerting topics were not read to their end within " + LOAD);
          } else {
            continue;
          }
        }
        for (Listener l : listeners) {
          l.afterPoll(this);
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (Throwable t) {
      failure = t;
      log.error("alerting view stopped", t);
    } finally {
      if (consumer != null) {
        consumer.close(Duration.ofSeconds(5));
      }
      stopped.countDown();
    }
  }

  private void apply(ConsumerRecord<byte[], byte[]> r) {
    if (r.key() == null) {
      skipped++;
      return;
    }
    String key = new String(r.key(), StandardCharsets.UTF_8);
    try {
      String topic = r.topic();
      if (topic.equals(Topics.INCIDENTS.name())) {
        Incident i = r.value() == null ? null : Topics.INCIDENTS.valueSerde().deserializer().deserialize(topic, r.value());
        if (i == null) {
          incidents.remove(key);
        } else {
          incidents.put(key, i);
        }
      } else if (topic.equals(Topics.DELIVERIES.name())) {
        DeliveryService.Delivery d = r.value() == null ? null
            : Json.MAPPER.readValue(r.value(), DeliveryService.Delivery.class);
        DeliveryService.Delivery before = d == null ? deliveries.remove(key) : deliveries.put(key, d);
        String incident = d != null ? d.notification().incidentId() : before != null ? before.notification().incidentId()
            : null;
        if (incident != null) {
          if (d == null) {
            deliveriesByIncident.computeIfPresent(incident, (k, set) -> {
              set.remove(key);
              return set.isEmpty() ? null : set;
            });
          } else {
            deliveriesByIncident.computeIfAbsent(incident, k -> ConcurrentHashMap.newKeySet()).add(key);
          }
        }
      } else if (topic.equals(Topics.SILENCES.name())) {
        Silence s = r.value() == null ? null : Topics.SILENCES.valueSerde().deserializer().deserialize(topic, r.value());
        if (s == null) {
          silences.remove(key);
        } else {
          silences.merge(key, new Stored<>(s, r.partition(), r.offset()), AlertingView::newer);
        }
      } else {
        Watch w = r.value() == null ? null : Topics.WATCHES.valueSerde().deserializer().deserialize(topic, r.value());
        if (w == null) {
          watches.remove(key);
        } else {
          watches.put(key, w);
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      skipped++;
      log.warn("alerting view: {} key {} at partition {} offset {} does not decode, skipped: {}", r.topic(), key,
          r.partition(), r.offset(), e.getMessage());
    }
  }

  /** How many of each it holds (for /health). */
  public Map<String, Object> counts() {
    Map<String, Object> m = new HashMap<>();
    m.put("incidents", incidents.size());
    m.put("deliveries", deliveries.size());
    m.put("silences", silences.size());
    m.put("watches", watches.size());
    return m;
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
