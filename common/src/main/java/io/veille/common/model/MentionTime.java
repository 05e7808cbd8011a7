package io.veille.common.model;

import java.time.Duration;
import java.time.Instant;

/**
 * The time rule every edge applies (the intake, the file replay, the connectors' runner, and the
 * streams validation step for whatever reached the topic another way): a mention's
 * {@code publishedAt} lies between 1970-01-01 (the contract itself refuses earlier dates, see
 * {@link Mention}) and now plus a bounded clock skew. Kafka brokers refuse record timestamps more
 * than {@code log.message.timestamp.after.max.ms} (one hour by default) ahead of their clock, so a
 * future date that slipped through would fail every write of the topology that carries it.
 */
public final class MentionTime {
  private MentionTime() {}

  /** The default allowance for clocks ahead of ours. */
  public static final Duration DEFAULT_MAX_FUTURE = Duration.ofMinutes(15);
  /** The largest allowance: the broker's default {@code log.message.timestamp.after.max.ms}. */
  public static final Duration LIMIT_MAX_FUTURE = Duration.ofHours(1);

  /** Throws when {@code m.publishedAt()} is more than {@code maxFuture} after {@code now}. */
  public static Mention checkNotFuture(Mention m, Instant now, Duration maxFuture) {
    Instant limit = now.plus(maxFuture);
    if (m.publishedAt().isAfter(limit)) {
      throw new InvalidRecordException("publishedAt", "in the future: " + m.publishedAt() + " is more than "
          + human(maxFuture) + " after now (" + now + ")");
    }
    return m;
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    return s % 3600 == 0 ? s / 3600 + " h" : s % 60 == 0 ? s / 60 + " min" : s + " s";
  }
}
