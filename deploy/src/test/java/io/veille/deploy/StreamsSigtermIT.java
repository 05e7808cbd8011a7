package io.veille.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.veille.common.config.VeilleConfig;
import io.veille.common.json.MentionJson;
import io.veille.common.kafka.EmbeddedKafka;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.Mention;
import io.veille.common.model.Watch;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import io.veille.streams.lang.LanguageDetector;
import io.veille.streams.pipeline.PipelineTopology;
import io.veille.streams.pipeline.StreamsApp;
import io.veille.streams.pipeline.StreamsSettings;
import io.veille.streams.sentiment.LexiconSentimentModel;
import io.veille.streams.watch.WatchMatcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a child {@code veille streams} process: the app closes before the JVM halts, so its
 * stores are checkpointed, and the next start on the same state folder restores nothing.
 */
class StreamsSigtermIT {
  @TempDir
  Path tmp;

  @Test
  void sigtermClosesTheAppAndTheNextStartRestoresNothing() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"))) {
      VeilleConfig config = VeilleConfig.defaults().withBootstrapServers(kafka.bootstrapServers());
      TopicAdmin.createMissing(KafkaClients.admin(config, "it"), Topics.ALL, (short) 1);
      int n = 300;
      try (var p = new KafkaProducer<byte[], byte[]>(KafkaClients.producer(config, "it-sigterm"))) {
        Watch w = new Watch("ondyne", "Ondyne", "ondyne", Set.of(), Set.of(), null, List.of());
        p.send(new ProducerRecord<>(Topics.WATCHES.name(), w.id().getBytes(StandardCharsets.UTF_8),
            Topics.WATCHES.valueSerde().serializer().serialize("", w))).get();
        for (int i = 0; i < n; i++) {
          Mention m = Mention.of("sig:" + i, "x", "Ondyne message numéro " + i + " mot" + (i * 7919 % 1000),
              Instant.parse("2026-11-10T10:00:00Z").plusSeconds(i));
          p.send(new ProducerRecord<>(Topics.MENTIONS_RAW.name(), m.id().getBytes(StandardCharsets.UTF_8), MentionJson.write(m)));
        }
        p.flush();
      }
      Path state = tmp.resolve("state");
      Path log = tmp.resolve("child.log");
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.veille.deploy.VeilleCli", "streams",
          "-b", kafka.bootstrapServers(), "--state-dir", state.toString())
          .redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("VEILLE_INDEX_HTTP_PORT", "0"); // the search API on any free port
      Process child = pb.start();
      try {
        // every mention scored: the app has processed and committed
        try {
          await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).ignoreException(AssertionError.class)
              .until(() ->
              io.veille.common.testing.KafkaTestSupport.readAll(kafka.bootstrapServers(), Topics.MENTIONS_SCORED.name(), n,
                  Duration.ofSeconds(20), Duration.ZERO).size() >= n);
        } catch (AssertionError | RuntimeException e) {
          throw new AssertionError("the child's output:\n" + Files.readString(log), e);
        }
        // the operators' routes: ready once both apps run, and the metrics of both
        java.util.regex.Matcher base = java.util.regex.Pattern.compile("health at (http://127\\.0\\.0\\.1:\\d+)/health/ready")
            .matcher(Files.readString(log));
        assertThat(base.find()).as(Files.readString(log)).isTrue();
        var client = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        java.util.function.Function<String, java.net.http.HttpResponse<String>> get = path -> {
          try {
            return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base.group(1) + path))
                .timeout(Duration.ofSeconds(10)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
        assertThat(get.apply("/health/live").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
            .until(() -> get.apply("/health/ready").statusCode() == 200);
        assertThat(get.apply("/health/ready").body()).contains("scoring topology RUNNING").contains("indexer RUNNING")
            .contains("broker(s) at " + kafka.bootstrapServers());
        // every mention indexed, and Kafka Streams' own metrics of both apps
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
            .until(() -> get.apply("/metrics").body().contains("veille_index_documents{service=\"streams\"} " + n + ".0"));
        String metrics = get.apply("/metrics").body();
        assertThat(metrics).containsPattern("kafka_stream_thread_process_total\\{app=\"scoring\",.*\\} [1-9]")
            .containsPattern("kafka_stream_thread_process_total\\{app=\"index\",.*\\} [1-9]")
            .containsPattern("veille_sentiment_lexicon_total\\{service=\"streams\"\\} [1-9]")
            .contains("veille_sentiment_corenlp_backlog{service=\"streams\"}")
            .contains("veille_index_refresh_last_seconds{service=\"streams\"}");
        child.destroy(); // SIGTERM
        assertThat(child.waitFor(90, TimeUnit.SECONDS)).as("the child stops after SIGTERM").isTrue();
      } finally {
        child.destroyForcibly();
      }
      String out = Files.readString(log);
      assertThat(out).as(out).contains("veille streams: stopping").contains("veille streams: stopped")
          .contains("search API at http://127.0.0.1:");
      // (Kafka 4.3 keeps the committed changelog offsets with the stores: no .checkpoint file to look at;
      // what a clean close buys is the restart below, which restores nothing)

      // the next start on the same folder: nothing to restore from the changelogs
      AtomicLong restored = new AtomicLong();
      var models = new PipelineTopology.Models(new WatchMatcher(), LexiconSentimentModel.create(), LanguageDetector.get());
      var props = StreamsApp.properties(config, StreamsSettings.defaults(), state);
      KafkaStreams again = new KafkaStreams(PipelineTopology.build(StreamsSettings.defaults(), models), props);
      again.setGlobalStateRestoreListener(new StateRestoreListener() {
        @Override
        public void onRestoreStart(TopicPartition tp, String store, long start, long end) {}

        @Override
        public void onBatchRestored(TopicPartition tp, String store, long batchEnd, long numRestored) {
          if (!store.equals("watches-global")) { // the global watch store is in memory: always reloaded
            restored.addAndGet(numRestored);
          }
        }

        @Override
        public void onRestoreEnd(TopicPartition tp, String store, long total) {}
      });
      try {
        again.start();
        await().atMost(Duration.ofMinutes(2)).until(() -> again.state() == KafkaStreams.State.RUNNING);
      } finally {
        again.close(Duration.ofSeconds(30));
      }
      assertThat(restored.get()).as("records restored at the next start").isZero();
    }
  }
}
