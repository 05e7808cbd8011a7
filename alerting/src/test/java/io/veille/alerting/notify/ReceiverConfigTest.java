package io.veille.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.veille.common.config.ConfigException;
import io.veille.common.config.Secrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code receivers:} entries as the YAML reader gives them, read strictly. */
class ReceiverConfigTest {
  static final String SLACK_URL = "https://hooks.slack.com/services/T0VEILLE/B0ALERTS/s3cr3tT0k3nXyZ";
  static final String HOOK_SECRET = "hmac-0123456789-abcdef-veille";
  static final String SMTP_PASSWORD = "Sm7p-pa55word";

  @TempDir
  Path tmp;

  final Map<String, String> env = new LinkedHashMap<>(Map.of(
      "SLACK_WEBHOOK_URL", SLACK_URL, "HOOK_SECRET", HOOK_SECRET));
  final Secrets secrets = new Secrets(env::get);

  static Object yaml(String text) throws Exception {
    return new ObjectMapper(new YAMLFactory()).readValue(text, Object.class);
  }

  List<ReceiverConfig> parse(String yaml) throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> root = (Map<String, Object>) yaml(yaml);
    return Notifiers.parse("receivers", root.get("receivers"), secrets);
  }

  ConfigException error(String yaml) {
    try {
      parse(yaml);
    } catch (ConfigException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no error for:\n" + yaml);
  }

  @Test
  void readsEveryKindOfReceiverFromYaml() throws Exception {
    Path password = tmp.resolve("smtp");
    Files.writeString(password, SMTP_PASSWORD + "\n");

    List<ReceiverConfig> rs = parse("""
        receivers:
          - name: crisis-slack
            slack: {webhook_url: "env:SLACK_WEBHOOK_URL", timeout: 5s, zone: Europe/Paris}
          - name: crisis-mail
            email:
              host: smtp.example.org
              username: veille
              password: "file:%s"
              from: "Veille <veille@example.org>"
              to: [pr@example.org, cm@example.org]
              timeout: 10s
              connect_timeout: 3s
              digest: true
          - name: ops-hook
            webhook: {url: "https://hooks.example.org/veille?token=abc", secret: "env:HOOK_SECRET"}
          - console: {}
        """.formatted(password));

    assertThat(rs).extracting(ReceiverConfig::name).containsExactly("crisis-slack", "crisis-mail", "ops-hook", "console");
    ReceiverConfig.Slack slack = (ReceiverConfig.Slack) rs.get(0);
    assertThat(slack.webhookUrl().reveal()).isEqualTo(SLACK_URL);
    assertThat(slack.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(slack.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
    ReceiverConfig.Email mail = (ReceiverConfig.Email) rs.get(1);
    assertThat(mail.port()).isEqualTo(587);
    assertThat(mail.starttls()).isEqualTo(ReceiverConfig.StartTls.REQUIRED);
    assertThat(mail.password().reveal()).isEqualTo(SMTP_PASSWORD);
    assertThat(mail.from().getPersonal()).isEqualTo("Veille");
    assertThat(mail.to()).extracting(Object::toString).containsExactly("pr@example.org", "cm@example.org");
    assertThat(mail.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(mail.subjectPrefix()).isEqualTo("[Veille]");
    assertThat(mail.digest()).isEqualTo(new ReceiverConfig.Digest(java.time.LocalTime.of(8, 0), ZoneOffset.UTC));
    ReceiverConfig.Webhook hook = (ReceiverConfig.Webhook) rs.get(2);
    assertThat(hook.timeout()).isEqualTo(ReceiverConfig.DEFAULT_TIMEOUT);
    assertThat(hook.secret().reveal()).isEqualTo(HOOK_SECRET);
    assertThat(rs.get(3)).isEqualTo(new ReceiverConfig.Console("console", ZoneOffset.UTC));

    StringWriter out = new StringWriter();
    for (ReceiverConfig r : rs) {
      try (Notifier n = Notifiers.create(r, Samples.CLOCK, new PrintWriter(out))) {
        assertThat(n.name()).isEqualTo(r.name());
      }
    }
  }

  @Test
  void theDigestIsAtATimeOfDayInAZoneAndCoversThePreviousDay() throws Exception {
    String mail = "receivers: [{email: {host: smtp.example.org, from: a@example.org, to: b@example.org, zone: Europe/Paris, %s}}]";
    assertThat(((ReceiverConfig.Email) parse(mail.formatted("digest: false")).get(0)).digest()).isNull();
    assertThat(((ReceiverConfig.Email) parse(mail.formatted("subject_prefix: x")).get(0)).digest()).isNull();
    assertThat(((ReceiverConfig.Email) parse(mail.formatted("digest: true")).get(0)).digest())
        .isEqualTo(new ReceiverConfig.Digest(java.time.LocalTime.of(8, 0), ZoneId.of("Europe/Paris")));
    ReceiverConfig.Digest d = ((ReceiverConfig.Email) parse(mail.formatted("digest: {at: \"07:30\", zone: UTC}")).get(0))
        .digest();
    assertThat(d).isEqualTo(new ReceiverConfig.Digest(java.time.LocalTime.of(7, 30), ZoneId.of("UTC")));
    java.time.LocalDate nov22 = java.time.LocalDate.parse("2026-11-22");
    assertThat(d.sendAt(nov22)).isEqualTo(java.time.Instant.parse("2026-11-23T07:30:00Z"));
    assertThat(d.latestDueDay(java.time.Instant.parse("2026-11-23T07:29:59Z"))).isEqualTo(nov22.minusDays(1));
    assertThat(d.latestDueDay(java.time.Instant.parse("2026-11-23T07:30:00Z"))).isEqualTo(nov22);
    ReceiverConfig.Digest paris = new ReceiverConfig.Digest(java.time.LocalTime.of(8, 0), ZoneId.of("Europe/Paris"));
    assertThat(paris.sendAt(nov22)).isEqualTo(java.time.Instant.parse("2026-11-23T07:00:00Z")); // CET, UTC+1
    assertThat(paris.latestDueDay(java.time.Instant.parse("2026-11-23T06:59:00Z"))).isEqualTo(nov22.minusDays(1));
  }

  @Test
  void unknownKeyIsRejectedWithItsPathAndTheKeyItProbablyMeant() {
    ConfigException e = error("""
        receivers:
          - console: {}
          - slack: {webhook_url: "env:SLACK_WEBHOOK_URL"}
          - email: {host: smtp.example.org, tls: required, from: a@example.org, to: b@example.org}
        """);
    assertThat(e.getMessage()).isEqualTo("receivers[2].email.tls: unknown key (did you mean starttls?)");
    assertThat(e.key()).isEqualTo("receivers[2].email.tls");

    assertThat(error("""
        receivers:
          - slack: {webhook-url: "env:SLACK_WEBHOOK_URL"}
        """).getMessage()).isEqualTo("receivers[0].slack.webhook-url: unknown key (did you mean webhook_url?)");
    assertThat(error("""
        receivers:
          - webhook: {url: "https://x.example/h", secret: "env:HOOK_SECRET", retries: 3}
        """).getMessage()).isEqualTo("receivers[0].webhook.retries: unknown key (known keys: secret, timeout, url)");
    assertThat(error("""
        receivers:
          - name: a
            slak: {webhook_url: "env:SLACK_WEBHOOK_URL"}
        """).getMessage()).isEqualTo("receivers[0].slak: unknown key (did you mean slack?)");
  }

  @Test
  void requiredKeysAreNamed() {
    assertThat(error("receivers: [{email: {from: a@example.org, to: [b@example.org]}}]").getMessage())
        .isEqualTo("receivers[0].email.host: required");
    assertThat(error("receivers: [{email: {host: smtp.example.org, to: [b@example.org]}}]").getMessage())
        .isEqualTo("receivers[0].email.from: required");
    assertThat(error("receivers: [{email: {host: smtp.example.org, from: a@example.org}}]").getMessage())
        .isEqualTo("receivers[0].email.to: required (a list)");
    assertThat(error("receivers: [{email: {host: h, from: a@example.org, to: []}}]").getMessage())
        .isEqualTo("receivers[0].email.to: must not be empty");
    assertThat(error("receivers: [{slack: {}}]").getMessage())
        .isEqualTo("receivers[0].slack.webhook_url: required (write env:VARIABLE or file:/path/to/secret)");
    assertThat(error("receivers: [{webhook: {url: \"https://x.example/h\"}}]").getMessage())
        .isEqualTo("receivers[0].webhook.secret: required (write env:VARIABLE or file:/path/to/secret)");
    assertThat(error("receivers: [{name: lonely}]").getMessage())
        .isEqualTo("receivers[0]: names no receiver: give one of slack, email, webhook, console");
    assertThat(error("receivers: [{console: {}, slack: {webhook_url: \"env:SLACK_WEBHOOK_URL\"}}]").getMessage())
        .isEqualTo("receivers[0]: has console and slack: one receiver type per entry");
    assertThat(error("receivers: [{email: {host: h, username: u, from: a@example.org, to: b@example.org}}]")
        .getMessage()).isEqualTo("receivers[0].email.password: required with username");
  }

  @Test
  void typesAndBoundsAreChecked() {
    String mail = "receivers: [{email: {host: smtp.example.org, from: a@example.org, to: b@example.org, %s}}]";
    assertThat(error(mail.formatted("port: abc")).getMessage()).isEqualTo("receivers[0].email.port: must be an integer, not 'abc'");
    assertThat(error(mail.formatted("port: 70000")).getMessage())
        .isEqualTo("receivers[0].email.port: must be in [1, 65535], was 70000");
    assertThat(error(mail.formatted("timeout: 10")).getMessage()).startsWith("receivers[0].email.timeout: must be a "
        + "duration with its unit (examples: 90s");
    assertThat(error(mail.formatted("timeout: 10 parsecs")).getMessage()).startsWith("receivers[0].email.timeout: not a duration");
    assertThat(error(mail.formatted("timeout: 1h")).getMessage())
        .isEqualTo("receivers[0].email.timeout: must be between 100ms and 5m, was 1h");
    assertThat(error(mail.formatted("starttls: maybe")).getMessage())
        .isEqualTo("receivers[0].email.starttls: must be one of required, optional, off, was 'maybe'");
    assertThat(error(mail.formatted("digest: yes please")).getMessage()).isEqualTo("receivers[0].email.digest: must be true or false");
    assertThat(error(mail.formatted("digest: [a]")).getMessage())
        .isEqualTo("receivers[0].email.digest: must be true, false or a mapping {at: \"08:00\", zone: Europe/Paris}");
    assertThat(error(mail.formatted("digest: {at: \"25:00\"}")).getMessage())
        .isEqualTo("receivers[0].email.digest.at: must be a time of day \"HH:MM\" (00:00 to 23:59) in quotes, was '25:00'");
    assertThat(error(mail.formatted("digest: {at: 8}")).getMessage()).isEqualTo("receivers[0].email.digest.at: must be a "
        + "time of day \"HH:MM\" (00:00 to 23:59) in quotes, was a number (quote it: at: \"08:00\")");
    assertThat(error(mail.formatted("digest: {at: \"08:00\", zone: Mars/Olympus}")).getMessage())
        .isEqualTo("receivers[0].email.digest.zone: unknown time zone 'Mars/Olympus' (e.g. UTC, Europe/Paris)");
    assertThat(error(mail.formatted("digest: {hour: \"08:00\"}")).getMessage())
        .isEqualTo("receivers[0].email.digest.hour: unknown key (known keys: at, zone)");
    assertThat(error(mail.formatted("zone: Mars/Olympus")).getMessage())
        .isEqualTo("receivers[0].email.zone: unknown time zone 'Mars/Olympus' (e.g. UTC, Europe/Paris)");
    assertThat(error(mail.formatted("host: [a, b]")).getMessage()).isEqualTo("receivers[0].email.host: must be a string, not a list");
    assertThat(error("receivers: [{email: {host: h, from: a@example.org, to: [b@example.org, \"not an address\"]}}]")
        .getMessage()).isEqualTo("receivers[0].email.to[1]: not an e-mail address: 'not an address'");
    assertThat(error("receivers: [{console: {}, name: \"Crisis Room\"}]").getMessage())
        .isEqualTo("receivers[0].name: must be 1-64 lower-case letters, digits, '-' or '_' (was 'Crisis Room')");
    assertThat(error("receivers: [{console: {}}, {console: {}}]").getMessage())
        .isEqualTo("receivers[1].name: 'console' is already the name of receivers[0] (give each receiver its own name)");
    assertThat(error("receivers: {console: {}}").getMessage()).isEqualTo("receivers: must be a list of receivers, not a mapping");
    assertThat(error("receivers: [{webhook: {url: \"ftp://x.example/h\", secret: \"env:HOOK_SECRET\"}}]").getMessage())
        .isEqualTo("receivers[0].webhook.url: must be an absolute http(s) URL");
  }

  @Test
  void starttlsOffWithAPasswordIsRefusedUnlessTheRelayIsLocal() throws Exception {
    env.put("SMTP_PASSWORD", SMTP_PASSWORD);
    ConfigException e = error("""
        receivers:
          - email: {host: smtp.example.org, starttls: off, username: u, password: "env:SMTP_PASSWORD",
                    from: a@example.org, to: b@example.org}
        """);
    assertThat(e.getMessage()).startsWith("receivers[0].email.starttls: off with a password would send it in clear")
        .doesNotContain(SMTP_PASSWORD);

    ReceiverConfig.Email local = (ReceiverConfig.Email) parse("""
        receivers:
          - email: {host: 127.0.0.1, starttls: off, username: u, password: "env:SMTP_PASSWORD",
                    from: a@example.org, to: b@example.org}
        """).get(0);
    assertThat(local.starttls()).isEqualTo(ReceiverConfig.StartTls.OFF);
    assertThat(local.port()).isEqualTo(25);
  }

  @Test
  void secretsAreReferencesNeverInline() throws Exception {
    ConfigException inline = error("receivers: [{slack: {webhook_url: \"" + SLACK_URL + "\"}}]");
    assertThat(inline.getMessage())
        .isEqualTo("receivers[0].slack.webhook_url: secrets are never written inline: write env:VARIABLE or file:/path/to/secret")
        .doesNotContain("s3cr3t");

    assertThat(error("receivers: [{slack: {webhook_url: \"env:NOT_SET\"}}]").getMessage())
        .isEqualTo("receivers[0].slack.webhook_url: environment variable NOT_SET is not set");
    assertThat(error("receivers: [{slack: {webhook_url: \"env:\"}}]").getMessage())
        .startsWith("receivers[0].slack.webhook_url: env: must name an environment variable");
    Path missing = tmp.resolve("nope");
    assertThat(error("receivers: [{webhook: {url: \"https://x.example/h\", secret: \"file:" + missing + "\"}}]").getMessage())
        .isEqualTo("receivers[0].webhook.secret: cannot read secret file " + missing + " (NoSuchFileException)");
    Path empty = Files.writeString(tmp.resolve("empty"), "\n");
    assertThat(error("receivers: [{webhook: {url: \"https://x.example/h\", secret: \"file:" + empty + "\"}}]").getMessage())
        .isEqualTo("receivers[0].webhook.secret: secret file " + empty + " is empty (its first line is the secret)");
    assertThat(error("receivers: [{webhook: {url: \"https://x.example/h\", secret: 12345}}]").getMessage())
        .isEqualTo("receivers[0].webhook.secret: must be a secret reference (write env:VARIABLE or file:/path/to/secret), "
            + "not a number");
  }

  @Test
  void aResolvedSecretIsCheckedWithoutShowingIt() {
    env.put("SLACK_WEBHOOK_URL", "http://hooks.example.org/services/T/B/s3cr3tT0k3nXyZ");
    ConfigException notHttps = error("receivers: [{slack: {webhook_url: \"env:SLACK_WEBHOOK_URL\"}}]");
    assertThat(notHttps.getMessage()).isEqualTo("receivers[0].slack.webhook_url: the secret from env:SLACK_WEBHOOK_URL "
        + "is not an https URL (http only on a loopback host)").doesNotContain("s3cr3t");

    env.put("SHORT", "tiny-s3cret");
    ConfigException shortSecret = error("receivers: [{webhook: {url: \"https://x.example/h\", secret: \"env:SHORT\"}}]");
    assertThat(shortSecret.getMessage()).startsWith("receivers[0].webhook.secret: the secret from env:SHORT is shorter "
        + "than 16 characters").doesNotContain("tiny-s3cret");
  }

  @Test
  void noSecretInToString() throws Exception {
    Path password = Files.writeString(tmp.resolve("smtp"), SMTP_PASSWORD);
    List<ReceiverConfig> rs = parse("""
        receivers:
          - slack: {webhook_url: "env:SLACK_WEBHOOK_URL"}
          - email: {host: smtp.example.org, username: veille, password: "file:%s", from: a@example.org, to: b@example.org}
          - webhook: {url: "https://hooks.example.org/veille/t0k3n-in-path?sig=abc", secret: "env:HOOK_SECRET"}
        """.formatted(password));
    StringWriter console = new StringWriter();
    for (ReceiverConfig r : rs) {
      Notifier n = Notifiers.create(r, Samples.CLOCK, new PrintWriter(console));
      for (String shown : List.of(r.toString(), n.toString())) {
        assertThat(shown).doesNotContain("s3cr3tT0k3nXyZ").doesNotContain("/services/").doesNotContain(HOOK_SECRET)
            .doesNotContain(SMTP_PASSWORD).doesNotContain("t0k3n-in-path").doesNotContain("sig=abc");
      }
      n.close();
    }
    assertThat(rs.get(0).toString()).contains("webhook_url=secret(env:SLACK_WEBHOOK_URL)");
    assertThat(rs.get(1).toString()).contains("password=secret(file:" + password + ")");
    assertThat(rs.get(2).toString()).contains("url=https://hooks.example.org/…").contains("secret=secret(env:HOOK_SECRET)");
  }

  @Test
  void nearestKeyPrefersContainmentThenASmallEditDistance() {
    java.util.Set<String> keys = java.util.Set.of("host", "port", "starttls", "username", "password", "from", "to",
        "timeout", "connect_timeout", "subject_prefix", "zone", "digest");
    assertThat(ConfigNode.nearest("tls", keys)).isEqualTo("starttls");
    assertThat(ConfigNode.nearest("user", keys)).isEqualTo("username");
    assertThat(ConfigNode.nearest("hots", keys)).isNull(); // two edits on a short key: no guess
    assertThat(ConfigNode.nearest("pasword", keys)).isEqualTo("password");
    assertThat(ConfigNode.nearest("connect-timeout", keys)).isEqualTo("connect_timeout");
    assertThat(ConfigNode.nearest("recipients", keys)).isNull();
  }
}
