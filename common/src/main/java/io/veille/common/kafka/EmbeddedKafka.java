package io.veille.common.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) inside this process.
 * Data lives under a folder (default {@code ./.veille/kafka}); a restart on the same folder keeps
 * the topics and records. Ports are fixed or free ones; the ports a folder used are remembered
 * and reused when still free, so clients that knew the old address keep working.
 *
 * <p>Needs the broker artifacts ({@code kafka_2.13}, {@code kafka-server}) on the class path;
 * the services do not carry them, the demo and the tests do.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final String STATE_FILE = "veille-embedded.properties";

  private final Path dir;
  private final int port;
  private final int controllerPort;
  private final KafkaRaftServer server;
  private Duration startTime;
  private volatile boolean closed;

  private EmbeddedKafka(Path dir, int port, int controllerPort, KafkaRaftServer server, Duration startTime) {
    this.dir = dir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.server = server;
    this.startTime = startTime;
  }

  /** Options: folder, broker port (0 = free or remembered), extra broker settings. */
  public record Options(Path dir, int port, Map<String, String> brokerOverrides) {
    public Options {
      if (dir == null) {
        dir = Path.of(".veille", "kafka");
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
      }
      brokerOverrides = brokerOverrides == null ? Map.of() : Map.copyOf(brokerOverrides);
    }

    public static Options in(Path dir) {
      return new Options(dir, 0, Map.of());
    }

    public Options withPort(int p) {
      return new Options(dir, p, brokerOverrides);
    }

    public Options with(String key, String value) {
      var m = new java.util.HashMap<>(brokerOverrides);
      m.put(key, value);
      return new Options(dir, port, m);
    }
  }

  public static EmbeddedKafka start(Path dir) {
    return start(Options.in(dir));
  }

  public static EmbeddedKafka start(Options options) {
    long t0 = System.nanoTime();
    try {
      Path dir = options.dir().toAbsolutePath();
      Path logs = dir.resolve("logs");
      Files.createDirectories(logs);
      Properties remembered = readState(dir);
      int port = choosePort(options.port(), remembered.getProperty("port"));
      int controllerPort = choosePort(0, remembered.getProperty("controller.port"));
      if (controllerPort == port) {
        controllerPort = freePort();
      }

      Properties props = new Properties();
      props.put("process.roles", "broker,controller");
      props.put("node.id", "1");
      props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
      props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
      props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
      props.put("controller.listener.names", "CONTROLLER");
      props.put("inter.broker.listener.name", "PLAINTEXT");
      props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
      props.put("log.dirs", logs.toString());
      props.put("num.partitions", "1");
      props.put("auto.create.topics.enable", "false");
      props.put("offsets.topic.replication.factor", "1");
      props.put("offsets.topic.num.partitions", "5");
      props.put("transaction.state.log.replication.factor", "1");
      props.put("transaction.state.log.min.isr", "1");
      props.put("transaction.state.log.num.partitions", "5");
      props.put("share.coordinator.state.topic.replication.factor", "1");
      props.put("share.coordinator.state.topic.min.isr", "1");
      props.put("group.initial.rebalance.delay.ms", "0");
      props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
      props.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
      props.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
      props.putAll(options.brokerOverrides());

      Path config = dir.resolve("server.properties");
      try (Writer w = Files.newBufferedWriter(config)) {
        props.store(w, "written by Veille's EmbeddedKafka; regenerated at every start");
      }
      if (!Files.exists(logs.resolve("meta.properties"))) {
        format(config, remembered.getProperty("cluster.id", Uuid.randomUuid().toString()));
      }
      KafkaConfig kafkaConfig = KafkaConfig.fromProps(props, false);
      KafkaRaftServer server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
      server.startup();

      Properties state = new Properties();
      state.setProperty("port", Integer.toString(port));
      state.setProperty("controller.port", Integer.toString(controllerPort));
      writeState(dir, state);

      EmbeddedKafka kafka = new EmbeddedKafka(dir, port, controllerPort, server, null);
      try {
        kafka.awaitReady(Duration.ofSeconds(60));
      } catch (RuntimeException e) {
        kafka.close();
        throw e;
      }
      kafka.startTime = Duration.ofNanos(System.nanoTime() - t0);
      LOG.info("embedded Kafka ready at {} (data in {}) in {} ms", kafka.bootstrapServers(), dir, kafka.startTime.toMillis());
      return kafka;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the embedded broker: " + e.getMessage(), e);
    }
  }

  private static void format(Path config, String clusterId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc;
    try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      rc = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", config.toString(), "--ignore-formatted"}, ps);
    }
    if (rc != 0) {
      throw new IllegalStateException("formatting the broker's storage failed: " + out.toString(StandardCharsets.UTF_8));
    }
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000))) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (Exception e) {
          if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the embedded broker did not become ready in " + timeout, e);
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the embedded broker did not become ready in " + timeout);
        }
      }
    }
  }

  private static int choosePort(int requested, String remembered) throws IOException {
    if (requested > 0) {
      return requested;
    }
    if (remembered != null) {
      int p = Integer.parseInt(remembered);
      if (isFree(p)) {
        return p;
      }
    }
    return freePort();
  }

  private static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static Properties readState(Path dir) throws IOException {
    Properties p = new Properties();
    Path f = dir.resolve(STATE_FILE);
    if (Files.exists(f)) {
      try (Reader r = Files.newBufferedReader(f)) {
        p.load(r);
      }
    }
    Path meta = dir.resolve("logs").resolve("meta.properties");
    if (Files.exists(meta)) {
      Properties m = new Properties();
      try (Reader r = Files.newBufferedReader(meta)) {
        m.load(r);
      }
      if (m.getProperty("cluster.id") != null) {
        p.setProperty("cluster.id", m.getProperty("cluster.id"));
      }
    }
    return p;
  }

  private static void writeState(Path dir, Properties state) throws IOException {
    try (Writer w = Files.newBufferedWriter(dir.resolve(STATE_FILE))) {
      state.store(w, "ports last used by this folder's embedded broker");
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public int controllerPort() {
    return controllerPort;
  }

  public Path dir() {
    return dir;
  }

  /** Wall time from {@link #start} to a broker that answers metadata requests. */
  public Duration startTime() {
    return startTime;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    LOG.info("stopping embedded Kafka at {}", bootstrapServers());
    server.shutdown();
    server.awaitShutdown();
  }
}
