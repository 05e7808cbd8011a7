package io.veille.alerting.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veille.alerting.notify.Texts.Escaper;
import io.veille.common.json.Json;
import java.net.URI;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Posts a Block Kit message to a Slack incoming webhook: a header with the severity and the watch
 * ({@code 🔴 CRITICAL · Ondyne — negative surge}), the volume against the expected one and the
 * negative share against the usual one, the top terms, up to three top mentions (abbreviated,
 * author, shares, link), the top authors, a button to the search, the incident's footer, and a
 * fallback {@code text} for notifications. A resolved incident gets a short follow-up (how long it
 * lasted, what it peaked at).
 *
 * <p>Every text is bounded to Slack's limits ({@value #MAX_HEADER} characters for a header,
 * {@value #MAX_SECTION} for a section or context text, {@value #MAX_BLOCKS} blocks) and escaped
 * for mrkdwn ({@code & < >}), so a mention cannot ping {@code <!channel>} or forge a link.
 *
 * <p>What Slack answers: 200 {@code ok}: delivered; 400 ({@code invalid_payload}, {@code no_text}),
 * 403 ({@code invalid_token}), 404 ({@code channel_not_found}, {@code no_service}), 410
 * ({@code channel_is_archived}): fatal, the webhook or the message must be fixed; 429 (with
 * Retry-After) and 5xx: retry. The webhook URL is the credential: it appears in no outcome and no
 * log.
 */
public final class SlackNotifier implements Notifier {
  static final int MAX_HEADER = 150;
  static final int MAX_SECTION = 3_000;
  static final int MAX_BLOCKS = 50;
  static final int MAX_BUTTON_URL = 3_000;
  static final int MENTIONS = 3;
  static final int TERMS = 10;
  static final int AUTHORS = 3;

  private final String name;
  private final URI webhook;
  private final ZoneId zone;
  private final HttpDelivery http;

  public SlackNotifier(ReceiverConfig.Slack config, InstantSource clock) {
    Objects.requireNonNull(config, "config");
    this.name = config.name();
    String url = config.webhookUrl().reveal();
    this.webhook = URI.create(url);
    this.zone = config.zone();
    this.http = new HttpDelivery("slack", config.timeout(), clock, List.of(url, String.valueOf(webhook.getRawPath())));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Outcome send(Notification n) throws InterruptedException {
    if (n.event() == Notification.Event.DIGEST) {
      return new Outcome.Fatal(name() + ": this receiver type does not take daily digests (only e-mail does)");
    }
    byte[] body;
    try {
      body = Json.MAPPER.writeValueAsBytes(payload(n, zone));
    } catch (JsonProcessingException | RuntimeException e) {
      // a notification the renderer cannot handle will not render better on a retry
      return new Outcome.Fatal("slack: cannot write the message (" + e.getClass().getSimpleName() + ")");
    }
    return http.post(webhook, Map.of("Content-Type", "application/json; charset=utf-8",
        "User-Agent", "veille-alerting"), body);
  }

  @Override
  public void close() {
    http.close();
  }

  /** The Block Kit message for {@code n}, times shown in {@code zone}. */
  static ObjectNode payload(Notification n, ZoneId zone) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    List<Facts.Line> lines = Facts.lines(n, zone);
    String title = Facts.title(n, MAX_HEADER, true);
    root.put("text", Texts.cut(Texts.fit(title, MAX_HEADER, Escaper.SLACK) + ": "
        + Texts.fit(lines.get(0).value(), 600, Escaper.SLACK), MAX_SECTION));
    ArrayNode blocks = root.putArray("blocks");

    ObjectNode header = blocks.addObject().put("type", "header");
    header.putObject("text").put("type", "plain_text").put("text", title).put("emoji", true);

    List<String> facts = new ArrayList<>();
    for (Facts.Line l : lines) {
      facts.add("*" + l.label() + ":* " + Texts.fit(l.value(), 600, Escaper.SLACK));
    }
    section(blocks, String.join("\n", facts));

    if (n.event() != Notification.Event.RESOLVED) {
      List<String> terms = Facts.terms(n, TERMS).stream().map(t -> Texts.fit(t, 200, Escaper.SLACK)).toList();
      if (!terms.isEmpty()) {
        String label = "*Top terms:* ";
        section(blocks, label + Texts.join(terms, " · ", MAX_SECTION - label.length()));
      }
      for (Facts.MentionFact m : Facts.mentions(n, MENTIONS)) {
        StringBuilder s = new StringBuilder();
        s.append("> ").append(Texts.fit("“" + m.text() + "”", 600, Escaper.SLACK)).append('\n');
        s.append("— *").append(Texts.fit(m.author(), 100, Escaper.SLACK)).append("* · ")
            .append(Facts.count(m.shares())).append(m.shares() == 1 ? " share" : " shares");
        if (m.url() != null) {
          s.append(" · <").append(m.url()).append("|open>");
        }
        section(blocks, s.toString());
      }
      List<String> authors = Facts.authors(n, AUTHORS).stream().map(a -> Texts.fit(a, 200, Escaper.SLACK)).toList();
      if (!authors.isEmpty()) {
        String label = "*Top authors:* ";
        context(blocks, label + Texts.join(authors, " · ", MAX_SECTION - label.length()));
      }
    }

    String search = Texts.safeUrl(n.searchUrl(), MAX_BUTTON_URL);
    if (search != null) {
      ObjectNode actions = blocks.addObject().put("type", "actions");
      ObjectNode button = actions.putArray("elements").addObject().put("type", "button");
      button.putObject("text").put("type", "plain_text").put("text", "Open the search");
      button.put("url", search).put("action_id", "veille-search");
    }
    context(blocks, Texts.fit(Facts.footer(n, zone), MAX_SECTION, Escaper.SLACK));
    while (blocks.size() > MAX_BLOCKS) {
      blocks.remove(MAX_BLOCKS - 2); // never happens with the counts above; keeps the footer if it did
    }
    return root;
  }

  private static void section(ArrayNode blocks, String mrkdwn) {
    ObjectNode s = blocks.addObject().put("type", "section");
    s.putObject("text").put("type", "mrkdwn").put("text", Texts.cut(mrkdwn, MAX_SECTION));
  }

  private static void context(ArrayNode blocks, String mrkdwn) {
    ObjectNode c = blocks.addObject().put("type", "context");
    c.putArray("elements").addObject().put("type", "mrkdwn").put("text", Texts.cut(mrkdwn, MAX_SECTION));
  }

  @Override
  public String toString() {
    return "SlackNotifier[" + name + "]";
  }
}
