package io.veille.ingest;

import io.veille.common.config.VeilleConfig;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.IngestCursor;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import io.veille.ingest.config.IngestConfig;
import io.veille.ingest.intake.IntakeHandler;
import io.veille.ingest.runtime.ConnectorRunner;
import io.veille.ingest.runtime.ConnectorStatus;
import io.veille.ingest.runtime.CursorStore;
import io.veille.ingest.runtime.HealthHandler;
import io.veille.ingest.runtime.Runners;
import io.veille.common.http.HttpService;
import io.veille.ingest.spi.Connector;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest service: one runner thread per connector (resuming from its stored cursor), the
 * HTTP server with {@code /health} and, when tokens are configured, the intake endpoint.
 */
public final class IngestService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

  private final List<ConnectorRunner> runners = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final HttpService http;
  private final KafkaProducer<byte[], byte[]> intakeProducer;
  private final IntakeHandler intake;
  private final io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry;
  private final io.veille.common.ops.KafkaCheck kafkaCheck;

  private IngestService(IngestConfig ingest, VeilleConfig config) throws IOException {
    TopicAdmin.createMissing(KafkaClients.admin(config, "ingest-admin"), Topics.ALL, config.replicationFactor());
    Map<String, IngestCursor> cursors = CursorStore.load(config, config.get(VeilleConfig.REQUEST_TIMEOUT));
    for (IngestConfig.Source s : ingest.sources()) {
      for (Connector c : s.connectors()) {
        ConnectorRunner r = Runners.create(c, config, cursors, s.limiter())
            .limits(config.get(VeilleConfig.MAX_FUTURE), KafkaClients.maxRecordBytes(config));
        runners.add(r);
        threads.add(Thread.ofPlatform().name("ingest-" + c.id()).unstarted(r));
      }
    }
    if (!ingest.intakeTokens().isEmpty()) {
      intakeProducer = new KafkaProducer<>(KafkaClients.producer(config, "ingest-intake"));
      intake = new IntakeHandler(intakeProducer, ingest.intakeTokens(), new IntakeHandler.Limits(ingest.intakeMaxBytes(),
          KafkaClients.maxRecordBytes(config), config.get(VeilleConfig.MAX_FUTURE)), InstantSource.system());
    } else {
      intakeProducer = null;
      intake = null;
    }
    registry = io.veille.common.ops.Ops.registry("ingest");
    bind(registry);
    kafkaCheck = new io.veille.common.ops.KafkaCheck(config, "ingest-health");
    Map<String, HttpService.Route> routes = new LinkedHashMap<>();
    routes.put("/health", new HealthHandler(this::statuses, this::intakeStats, InstantSource.system()));
    // live: it serves (a failed connector is not cured by a restart: its reason is on /health);
    // ready: Kafka answers, so the intake can take mentions
    routes.putAll(io.veille.common.ops.Ops.routes(registry,
        () -> Map.of("process", io.veille.common.ops.Ops.Check.up(runners.size() + " connector(s)")),
        () -> Map.of("kafka", kafkaCheck.check())));
    if (intake != null) {
      routes.put("/api/v1/", intake);
    }
    http = HttpService.start(ingest.httpBind(), ingest.httpPort(), ingest.httpLimits(), routes);
  }

  public static IngestService start(IngestConfig ingest, VeilleConfig config) throws IOException {
    IngestService s = new IngestService(ingest, config);
    s.threads.forEach(Thread::start);
    String base = "http://" + ingest.httpBind() + ":" + s.port();
    LOG.info("ingest: {} connector(s) running; health on {}/health{}", s.runners.size(), base,
        s.intake == null ? "" : "; intake on " + base + IntakeHandler.PATH);
    return s;
  }

  public int port() {
    return http.port();
  }

  /** Per connector: records sent, rejected (to the DLQ), lag, consecutive failures; the intake's counts. */
  private void bind(io.micrometer.core.instrument.MeterRegistry r) {
    for (ConnectorRunner c : runners) {
      ConnectorStatus st = c.status();
      io.micrometer.core.instrument.FunctionCounter.builder("veille.connector.records", st, ConnectorStatus::records)
          .description("mentions the connector sent to veille.mentions.raw").tag("connector", st.id()).register(r);
      io.micrometer.core.instrument.FunctionCounter.builder("veille.connector.rejected", st, ConnectorStatus::rejected)
          .description("records the connector sent to veille.mentions.dlq").tag("connector", st.id()).register(r);
      io.micrometer.core.instrument.Gauge.builder("veille.connector.lag", st, x -> {
        var lag = x.lag(java.time.Instant.now());
        return lag == null ? Double.NaN : lag.toMillis() / 1000.0;
      }).description("seconds since the connector's newest mention was published").baseUnit("seconds")
          .tag("connector", st.id()).register(r);
      io.micrometer.core.instrument.Gauge.builder("veille.connector.failures", st, ConnectorStatus::consecutiveFailures)
          .description("consecutive failed polls (0 when the last one worked)").tag("connector", st.id()).register(r);
      io.micrometer.core.instrument.Gauge.builder("veille.connector.failed", st, x -> "failed".equals(x.state()) ? 1 : 0)
          .description("1 when the connector stopped for good (its reason is on /health)").tag("connector", st.id())
          .register(r);
    }
    if (intake != null) {
      io.micrometer.core.instrument.FunctionCounter.builder("veille.intake.accepted", intake, IntakeHandler::accepted)
          .description("mentions the intake accepted").register(r);
      io.micrometer.core.instrument.FunctionCounter.builder("veille.intake.rejected", intake, IntakeHandler::rejected)
          .description("mentions the intake refused (400 with the reason, or to the DLQ)").register(r);
    }
  }

  public List<ConnectorStatus> statuses() {
    return runners.stream().map(ConnectorRunner::status).toList();
  }

  private Map<String, Object> intakeStats() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (intake != null) {
      m.put("intake", Map.of("accepted", intake.accepted(), "rejected", intake.rejected(), "retry", intake.unacknowledged(),
          "maxRecordBytes", intake.limits().maxRecordBytes()));
    }
    return m;
  }

  /** One line per connector, for the periodic log. */
  public void logStatus() {
    var now = java.time.Instant.now();
    for (ConnectorStatus s : statuses()) {
      var lag = s.lag(now);
      LOG.info("connector {}: {} records={} rejected={} lag={} lastError={}", s.id(), s.state(), s.records(),
          s.rejected(), lag == null ? "-" : lag.toSeconds() + "s", s.lastError() == null ? "-" : s.lastError());
    }
  }

  @Override
  public void close() throws InterruptedException {
    runners.forEach(ConnectorRunner::stop);
    for (ConnectorRunner r : runners) {
      r.awaitStopped(Duration.ofSeconds(30));
    }
    http.close();
    kafkaCheck.close();
    if (intakeProducer != null) {
      intakeProducer.close(Duration.ofSeconds(10));
    }
  }
}
