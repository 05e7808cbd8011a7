package io.veille.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.veille.common.kafka.EmbeddedKafka;
import io.veille.deploy.WatchCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code veille watch} against the embedded broker: add, list, update, test --id, rm, load. */
class WatchCommandIT {
  @TempDir
  Path tmp;

  static Run run(String... args) {
    return WatchCommandTest.run(args);
  }

  @Test
  void manageWatchesThroughKafka() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"))) {
      String b = kafka.bootstrapServers();

      Run add = run("watch", "add", "-b", b, "--id", "ondyne", "--query", "ondyne* -ballet", "--lang", "fr,en",
          "--sensitivity", "high", "--cooldown", "15m", "--route", "console");
      assertThat(add.code()).as(add.err()).isZero();
      assertThat(add.out()).contains("added watch ondyne");
      Run again = run("watch", "add", "-b", b, "--id", "ondyne", "--query", "ondyne");
      assertThat(again.code()).isEqualTo(1);
      assertThat(again.err()).contains("watch ondyne already exists (use veille watch update)");

      Run list = run("watch", "list", "-b", b);
      assertThat(list.code()).isZero();
      assertThat(list.out()).contains("ID").contains("ondyne  ondyne  ondyne* -ballet  en,fr      all").contains("1 watch");

      Run update = run("watch", "update", "-b", b, "--id", "ondyne", "--name", "Ondyne (brand)");
      assertThat(update.code()).as(update.err()).isZero();
      assertThat(run("watch", "list", "-b", b).out()).contains("Ondyne (brand)");
      assertThat(run("watch", "update", "-b", b, "--id", "nope", "--query", "x").code()).isEqualTo(1);
      Run badUpdate = run("watch", "update", "-b", b, "--id", "ondyne", "--query", "(");
      assertThat(badUpdate.code()).isEqualTo(2);
      assertThat(badUpdate.err()).contains("watch ondyne: query does not parse");

      // a value written to the topic without this tool: listed as what streams skips, and why
      try (var p = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(
          io.veille.common.kafka.KafkaClients.producer(io.veille.common.config.VeilleConfig.defaults()
              .withBootstrapServers(b), "it-poison"))) {
        p.send(new org.apache.kafka.clients.producer.ProducerRecord<>(io.veille.common.topic.Topics.WATCHES.name(),
            "poison".getBytes(), ("{\"id\":\"poison\",\"name\":\"p\",\"query\":\"" + "(".repeat(5000) + "\"}").getBytes()))
            .get();
      }
      Run poisoned = run("watch", "list", "-b", b);
      assertThat(poisoned.code()).isZero();
      assertThat(poisoned.out()).contains("REJECTED poison: ").contains("over the limit of 4000").contains("1 watch");
      assertThat(run("watch", "rm", "-b", b, "poison").code()).isZero();
      assertThat(run("watch", "list", "-b", b).out()).doesNotContain("REJECTED");

      Run test = run("watch", "test", "-b", b, "--id", "ondyne", "--text", "#OndyneDown encore", "--lang", "fr");
      assertThat(test.out()).startsWith("MATCH: watch ondyne");
      Run wrongLang = run("watch", "test", "-b", b, "--id", "ondyne", "--text", "#OndyneDown encore");
      assertThat(wrongLang.out()).startsWith("NO MATCH").contains("note:     the watch keeps en,fr only; give --lang");
      assertThat(run("watch", "test", "-b", b, "--id", "nope", "--text", "x").code()).isEqualTo(1);

      Path demo = WatchCommandTest.DEMO_WATCHES;
      Run load = run("watch", "load", "-b", b, demo.toString());
      assertThat(load.code()).as(load.err()).isZero();
      assertThat(load.out()).contains("added      competitors, ondyne-outage, ondyne-support")
          .contains("changed    ondyne").contains("added 3, changed 1, unchanged 0, removed 0");
      Run reload = run("watch", "load", "-b", b, demo.toString());
      assertThat(reload.out()).contains("added 0, changed 0, unchanged 4, removed 0");

      Path one = tmp.resolve("one.yml");
      Files.writeString(one, "- id: competitors\n  query: telvana\n");
      Run dry = run("watch", "load", "-b", b, "--prune", "--dry-run", one.toString());
      assertThat(dry.out()).contains("would be: added 0, changed 1, unchanged 0, removed 3");
      assertThat(run("watch", "list", "-b", b).out()).contains("4 watches");
      Run prune = run("watch", "load", "-b", b, "--prune", one.toString());
      assertThat(prune.out()).contains("removed    ondyne, ondyne-outage, ondyne-support");

      Run rm = run("watch", "rm", "-b", b, "competitors");
      assertThat(rm.code()).isZero();
      assertThat(run("watch", "rm", "-b", b, "competitors").code()).isEqualTo(1);
      assertThat(run("watch", "list", "-b", b).out()).contains("0 watches");
    }

    Path cfg = tmp.resolve("veille.properties");
    Files.writeString(cfg, "bootstrap.servers=127.0.0.1:1\nrequest.timeout=2s\n");
    Run down = run("watch", "list", "--config", cfg.toString());
    assertThat(down.code()).isEqualTo(1);
    assertThat(down.err()).startsWith("veille watch list: cannot reach Kafka at 127.0.0.1:1");
  }
}
