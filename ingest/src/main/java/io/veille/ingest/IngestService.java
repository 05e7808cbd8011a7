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
    Map<String, HttpService.Route> routes = new LinkedHashMap<>();
    routes.put("/health", new HealthHandler(this::statuses, this::intakeStats, InstantSource.system()));
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
    if (intakeProducer != null) {
      intakeProducer.close(Duration.ofSeconds(10));
    }
  }
}
