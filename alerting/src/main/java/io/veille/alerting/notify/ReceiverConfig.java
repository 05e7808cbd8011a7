package io.veille.alerting.notify;

import io.veille.common.config.ConfigException;
import io.veille.common.config.Secrets;
import io.veille.common.config.Secrets.Secret;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One receiver's settings, read strictly from what a YAML {@code receivers:} entry gives: a
 * mapping with an optional {@code name} and exactly one of {@code slack}, {@code email},
 * {@code webhook}, {@code console}:
 *
 * <pre>
 * receivers:
 *   - name: crisis-slack
 *     slack: {webhook_url: "env:SLACK_WEBHOOK_URL"}
 *   - name: crisis-mail
 *     email: {host: smtp.example.org, port: 587, starttls: required, username: veille,
 *             password: "file:/run/secrets/smtp", from: veille@example.org, to: [pr@example.org], timeout: 10s}
 *   - name: ops-hook
 *     webhook: {url: "https://hooks.example.org/veille", secret: "env:HOOK_SECRET", timeout: 5s}
 *   - console: {}
 * </pre>
 *
 * Every error names its path ({@code receivers[2].email.tls: unknown key (did you mean starttls?)}).
 * Secrets ({@code webhook_url}, {@code password}, {@code secret}) are references, resolved here
 * so that a missing one fails at start-up; they print as their reference, never as their value.
 * The keys are listed in alerting/README.md.
 */
public sealed interface ReceiverConfig {
  /** Receiver names: like watch ids. */
  Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  Duration MIN_TIMEOUT = Duration.ofMillis(100);
  Duration MAX_TIMEOUT = Duration.ofMinutes(5);
  List<String> TYPES = List.of("slack", "email", "webhook", "console");

  /** The receiver's name: the one notifications are routed to. */
  String name();

  /** {@code slack}, {@code email}, {@code webhook} or {@code console}. */
  String type();

  /**
   * A Slack incoming webhook. {@code webhook_url} (secret, required): an https URL ({@code http}
   * only on a loopback host, for tests); {@code timeout} (connect and answer, default 10s);
   * {@code zone} (times in messages, default UTC).
   */
  record Slack(String name, Secret webhookUrl, Duration timeout, ZoneId zone) implements ReceiverConfig {
    public Slack {
      Objects.requireNonNull(webhookUrl, "webhookUrl");
    }

    @Override
    public String type() {
      return "slack";
    }

    @Override
    public String toString() {
      return "Slack[name=" + name + ", webhook_url=" + webhookUrl + ", timeout=" + timeout + ", zone=" + zone + "]";
    }
  }

  /** How the e-mail notifier uses STARTTLS. */
  enum StartTls {
    /** Upgrade or fail: a server that does not offer STARTTLS is a fatal error (the default). */
    REQUIRED,
    /** Upgrade when the server offers it, else go on in clear. */
    OPTIONAL,
    /** Never upgrade (a local relay). */
    OFF
  }

  /**
   * SMTP. {@code host} (required); {@code port} (default 587, 25 with {@code starttls: off});
   * {@code starttls} ({@code required} (default), {@code optional}, {@code off});
   * {@code username} and {@code password} (secret), both or neither; {@code from} (required, an
   * address, may carry a display name); {@code to} (required, one address or a list, at most
   * 50); {@code timeout} (connect, read and write, default 10s); {@code connect_timeout} (default:
   * {@code timeout}); {@code subject_prefix} (default {@code [Veille]}); {@code zone} (default
   * UTC); {@code digest} (the daily digest: {@code true} for 08:00 in {@code zone}, or
   * {@code {at: "07:30", zone: Europe/Paris}}; default none).
   */
  record Email(String name, String host, int port, StartTls starttls, String username, Secret password,
      InternetAddress from, List<InternetAddress> to, Duration timeout, Duration connectTimeout, String subjectPrefix,
      ZoneId zone, Digest digest) implements ReceiverConfig {
    public Email {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(from, "from");
      to = List.copyOf(to);
      if (to.isEmpty()) {
        throw new IllegalArgumentException("to must not be empty");
      }
      if ((username == null) != (password == null)) {
        throw new IllegalArgumentException("username and password go together");
      }
    }

    @Override
    public String type() {
      return "email";
    }

    @Override
    public String toString() {
      return "Email[name=" + name + ", host=" + host + ", port=" + port + ", starttls=" + starttls
          + ", username=" + username + ", password=" + password + ", from=" + from + ", to=" + to
          + ", timeout=" + timeout + ", connect_timeout=" + connectTimeout + ", digest=" + digest + "]";
    }
  }

  /**
   * When an e-mail receiver gets its daily digest: every day at {@code at} in {@code zone}, the
   * summary of the previous day (midnight to midnight in {@code zone}).
   */
  record Digest(java.time.LocalTime at, ZoneId zone) {
    public static final java.time.LocalTime DEFAULT_AT = java.time.LocalTime.of(8, 0);

    public Digest {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(zone, "zone");
    }

    /** The day whose digest is the latest one due at {@code now}: the day before the last {@code at} passed. */
    public java.time.LocalDate latestDueDay(java.time.Instant now) {
      java.time.ZonedDateTime local = now.atZone(zone);
      java.time.LocalDate today = local.toLocalDate();
      return sendAt(today.minusDays(1)).isAfter(now) ? today.minusDays(2) : today.minusDays(1);
    }

    /** When the digest of {@code day} is due: the next day at {@code at} in {@code zone}. */
    public java.time.Instant sendAt(java.time.LocalDate day) {
      return day.plusDays(1).atTime(at).atZone(zone).toInstant();
    }

    @Override
    public String toString() {
      return at + " " + zone;
    }
  }

  /**
   * A generic signed webhook. {@code url} (required, http or https; it is never printed beyond
   * its host); {@code secret} (secret, required, at least 16 characters: the HMAC-SHA256 key);
   * {@code timeout} (default 10s).
   */
  record Webhook(String name, URI url, Secret secret, Duration timeout) implements ReceiverConfig {
    public Webhook {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String type() {
      return "webhook";
    }

    @Override
    public String toString() {
      return "Webhook[name=" + name + ", url=" + url.getScheme() + "://" + url.getHost()
          + (url.getPort() >= 0 ? ":" + url.getPort() : "") + "/…, secret=" + secret + ", timeout=" + timeout + "]";
    }
  }

  /** Lines on the process's console. {@code zone} (default UTC). */
  record Console(String name, ZoneId zone) implements ReceiverConfig {
    @Override
    public String type() {
      return "console";
    }
  }

  /** Every entry of a {@code receivers:} list; names must be unique (an entry without one is named by its type). */
  static List<ReceiverConfig> parseAll(String path, Object list, Secrets secrets) {
    if (!(list instanceof List<?> entries)) {
      throw new ConfigException(path, "must be a list of receivers, not a " + (list == null ? "nothing" : ConfigNode.kind(list)));
    }
    List<ReceiverConfig> out = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      String where = path + "[" + i + "]";
      ReceiverConfig r = parse(where, entries.get(i), secrets);
      Integer before = seen.putIfAbsent(r.name(), i);
      if (before != null) {
        throw new ConfigException(where + ".name", "'" + r.name() + "' is already the name of " + path + "[" + before
            + "] (give each receiver its own name)");
      }
      out.add(r);
    }
    return List.copyOf(out);
  }

  /** One {@code receivers:} entry at {@code path} ({@code receivers[2]}). */
  static ReceiverConfig parse(String path, Object entry, Secrets secrets) {
    ConfigNode node = ConfigNode.of(path, entry);
    List<String> types = node.keys().stream().filter(TYPES::contains).toList();
    Set<String> known = new java.util.HashSet<>(TYPES);
    known.add("name");
    node.allowOnly(known);
    if (types.isEmpty()) {
      throw new ConfigException(path, "names no receiver: give one of " + String.join(", ", TYPES));
    }
    if (types.size() > 1) {
      throw new ConfigException(path, "has " + String.join(" and ", types) + ": one receiver type per entry");
    }
    String type = types.get(0);
    String name = node.string("name", type);
    if (!NAME.matcher(name).matches()) {
      throw node.error("name", "must be 1-64 lower-case letters, digits, '-' or '_' (was '" + Texts.fit(name, 64) + "')");
    }
    ConfigNode c = node.child(type);
    return switch (type) {
      case "slack" -> slack(name, c, secrets);
      case "email" -> email(name, c, secrets);
      case "webhook" -> webhook(name, c, secrets);
      default -> console(name, c);
    };
  }

  private static Slack slack(String name, ConfigNode c, Secrets secrets) {
    c.allowOnly(Set.of("webhook_url", "timeout", "zone"));
    Secret url = c.secret("webhook_url", secrets, true);
    URI u = parseUrl(url.reveal());
    if (u == null || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()) && loopback(u.getHost()))) {
      // never the value: it is the credential
      throw c.error("webhook_url", "the secret from " + url.source() + " is not an https URL (http only on a "
          + "loopback host)");
    }
    return new Slack(name, url, timeout(c), c.zone("zone", ZoneOffset.UTC));
  }

  private static Email email(String name, ConfigNode c, Secrets secrets) {
    c.allowOnly(Set.of("host", "port", "starttls", "username", "password", "from", "to", "timeout",
        "connect_timeout", "subject_prefix", "zone", "digest"));
    String host = c.string("host");
    if (!host.matches("[A-Za-z0-9.:\\[\\]_-]{1,253}")) {
      throw c.error("host", "not a host name or address: '" + Texts.fit(host, 60) + "'");
    }
    StartTls tls = starttls(c);
    int port = c.integer("port", tls == StartTls.OFF ? 25 : 587, 1, 65_535);
    String username = c.string("username", null);
    Secret password = c.secret("password", secrets, false);
    if (username != null && password == null) {
      throw c.error("password", "required with username");
    }
    if (password != null && username == null) {
      throw c.error("username", "required with password");
    }
    if (password != null && tls == StartTls.OFF && !loopback(host)) {
      throw c.error("starttls", "off with a password would send it in clear to " + host
          + "; use required (or optional), or a relay on this host");
    }
    InternetAddress from = address(c, "from", c.string("from"));
    List<String> toText = c.strings("to", true, 50);
    List<InternetAddress> to = new ArrayList<>();
    for (int i = 0; i < toText.size(); i++) {
      to.add(address(c, "to[" + i + "]", toText.get(i)));
    }
    Duration timeout = timeout(c);
    Duration connect = c.duration("connect_timeout", timeout, MIN_TIMEOUT, MAX_TIMEOUT);
    String prefix = c.string("subject_prefix", "[Veille]");
    if (prefix.length() > 40) {
      throw c.error("subject_prefix", "at most 40 characters");
    }
    ZoneId zone = c.zone("zone", ZoneOffset.UTC);
    return new Email(name, host, port, tls, username, password, from, to, timeout, connect, Texts.fit(prefix, 40),
        zone, digest(c, zone));
  }

  /** {@code digest: true | false | {at: "HH:MM", zone: Region/City}}; absent or false: none. */
  private static Digest digest(ConfigNode c, ZoneId receiverZone) {
    Object v = c.raw("digest");
    if (v == null || v instanceof Boolean || v instanceof String) {
      return c.bool("digest", false) ? new Digest(Digest.DEFAULT_AT, receiverZone) : null;
    }
    if (!(v instanceof Map<?, ?>)) {
      throw c.error("digest", "must be true, false or a mapping {at: \"08:00\", zone: Europe/Paris}");
    }
    ConfigNode d = c.child("digest").allowOnly(Set.of("at", "zone"));
    java.time.LocalTime at = Digest.DEFAULT_AT;
    Object raw = d.rawValue("at");
    if (raw != null) {
      // a YAML 1.1 reader turns an unquoted 08:00 into the number 480 (sexagesimal): refuse it plainly
      String text = raw instanceof String s ? s.strip() : null;
      if (text == null || !text.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
        throw d.error("at", "must be a time of day \"HH:MM\" (00:00 to 23:59) in quotes, was "
            + (text == null ? "a " + ConfigNode.kind(raw) + " (quote it: at: \"08:00\")" : "'" + Texts.fit(text, 20) + "'"));
      }
      at = java.time.LocalTime.parse(text);
    }
    return new Digest(at, d.zone("zone", receiverZone));
  }

  private static StartTls starttls(ConfigNode c) {
    if (c.raw("starttls") instanceof Boolean b) {
      // a YAML 1.1 reader turns a bare off into false
      return b ? StartTls.REQUIRED : StartTls.OFF;
    }
    return StartTls.valueOf(c.choice("starttls", "required", List.of("required", "optional", "off"))
        .toUpperCase(Locale.ROOT));
  }

  private static Webhook webhook(String name, ConfigNode c, Secrets secrets) {
    c.allowOnly(Set.of("url", "secret", "timeout"));
    String text = c.string("url");
    URI u = parseUrl(text);
    if (u == null || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()))) {
      throw c.error("url", "must be an absolute http(s) URL");
    }
    Secret secret = c.secret("secret", secrets, true);
    if (secret.reveal().length() < 16) {
      throw c.error("secret", "the secret from " + secret.source() + " is shorter than 16 characters; use a random "
          + "value of 32 or more");
    }
    return new Webhook(name, u, secret, timeout(c));
  }

  private static Console console(String name, ConfigNode c) {
    c.allowOnly(Set.of("zone"));
    return new Console(name, c.zone("zone", ZoneOffset.UTC));
  }

  private static Duration timeout(ConfigNode c) {
    return c.duration("timeout", DEFAULT_TIMEOUT, MIN_TIMEOUT, MAX_TIMEOUT);
  }

  private static InternetAddress address(ConfigNode c, String key, String text) {
    try {
      InternetAddress a = new InternetAddress(text, true);
      if (a.getAddress() == null || !a.getAddress().contains("@") || a.isGroup()) {
        throw new AddressException("not a mailbox");
      }
      return a;
    } catch (AddressException e) {
      throw new ConfigException(c.path(key), "not an e-mail address: '" + Texts.fit(text, 80) + "'");
    }
  }

  private static URI parseUrl(String s) {
    try {
      URI u = new URI(s.strip());
      return u.isAbsolute() && u.getHost() != null ? u : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static boolean loopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false; // a name: never looked up here
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
