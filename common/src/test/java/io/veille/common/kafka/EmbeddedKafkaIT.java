package io.veille.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.veille.common.config.VeilleConfig;
import io.veille.common.testing.KafkaTestSupport;
import io.veille.common.topic.Topic;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {
  @TempDir
  Path tmp;

  @Test
  void createsTheCatalogueIdempotentlyAndKeepsDataAcrossARestart() throws Exception {
    Path dir = tmp.resolve("kafka");
    int port;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
      port = kafka.port();
      VeilleConfig config = VeilleConfig.defaults().withBootstrapServers(kafka.bootstrapServers());
      List<String> created = TopicAdmin.createMissing(KafkaClients.admin(config, "it"), Topics.ALL, (short) 1);
      assertThat(created).containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(Topic::name).toList());
      assertThat(TopicAdmin.createMissing(KafkaClients.admin(config, "it"), Topics.ALL, (short) 1)).isEmpty();
      try (Admin admin = Admin.create(KafkaClients.admin(config, "it"))) {
        var d = admin.describeTopics(List.of(Topics.MENTIONS_RAW.name())).allTopicNames().get(10, TimeUnit.SECONDS);
        assertThat(d.get(Topics.MENTIONS_RAW.name()).partitions()).hasSize(Topics.MENTIONS_RAW.partitions());
      }
      try (var producer = new KafkaProducer<byte[], byte[]>(KafkaClients.producer(config, "it"))) {
        for (int i = 0; i < 100; i++) {
          producer.send(new ProducerRecord<>(Topics.MENTIONS_RAW.name(), ("k" + i).getBytes(StandardCharsets.UTF_8),
              ("v" + i).getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
        }
      }
      assertThat(KafkaTestSupport.readAll(kafka.bootstrapServers(), Topics.MENTIONS_RAW.name(), 100,
          Duration.ofSeconds(30), Duration.ofMillis(300))).hasSize(100);
    }

    try (EmbeddedKafka again = EmbeddedKafka.start(dir)) {
      assertThat(again.port()).as("a restart reuses the folder's port when it is free").isEqualTo(port);
      var records = KafkaTestSupport.readAll(again.bootstrapServers(), Topics.MENTIONS_RAW.name(), 100,
          Duration.ofSeconds(30), Duration.ofMillis(300));
      assertThat(records).hasSize(100);
      assertThat(records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList())
          .contains("v0", "v99");
      VeilleConfig config = VeilleConfig.defaults().withBootstrapServers(again.bootstrapServers());
      try (Admin admin = Admin.create(KafkaClients.admin(config, "it"))) {
        Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        assertThat(names).containsAll(Topics.ALL.stream().map(Topic::name).toList());
      }
    }
  }
}
