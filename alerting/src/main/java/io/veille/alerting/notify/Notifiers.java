package io.veille.alerting.notify;

import io.veille.common.config.Secrets;
import java.io.PrintWriter;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/** Builds notifiers from {@code receivers:} configuration. */
public final class Notifiers {
  private Notifiers() {}

  /**
   * The receivers of a {@code receivers:} list (what the YAML reader gave), validated strictly,
   * secrets resolved through {@code secrets}; every error names its path.
   *
   * @param path where the list is, for messages ({@code receivers})
   */
  public static List<ReceiverConfig> parse(String path, Object receivers, Secrets secrets) {
    return ReceiverConfig.parseAll(path, receivers, Objects.requireNonNull(secrets, "secrets"));
  }

  /** The notifier of one receiver; {@code console} is where a console receiver writes. */
  public static Notifier create(ReceiverConfig config, InstantSource clock, PrintWriter console) {
    Objects.requireNonNull(clock, "clock");
    return switch (config) {
      case ReceiverConfig.Slack s -> new SlackNotifier(s, clock);
      case ReceiverConfig.Email e -> new EmailNotifier(e, clock);
      case ReceiverConfig.Webhook w -> new WebhookNotifier(w, clock);
      case ReceiverConfig.Console c -> new ConsoleNotifier(c, Objects.requireNonNull(console, "console"));
    };
  }
}
