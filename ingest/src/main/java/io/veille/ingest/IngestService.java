package io.veille.ingest;

import com.sun.net.httpserver.HttpServer;
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
import io.veille.ingest.spi.Connector;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
  private final HttpServer http;
  private final ExecutorService httpPool;
  private final KafkaProducer<byte[], byte[]> intakeProducer;
  private final IntakeHandler intake;

  private IngestService(IngestConfig ingest, VeilleConfig config) throws IOException {
    TopicAdmin.createMissing(KafkaClients.admin(config, "ingest-admin"), Topics.ALL, config.replicationFactor());
    Map<String, IngestCursor> cursors = CursorStore.load(config, config.get(VeilleConfig.REQUEST_TIMEOUT));
    for (IngestConfig.Source s : ingest.sources()) {
      for (Connector c : s.connectors()) {
        ConnectorRunner r = Runners.create(c, config, cursors, s.limiter());
        runners.add(r);
        threads.add(Thread.ofPlatform().name("ingest-" + c.id()).unstarted(r));
      }
    }
    if (!ingest.intakeTokens().isEmpty()) {
      intakeProducer = new KafkaProducer<>(KafkaClients.producer(config, "ingest-intake"));
      intake = new IntakeHandler(intakeProducer, ingest.intakeTokens(), ingest.intakeMaxBytes(), InstantSource.system());
    } else {
      intakeProducer = null;
      intake = null;
    }
    http = HttpServer.create(new InetSocketAddress(ingest.httpPort()), 64);
    http.createContext("/health", new HealthHandler(this::statuses, this::intakeStats, InstantSource.system()));
    if (intake != null) {
      http.createContext("/api/v1/", intake);
    }
    httpPool = Executors.newFixedThreadPool(Math.max(4, Runtime.getRuntime().availableProcessors() * 2));
    http.setExecutor(httpPool);
  }

  public static IngestService start(IngestConfig ingest, VeilleConfig config) throws IOException {
    IngestService s = new IngestService(ingest, config);
    s.http.start();
    s.threads.forEach(Thread::start);
    LOG.info("ingest: {} connector(s) running; health on http://localhost:{}/health{}", s.runners.size(), s.port(),
        s.intake == null ? "" : "; intake on http://localhost:" + s.port() + IntakeHandler.PATH);
    return s;
  }

  public int port() {
    return http.getAddress().getPort();
  }

  public List<ConnectorStatus> statuses() {
    return runners.stream().map(ConnectorRunner::status).toList();
  }

  private Map<String, Object> intakeStats() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (intake != null) {
      m.put("intake", Map.of("accepted", intake.accepted(), "rejected", intake.rejected()));
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
    http.stop(1);
    httpPool.shutdown();
    if (intakeProducer != null) {
      intakeProducer.close(Duration.ofSeconds(10));
    }
  }
}
