package io.veille.alerting.notify;

import io.veille.common.testing.StubHttp;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.veille.common.config.Secrets;
import io.veille.common.model.Signal;
import io.veille.common.text.HtmlText;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The e-mail notifier against GreenMail, a real SMTP server in-process, and a scripted one for refusals. */
class EmailNotifierTest {
  @RegisterExtension
  static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
      .withPerMethodLifecycle(true);

  static ReceiverConfig.Email config(int port, ReceiverConfig.StartTls tls, String user, String password,
      Duration timeout) throws Exception {
    return new ReceiverConfig.Email("crisis-mail", "127.0.0.1", port, tls, user,
        password == null ? null : Secrets.Secret.of(password, "file:/run/secrets/smtp"),
        new InternetAddress("Veille <veille@example.org>"),
        List.of(new InternetAddress("pr@example.org"), new InternetAddress("cm@example.org")), timeout, timeout,
        "[Veille]", ZoneOffset.UTC, null);
  }

  EmailNotifier notifier() throws Exception {
    return new EmailNotifier(config(smtp.getSmtp().getPort(), ReceiverConfig.StartTls.OFF, null, null,
        Duration.ofSeconds(5)), Samples.CLOCK);
  }

  static MimeMessage first(com.icegreen.greenmail.base.GreenMailOperations server, int expected) {
    assertThat(server.waitForIncomingEmail(10_000, expected)).as("mail arrived").isTrue();
    return server.getReceivedMessages()[0];
  }

  record Parts(String text, String html) {}

  static Parts parts(MimeMessage m) throws Exception {
    assertThat(m.getContentType()).startsWith("multipart/alternative");
    MimeMultipart mp = (MimeMultipart) m.getContent();
    assertThat(mp.getCount()).isEqualTo(2);
    BodyPart text = mp.getBodyPart(0);
    BodyPart html = mp.getBodyPart(1);
    assertThat(text.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
    assertThat(html.getContentType()).startsWith("text/html").containsIgnoringCase("charset=UTF-8");
    return new Parts((String) text.getContent(), (String) html.getContent());
  }

  /** Every line of the text part, but the signature separator, shows in the HTML part's visible text. */
  static void assertSameFacts(Parts p) {
    String visible = HtmlText.toText(p.html()).replaceAll("\\s+", " ");
    List<String> lines = p.text().lines().map(String::strip).filter(l -> !l.isEmpty() && !l.equals("--"))
        .map(l -> l.startsWith("- ") ? l.substring(2) : l).toList();
    assertThat(lines).isNotEmpty();
    for (String l : lines) {
      assertThat(visible).as("HTML part says: " + l).contains(l.replaceAll("\\s+", " "));
    }
  }

  @Test
  void sendsPlainTextAndHtmlWithTheSameFactsAndStableHeaders() throws Exception {
    Notification n = Samples.opened("crisis-mail");
    EmailNotifier notifier = notifier();

    Outcome o = notifier.send(n);

    assertThat(o).isInstanceOf(Outcome.Delivered.class);
    assertThat(((Outcome.Delivered) o).detail()).startsWith("email: accepted by 127.0.0.1:" + smtp.getSmtp().getPort()
        + " for 2 recipients");
    MimeMessage m = first(smtp, 2); // one copy per mailbox
    assertThat(m.getSubject()).isEqualTo("[Veille] CRITICAL · Ondyne — negative surge (opened)");
    assertThat(m.getFrom()).extracting(Object::toString).containsExactly("Veille <veille@example.org>");
    assertThat(Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Object::toString))
        .containsExactly("pr@example.org", "cm@example.org");
    assertThat(m.getHeader("X-Veille-Key", null)).isEqualTo("ondyne-20261122-1015:0:crisis-mail");
    assertThat(m.getMessageID()).isEqualTo(notifier.id(n.key())).matches("<[0-9a-f]{32}\\.veille@example\\.org>");
    assertThat(m.getHeader("In-Reply-To")).as("the first message of an incident").isNull();
    assertThat(m.getSentDate().toInstant()).isEqualTo(Samples.CLOCK.instant());

    Parts p = parts(m);
    assertThat(p.text()).contains("CRITICAL · Ondyne — negative surge (opened)")
        .contains("Negative volume: 42 negative posts vs 5 expected (×8.4)")
        .contains("Negative share: 64% (usual 12%)")
        .contains("Top terms: panne (120, usually 3), remboursement (41, usually 1.5), #ondynedown (33, new)")
        .contains("@cyril@mastodon.social (340 shares): “Encore une panne chez Ondyne, trois heures sans service.”")
        .contains("https://mastodon.social/@cyril/1")
        .contains("Search: " + Samples.SEARCH)
        .contains("Incident ondyne-20261122-1015 · watch ondyne · opened 2026-11-22 10:15 UTC");
    assertThat(p.html()).contains("<a href=\"https://mastodon.social/@cyril/1\">")
        .contains("<a href=\"" + Samples.SEARCH + "\">");
    assertSameFacts(p);
  }

  @Test
  void aRetriedNotificationKeepsItsMessageIdAndFollowUpsThreadUnderTheIncident() throws Exception {
    EmailNotifier notifier = notifier();
    notifier.send(Samples.opened("crisis-mail"));
    notifier.send(Samples.opened("crisis-mail"));
    notifier.send(Samples.resolved("crisis-mail"));
    assertThat(smtp.waitForIncomingEmail(10_000, 6)).isTrue();

    MimeMessage[] got = smtp.getReceivedMessages();
    List<String> ids = Arrays.stream(got).map(EmailNotifierTest::messageId).distinct().toList();
    assertThat(ids).hasSize(2);
    MimeMessage resolved = Arrays.stream(got).filter(m -> "RESOLVED".equals(header(m, "X-Veille-Event"))).findFirst()
        .orElseThrow();
    assertThat(resolved.getSubject()).isEqualTo("[Veille] RESOLVED · Ondyne — negative surge, after 1 h 25 min");
    assertThat(header(resolved, "In-Reply-To")).isEqualTo(header(resolved, "References")).startsWith("<")
        .isNotEqualTo(messageId(resolved));
    Parts p = parts(resolved);
    assertThat(p.text()).contains("Lasted: 1 h 25 min (2026-11-22 10:15–11:40 UTC)")
        .contains("Peak: 42 negative posts vs 5 expected (×8.4)").contains("Highest severity: CRITICAL")
        .doesNotContain("Top mentions");
    assertSameFacts(p);
  }

  @Test
  void htmlEscapesEverythingFromTheEvidence() throws Exception {
    Signal.Evidence e = Samples.evidence();
    Signal.Evidence hostile = new Signal.Evidence(e.from(), e.to(), e.posts(), e.copies(), e.negativeShare(),
        e.usualNegativeShare(), List.of(new Signal.Term("<img src=x onerror=alert(1)>", 5, 1, 3)),
        List.of(Samples.hostileMention()), List.of(new Signal.TopAuthor("<i>big</i> & co", 10, 1)), e.query());
    Notification n = Samples.withWatchName(Samples.opened("crisis-mail", hostile), "Ondyne <b>\r\nBcc: x@evil.example");

    assertThat(notifier().send(n)).isInstanceOf(Outcome.Delivered.class);

    MimeMessage m = first(smtp, 2);
    assertThat(m.getSubject()).isEqualTo("[Veille] CRITICAL · Ondyne <b> Bcc: x@evil.example — negative surge (opened)");
    assertThat(m.getHeader("Bcc")).as("no header injection through the watch name").isNull();
    Parts p = parts(m);
    assertThat(p.html()).doesNotContain("<script").doesNotContain("<img").doesNotContain("Ondyne <b>")
        .doesNotContain("<i>").contains("Ondyne &lt;b&gt;")
        .doesNotContain("javascript:")
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;!channel&gt;")
        .contains("&lt;img src=x onerror=alert(1)&gt;")
        .contains("&lt;i&gt;big&lt;/i&gt; &amp; co");
    assertThat(p.text()).as("plain text shows the text as it was written").contains("<script>alert('x')</script>");
    assertThat(p.text()).doesNotContain("\u001b").doesNotContain("\u202E");
    assertSameFacts(p);
  }

  @Test
  void authenticatesAndRefusesBadCredentialsAsFatal() throws Exception {
    GreenMail secured = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
        .withConfiguration(GreenMailConfiguration.aConfig().withUser("veille@example.org", "veille", "pa55-w0rd!"));
    secured.start();
    try {
      int port = secured.getSmtp().getPort();
      EmailNotifier good = new EmailNotifier(config(port, ReceiverConfig.StartTls.OFF, "veille", "pa55-w0rd!",
          Duration.ofSeconds(5)), Samples.CLOCK);
      assertThat(good.send(Samples.opened("crisis-mail"))).isInstanceOf(Outcome.Delivered.class);
      assertThat(secured.waitForIncomingEmail(10_000, 2)).isTrue();

      EmailNotifier bad = new EmailNotifier(config(port, ReceiverConfig.StartTls.OFF, "veille", "wrong-s3cret",
          Duration.ofSeconds(5)), Samples.CLOCK);
      Outcome o = bad.send(Samples.opened("crisis-mail"));
      assertThat(o).isInstanceOf(Outcome.Fatal.class);
      assertThat(((Outcome.Fatal) o).reason()).startsWith("email: authentication failed at 127.0.0.1:" + port)
          .contains("535").doesNotContain("wrong-s3cret");
      assertThat(secured.getReceivedMessages()).hasSize(2);
    } finally {
      secured.stop();
    }
  }

  @Test
  void starttlsRequiredAgainstAServerWithoutItIsFatal() throws Exception {
    // GreenMail's SMTP does not offer STARTTLS: with starttls: required nothing may go in clear
    EmailNotifier n = new EmailNotifier(config(smtp.getSmtp().getPort(), ReceiverConfig.StartTls.REQUIRED, "veille",
        "pa55-w0rd!", Duration.ofSeconds(5)), Samples.CLOCK);

    Outcome o = n.send(Samples.opened("crisis-mail"));

    assertThat(o).isEqualTo(new Outcome.Fatal("email: 127.0.0.1:" + smtp.getSmtp().getPort()
        + " does not offer STARTTLS and starttls is required"));
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  @Test
  void starttlsOptionalGoesOnInClearWhenTheServerHasNone() throws Exception {
    EmailNotifier n = new EmailNotifier(config(smtp.getSmtp().getPort(), ReceiverConfig.StartTls.OPTIONAL, null, null,
        Duration.ofSeconds(5)), Samples.CLOCK);

    assertThat(n.send(Samples.opened("crisis-mail"))).isInstanceOf(Outcome.Delivered.class);
  }

  @Test
  void aRefusedRecipientIsFatalAndADeferredOneIsRetry() throws Exception {
    try (ScriptedSmtp refusing = ScriptedSmtp.refusing("550 5.1.1 <pr@example.org>: no such user")) {
      EmailNotifier n = new EmailNotifier(config(refusing.port(), ReceiverConfig.StartTls.OFF, null, null,
          Duration.ofSeconds(5)), Samples.CLOCK);
      Outcome o = n.send(Samples.opened("crisis-mail"));
      assertThat(o).isInstanceOf(Outcome.Fatal.class);
      assertThat(((Outcome.Fatal) o).reason()).startsWith("email: refused by 127.0.0.1:" + refusing.port())
          .contains("pr@example.org").contains("550");
      assertThat(refusing.commands()).noneMatch(c -> c.equals("DATA"));
    }
    try (ScriptedSmtp greylisting = ScriptedSmtp.refusing("451 4.7.1 greylisted, try again later")) {
      EmailNotifier n = new EmailNotifier(config(greylisting.port(), ReceiverConfig.StartTls.OFF, null, null,
          Duration.ofSeconds(5)), Samples.CLOCK);
      Outcome o = n.send(Samples.opened("crisis-mail"));
      assertThat(o).isInstanceOf(Outcome.Retry.class);
      assertThat(((Outcome.Retry) o).reason()).startsWith("email: deferred by").contains("451");
    }
  }

  @Test
  void aServerThatIsDownOrSilentIsRetryWithinTheTimeout() throws Exception {
    int closed = StubHttp.closedPort();
    EmailNotifier down = new EmailNotifier(config(closed, ReceiverConfig.StartTls.OFF, null, null,
        Duration.ofSeconds(2)), Samples.CLOCK);
    Outcome o = down.send(Samples.opened("crisis-mail"));
    assertThat(o).isInstanceOf(Outcome.Retry.class);
    assertThat(((Outcome.Retry) o).reason()).startsWith("email: cannot talk to 127.0.0.1:" + closed);

    try (ScriptedSmtp silent = ScriptedSmtp.silent()) {
      EmailNotifier n = new EmailNotifier(config(silent.port(), ReceiverConfig.StartTls.OFF, null, null,
          Duration.ofMillis(400)), Samples.CLOCK);
      long start = System.nanoTime();
      Outcome r = n.send(Samples.opened("crisis-mail"));
      assertThat(r).isInstanceOf(Outcome.Retry.class);
      assertThat(((Outcome.Retry) r).reason()).contains("SocketTimeoutException");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void dailyDigestSummarizesTheDayPerWatch() throws Exception {
    Instant d = Instant.parse("2026-11-22T00:00:00Z");
    List<Notification> day = List.of(
        Samples.opened("crisis-mail"),
        Samples.resolved("crisis-mail"),
        note("ondyne-2", "ondyne", "Ondyne", Signal.Severity.WARNING, d.plusSeconds(15 * 3600), 18, 4, null),
        note("ondyne-2", "ondyne", "Ondyne", Signal.Severity.WARNING, d.plusSeconds(15 * 3600), 25, 4,
            d.plusSeconds(15 * 3600 + 1200)),
        note("velia-1", "velia", "Vélia <app>", Signal.Severity.INFO, d.plusSeconds(20 * 3600), 9, 2, null));
    List<DailyDigest.Summary> incidents = DailyDigest.summarize(day);
    assertThat(incidents).hasSize(3);
    assertThat(incidents.get(1).peakObserved()).isEqualTo(25);
    EmailNotifier notifier = new EmailNotifier(config(smtp.getSmtp().getPort(), ReceiverConfig.StartTls.OFF, null,
        null, Duration.ofSeconds(5)), java.time.InstantSource.fixed(Instant.parse("2026-11-23T00:05:00Z")));

    Outcome o = notifier.sendDigest(LocalDate.parse("2026-11-22"), incidents);

    assertThat(o).isInstanceOf(Outcome.Delivered.class);
    MimeMessage m = first(smtp, 2);
    assertThat(m.getSubject()).isEqualTo("[Veille] Daily digest 2026-11-22: 3 incidents on 2 watches, highest CRITICAL");
    assertThat(m.getHeader("X-Veille-Key", null)).isEqualTo("digest:2026-11-22:crisis-mail");
    Parts p = parts(m);
    assertThat(p.text())
        .contains("Ondyne (ondyne): 2 incidents · highest CRITICAL · peak 42 negative posts vs 5 expected · total "
            + "1 h 45 min, longest 1 h 25 min")
        .contains("2026-11-22 10:15 UTC CRITICAL negative surge, peak 42 negative posts vs 5 expected, lasted 1 h 25 min")
        .contains("2026-11-22 15:00 UTC WARNING negative surge, peak 25 negative posts vs 4 expected, lasted 20 min")
        .contains("Vélia <app> (velia): 1 incident · highest INFO · peak 9 negative posts vs 2 expected · total 4 h, "
            + "longest 4 h · 1 still open")
        .contains("still open after 4 h");
    assertThat(p.text().indexOf("Ondyne (ondyne)")).as("the most severe watch first")
        .isLessThan(p.text().indexOf("Vélia"));
    assertThat(p.html()).contains("Vélia &lt;app&gt;").doesNotContain("<app>");
    assertSameFacts(p);
  }

  @Test
  void anEmptyDayStillRenders() {
    EmailContent c = DailyDigest.render(LocalDate.parse("2026-11-22"), ZoneId.of("Europe/Paris"), List.of(),
        Instant.parse("2026-11-22T23:00:00Z"), "[Veille]", "crisis-mail");
    assertThat(c.subject()).isEqualTo("[Veille] Daily digest 2026-11-22: no incidents");
    assertThat(c.text()).startsWith("Veille daily digest for 2026-11-22 (Europe/Paris)\nno incidents\n");
  }

  static Notification note(String incident, String watch, String name, Signal.Severity sev, Instant opened,
      double observed, double expected, Instant resolvedAt) {
    Notification.Event ev = resolvedAt == null ? Notification.Event.OPENED : Notification.Event.RESOLVED;
    return new Notification(Notification.key(incident, resolvedAt == null ? 0 : 1, "crisis-mail"), "crisis-mail", ev,
        incident, watch, name, Signal.Kind.NEGATIVE_SURGE, sev, opened, resolvedAt == null ? opened : resolvedAt,
        resolvedAt, observed, expected, null, null);
  }

  static String messageId(MimeMessage m) {
    try {
      return m.getMessageID();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String header(MimeMessage m, String name) {
    try {
      return m.getHeader(name, null);
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
