package io.veille.alerting.notify;

import io.veille.common.testing.StubHttp;
import io.veille.common.testing.StubHttp.Fault;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.veille.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The signed webhook against a real local HTTP server standing in for a generic receiver. */
class WebhookNotifierTest {
  static final String SECRET = "whsec-0123456789abcdef-veille";

  final StubHttp receiver = new StubHttp().route("*", r -> StubHttp.text(200, "text/plain; charset=utf-8", "ok"));
  final AtomicReference<Instant> now = new AtomicReference<>(Samples.CLOCK.instant());
  final InstantSource clock = () -> now.get();
  final WebhookNotifier notifier = new WebhookNotifier(
      Samples.webhook(receiver.url("/hooks/veille?token=t0k3n"), SECRET, Duration.ofSeconds(5)), clock);

  @AfterEach
  void close() {
    notifier.close();
    receiver.close();
  }

  /** HMAC-SHA256 computed here with the JDK alone, not with the code under test. */
  static String hmac(String secret, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void postsSignedJsonWithIdempotencyKey() throws Exception {
    Notification n = Samples.opened("ops-hook");

    assertThat(notifier.send(n)).isEqualTo(new Outcome.Delivered("webhook: 200 ok"));

    StubHttp.Request r = receiver.last();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.header("Idempotency-Key")).isEqualTo("ondyne-20261122-1015:0:ops-hook").isEqualTo(n.key());
    String ts = r.header("X-Veille-Timestamp");
    assertThat(ts).isEqualTo(Long.toString(now.get().getEpochSecond()));
    assertThat(r.header("X-Veille-Signature")).isEqualTo("sha256=" + hmac(SECRET, ts + "." + r.body()));
    assertThat(WebhookSignature.verify(SECRET, ts, r.header("X-Veille-Signature"), r.bytes(), now.get(),
        WebhookSignature.DEFAULT_TOLERANCE)).isTrue();
  }

  @Test
  void bodyHasStableFieldNamesAndIsoInstants() throws Exception {
    notifier.send(Samples.resolved("ops-hook"));

    JsonNode b = Json.MAPPER.readTree(receiver.last().body());
    List<String> fields = new ArrayList<>();
    b.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("version", "key", "receiver", "event", "incidentId", "watchId", "watchName",
        "kind", "severity", "openedAt", "at", "resolvedAt", "observed", "expected", "searchUrl", "evidence");
    assertThat(b.get("version").asInt()).isEqualTo(1);
    assertThat(b.get("event").asText()).isEqualTo("RESOLVED");
    assertThat(b.get("kind").asText()).isEqualTo("NEGATIVE_SURGE");
    assertThat(b.get("severity").asText()).isEqualTo("CRITICAL");
    assertThat(b.get("openedAt").asText()).isEqualTo("2026-11-22T10:15:00Z");
    assertThat(b.get("resolvedAt").asText()).isEqualTo("2026-11-22T11:40:00Z");
    assertThat(b.get("observed").asDouble()).isEqualTo(42.0);
    assertThat(b.get("searchUrl").asText()).isEqualTo(Samples.SEARCH);
    JsonNode e = b.get("evidence");
    List<String> ev = new ArrayList<>();
    e.fieldNames().forEachRemaining(ev::add);
    assertThat(ev).containsExactly("from", "to", "posts", "copies", "negativeShare", "usualNegativeShare", "terms",
        "mentions", "authors", "query");
    assertThat(e.get("from").asText()).isEqualTo("2026-11-22T10:00:00Z");
    assertThat(e.get("terms").get(0).get("term").asText()).isEqualTo("panne");
    assertThat(e.get("mentions").get(0).get("url").asText()).isEqualTo("https://mastodon.social/@cyril/1");
    assertThat(e.get("mentions").get(0).get("shares").asLong()).isEqualTo(340);
    assertThat(e.get("authors").get(0).get("author").asText()).isEqualTo("Le Journal");
    assertThat(e.get("query").asText()).isEqualTo("ondyne AND (panne OR bug)");

    notifier.send(Samples.opened("ops-hook"));
    JsonNode open = Json.MAPPER.readTree(receiver.last().body());
    assertThat(open.get("resolvedAt").isNull()).as("absent values are null, not missing").isTrue();
    assertThat(open.get("event").asText()).isEqualTo("OPENED");
  }

  @Test
  void aRetryIsANewSignedRequestWithTheSameIdempotencyKey() throws Exception {
    receiver.fail(Fault.status(500, "oops"));
    Notification n = Samples.opened("ops-hook");

    assertThat(notifier.send(n)).isInstanceOf(Outcome.Retry.class);
    now.set(now.get().plusSeconds(90));
    assertThat(notifier.send(n)).isInstanceOf(Outcome.Delivered.class);

    StubHttp.Request first = receiver.requests().get(0);
    StubHttp.Request second = receiver.requests().get(1);
    assertThat(second.header("Idempotency-Key")).isEqualTo(first.header("Idempotency-Key"));
    assertThat(Long.parseLong(second.header("X-Veille-Timestamp")) - Long.parseLong(first.header("X-Veille-Timestamp")))
        .isEqualTo(90);
    assertThat(second.header("X-Veille-Signature")).isNotEqualTo(first.header("X-Veille-Signature"));
    assertThat(second.body()).isEqualTo(first.body());
  }

  @Test
  void verifyRefusesTamperingWrongSecretReplayAndMalformedHeaders() throws Exception {
    notifier.send(Samples.opened("ops-hook"));
    StubHttp.Request r = receiver.last();
    String ts = r.header("X-Veille-Timestamp");
    String sig = r.header("X-Veille-Signature");
    byte[] body = r.bytes();
    Instant t = now.get();
    Duration tol = Duration.ofMinutes(5);

    assertThat(WebhookSignature.verify(SECRET, ts, sig, body, t, tol)).isTrue();
    assertThat(WebhookSignature.verify(SECRET, ts, sig.toUpperCase().replace("SHA256=", "sha256="), body, t, tol))
        .as("hex case does not matter").isTrue();
    byte[] tampered = body.clone();
    tampered[tampered.length - 2] ^= 1;
    assertThat(WebhookSignature.verify(SECRET, ts, sig, tampered, t, tol)).as("body changed").isFalse();
    assertThat(WebhookSignature.verify(SECRET + "x", ts, sig, body, t, tol)).as("other secret").isFalse();
    assertThat(WebhookSignature.verify(SECRET, Long.toString(Long.parseLong(ts) + 1), sig, body, t, tol))
        .as("timestamp moved").isFalse();
    assertThat(WebhookSignature.verify(SECRET, ts, sig, body, t.plus(tol).plusSeconds(1), tol)).as("replayed late")
        .isFalse();
    assertThat(WebhookSignature.verify(SECRET, ts, sig, body, t.minus(tol).minusSeconds(1), tol)).as("from the future")
        .isFalse();
    assertThat(WebhookSignature.verify(SECRET, ts, sig, body, t.plus(tol), tol)).as("at the edge").isTrue();
    for (String bad : new String[] {"", "sha256=", "sha1=" + sig.substring(7), sig.substring(7), "sha256=zz" + sig.substring(9),
        sig + "00"}) {
      assertThat(WebhookSignature.verify(SECRET, ts, bad, body, t, tol)).as(bad).isFalse();
    }
    for (String badTs : new String[] {"", "-1", "12a", "1e9", "9999999999999"}) {
      assertThat(WebhookSignature.verify(SECRET, badTs, sig, body, t, tol)).as(badTs).isFalse();
    }
    assertThat(WebhookSignature.verify(SECRET, null, sig, body, t, tol)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, ts, null, body, t, tol)).isFalse();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "200, Delivered", "202, Delivered", "204, Delivered",
      "400, Fatal", "401, Fatal", "403, Fatal", "404, Fatal", "410, Fatal", "422, Fatal", "301, Fatal",
      "408, Retry", "429, Retry", "500, Retry", "502, Retry", "503, Retry", "504, Retry"})
  void classifiesTheReceiversStatus(int status, String kind) throws Exception {
    receiver.fail(Fault.status(status, status == 204 ? "" : "answer " + status));

    Outcome o = notifier.send(Samples.opened("ops-hook"));

    assertThat(o.getClass().getSimpleName()).isEqualTo(kind);
    assertThat(SlackNotifierTest.reasonOf(o)).startsWith("webhook: " + status).doesNotContain(SECRET)
        .doesNotContain("t0k3n").doesNotContain("/hooks/veille");
  }

  @Test
  void tooManyRequestsCarriesRetryAfter() throws Exception {
    receiver.fail(Fault.status(429, "slow down").header("Retry-After", "12"));

    assertThat(notifier.send(Samples.opened("ops-hook")))
        .isEqualTo(new Outcome.Retry("webhook: 429 slow down (retry after 12 s)", Duration.ofSeconds(12)));
  }

  @Test
  void anAnswerEchoingTheUrlIsRedacted() throws Exception {
    receiver.fail(Fault.status(404, "no hook at " + receiver.url("/hooks/veille?token=t0k3n")));

    Outcome o = notifier.send(Samples.opened("ops-hook"));

    assertThat(o).isInstanceOf(Outcome.Fatal.class);
    assertThat(SlackNotifierTest.reasonOf(o)).isEqualTo("webhook: 404 no hook at ***");
  }

  @Test
  void connectionRefusedAndTimeoutAreRetry() throws Exception {
    String refused = "http://127.0.0.1:" + StubHttp.closedPort() + "/hook";
    try (WebhookNotifier down = new WebhookNotifier(Samples.webhook(refused, SECRET, Duration.ofSeconds(2)), clock)) {
      assertThat(down.send(Samples.opened("ops-hook"))).isInstanceOf(Outcome.Retry.class);
    }
    receiver.fail(Fault.hanging());
    try (WebhookNotifier impatient = new WebhookNotifier(
        Samples.webhook(receiver.url("/hook"), SECRET, Duration.ofMillis(300)), clock)) {
      long start = System.nanoTime();
      Outcome o = impatient.send(Samples.opened("ops-hook"));
      assertThat(o).isEqualTo(new Outcome.Retry("webhook: no answer within 300 ms"));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void toStringShowsOnlyTheHost() {
    assertThat(notifier.toString()).startsWith("WebhookNotifier[ops-hook -> http://127.0.0.1:").doesNotContain("t0k3n")
        .doesNotContain("hooks").doesNotContain(SECRET);
  }
}
