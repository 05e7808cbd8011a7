package io.veille.alerting.runtime;

import io.veille.alerting.notify.DailyDigest;
import io.veille.alerting.notify.Notification;
import io.veille.alerting.notify.ReceiverConfig;
import io.veille.alerting.route.AlertingConfig;
import io.veille.common.model.Incident;
import io.veille.common.model.Watch;
import io.veille.common.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily digest of the e-mail receivers that ask for one ({@code digest:} in their settings):
 * once their time of day has passed on the injected clock, the summary of the previous day's
 * incidents (midnight to midnight in the digest's zone) goes to the outbox
 * ({@code veille.notifications}) as one {@link Notification.Event#DIGEST} message with the key
 * {@code digest:<day>:<receiver>}, and from there the delivery side sends it with its retries,
 * like any message.
 *
 * <p>Neither lost nor repeated: it runs after every poll of the {@link AlertingView}, which holds the
 * delivery states of every partition; a digest is written when no delivery state has its key yet.
 * A restart after the time of day sends it then; a second instance, or a restart between the
 * outbox write and its delivery state, writes the same key again, and the delivery side takes a key
 * once. Only the latest digest due is sent: after an outage of several days the older ones are not
 * sent late. The delivery side keeps digest states at least {@link DeliveryService#DIGEST_KEEP}
 * whatever the retention, so a digest already sent is known for as long as it is the latest one.
 * A receiver that has no digest state at all (newly configured, or silent for longer than that) gets
 * no late digest at start-up: its first one is the next one due after the service started.
 *
 * <p>Which incidents: those of the watches and kinds the routes may send to this receiver (at any
 * severity: a receiver paged for critical surges only reads the day's warnings of the same watches
 * too), open at some moment of that day (opened before its end, not resolved before its start),
 * withdrawn onsets left out; at most {@link Notification#MAX_DIGEST_ITEMS}, the most severe first.
 */
public final class DigestScheduler implements AlertingView.Listener {
  private static final Logger log = LoggerFactory.getLogger(DigestScheduler.class);

  private final AlertingConfig config;
  private final Producer<byte[], byte[]> producer;
  private final InstantSource clock;
  private final List<ReceiverConfig.Email> receivers;
  private final Set<String> written = new HashSet<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong checks = new AtomicLong();
  /** When it first looked (on the injected clock); null before. */
  private Instant startedAt;
  /** Receivers that have a digest state: they catch up a digest missed while the service was down. */
  private final Set<String> catchUp = new HashSet<>();

  public DigestScheduler(AlertingConfig config, Producer<byte[], byte[]> producer, InstantSource clock) {
    this.config = config;
    this.producer = producer;
    this.clock = clock;
    List<ReceiverConfig.Email> r = new ArrayList<>();
    for (ReceiverConfig c : config.receivers()) {
      if (c instanceof ReceiverConfig.Email e && e.digest() != null) {
        r.add(e);
      }
    }
    this.receivers = List.copyOf(r);
  }

  /** Whether any receiver wants a digest. */
  public boolean active() {
    return !receivers.isEmpty();
  }

  /** Digests this instance wrote to the outbox since it started. */
  public long written() {
    return sent.get();
  }

  /** How many times it looked at what is due (once per poll of the view, once the view was read). */
  public long checks() {
    return checks.get();
  }

  @Override
  public void afterPoll(AlertingView view) throws Exception {
    Instant now = clock.instant();
    if (startedAt == null) {
      startedAt = now;
      for (String key : view.deliveryKeys()) {
        String[] parts = key.split(":", 3);
        if (parts.length == 3 && parts[0].equals("digest")) {
          catchUp.add(parts[2]);
        }
      }
    }
    for (ReceiverConfig.Email r : receivers) {
      LocalDate day = r.digest().latestDueDay(now);
      String key = Notification.digestKey(day, r.name());
      if (written.contains(key) || view.delivery(key) != null) {
        continue;
      }
      if (r.digest().sendAt(day).isBefore(startedAt) && !catchUp.contains(r.name())) {
        continue; // a new receiver: no digest of a day that was due before this service started
      }
      Notification n = Notification.digest(r.name(), day, r.digest().zone(), now, summaries(view, r, day));
      producer.send(new ProducerRecord<>(Topics.NOTIFICATIONS.name(),
          Outbox.partition(n, producer.partitionsFor(Topics.NOTIFICATIONS.name()).size()), key.getBytes(StandardCharsets.UTF_8),
          IncidentService.NotificationJson.write(n))).get(30, TimeUnit.SECONDS);
      written.add(key);
      catchUp.add(r.name());
      sent.incrementAndGet();
      log.info("daily digest {} for {}: {} incident(s) to the outbox", day, r.name(), n.digest().incidents().size());
    }
    checks.incrementAndGet();
  }

  /** The incidents of {@code day} for receiver {@code r}, the most severe first, bounded. */
  List<DailyDigest.Summary> summaries(AlertingView view, ReceiverConfig.Email r, LocalDate day) {
    Instant start = day.atStartOfDay(r.digest().zone()).toInstant();
    Instant end = day.plusDays(1).atStartOfDay(r.digest().zone()).toInstant();
    List<Incident> of = new ArrayList<>();
    for (Incident i : view.incidents()) {
      if (i.withdrawn() || !i.openedAt().isBefore(end) || i.resolvedAt() != null && i.resolvedAt().isBefore(start)) {
        continue;
      }
      Watch w = view.watch(i.watchId());
      Set<String> labels = w == null ? Set.of() : Set.copyOf(w.routes());
      if (config.mayRoute(r.name(), i.watchId(), labels, i.kind())) {
        of.add(i);
      }
    }
    of.sort(Comparator.comparing(Incident::peakSeverity).reversed().thenComparing(Incident::openedAt)
        .thenComparing(Incident::id));
    if (of.size() > Notification.MAX_DIGEST_ITEMS) {
      log.warn("daily digest {} for {}: {} incidents, the {} most severe listed", day, r.name(), of.size(),
          Notification.MAX_DIGEST_ITEMS);
      of = of.subList(0, Notification.MAX_DIGEST_ITEMS);
    }
    List<DailyDigest.Summary> out = new ArrayList<>();
    for (Incident i : of) {
      out.add(new DailyDigest.Summary(i.id(), i.watchId(), i.watchName(), i.kind(), i.peakSeverity(), i.openedAt(),
          i.resolvedAt(), i.peakObserved(), i.peakExpected()));
    }
    return out;
  }
}
