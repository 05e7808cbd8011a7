package io.veille.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veille.common.model.Signal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NotificationTest {
  static Notification with(String key, Notification.Event event, Instant resolvedAt, double observed, String search) {
    return new Notification(key, "r", event, "inc-1", "ondyne", null, Signal.Kind.NEGATIVE_SURGE,
        Signal.Severity.WARNING, Samples.OPENED, Samples.AT, resolvedAt, observed, 1, null, search);
  }

  @Test
  void keyJoinsIncidentSequenceAndReceiver() {
    assertThat(Notification.key("ondyne-20261122-1015", 2, "crisis-slack")).isEqualTo("ondyne-20261122-1015:2:crisis-slack");
    assertThatThrownBy(() -> Notification.key("i", -1, "r")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void defaultsWatchNameAndEvidence() {
    Notification n = with("k", Notification.Event.OPENED, null, 3, null);
    assertThat(n.watchName()).isEqualTo("ondyne");
    assertThat(n.evidence()).isEqualTo(Signal.Evidence.none());
  }

  @Test
  void rejectsWhatNoNotifierCouldSendSafely() {
    assertThatThrownBy(() -> with("has space", Notification.Event.OPENED, null, 1, null))
        .hasMessage("key must be printable ASCII without spaces (index 3)");
    assertThatThrownBy(() -> with("clé", Notification.Event.OPENED, null, 1, null))
        .hasMessageStartingWith("key must be printable ASCII");
    assertThatThrownBy(() -> with("k".repeat(513), Notification.Event.OPENED, null, 1, null))
        .hasMessage("key is longer than 512 characters");
    assertThatThrownBy(() -> with("k", Notification.Event.RESOLVED, null, 1, null))
        .hasMessage("resolvedAt is required for a RESOLVED notification");
    assertThatThrownBy(() -> with("k", Notification.Event.OPENED, Samples.RESOLVED, 1, null))
        .hasMessage("resolvedAt is set on a OPENED notification (RESOLVED only)");
    assertThatThrownBy(() -> with("k", Notification.Event.RESOLVED, Samples.OPENED.minusSeconds(1), 1, null))
        .hasMessageStartingWith("resolvedAt (2026-11-22T10:14:59Z) is before openedAt");
    assertThatThrownBy(() -> with("k", Notification.Event.OPENED, null, Double.NaN, null))
        .hasMessage("observed must be a finite number >= 0, was NaN");
    assertThatThrownBy(() -> with("k", Notification.Event.OPENED, null, -1, null))
        .hasMessage("observed must be a finite number >= 0, was -1.0");
    assertThatThrownBy(() -> with("k", Notification.Event.OPENED, null, 1, "javascript:alert(1)"))
        .hasMessage("searchUrl must be an absolute http(s) URL");
    assertThatThrownBy(() -> new Notification("k", "r", Notification.Event.OPENED, "inc\n1", "w", null,
        Signal.Kind.VOLUME_SPIKE, Signal.Severity.INFO, Samples.OPENED, Samples.AT, null, 1, 1, null, null))
        .hasMessage("incidentId contains a control character (index 3)");
    assertThatThrownBy(() -> new Notification("k", "r", Notification.Event.OPENED, "i", "w", null,
        Signal.Kind.VOLUME_SPIKE, Signal.Severity.INFO, Samples.AT, Samples.OPENED, null, 1, 1, null, null))
        .hasMessageStartingWith("at (2026-11-22T10:15:00Z) is before openedAt");
  }

  @Test
  void searchUrlEncodesTheQueryAfterTheBase() {
    assertThat(Notification.searchUrl("http://localhost:8080/search?q=", "\"panne générale\" AND ondyne"))
        .isEqualTo("http://localhost:8080/search?q=%22panne%20g%C3%A9n%C3%A9rale%22%20AND%20ondyne");
    assertThat(Notification.searchUrl("https://veille.example/ui/#/search?watch=ondyne&q=", "a+b & c"))
        .isEqualTo("https://veille.example/ui/#/search?watch=ondyne&q=a%2Bb%20%26%20c");
    assertThat(Notification.searchUrl(null, "q")).isNull();
    assertThat(Notification.searchUrl("http://x/search?q=", " ")).isNull();
    assertThat(Notification.searchUrl("http://x/search?q=", "a".repeat(5_000))).as("too long for a link").isNull();
    assertThatThrownBy(() -> Notification.searchUrl("file:/etc/passwd?", "q")).hasMessage("base must be an absolute http(s) URL");
  }
}
