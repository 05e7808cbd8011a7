package io.veille.alerting.incident;

import io.veille.common.model.InvalidRecordException;
import io.veille.common.model.Silence;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Set;

/**
 * How a silence is made, the same for {@code veille silence add} and {@code POST /api/v1/silences}:
 * it starts now and lasts {@code for} (more than 0, at most {@value #MAX_DAYS} days), names at least
 * one watch or label, and says who made it; its id is {@code s-} and 8 random hex digits.
 */
public final class Silences {
  public static final int MAX_DAYS = 30;
  public static final Duration MAX_FOR = Duration.ofDays(MAX_DAYS);
  private static final SecureRandom RANDOM = new SecureRandom();

  private Silences() {}

  /**
   * A new silence from {@code now} for {@code duration}.
   *
   * @throws InvalidRecordException naming the field at fault ({@code for}, {@code watches},
   *     {@code labels}, {@code author}, {@code comment})
   */
  public static Silence create(Collection<String> watches, Collection<String> labels, Duration duration, String author,
      String comment, Instant now) {
    if (duration == null) {
      throw new InvalidRecordException("for", "required (e.g. 2h, 1h30m; at most " + MAX_DAYS + "d)");
    }
    if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_FOR) > 0) {
      throw new InvalidRecordException("for", "more than 0 and at most " + MAX_DAYS + "d");
    }
    if (author == null || author.isBlank()) {
      throw new InvalidRecordException("author", "required (who silences)");
    }
    return new Silence(newId(), Set.copyOf(watches), Set.copyOf(labels), now, now.plus(duration), author.strip(),
        comment == null || comment.isBlank() ? null : comment.strip(), now);
  }

  /** A fresh silence id: {@code s-1a2b3c4d}. */
  public static String newId() {
    byte[] b = new byte[4];
    RANDOM.nextBytes(b);
    return "s-" + HexFormat.of().formatHex(b);
  }

  /** {@code active}, {@code pending} (starts later) or {@code expired} at {@code now}. */
  public static String state(Silence s, Instant now) {
    return s.activeAt(now) ? "active" : s.endsAt().isAfter(now) ? "pending" : "expired";
  }
}
