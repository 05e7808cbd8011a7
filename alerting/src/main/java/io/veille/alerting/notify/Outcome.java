package io.veille.alerting.notify;

import java.time.Duration;
import java.util.Objects;

/** How one attempt at a notification went. Every text here is safe to log: it holds no secret. */
public sealed interface Outcome {
  /** The longest wait a receiver may ask for with Retry-After; a longer one is cut to this. */
  Duration MAX_RETRY_AFTER = Duration.ofHours(1);

  /** The receiver accepted it; {@code detail} says what it answered ({@code slack: 200 ok}). */
  record Delivered(String detail) implements Outcome {
    public Delivered {
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * It may pass later (network error, timeout, 5xx, 429). {@code retryAfter} is the wait the
   * receiver asked for (Retry-After), at most {@link #MAX_RETRY_AFTER}, or null when it asked
   * for none and the delivery stage's own backoff applies.
   */
  record Retry(String reason, Duration retryAfter) implements Outcome {
    public Retry {
      Objects.requireNonNull(reason, "reason");
      if (retryAfter != null) {
        if (retryAfter.isNegative()) {
          retryAfter = Duration.ZERO;
        }
        if (retryAfter.compareTo(MAX_RETRY_AFTER) > 0) {
          retryAfter = MAX_RETRY_AFTER;
        }
      }
    }

    public Retry(String reason) {
      this(reason, null);
    }
  }

  /** It will not pass as configured (other 4xx, bad credentials, refused address): do not retry. */
  record Fatal(String reason) implements Outcome {
    public Fatal {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
