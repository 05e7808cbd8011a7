package io.veille.ingest.testing;

import io.veille.common.config.VeilleConfig;
import io.veille.common.json.MentionJson;
import io.veille.common.kafka.EmbeddedKafka;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.Mention;
import io.veille.common.topic.DeadLetters;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import io.veille.ingest.runtime.ConnectorRunner;
import io.veille.ingest.runtime.Runners;
import io.veille.ingest.spi.Connector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Integration-test support for connectors: a real embedded broker with the catalogue's topics,
 * runners started the way production starts them (stored cursor, transactional producer), and
 * readers of raw and DLQ records (read_committed) filtered by source or connector.
 *
 * <p>Either {@code new IngestHarness(dir)} (started at once, closed by the test), or one broker per
 * test class as a JUnit extension:
 * {@code @RegisterExtension static final IngestHarness harness = IngestHarness.perClass();}
 * (started before the class's first test in a temporary folder, closed and deleted after its last).
 */
public final class IngestHarness implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
  private EmbeddedKafka kafka;
  private VeilleConfig config;
  private Path ownDir;
  private final List<Thread> threads = new ArrayList<>();
  private final List<ConnectorRunner> runners = new ArrayList<>();

  public IngestHarness(Path dir) {
    open(dir);
  }

  private IngestHarness() {
  }

  /** A harness started by JUnit before the class's tests and closed after them. */
  public static IngestHarness perClass() {
    return new IngestHarness();
  }

  private void open(Path dir) {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    config = VeilleConfig.defaults().withBootstrapServers(kafka.bootstrapServers());
    TopicAdmin.createMissing(KafkaClients.admin(config, "it"), Topics.ALL, (short) 1);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    ownDir = Files.createTempDirectory("veille-it-");
    open(ownDir);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      close();
    } finally {
      try (var paths = Files.walk(ownDir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  public VeilleConfig config() {
    return config;
  }

  public String bootstrap() {
    return kafka.bootstrapServers();
  }

  /** Starts a runner for {@code connector} from its stored cursor, on its own thread. */
  public ConnectorRunner start(Connector connector) {
    ConnectorRunner r = Runners.create(connector, config);
    Thread t = Thread.ofPlatform().name("it-" + connector.id()).start(r);
    threads.add(t);
    runners.add(r);
    return r;
  }

  /** Stops a runner and waits for it. */
  public void stop(ConnectorRunner r) throws InterruptedException {
    r.stop();
    if (!r.awaitStopped(Duration.ofSeconds(30))) {
      throw new AssertionError("runner " + r.status().id() + " did not stop within 30 s");
    }
  }

  /** Every committed mention on raw matching {@code filter}; waits until at least {@code expected}, then settles. */
  public List<Mention> raw(Predicate<Mention> filter, int expected, Duration timeout) {
    return read(Topics.MENTIONS_RAW.name(), expected, timeout, r -> {
      Mention m = MentionJson.read(r.value());
      return filter.test(m) ? m : null;
    });
  }

  /** Committed DLQ records whose origin header starts with {@code originPrefix}. */
  public List<ConsumerRecord<byte[], byte[]>> dlq(String originPrefix, int expected, Duration timeout) {
    return read(Topics.MENTIONS_DLQ.name(), expected, timeout, r -> {
      String o = DeadLetters.header(r.headers(), DeadLetters.ORIGIN);
      return o != null && o.startsWith(originPrefix) ? r : null;
    });
  }

  /** Reads {@code topic} from the start until {@code expected} mapped values, then 1 s with nothing new. */
  public <T> List<T> read(String topic, int expected, Duration timeout,
      java.util.function.Function<ConsumerRecord<byte[], byte[]>, T> map) {
    return read(topic, expected, timeout, map, "read_committed");
  }

  public <T> List<T> read(String topic, int expected, Duration timeout,
      java.util.function.Function<ConsumerRecord<byte[], byte[]>, T> map, String isolation) {
    Map<String, Object> props = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
        ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<T> out = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    long quietUntil = -1;
    try (var consumer = new KafkaConsumer<byte[], byte[]>(props)) {
      consumer.subscribe(List.of(topic));
      while (System.nanoTime() < deadline) {
        var batch = consumer.poll(Duration.ofMillis(200));
        int before = out.size();
        for (var r : batch) {
          T v = map.apply(r);
          if (v != null) {
            out.add(v);
          }
        }
        if (out.size() >= expected) {
          if (quietUntil < 0 || out.size() > before) {
            quietUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
          } else if (System.nanoTime() >= quietUntil) {
            return out;
          }
        }
      }
    }
    if (out.size() >= expected) {
      return out;
    }
    throw new AssertionError("expected " + expected + " records on " + topic + " within " + timeout + ", got " + out.size());
  }

  /**
   * The cursors a connector asked for, with consecutive repeats collapsed: a crashed runner may
   * retry the page it was committing before it sees its stop, so "page 2 twice" is not a count a
   * test can rely on; the order of distinct steps is (a restart from scratch shows as a step back).
   */
  public static List<String> steps(List<String> cursors) {
    List<String> out = new java.util.ArrayList<>();
    for (String c : cursors) {
      if (out.isEmpty() || !out.get(out.size() - 1).equals(c)) {
        out.add(c);
      }
    }
    return out;
  }

  public static String key(ConsumerRecord<byte[], byte[]> r) {
    return r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws InterruptedException {
    for (ConnectorRunner r : runners) {
      r.stop();
    }
    for (ConnectorRunner r : runners) {
      r.awaitStopped(Duration.ofSeconds(30));
    }
    kafka.close();
  }
}
