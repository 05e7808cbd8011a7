package io.veille.alerting.notify;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * Sends one e-mail per notification over SMTP (Angus Mail): {@code multipart/alternative} with a
 * plain-text and an HTML part carrying the same facts (everything from the evidence HTML-escaped),
 * the subject saying severity, watch and event ({@code [Veille] CRITICAL · Ondyne — negative
 * surge (opened)}). The headers make retries and threads work: {@code Message-ID} is derived from
 * the notification key (a retried message has the same id, so a receiving system can drop the
 * copy), {@code X-Veille-Key} carries the key itself, and every message after the first of an
 * incident refers ({@code In-Reply-To}, {@code References}) to one id per incident and receiver,
 * so mail clients thread them.
 *
 * <p>Failures: cannot connect, a timeout, a 4xx reply (greylisting, a full mailbox): retry. Bad
 * credentials, a 5xx reply (a refused address, a refused sender), a server without STARTTLS
 * when it is required, a TLS certificate that does not verify: fatal. The password appears in no
 * outcome and no log.
 */
public final class EmailNotifier implements Notifier {
  private final ReceiverConfig.Email config;
  private final InstantSource clock;
  private final Session session;
  private final String domain;

  public EmailNotifier(ReceiverConfig.Email config, InstantSource clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.session = Session.getInstance(properties(config));
    String from = config.from().getAddress();
    String d = from.substring(from.lastIndexOf('@') + 1);
    this.domain = d.matches("[A-Za-z0-9.-]{1,253}") ? d : "veille.invalid";
  }

  static Properties properties(ReceiverConfig.Email c) {
    Properties p = new Properties();
    p.setProperty("mail.transport.protocol", "smtp");
    p.setProperty("mail.smtp.host", c.host());
    p.setProperty("mail.smtp.port", Integer.toString(c.port()));
    p.setProperty("mail.smtp.connectiontimeout", Long.toString(c.connectTimeout().toMillis()));
    p.setProperty("mail.smtp.timeout", Long.toString(c.timeout().toMillis()));
    p.setProperty("mail.smtp.writetimeout", Long.toString(c.timeout().toMillis()));
    p.setProperty("mail.smtp.starttls.enable", Boolean.toString(c.starttls() != ReceiverConfig.StartTls.OFF));
    p.setProperty("mail.smtp.starttls.required", Boolean.toString(c.starttls() == ReceiverConfig.StartTls.REQUIRED));
    p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    p.setProperty("mail.smtp.auth", Boolean.toString(c.username() != null));
    p.setProperty("mail.smtp.from", c.from().getAddress());
    return p;
  }

  @Override
  public String name() {
    return config.name();
  }

  /** This receiver's settings (the digest scheduler reads {@code digest()}). */
  public ReceiverConfig.Email config() {
    return config;
  }

  @Override
  public Outcome send(Notification n) throws InterruptedException {
    if (n.event() == Notification.Event.DIGEST) {
      return sendDigest(n);
    }
    EmailContent content;
    try {
      content = EmailContent.of(n, config.subjectPrefix(), config.zone());
    } catch (RuntimeException e) {
      return new Outcome.Fatal("email: cannot write the message (" + e.getClass().getSimpleName() + ")");
    }
    String thread = n.event() == Notification.Event.OPENED ? null : id("incident\n" + n.incidentId() + "\n" + name());
    return transmit(content, n.key(), thread, n.event().name());
  }

  /** The digest message {@code n} (from the outbox): its day and incidents, in the digest's zone. */
  @Override
  public Outcome sendDigest(Notification n) throws InterruptedException {
    if (n.digest() == null) {
      return new Outcome.Fatal("email: not a digest message");
    }
    return sendDigest(n.digest().day(), java.time.ZoneId.of(n.digest().zone()), n.digest().incidents());
  }

  /**
   * Sends the digest of {@code day} (in this receiver's digest zone) with {@code incidents}; its key is
   * {@code digest:<day>:<receiver>}, so a retried digest has the same Message-ID.
   */
  public Outcome sendDigest(LocalDate day, List<DailyDigest.Summary> incidents) throws InterruptedException {
    return sendDigest(day, config.digest() != null ? config.digest().zone() : config.zone(), incidents);
  }

  private Outcome sendDigest(LocalDate day, java.time.ZoneId zone, List<DailyDigest.Summary> incidents)
      throws InterruptedException {
    Instant endOfDay = day.plusDays(1).atStartOfDay(zone).toInstant();
    Instant now = clock.instant();
    EmailContent content;
    try {
      content = DailyDigest.render(day, zone, incidents, now.isBefore(endOfDay) ? now : endOfDay,
          config.subjectPrefix(), name());
    } catch (RuntimeException e) {
      return new Outcome.Fatal("email: cannot write the digest (" + e.getClass().getSimpleName() + ")");
    }
    return transmit(content, Notification.digestKey(day, name()), null, "DIGEST");
  }

  /** The message for {@code content}, as it is sent (tests read its headers). */
  MimeMessage message(EmailContent content, String key, String thread, String event) throws MessagingException {
    MimeMessage m = new StableIdMessage(session, id(key));
    m.setFrom(config.from());
    m.setRecipients(Message.RecipientType.TO, config.to().toArray(new Address[0]));
    m.setSubject(content.subject(), "UTF-8");
    m.setSentDate(Date.from(clock.instant()));
    m.setHeader("X-Veille-Key", key);
    m.setHeader("X-Veille-Event", event);
    m.setHeader("Auto-Submitted", "auto-generated");
    if (thread != null) {
      m.setHeader("In-Reply-To", thread);
      m.setHeader("References", thread);
    }
    MimeBodyPart text = new MimeBodyPart();
    text.setText(content.text(), "UTF-8", "plain");
    MimeBodyPart html = new MimeBodyPart();
    html.setText(content.html(), "UTF-8", "html");
    MimeMultipart alternative = new MimeMultipart("alternative");
    alternative.addBodyPart(text);
    alternative.addBodyPart(html);
    m.setContent(alternative);
    m.saveChanges();
    return m;
  }

  private Outcome transmit(EmailContent content, String key, String thread, String event) throws InterruptedException {
    MimeMessage m;
    try {
      m = message(content, key, thread, event);
    } catch (MessagingException e) {
      return new Outcome.Fatal("email: cannot build the message (" + clean(e.getMessage()) + ")");
    }
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before sending");
    }
    SMTPTransport t = null;
    try {
      t = (SMTPTransport) session.getTransport("smtp");
      String password = config.password() == null ? null : config.password().reveal();
      t.connect(config.host(), config.port(), config.username(), password);
      t.sendMessage(m, m.getAllRecipients());
      String answer = clean(t.getLastServerResponse());
      return new Outcome.Delivered("email: accepted by " + where() + " for " + config.to().size() + " recipient"
          + (config.to().size() == 1 ? "" : "s") + (answer.isEmpty() ? "" : " (" + answer + ")"));
    } catch (MessagingException e) {
      return classify(e);
    } finally {
      if (t != null) {
        try {
          t.close();
        } catch (MessagingException ignored) {
          // the message was handed over or not: the outcome already says which
        }
      }
    }
  }

  Outcome classify(MessagingException e) {
    String why = clean(e.getMessage());
    if (e instanceof AuthenticationFailedException) {
      return new Outcome.Fatal("email: authentication failed at " + where() + " (" + why + ")");
    }
    List<Integer> codes = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (Exception x = e; x != null; x = x instanceof MessagingException me ? me.getNextException() : null) {
      int code = switch (x) {
        case SMTPAddressFailedException a -> {
          refused.add(a.getAddress() + ": " + clean(a.getMessage()));
          yield a.getReturnCode();
        }
        case SMTPSenderFailedException s -> s.getReturnCode();
        case SMTPSendFailedException s -> s.getReturnCode();
        default -> -1;
      };
      if (code > 0) {
        codes.add(code);
      }
      if (codes.size() > 20) {
        break;
      }
    }
    String detail = refused.isEmpty() ? why : String.join("; ", refused.subList(0, Math.min(5, refused.size())));
    if (codes.stream().anyMatch(c -> c >= 500)) {
      return new Outcome.Fatal("email: refused by " + where() + " (" + detail + ")");
    }
    if (codes.stream().anyMatch(c -> c >= 400)) {
      return new Outcome.Retry("email: deferred by " + where() + " (" + detail + ")");
    }
    if (e instanceof SendFailedException sfe && sfe.getInvalidAddresses() != null
        && sfe.getInvalidAddresses().length > 0) {
      return new Outcome.Fatal("email: invalid addresses (" + detail + ")");
    }
    if (why.contains("STARTTLS is required")) {
      return new Outcome.Fatal("email: " + where() + " does not offer STARTTLS and starttls is required");
    }
    Throwable cause = rootCause(e);
    if (cause instanceof SSLException) {
      return new Outcome.Fatal("email: TLS with " + where() + " failed (" + cause.getClass().getSimpleName() + ": "
          + clean(cause.getMessage()) + ")");
    }
    if (e instanceof MailConnectException || cause instanceof IOException) {
      return new Outcome.Retry("email: cannot talk to " + where() + " (" + cause.getClass().getSimpleName()
          + (cause.getMessage() == null ? "" : ": " + clean(cause.getMessage())) + ")");
    }
    return new Outcome.Retry("email: " + where() + " (" + why + ")");
  }

  private static Throwable rootCause(Throwable e) {
    Throwable c = e;
    for (int i = 0; i < 20; i++) {
      Throwable next = c.getCause();
      if (next == null && c instanceof MessagingException me) {
        next = me.getNextException();
      }
      if (next == null || next == c) {
        break;
      }
      c = next;
    }
    return c;
  }

  private String where() {
    return config.host() + ":" + config.port();
  }

  /** A server's or the library's message: one line, bounded, and never the password. */
  private String clean(String s) {
    String out = Texts.fit(s, 300);
    if (config.password() != null) {
      out = out.replace(config.password().reveal(), "***");
    }
    return out;
  }

  /** A Message-ID made of the key's hash: {@code <hex@domain-of-from>}, the same for the same key. */
  String id(String key) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "<" + HexFormat.of().formatHex(h, 0, 16) + ".veille@" + domain + ">";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "EmailNotifier[" + name() + " -> " + where() + "]";
  }

  /** A message whose Message-ID is fixed, not a fresh random one at each save. */
  private static final class StableIdMessage extends MimeMessage {
    private final String id;

    StableIdMessage(Session session, String id) {
      super(session);
      this.id = id;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", id);
    }
  }
}
