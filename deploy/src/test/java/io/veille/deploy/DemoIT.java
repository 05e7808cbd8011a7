package io.veille.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.veille.common.json.MentionJson;
import io.veille.common.testing.KafkaTestSupport;
import io.veille.common.topic.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import io.veille.common.kafka.EmbeddedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `veille demo` end to end: broker, topics, the bundled scenario flowing into Kafka, clean stop. */
class DemoIT {
  @TempDir
  Path tmp;

  @Test
  void demoReplaysTheBundledScenarioIntoKafkaAndStops() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int code;
    try (PrintStream ps = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setOut(ps);
      // at a speed (not --fast): the incidents' waits run on the replay's clock
      code = VeilleCli.run("demo", "--dir", tmp.toString(), "--in", "60s", "--until-replayed",
          "--duration", "5m", "--progress-every", "1s");
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    original.println(out);
    assertThat(code).isZero();
    assertThat(out).contains("veille demo: Kafka at 127.0.0.1:").contains("scenario replayed:")
        .contains("veille demo: stopped after").contains("veille demo: logs in " + tmp.resolve("demo.log").toAbsolutePath());
    // the outage became an incident, told on the console (the demo's receiver) with its evidence
    assertThat(out).contains("veille demo: alerting to console").containsPattern(
        "(?m)^.*negative surge.*\\[opened, incident ondyne-outage:negative:\\d+\\]$");
    // the console shows the demo's own lines; the libraries' warnings went to the log file
    assertThat(out.lines().filter(l -> l.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} +(WARN|INFO).*"))).isEmpty();
    assertThat(java.nio.file.Files.readString(tmp.resolve("demo.log"))).contains("WARN").contains("i.v.common.kafka.EmbeddedKafka");
    long expected = Demo.scan(() -> Demo.class.getResourceAsStream(Demo.BUNDLED_SCENARIO),
        "demo-scenario.jsonl.gz").mentions();
    assertThat(expected).isGreaterThan(1000);

    // the broker kept its data: restart it on the demo's folder and read the scenario back
    try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"))) {
      var records = KafkaTestSupport.readAll(kafka.bootstrapServers(), Topics.MENTIONS_RAW.name(), (int) expected,
          Duration.ofSeconds(60), Duration.ofMillis(500));
      assertThat(records).hasSize((int) expected);
      assertThat(records.stream().map(r -> MentionJson.read(r.value()).id()).distinct().count()).isEqualTo(expected);

      // --until-replayed waited for the streams app: every mention is scored, and the buckets of each
      // watch add up to its unique posts (none lost to lateness although partitions are read days apart)
      var scored = KafkaTestSupport.readAll(kafka.bootstrapServers(), Topics.MENTIONS_SCORED.name(), (int) expected,
          Duration.ofSeconds(60), Duration.ofMillis(500)).stream()
          .map(r -> Topics.MENTIONS_SCORED.valueSerde().deserializer().deserialize("", r.value())).toList();
      long ondynePosts = scored.stream().filter(s -> s.watchIds().contains("ondyne")).map(s -> s.id()).distinct().count();
      assertThat(ondynePosts).isGreaterThan(5000);
      var latest = new java.util.HashMap<String, io.veille.common.model.WatchStats>();
      KafkaTestSupport.readAll(kafka.bootstrapServers(), Topics.WATCH_STATS.name(), 1, Duration.ofSeconds(60),
              Duration.ofMillis(500)).stream()
          .map(r -> Topics.WATCH_STATS.valueSerde().deserializer().deserialize("", r.value()))
          .forEach(s -> latest.put(s.watchId() + "@" + s.start(), s));
      long bucketTotal = latest.values().stream().filter(s -> s.watchId().equals("ondyne")).mapToLong(s -> s.total()).sum();
      assertThat(bucketTotal).isEqualTo(ondynePosts);
    }
  }
}
