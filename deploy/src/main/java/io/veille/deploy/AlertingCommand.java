package io.veille.deploy;

import io.veille.alerting.route.AlertingConfig;
import io.veille.alerting.runtime.AlertingService;
import io.veille.alerting.runtime.DeliveryService;
import io.veille.common.config.Secrets;
import io.veille.common.config.VeilleConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code veille alerting}: incidents from signals, routed to Slack, e-mail, webhooks and the console, until stopped. */
@Command(name = "alerting", mixinStandardHelpOptions = true,
    description = {"Run the alerting service: incidents from veille.signals, routing, silences, inhibition,",
        "delivery to the receivers of the rules file (alerting.yml; see alerting/README.md), the daily",
        "e-mail digests, and the HTTP API (default http://127.0.0.1:8082/api/v1/)."})
public final class AlertingCommand implements Callable<Integer> {
  private static final Pattern INSTANCE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

  @Mixin
  KafkaOptions kafka;

  @Option(names = "--rules", paramLabel = "FILE", description = "Receivers, routes, inhibition, delivery "
      + "(default: a console receiver for every incident).")
  Path rules;

  @Option(names = "--instance", paramLabel = "ID", defaultValue = "0", description = "This instance's id, stable "
      + "across restarts (its transactions fence a zombie of itself; instances share the watches by partition) "
      + "(default: ${DEFAULT-VALUE}).")
  String instance;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!INSTANCE.matcher(instance).matches()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--instance: 1-32 lower-case letters, digits, '-' or '_'");
    }
    VeilleConfig config = kafka.load();
    AlertingConfig rulesConfig = rules == null ? AlertingConfig.parse(null, Secrets.fromEnvironment())
        : AlertingConfig.load(rules, Secrets.fromEnvironment());
    PrintWriter console = spec.commandLine().getOut();
    try (UntilStopped loop = new UntilStopped("alerting");
        AlertingService service = AlertingService.start(config, rulesConfig, InstantSource.system(), instance, console)) {
      console.printf("veille alerting: instance %s, %d receiver(s) (%s); Ctrl-C to stop%n", instance,
          rulesConfig.receivers().size(), String.join(", ", rulesConfig.receivers().stream().map(r -> r.name()).toList()));
      if (service.url() != null) {
        console.printf("veille alerting: HTTP API at %s/api/v1/incidents (health: %s/health/ready, metrics: %s/metrics%s)%n",
            service.url(), service.url(), service.url(), rulesConfig.http().token() == null ? "" : "; bearer token from "
                + rulesConfig.http().token().source());
      } else {
        console.println("veille alerting: HTTP API off (http.enabled: false)");
      }
      console.flush();
      while (!loop.await(Duration.ofSeconds(60))) {
        if (service.failure() != null) {
          console.printf("veille alerting: stopped on an error: %s%n", service.failure());
          return 1;
        }
        long open = service.incidents().incidents().stream().filter(i -> i.isOpen()).count();
        var ds = service.deliveries().deliveries();
        console.printf("veille alerting: %d open incident(s); messages: %d delivered, %d waiting, %d failed%n", open,
            ds.stream().filter(d -> d.status() == DeliveryService.Status.DELIVERED).count(),
            ds.stream().filter(d -> !d.status().done()).count(),
            ds.stream().filter(d -> d.status() == DeliveryService.Status.FAILED
                || d.status() == DeliveryService.Status.GAVE_UP).count());
        console.flush();
      }
      console.println("veille alerting: stopping");
    }
    return 0;
  }
}
