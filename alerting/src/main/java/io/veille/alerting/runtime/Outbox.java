package io.veille.alerting.runtime;

import io.veille.alerting.notify.Notification;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;

/**
 * Where a message lives, and which messages wait for an earlier one.
 *
 * <p>Every message about one incident to one receiver goes to the same partition of the outbox
 * ({@code veille.notifications}) and of the delivery states ({@code veille.deliveries}), so one
 * delivery instance owns them all and can send them in order: a "resolved" never reaches a channel
 * before the "opened" it follows, even when the "opened" is still being retried.
 */
public final class Outbox {
  private Outbox() {}

  /** The partition, among {@code partitions}, of every message about {@code n}'s incident to its receiver. */
  public static int partition(Notification n, int partitions) {
    byte[] k = (n.incidentId() + "\u0000" + n.receiver()).getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(k)) % partitions;
  }

  /** The incident state a message is about, from its key ({@link Notification#key}), or -1 (a digest). */
  public static long sequence(Notification n) {
    String key = n.key();
    String head = n.incidentId() + ":";
    String tail = ":" + n.receiver();
    if (!key.startsWith(head) || !key.endsWith(tail) || key.length() <= head.length() + tail.length()) {
      return -1;
    }
    try {
      return Long.parseLong(key, head.length(), key.length() - tail.length(), 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * For each (incident, receiver) with a message not done, the lowest such state: a message with a
   * higher one waits for it.
   */
  static Map<String, Long> earliestOpen(Collection<DeliveryService.Delivery> states) {
    Map<String, Long> first = new HashMap<>();
    for (DeliveryService.Delivery d : states) {
      long seq = sequence(d.notification());
      if (!d.status().done() && seq >= 0) {
        first.merge(group(d.notification()), seq, Math::min);
      }
    }
    return first;
  }

  /** True when an earlier message about the same incident to the same receiver is not done yet. */
  static boolean waitsForEarlier(DeliveryService.Delivery d, Map<String, Long> earliestOpen) {
    long seq = sequence(d.notification());
    Long first = earliestOpen.get(group(d.notification()));
    return seq >= 0 && first != null && first < seq;
  }

  private static String group(Notification n) {
    return n.incidentId() + "\u0000" + n.receiver();
  }
}
