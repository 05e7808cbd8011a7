package io.veille.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veille.common.config.VeilleConfig;
import io.veille.common.json.MentionJson;
import io.veille.common.kafka.EmbeddedKafka;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.Mention;
import io.veille.common.testing.KafkaTestSupport;
import io.veille.common.topic.DeadLetters;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.producer.ProducerConfig;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file replay against a real broker: exactly the good records on raw, the bad ones in the DLQ. */
class FileReplayIT {
  @TempDir
  static Path tmp;
  static EmbeddedKafka kafka;
  static VeilleConfig config;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
    config = VeilleConfig.defaults().withBootstrapServers(kafka.bootstrapServers());
    TopicAdmin.createMissing(KafkaClients.admin(config, "it"), Topics.ALL, (short) 1);
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void replaysGoodLinesOnceAndSendsBadLinesToTheDlqWithReasons() throws Exception {
    assertRoundTrip(kafka.bootstrapServers(), tmp);
  }

  /**
   * The broker round trip, shared with {@link KafkaImageReplayIT} (the official apache/kafka image):
   * replays 500 good lines and 3 bad ones and reads back exactly the good records from raw and the
   * bad ones, with their reasons, from the DLQ.
   */
  static void assertRoundTrip(String bootstrap, Path dir) throws Exception {
    VeilleConfig config = VeilleConfig.defaults().withBootstrapServers(bootstrap);
    TopicAdmin.createMissing(KafkaClients.admin(config, "it"), Topics.ALL, (short) 1);
    int good = 500;
    Path file = dir.resolve("mentions.jsonl");
    Files.write(file, ReplayFixtures.lines(good));

    ReplayProgress progress;
    try (var producer = new KafkaProducer<byte[], byte[]>(KafkaClients.producer(config, "it-replay"))) {
      progress = new FileReplay(producer).replay(file, Pacing.fast());
    }
    assertThat(progress.acked()).isEqualTo(good);
    assertThat(progress.dlq()).isEqualTo(3);
    assertThat(progress.recentErrors()).containsExactly(
        "mentions.jsonl line 3: publishedAt: not an ISO-8601 instant: 'yesterday'",
        "mentions.jsonl line 7: text: required",
        "mentions.jsonl line 11: not valid JSON: Unrecognized token 'this': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') at column 1");

    // other tests share the broker: keep this file's ids (test:0 .. test:499) and check each arrived once
    List<ConsumerRecord<byte[], byte[]>> raw = KafkaTestSupport.readAll(bootstrap,
        Topics.MENTIONS_RAW.name(), good, Duration.ofSeconds(30), Duration.ofMillis(500)).stream()
        .filter(r -> Integer.parseInt(new String(r.key(), StandardCharsets.UTF_8).substring(5)) < good).toList();
    assertThat(raw).hasSize(good);
    Map<String, Mention> byId = raw.stream().map(r -> MentionJson.read(r.value()))
        .collect(Collectors.toMap(Mention::id, Function.identity()));
    assertThat(byId.values()).containsExactlyInAnyOrderElementsOf(
        IntStream.range(0, good).mapToObj(ReplayFixtures::mention).toList());
    raw.forEach(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(MentionJson.read(r.value()).id()));

    List<ConsumerRecord<byte[], byte[]>> dlq = KafkaTestSupport.readAll(bootstrap,
        Topics.MENTIONS_DLQ.name(), 3, Duration.ofSeconds(30), Duration.ofMillis(500)).stream()
        .filter(r -> "mentions.jsonl".equals(DeadLetters.header(r.headers(), DeadLetters.ORIGIN))).toList();
    assertThat(dlq).hasSize(3);
    assertThat(dlq).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.LINE)).containsExactly("3", "7", "11");
    assertThat(dlq).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.STAGE)).containsOnly("replay");
    assertThat(dlq).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.ORIGIN)).containsOnly("mentions.jsonl");
    assertThat(dlq).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.FIELD)).containsExactly("publishedAt", "text", null);
    assertThat(DeadLetters.header(dlq.get(0).headers(), DeadLetters.ERROR)).startsWith("publishedAt: not an ISO-8601 instant");
    assertThat(new String(dlq.get(2).value(), StandardCharsets.UTF_8)).isEqualTo("this is not json");
  }

  /** A clock that only moves when the replay sleeps: the schedule is checked exactly and nothing sleeps. */
  static final class ManualClock implements InstantSource, FileReplay.Sleeper {
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    final List<Instant> wakeUps = new ArrayList<>();

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public void sleepUntil(Instant wakeAt) {
      wakeUps.add(wakeAt);
      if (wakeAt.isAfter(now)) {
        now = wakeAt;
      }
    }
  }

  @Test
  void theReplayAppliesTheEdgeRulesWithLineNumbers() throws Exception {
    VeilleConfig config = VeilleConfig.defaults().withBootstrapServers(kafka.bootstrapServers());
    String fmt = "{\"v\":1,\"id\":\"edge:%s\",\"source\":\"x\",\"text\":\"t %s\",\"publishedAt\":\"%s\"}";
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    for (String l : List.of(String.format(fmt, 1, 1, "2026-11-10T10:00:00Z"), String.format(fmt, 2, 2, "9999-12-31T23:59:59Z"),
        String.format(fmt, 3, 3, "1969-12-31T23:59:59Z"), String.format(fmt, 4, 4, "+1000000000-01-01T00:00:00Z"),
        String.format(fmt, 5, "x".repeat(1_100_000), "2026-11-10T10:00:00Z"))) {
      b.writeBytes((l + "\n").getBytes(StandardCharsets.UTF_8));
    }
    b.writeBytes(String.format(fmt, 6, "caf", "2026-11-10T10:00:00Z").replace("caf", "caf\u0000").getBytes(StandardCharsets.UTF_8));
    byte[] all = b.toByteArray();
    for (int i = all.length - 1; i > 0; i--) {
      if (all[i] == 0) {
        all[i] = (byte) 0xE9; // a Latin-1 é: not UTF-8
        break;
      }
    }
    ReplayProgress progress = new ReplayProgress();
    try (var producer = new KafkaProducer<byte[], byte[]>(KafkaClients.producer(config, "it-edge"))) {
      new FileReplay(producer).limits(FileReplay.DEFAULT_MAX_RECORD_BYTES, Duration.ofMinutes(15), java.time.InstantSource.system())
          .replay("edge.jsonl", new java.io.ByteArrayInputStream(all), Pacing.fast(), progress);
    }
    assertThat(progress.acked()).isEqualTo(1);
    assertThat(progress.dlq()).isEqualTo(5);
    assertThat(progress.recentErrors()).hasSize(5);
    assertThat(progress.recentErrors().get(0)).startsWith("edge.jsonl line 2: publishedAt: in the future");
    assertThat(progress.recentErrors().get(1)).startsWith("edge.jsonl line 3: publishedAt: before 1970");
    assertThat(progress.recentErrors().get(2)).startsWith("edge.jsonl line 4: publishedAt: after 9999");
    assertThat(progress.recentErrors().get(3)).startsWith("edge.jsonl line 5: line of").contains("per-record limit");
    assertThat(progress.recentErrors().get(4)).startsWith("edge.jsonl line 6: text: not valid UTF-8");
    List<ConsumerRecord<byte[], byte[]>> dlq = KafkaTestSupport.readAll(kafka.bootstrapServers(),
        Topics.MENTIONS_DLQ.name(), 5, Duration.ofSeconds(30), Duration.ofMillis(500)).stream()
        .filter(r -> "edge.jsonl".equals(DeadLetters.header(r.headers(), DeadLetters.ORIGIN))).toList();
    assertThat(dlq).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.LINE)).containsExactly("2", "3", "4", "5", "6");
    assertThat(DeadLetters.header(dlq.get(3).headers(), DeadLetters.ORIGINAL_SIZE)).isNotNull();
  }

  @Test
  void speedFactorCompressesEventTimeAndNeverWaitsBackwards() throws Exception {
    ManualClock clock = new ManualClock();
    Instant start = clock.now;
    // minutes 0, 10, 4 (out of order: no wait), 60
    String file = String.join("\n", MentionJson.writeString(ReplayFixtures.mention(1000)),
        MentionJson.writeString(ReplayFixtures.mention(1010)), MentionJson.writeString(ReplayFixtures.mention(1004)),
        MentionJson.writeString(ReplayFixtures.mention(1060)));
    ReplayProgress progress = new ReplayProgress();
    try (var producer = new KafkaProducer<byte[], byte[]>(KafkaClients.producer(config, "it-paced"))) {
      // 60x: ten minutes of event time in ten seconds of the (manual) wall clock
      new FileReplay(producer, clock, clock).replay("paced", new BufferedReader(new StringReader(file)),
          Pacing.factor(60), progress);
    }
    assertThat(clock.wakeUps).containsExactly(start.plusSeconds(10), start.plusSeconds(60));
    assertThat(progress.acked()).isEqualTo(4);

    ManualClock fastClock = new ManualClock();
    try (var producer = new KafkaProducer<byte[], byte[]>(KafkaClients.producer(config, "it-fast"))) {
      new FileReplay(producer, fastClock, fastClock).replay("fast", new BufferedReader(new StringReader(file)),
          Pacing.fast(), new ReplayProgress());
    }
    assertThat(fastClock.wakeUps).isEmpty();
  }

  @Test
  void aGateHoldsTheReplayAndTheScheduleMovesOnByTheTimeHeld() throws Exception {
    ManualClock clock = new ManualClock();
    Instant start = clock.now;
    // minutes 0, 10, 20 at 60x; the gate holds the second mention 30 s (the pipeline behind)
    String file = String.join("\n", MentionJson.writeString(ReplayFixtures.mention(1000)),
        MentionJson.writeString(ReplayFixtures.mention(1010)), MentionJson.writeString(ReplayFixtures.mention(1020)));
    List<Instant> asked = new ArrayList<>();
    FileReplay.Gate gate = eventTime -> {
      asked.add(eventTime);
      if (asked.size() == 2) {
        clock.now = clock.now.plusSeconds(30);
        return Duration.ofSeconds(30);
      }
      return Duration.ZERO;
    };
    ReplayProgress progress = new ReplayProgress();
    try (var producer = new KafkaProducer<byte[], byte[]>(KafkaClients.producer(config, "it-gated"))) {
      new FileReplay(producer, clock, clock).gate(gate).replay("gated", new BufferedReader(new StringReader(file)),
          Pacing.factor(60), progress);
    }
    assertThat(asked).containsExactly(ReplayFixtures.mention(1000).publishedAt(), ReplayFixtures.mention(1010).publishedAt(),
        ReplayFixtures.mention(1020).publishedAt());
    // held 30 s at the second mention: the whole schedule moves on by 30 s (10 s after the hold for the
    // second, 20 s for the third), not a burst to catch up with the schedule it had before
    assertThat(clock.wakeUps).containsExactly(start.plusSeconds(40), start.plusSeconds(50));
    assertThat(progress.acked()).isEqualTo(3);
  }

  @Test
  void readsGzippedFiles() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(String.join("\n", ReplayFixtures.lines(5, 5000)).getBytes(StandardCharsets.UTF_8));
    }
    ReplayProgress progress = new ReplayProgress();
    try (var producer = new KafkaProducer<byte[], byte[]>(KafkaClients.producer(config, "it-gz"))) {
      new FileReplay(producer).replay("f.jsonl.gz",
          FileReplay.open(new ByteArrayInputStream(bytes.toByteArray()), "f.jsonl.gz"), Pacing.fast(), progress);
    }
    assertThat(progress.acked()).isEqualTo(5);
    assertThat(progress.dlq()).isEqualTo(1);
  }

  @Test
  void deliveryFailuresAreReportedNotSwallowed() throws Exception {
    int closedPort;
    try (var s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    VeilleConfig nowhere = VeilleConfig.defaults().withBootstrapServers("127.0.0.1:" + closedPort);
    var props = KafkaClients.producer(nowhere, "it-nowhere");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1500);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 1500);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    String file = MentionJson.writeString(ReplayFixtures.mention(1));
    try (var producer = new KafkaProducer<byte[], byte[]>(props)) {
      assertThatThrownBy(() -> new FileReplay(producer).replay("f", new BufferedReader(new StringReader(file)),
          Pacing.fast(), new ReplayProgress()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("1 record(s) of f could not be delivered to Kafka");
    }
  }

  /**
   * The replay parses in parallel batches but must send in file order: on a real broker, each raw
   * partition holds its mentions in file order, and the DLQ (one partition) its bad lines in order.
   */
  @Test
  void parallelParsingKeepsTheFileOrder() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      lines.add(i % 97 == 13 ? "{broken line " + i : MentionJson.writeString(ReplayFixtures.mention(20_000 + i)));
    }
    Path file = tmp.resolve("ordered.jsonl");
    Files.write(file, lines);
    ReplayProgress progress;
    try (var producer = new KafkaProducer<byte[], byte[]>(KafkaClients.producer(config, "it-order"))) {
      progress = new FileReplay(producer).replay(file, Pacing.fast());
    }
    long bad = lines.stream().filter(l -> l.startsWith("{broken")).count();
    assertThat(progress.dlq()).isEqualTo(bad);
    assertThat(progress.acked()).isEqualTo(3000 - bad);
    var raw = KafkaTestSupport.readAll(kafka.bootstrapServers(), Topics.MENTIONS_RAW.name(), (int) (3000 - bad),
        Duration.ofSeconds(30), Duration.ofMillis(500)).stream()
        .filter(r -> Integer.parseInt(new String(r.key(), StandardCharsets.UTF_8).substring(5)) >= 20_000).toList();
    assertThat(raw).hasSize((int) (3000 - bad));
    var byPartition = raw.stream().collect(java.util.stream.Collectors.groupingBy(r -> r.partition(),
        java.util.stream.Collectors.mapping(r -> Integer.parseInt(new String(r.key(), StandardCharsets.UTF_8).substring(5)),
            java.util.stream.Collectors.toList())));
    byPartition.values().forEach(ids -> assertThat(ids).isSorted());
    var dlqLines = KafkaTestSupport.readAll(kafka.bootstrapServers(), Topics.MENTIONS_DLQ.name(), (int) bad,
        Duration.ofSeconds(30), Duration.ofMillis(500)).stream()
        .filter(r -> "ordered.jsonl".equals(DeadLetters.header(r.headers(), DeadLetters.ORIGIN)))
        .map(r -> Long.parseLong(DeadLetters.header(r.headers(), DeadLetters.LINE))).toList();
    assertThat(dlqLines).hasSize((int) bad).isSorted();
    long lastBad = dlqLines.get(dlqLines.size() - 1);
    assertThat(progress.recentErrors()).last().asString().startsWith("ordered.jsonl line " + lastBad + ": not valid JSON");
  }
}
