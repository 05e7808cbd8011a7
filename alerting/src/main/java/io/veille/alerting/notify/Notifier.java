package io.veille.alerting.notify;

/**
 * Sends one {@link Notification} to one receiver and says how it went. A notifier never throws for
 * a delivery failure: it classifies it ({@link Outcome.Retry} for what may pass — network errors,
 * timeouts, 5xx, 429 —, {@link Outcome.Fatal} for what will not — other 4xx, bad credentials,
 * a refused address) and the delivery stage retries, backs off, or gives up. Outcomes and logs
 * never carry a secret (webhook URL, password, HMAC key).
 *
 * <p>{@link #send} is safe to call from several threads; it blocks for at most the notifier's
 * configured timeouts.
 */
public interface Notifier extends AutoCloseable {
  /** The receiver's name, as configured ({@code crisis-slack}). */
  String name();

  /**
   * Sends {@code n} once (no retry inside).
   *
   * @throws InterruptedException when the calling thread is interrupted while sending (shutdown);
   *     the attempt's fate is then unknown, as after a crash
   */
  Outcome send(Notification n) throws InterruptedException;

  /**
   * Sends the daily digest {@code n} ({@link Notification.Event#DIGEST}) once. Only e-mail receivers
   * take digests; the others answer that they never will.
   */
  default Outcome sendDigest(Notification n) throws InterruptedException {
    return new Outcome.Fatal(name() + ": this receiver type does not take daily digests (only e-mail does)");
  }

  /** Releases connections and threads; nothing is sent afterwards. */
  @Override
  default void close() {}
}
