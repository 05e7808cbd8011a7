package io.veille.alerting.notify;

import io.veille.common.testing.StubHttp;
import io.veille.common.testing.StubHttp.Fault;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.veille.common.json.Json;
import io.veille.common.model.Signal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Slack notifier against a real local HTTP server standing in for Slack's incoming webhook. */
class SlackNotifierTest {
  /** The secret part of a Slack webhook URL: it must never show in an outcome. */
  static final String TOKEN_PATH = "/services/T0VEILLE/B0ALERTS/s3cr3tT0k3nXyZ";

  final StubHttp slack = new StubHttp().route("*", r -> StubHttp.text(200, "text/plain; charset=utf-8", "ok"));
  final SlackNotifier notifier = new SlackNotifier(Samples.slack(slack.url(TOKEN_PATH), Duration.ofSeconds(5)),
      Samples.CLOCK);

  @AfterEach
  void close() {
    notifier.close();
    slack.close();
  }

  JsonNode sent() throws Exception {
    return Json.MAPPER.readTree(slack.last().body());
  }

  static List<String> types(JsonNode blocks) {
    List<String> t = new ArrayList<>();
    blocks.forEach(b -> t.add(b.get("type").asText()));
    return t;
  }

  /** Every text a Block Kit message carries, by block: {type, text}. */
  static List<String[]> texts(JsonNode msg) {
    List<String[]> out = new ArrayList<>();
    for (JsonNode b : msg.get("blocks")) {
      String type = b.get("type").asText();
      if (b.has("text")) {
        out.add(new String[] {type, b.get("text").get("text").asText()});
      }
      if (b.has("elements")) {
        for (JsonNode e : b.get("elements")) {
          if (e.has("text")) {
            out.add(new String[] {type, e.get("text").isTextual() ? e.get("text").asText() : e.get("text").get("text").asText()});
          }
        }
      }
    }
    return out;
  }

  @Test
  void postsBlockKitWithHeaderFactsTermsMentionsAndSearchButton() throws Exception {
    Outcome o = notifier.send(Samples.opened("crisis-slack"));

    assertThat(o).isEqualTo(new Outcome.Delivered("slack: 200 ok"));
    StubHttp.Request r = slack.last();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo(TOKEN_PATH);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    JsonNode msg = sent();
    JsonNode blocks = msg.get("blocks");
    assertThat(types(blocks)).containsExactly("header", "section", "section", "section", "section", "section",
        "context", "actions", "context");

    JsonNode header = blocks.get(0).get("text");
    assertThat(header.get("type").asText()).isEqualTo("plain_text");
    assertThat(header.get("text").asText()).isEqualTo("🔴 CRITICAL · Ondyne — negative surge");

    String facts = blocks.get(1).get("text").get("text").asText();
    assertThat(blocks.get(1).get("text").get("type").asText()).isEqualTo("mrkdwn");
    assertThat(facts).contains("*Negative volume:* 42 negative posts vs 5 expected (×8.4)")
        .contains("*Negative share:* 64% (usual 12%)")
        .contains("*Window:* 120 posts, 14 copies, 2026-11-22 10:00–10:16 UTC");
    assertThat(blocks.get(2).get("text").get("text").asText())
        .isEqualTo("*Top terms:* panne (120, usually 3) · remboursement (41, usually 1.5) · #ondynedown (33, new)");

    String first = blocks.get(3).get("text").get("text").asText();
    assertThat(first).startsWith("> “Encore une panne chez Ondyne, trois heures sans service.”")
        .contains("— *@cyril@mastodon.social* · 340 shares")
        .endsWith("<https://mastodon.social/@cyril/1|open>");
    assertThat(blocks.get(4).get("text").get("text").asText()).contains("<https://journal.example/ondyne-panne|open>");
    assertThat(blocks.get(6).get("elements").get(0).get("text").asText())
        .startsWith("*Top authors:* Le Journal (250k followers, 2 mentions)");

    JsonNode button = blocks.get(7).get("elements").get(0);
    assertThat(button.get("type").asText()).isEqualTo("button");
    assertThat(button.get("url").asText())
        .isEqualTo("http://localhost:8080/search?q=ondyne%20AND%20%28panne%20OR%20bug%29");
    assertThat(blocks.get(8).get("elements").get(0).get("text").asText())
        .isEqualTo("Incident ondyne-20261122-1015 · watch ondyne · opened 2026-11-22 10:15 UTC");

    assertThat(msg.get("text").asText())
        .isEqualTo("🔴 CRITICAL · Ondyne — negative surge: 42 negative posts vs 5 expected (×8.4)");
  }

  @Test
  void resolvedIsAShortFollowUpWithPeakAndDuration() throws Exception {
    assertThat(notifier.send(Samples.resolved("crisis-slack"))).isInstanceOf(Outcome.Delivered.class);

    JsonNode blocks = sent().get("blocks");
    assertThat(types(blocks)).containsExactly("header", "section", "actions", "context");
    assertThat(blocks.get(0).get("text").get("text").asText()).isEqualTo("✅ RESOLVED · Ondyne — negative surge");
    assertThat(blocks.get(1).get("text").get("text").asText()).isEqualTo(
        "*Lasted:* 1 h 25 min (2026-11-22 10:15–11:40 UTC)\n"
            + "*Peak:* 42 negative posts vs 5 expected (×8.4)\n"
            + "*Highest severity:* CRITICAL");
  }

  @Test
  void escalationAndReminderSayWhyInTheHeader() throws Exception {
    Notification o = Samples.opened("crisis-slack");
    Notification esc = new Notification(Notification.key(o.incidentId(), 1, "crisis-slack"), o.receiver(),
        Notification.Event.ESCALATED, o.incidentId(), o.watchId(), o.watchName(), Signal.Kind.VOLUME_SPIKE,
        Signal.Severity.WARNING, o.openedAt(), o.at(), null, 12.5, 3.2, o.evidence(), null);
    notifier.send(esc);
    JsonNode blocks = sent().get("blocks");
    assertThat(blocks.get(0).get("text").get("text").asText()).isEqualTo("🟠 WARNING · Ondyne — volume spike (escalated)");
    assertThat(blocks.get(1).get("text").get("text").asText()).startsWith("*Volume:* 12.5 posts vs 3.2 expected (×3.9)");
    assertThat(types(blocks)).doesNotContain("actions"); // no search URL, no button
  }

  @Test
  void evidenceIsEscapedForMrkdwnAndUnsafeLinksAreDropped() throws Exception {
    Signal.Evidence e = Samples.evidence();
    Signal.Evidence hostile = new Signal.Evidence(e.from(), e.to(), e.posts(), e.copies(), e.negativeShare(),
        e.usualNegativeShare(), List.of(new Signal.Term("<!here>", 3, 1, 2)), List.of(Samples.hostileMention()),
        e.authors(), e.query());
    notifier.send(Samples.opened("crisis-slack", hostile));

    String all = String.join("\n", texts(sent()).stream().map(t -> t[1]).toList());
    assertThat(all).doesNotContain("<!channel>").doesNotContain("<!here>").doesNotContain("<https://evil.example|click>")
        .doesNotContain("javascript:").doesNotContain("\u001b").doesNotContain("\u202E");
    assertThat(all).contains("&lt;!channel&gt;").contains("&lt;script&gt;").contains("&amp;").contains("&lt;!here&gt;");
    String mention = sent().get("blocks").get(3).get("text").get("text").asText();
    assertThat(mention).doesNotContain("|open>").contains("reversed new line");
  }

  @Test
  void everyTextStaysWithinSlackLimits() throws Exception {
    String huge = "Ondyne ".repeat(2_000) + "🔴".repeat(500);
    List<Signal.Term> terms = new ArrayList<>();
    List<Signal.TopMention> mentions = new ArrayList<>();
    List<Signal.TopAuthor> authors = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      terms.add(new Signal.Term("term&<" + i + "-" + "x".repeat(300), i, 1, 1));
      mentions.add(new Signal.TopMention("m" + i, "x", "&<>".repeat(3_000), "a".repeat(5_000),
          "https://example.org/" + "p".repeat(5_000), i, i));
      authors.add(new Signal.TopAuthor("&".repeat(1_000) + i, i, i));
    }
    Signal.Evidence e = new Signal.Evidence(Samples.OPENED, Samples.AT, 1, 0, 0.5, 0.1, terms, mentions, authors, "q");
    String longSearch = "http://localhost:8080/search?q=" + "a".repeat(3_500);
    Notification n = Samples.withWatchName(Samples.opened("crisis-slack", e), huge);
    n = new Notification(n.key(), n.receiver(), n.event(), n.incidentId(), n.watchId(), n.watchName(), n.kind(),
        n.severity(), n.openedAt(), n.at(), null, n.observed(), n.expected(), n.evidence(), longSearch);

    assertThat(notifier.send(n)).isInstanceOf(Outcome.Delivered.class);

    JsonNode msg = sent();
    assertThat(msg.get("blocks").size()).isLessThanOrEqualTo(SlackNotifier.MAX_BLOCKS);
    String header = msg.get("blocks").get(0).get("text").get("text").asText();
    assertThat(header.length()).isLessThanOrEqualTo(150);
    assertThat(header).startsWith("🔴 CRITICAL · Ondyne Ondyne").endsWith("… — negative surge");
    for (String[] t : texts(msg)) {
      assertThat(t[1].length()).as(t[0]).isLessThanOrEqualTo(3_000);
      assertThat(t[1]).as("no escape cut in half").doesNotContainPattern("&[a-z]{0,3}$");
    }
    assertThat(msg.get("text").asText().length()).isLessThanOrEqualTo(3_000);
    assertThat(types(msg.get("blocks"))).doesNotContain("actions"); // a 3,500-character link is no button
    // at most three mentions, whatever the evidence holds
    assertThat(texts(msg).stream().filter(t -> t[1].startsWith("> ")).count()).isEqualTo(3);
    String terms0 = msg.get("blocks").get(2).get("text").get("text").asText();
    assertThat(terms0.split(" · ")).as("the ten top terms, each cut").hasSize(SlackNotifier.TERMS);
    assertThat(terms0).doesNotContain("<");
  }

  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.of(200, "ok", Outcome.Delivered.class, "slack: 200 ok"),
        Arguments.of(400, "invalid_payload", Outcome.Fatal.class, "slack: 400 invalid_payload"),
        Arguments.of(400, "no_text", Outcome.Fatal.class, "slack: 400 no_text"),
        Arguments.of(403, "invalid_token", Outcome.Fatal.class, "slack: 403 invalid_token"),
        Arguments.of(404, "channel_not_found", Outcome.Fatal.class, "slack: 404 channel_not_found"),
        Arguments.of(404, "no_service", Outcome.Fatal.class, "slack: 404 no_service"),
        Arguments.of(410, "channel_is_archived", Outcome.Fatal.class, "slack: 410 channel_is_archived"),
        Arguments.of(500, "rollup_error", Outcome.Retry.class, "slack: 500 rollup_error"),
        Arguments.of(502, "", Outcome.Retry.class, "slack: 502"),
        Arguments.of(503, "service_unavailable", Outcome.Retry.class, "slack: 503 service_unavailable"),
        Arguments.of(302, "", Outcome.Fatal.class, "slack: 302 (a redirect"));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("answers")
  void classifiesWhatSlackAnswers(int status, String body, Class<? extends Outcome> expected, String reason)
      throws Exception {
    slack.fail(Fault.status(status, body));

    Outcome o = notifier.send(Samples.opened("crisis-slack"));

    assertThat(o).isInstanceOf(expected);
    assertThat(reasonOf(o)).startsWith(reason).doesNotContain("s3cr3tT0k3nXyZ").doesNotContain(TOKEN_PATH);
    if (o instanceof Outcome.Retry r) {
      assertThat(r.retryAfter()).isNull();
    }
  }

  @Test
  void tooManyRequestsWaitsRetryAfterSeconds() throws Exception {
    slack.fail(Fault.status(429, "rate_limited").header("Retry-After", "30"));

    Outcome o = notifier.send(Samples.opened("crisis-slack"));

    assertThat(o).isEqualTo(new Outcome.Retry("slack: 429 rate_limited (retry after 30 s)", Duration.ofSeconds(30)));
  }

  @Test
  void retryAfterAsHttpDateIsReadAgainstTheInjectedClock() throws Exception {
    Instant now = Samples.CLOCK.instant();
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(120).atZone(ZoneOffset.UTC));
    slack.fail(Fault.status(429, "rate_limited").header("Retry-After", date));

    Outcome.Retry o = (Outcome.Retry) notifier.send(Samples.opened("crisis-slack"));

    assertThat(o.retryAfter()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void serviceUnavailableRetryAfterIsCappedAtOneHour() throws Exception {
    slack.fail(Fault.status(503, "").header("Retry-After", "86400"));

    Outcome.Retry o = (Outcome.Retry) notifier.send(Samples.opened("crisis-slack"));

    assertThat(o.retryAfter()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void connectionRefusedIsRetry() throws Exception {
    String url = "http://127.0.0.1:" + StubHttp.closedPort() + TOKEN_PATH;
    try (SlackNotifier down = new SlackNotifier(Samples.slack(url, Duration.ofSeconds(2)), Samples.CLOCK)) {
      Outcome o = down.send(Samples.opened("crisis-slack"));

      assertThat(o).isInstanceOf(Outcome.Retry.class);
      assertThat(reasonOf(o)).startsWith("slack: cannot connect to 127.0.0.1:").doesNotContain("s3cr3t");
      assertThat(((Outcome.Retry) o).retryAfter()).isNull();
    }
  }

  @Test
  void noAnswerWithinTheTimeoutIsRetryAfterThatTimeOnly() throws Exception {
    slack.fail(Fault.hanging());
    try (SlackNotifier impatient = new SlackNotifier(Samples.slack(slack.url(TOKEN_PATH), Duration.ofMillis(300)),
        Samples.CLOCK)) {
      long start = System.nanoTime();
      Outcome o = impatient.send(Samples.opened("crisis-slack"));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(o).isEqualTo(new Outcome.Retry("slack: no answer within 300 ms"));
      assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(250)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void toStringShowsNoWebhookUrl() {
    assertThat(notifier.toString()).isEqualTo("SlackNotifier[crisis-slack]");
  }

  static String reasonOf(Outcome o) {
    return switch (o) {
      case Outcome.Delivered d -> d.detail();
      case Outcome.Retry r -> r.reason();
      case Outcome.Fatal f -> f.reason();
    };
  }
}
