package io.veille.alerting.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veille.common.model.Incident;
import io.veille.common.model.Signal;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The API's parameter rules, without a server (the IT covers them over HTTP). */
class AlertingApiTest {
  static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  static String field(ThrowingCall c) {
    try {
      c.call();
    } catch (AlertingApi.Refusal r) {
      assertThat(r.status).isEqualTo(400);
      return r.field + ": " + r.getMessage();
    }
    throw new AssertionError("not refused");
  }

  interface ThrowingCall {
    void call() throws AlertingApi.Refusal;
  }

  @Test
  void queryParametersAreKnownGivenOnceDecodedAndBounded() throws Exception {
    Set<String> known = Set.of("watch", "limit");
    assertThat(AlertingApi.parseQuery("watch=ondyne%2Dfr&limit=5", known)).isEqualTo(Map.of("watch", "ondyne-fr",
        "limit", "5"));
    assertThat(AlertingApi.parseQuery("watch=&limit=5", known)).as("empty: no filter").isEqualTo(Map.of("limit", "5"));
    assertThat(AlertingApi.parseQuery(null, known)).isEmpty();
    assertThat(field(() -> AlertingApi.parseQuery("wach=x", known))).isEqualTo("wach: unknown parameter (known: limit, watch)");
    assertThat(field(() -> AlertingApi.parseQuery("watch=a&watch=b", known)))
        .startsWith("watch: given more than once");
    assertThat(field(() -> AlertingApi.parseQuery("watch=%zz", known))).isEqualTo("watch: bad percent-encoding");
    assertThat(field(() -> AlertingApi.parseQuery("watch=" + "w".repeat(300), known)))
        .isEqualTo("watch: longer than 256 characters");
    assertThat(field(() -> AlertingApi.parseQuery("x".repeat(5000), known))).startsWith("null: query longer than 4096");
  }

  @Test
  void limitSinceAndWords() throws Exception {
    assertThat(AlertingApi.limit(null, 50)).isEqualTo(50);
    assertThat(AlertingApi.limit("500", 50)).isEqualTo(500);
    assertThat(field(() -> AlertingApi.limit("501", 50))).isEqualTo("limit: must be from 1 to 500, was 501");
    assertThat(field(() -> AlertingApi.limit("0", 50))).isEqualTo("limit: must be from 1 to 500, was 0");
    assertThat(field(() -> AlertingApi.limit("-1", 50))).isEqualTo("limit: must be an integer from 1 to 500, was '-1'");
    assertThat(AlertingApi.since("2h", NOW)).isEqualTo(NOW.minusSeconds(7200));
    assertThat(AlertingApi.since("2026-11-21T00:00:00Z", NOW)).isEqualTo(Instant.parse("2026-11-21T00:00:00Z"));
    assertThat(field(() -> AlertingApi.since("yesterday", NOW))).startsWith("since: not an ISO-8601 instant");
    assertThat(field(() -> AlertingApi.since("2026-13-01T00:00:00Z", NOW))).startsWith("since: not an ISO-8601 instant");
    assertThat(field(() -> AlertingApi.since("500d", NOW))).isEqualTo("since: at most 400d back");
    assertThat(AlertingApi.words("state", "open,Escalated", Incident.State.class))
        .containsExactly(Incident.State.OPEN, Incident.State.ESCALATED);
    assertThat(field(() -> AlertingApi.words("severity", "high", Signal.Severity.class)))
        .isEqualTo("severity: must be info, warning, critical (or a comma-separated list), was 'high'");
  }
}
