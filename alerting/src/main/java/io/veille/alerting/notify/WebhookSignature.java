package io.veille.alerting.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of Veille's webhook requests, and its check for receivers.
 *
 * <p>Each request carries {@code X-Veille-Timestamp: <epoch seconds>} and
 * {@code X-Veille-Signature: sha256=<hex>}, where {@code <hex>} is the lower-case hex of
 * HMAC-SHA256, keyed with the shared secret (its UTF-8 bytes), over the ASCII timestamp, one
 * {@code .}, and the raw request body bytes exactly as received:
 *
 * <pre>
 *   signature = "sha256=" + hex(HMAC_SHA256(secret, timestamp + "." + body))
 * </pre>
 *
 * A receiver recomputes it over the body it read (before parsing it), compares in constant time,
 * and refuses a timestamp further than its tolerance from its clock (a replayed request), which is
 * what {@link #verify} does. The timestamp is signed, so it cannot be moved without the secret;
 * retries of one notification are new requests with a new timestamp and the same
 * {@code Idempotency-Key}.
 */
public final class WebhookSignature {
  public static final String TIMESTAMP_HEADER = "X-Veille-Timestamp";
  public static final String SIGNATURE_HEADER = "X-Veille-Signature";
  public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
  /** The usual tolerance: five minutes either way. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
  private static final String PREFIX = "sha256=";
  private static final String ALGORITHM = "HmacSHA256";

  private WebhookSignature() {}

  /** The {@code X-Veille-Signature} value for {@code body} sent at {@code epochSeconds}. */
  public static String sign(String secret, long epochSeconds, byte[] body) {
    return PREFIX + HexFormat.of().formatHex(mac(secret, Long.toString(epochSeconds), body));
  }

  /**
   * Whether a request is Veille's: its signature matches {@code body} under {@code secret}, and
   * its timestamp is within {@code tolerance} of {@code now}. False for any missing or malformed
   * header; never throws for what a client sent.
   *
   * @param timestampHeader the {@code X-Veille-Timestamp} value
   * @param signatureHeader the {@code X-Veille-Signature} value
   * @param body the raw body bytes as received
   */
  public static boolean verify(String secret, String timestampHeader, String signatureHeader, byte[] body,
      Instant now, Duration tolerance) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("the secret must not be empty");
    }
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(tolerance, "tolerance");
    if (timestampHeader == null || signatureHeader == null || body == null) {
      return false;
    }
    String ts = timestampHeader.strip();
    if (ts.isEmpty() || ts.length() > 12 || !ts.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    long seconds = Long.parseLong(ts);
    Duration skew = Duration.between(Instant.ofEpochSecond(seconds), now).abs();
    if (skew.compareTo(tolerance) > 0) {
      return false;
    }
    String sig = signatureHeader.strip();
    if (!sig.startsWith(PREFIX) || sig.length() != PREFIX.length() + 64) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(sig.substring(PREFIX.length()).toLowerCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(given, mac(secret, ts, body));
  }

  private static byte[] mac(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) '.');
      mac.update(body);
      return mac.doFinal();
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
