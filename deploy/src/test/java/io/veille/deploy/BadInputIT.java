package io.veille.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.veille.common.config.VeilleConfig;
import io.veille.common.json.Json;
import io.veille.common.kafka.EmbeddedKafka;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.Watch;
import io.veille.common.topic.DeadLetters;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import io.veille.ingest.Connectors;
import io.veille.ingest.IngestService;
import io.veille.ingest.config.IngestConfig;
import io.veille.ingest.intake.IntakeHandler;
import io.veille.ingest.replay.FileReplay;
import io.veille.ingest.replay.Pacing;
import io.veille.ingest.replay.ReplayProgress;
import io.veille.streams.lang.LanguageDetector;
import io.veille.streams.pipeline.PipelineTopology;
import io.veille.streams.pipeline.StreamsApp;
import io.veille.streams.pipeline.StreamsSettings;
import io.veille.streams.sentiment.LexiconSentimentModel;
import io.veille.streams.watch.WatchMatcher;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22's acceptance: a mixed stream through the intake and the replay, 5% bad records of every
 * kind, plus records written straight to raw past every edge, with streams running. Nothing
 * crashes or stalls, every bad record is in the DLQ with stage and reason, and the counts add up
 * exactly: accepted = raw, and scored ids + copies + duplicates + streams DLQ = raw.
 */
class BadInputIT {
  @TempDir
  Path tmp;

  static final int GOOD = 4000;
  static final String TOKEN = "bad-input-it";

  /** One bad record of each kind; {@code marker} makes it findable in the DLQ. */
  static final List<IntFunction<byte[]>> KINDS = List.of(
      n -> ascii("{\"id\":\"BAD" + n + "\", oops"),
      n -> ascii("{\"v\":1,\"id\":\"BAD" + n + "\",\"source\":\"x\",\"publishedAt\":\"2026-11-03T10:00:00Z\"}"),
      n -> ascii("{\"v\":1,\"id\":\"BAD" + n + "\",\"source\":\"x\",\"text\":42,\"publishedAt\":\"2026-11-03T10:00:00Z\"}"),
      n -> ascii("{\"v\":1,\"id\":\"BAD" + n + "\",\"source\":\"x\",\"text\":\"   \",\"publishedAt\":\"2026-11-03T10:00:00Z\"}"),
      n -> ascii("{\"v\":1,\"id\":\"BAD" + n + "\",\"source\":\"x\",\"text\":\"t\",\"publishedAt\":\"2026-11-03T10:00:00Z\","
          + "\"deep\":" + "[".repeat(500) + "]".repeat(500) + "}"),
      n -> ascii("{\"v\":1,\"id\":\"BAD" + n + "\",\"source\":\"x\",\"text\":\"a\",\"text\":\"b\",\"publishedAt\":\"2026-11-03T10:00:00Z\"}"),
      n -> ascii("{\"v\":1,\"id\":\"BAD" + n + "\",\"source\":\"x\",\"text\":\"t\",\"publishedAt\":\"9999-12-31T23:59:59Z\"}"),
      n -> ascii("{\"v\":1,\"id\":\"BAD" + n + "\",\"source\":\"x\",\"text\":\"t\",\"publishedAt\":\"1969-12-31T23:59:59Z\"}"),
      n -> ascii("{\"v\":1,\"id\":\"BAD" + n + "\",\"source\":\"x\",\"text\":\"t\",\"publishedAt\":\"+1000000000-01-01T00:00:00Z\"}"),
      n -> {
        byte[] b = ascii("{\"v\":1,\"id\":\"BAD" + n + "\",\"source\":\"x\",\"text\":\"caf?\",\"publishedAt\":\"2026-11-03T10:00:00Z\"}");
        b[new String(b, StandardCharsets.ISO_8859_1).indexOf('?')] = (byte) 0xE9;
        return b;
      },
      n -> ascii("{\"v\":1,\"id\":\"BAD" + n + "\\u0000\",\"source\":\"x\",\"text\":\"t\",\"publishedAt\":\"2026-11-03T10:00:00Z\"}"),
      n -> ascii("{\"v\":1,\"id\":\"BAD" + n + "\",\"source\":\"x\",\"text\":\"t\",\"publishedAt\":\"2026-11-03T10:00:00Z\","
          + "\"blob\":\"" + "z".repeat(1_200_000) + "\"}"),
      n -> ascii("{\"v\":1,\"id\":\"BAD" + n + "\\nx\",\"source\":\"x\",\"text\":\"t\",\"publishedAt\":\"2026-11-03T10:00:00Z\"}"),
      n -> ascii("[{\"v\":1,\"id\":\"BAD" + n + "\"}]"),
      n -> ascii("{\"v\":2,\"id\":\"BAD" + n + "\",\"source\":\"x\",\"text\":\"t\",\"publishedAt\":\"2026-11-03T10:00:00Z\"}"));

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void fivePercentBadInputOfEveryKindIsAccountedForAndScoringGoesOn() throws Exception {
    List<byte[]> scenario = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        Demo.class.getResourceAsStream(Demo.BUNDLED_SCENARIO)), StandardCharsets.UTF_8))) {
      String l;
      while (scenario.size() < GOOD && (l = r.readLine()) != null) {
        scenario.add(ascii(l));
      }
    }
    // the stream: good lines with a bad one of every kind in turn every 20th line (5%)
    List<byte[]> lines = new ArrayList<>();
    Set<String> badMarkers = new HashSet<>();
    int bad = 0;
    for (int i = 0; i < scenario.size(); i++) {
      lines.add(scenario.get(i));
      if (i % 19 == 18) {
        lines.add(KINDS.get(bad % KINDS.size()).apply(bad));
        badMarkers.add("BAD" + bad);
        bad++;
      }
    }
    assertThat(bad).isGreaterThanOrEqualTo(2 * KINDS.size());
    int half = lines.size() / 2;

    try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"))) {
      VeilleConfig config = VeilleConfig.defaults().withBootstrapServers(kafka.bootstrapServers());
      TopicAdmin.createMissing(KafkaClients.admin(config, "it"), Topics.ALL, (short) 1);
      try (var p = new KafkaProducer<byte[], byte[]>(KafkaClients.producer(config, "it-watch"))) {
        Watch w = new Watch("ondyne", "Ondyne", "ondyne", Set.of(), Set.of(), null, List.of());
        p.send(new ProducerRecord<>(Topics.WATCHES.name(), ascii(w.id()),
            Topics.WATCHES.valueSerde().serializer().serialize("", w))).get();
      }
      StreamsSettings settings = StreamsSettings.defaults().withApplicationId("veille-bad-input");
      StreamsApp streams = StreamsApp.start(config, settings, new PipelineTopology.Models(new WatchMatcher(),
          LexiconSentimentModel.create(), LanguageDetector.get()), tmp.resolve("state"));
      IngestConfig ingest = IngestConfig.parse("ingest.yml", Map.of("http", Map.of("port", 0,
          "intake", Map.of("tokens", List.of("env:T"), "max-request-bytes", 8_000_000))), Connectors.factories(),
          Map.of("T", TOKEN)::get);
      long intakeAccepted = 0;
      long intakeRejected = 0;
      long direct = 0;
      ReplayProgress replay = new ReplayProgress();
      try (IngestService service = IngestService.start(ingest, config)) {
        // first half through the intake, NDJSON batches of 100 lines; one batch sent twice (a client's retry)
        HttpClient http = HttpClient.newHttpClient();
        List<byte[]> batches = new ArrayList<>();
        for (int from = 0; from < half; from += 100) {
          ByteArrayOutputStream b = new ByteArrayOutputStream();
          for (int i = from; i < Math.min(half, from + 100); i++) {
            b.writeBytes(lines.get(i));
            b.write('\n');
          }
          batches.add(b.toByteArray());
        }
        batches.add(batches.get(3));
        for (byte[] body : batches) {
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port()
              + IntakeHandler.PATH)).header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/x-ndjson")
              .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
              HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).as(r.body().substring(0, Math.min(400, r.body().length()))).isIn(202, 400);
          JsonNode a = Json.MAPPER.readTree(r.body());
          assertThat(a.has("retry")).isFalse();
          intakeAccepted += a.get("accepted").asLong();
          intakeRejected += a.get("rejected").asLong();
        }
        // second half through the replay, as one file
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (int i = half; i < lines.size(); i++) {
          file.writeBytes(lines.get(i));
          file.write('\n');
        }
        try (var producer = new KafkaProducer<byte[], byte[]>(KafkaClients.producer(config, "it-replay"))) {
          new FileReplay(producer).limits(KafkaClients.maxRecordBytes(config), config.get(VeilleConfig.MAX_FUTURE),
              InstantSource.system()).replay("mixed.jsonl", new ByteArrayInputStream(file.toByteArray()), Pacing.fast(), replay);
          // and past every edge, straight to raw: what only streams can catch
          String fmt = "{\"v\":1,\"id\":\"DIRECT%d\",\"source\":\"x\",\"text\":\"Ondyne %d\",\"publishedAt\":\"%s\"}";
          List<byte[]> past = List.of(ascii(String.format(fmt, 0, 0, Instant.now().plus(Duration.ofHours(2)))),
              ascii(String.format(fmt, 1, 1, "9999-12-31T23:59:59Z")), ascii("DIRECT2 not json"),
              KINDS.get(9).apply(9000), ascii(String.format(fmt, 3, 3, "2026-11-03T10:00:00Z").replace("\"x\"", "\"X Y\"")));
          for (byte[] v : past) {
            producer.send(new ProducerRecord<>(Topics.MENTIONS_RAW.name(), ascii("direct"), v)).get();
            direct++;
          }
        }
      }
      assertThat(replay.failed()).isZero();

      String bs = kafka.bootstrapServers();
      long acceptedSoFar = intakeAccepted + replay.acked() + direct;
      // streams consumes everything: wait (with a deadline) until every raw record is accounted for downstream
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
        Counts c = count(bs, (int) acceptedSoFar);
        return c.downstream() >= c.raw;
      });
      assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
      streams.close();
      long accepted = acceptedSoFar;
      var raw = readToEnd(bs, Topics.MENTIONS_RAW.name());
      var dlq = readToEnd(bs, Topics.MENTIONS_DLQ.name());
      Map<String, Integer> dlqByStage = new HashMap<>();
      Set<String> dlqMarkers = new HashSet<>();
      for (var r : dlq) {
        String stage = DeadLetters.header(r.headers(), DeadLetters.STAGE);
        assertThat(stage).isNotBlank();
        assertThat(DeadLetters.header(r.headers(), DeadLetters.ERROR)).isNotBlank();
        dlqByStage.merge(stage, 1, Integer::sum);
        String v = new String(r.value(), StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("BAD(\\d+)").matcher(v);
        if (m.find()) {
          dlqMarkers.add("BAD" + m.group(1));
        }
      }
      Counts c = count(bs, (int) accepted);
      long scoredIds = c.scoredIds();
      long copies = c.copies();
      long duplicates = c.duplicates();
      long streamsDlq = c.streamsDlq();
      assertThat(streamsDlq).isEqualTo(dlqByStage.getOrDefault("streams.validate", 0).longValue());
      System.out.printf("bad-input: lines=%d bad=%d | intake accepted=%d rejected=%d | replay acked=%d dlq=%d | direct=%d%n",
          lines.size(), bad, intakeAccepted, intakeRejected, replay.acked(), replay.dlq(), direct);
      System.out.printf("bad-input: raw=%d = scored ids %d + copies %d + duplicates %d + streams DLQ %d; DLQ by stage %s%n",
          raw.size(), scoredIds, copies, duplicates, streamsDlq, dlqByStage);

      assertThat(raw).hasSize((int) accepted);
      assertThat(dlqMarkers).containsAll(badMarkers);
      assertThat(intakeRejected + replay.dlq()).isEqualTo(bad + badInBatch(lines, 3));
      assertThat(streamsDlq).isEqualTo(direct);
      assertThat(duplicates).isEqualTo(countGood(lines, 300, 400));
      assertThat(scoredIds + copies + duplicates + streamsDlq).isEqualTo(raw.size());
    }
  }

  /** Raw records against what became of them: scored ids, copies, dropped duplicates, streams DLQ. */
  record Counts(long raw, long scoredIds, long copies, long duplicates, long streamsDlq) {
    long downstream() {
      return scoredIds + copies + duplicates + streamsDlq;
    }
  }

  static Counts count(String bs, int expectedRaw) {
    var raw = readToEnd(bs, Topics.MENTIONS_RAW.name());
    Map<String, Integer> keys = new HashMap<>();
    raw.forEach(r -> keys.merge(new String(r.key(), StandardCharsets.UTF_8), 1, Integer::sum));
    long duplicates = keys.entrySet().stream().filter(e -> !e.getKey().equals("direct")).mapToLong(e -> e.getValue() - 1).sum();
    Map<String, Long> copiesById = new HashMap<>();
    readToEnd(bs, Topics.MENTIONS_SCORED.name()).stream()
        .map(r -> Topics.MENTIONS_SCORED.valueSerde().deserializer().deserialize("", r.value()))
        .forEach(sm -> copiesById.merge(sm.id(), sm.copies(), Math::max));
    long streamsDlq = readToEnd(bs, Topics.MENTIONS_DLQ.name()).stream().filter(r -> "streams.validate".equals(DeadLetters.header(r.headers(), DeadLetters.STAGE))).count();
    return new Counts(raw.size(), copiesById.size(), copiesById.values().stream().mapToLong(Long::longValue).sum(), duplicates,
        streamsDlq);
  }

  /** Every committed record of a topic, read up to its last stable offset (no group, no guessing when it is over). */
  static List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> readToEnd(String bs, String topic) {
    Map<String, Object> props = Map.of(
        org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bs,
        org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        org.apache.kafka.clients.consumer.ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        org.apache.kafka.clients.consumer.ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
        org.apache.kafka.common.serialization.ByteArrayDeserializer.class,
        org.apache.kafka.clients.consumer.ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
        org.apache.kafka.common.serialization.ByteArrayDeserializer.class,
        org.apache.kafka.clients.consumer.ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
    List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (var c = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(props)) {
      List<TopicPartition> parts = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to its end in 60 s");
        }
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  static long badInBatch(List<byte[]> lines, int batch) {
    long n = 0;
    for (int i = batch * 100; i < (batch + 1) * 100; i++) {
      if (new String(lines.get(i), StandardCharsets.ISO_8859_1).contains("\"BAD")) {
        n++;
      }
    }
    return n;
  }

  static long countGood(List<byte[]> lines, int from, int to) {
    return (to - from) - badInBatch(lines, from / 100);
  }
}
