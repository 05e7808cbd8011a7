package io.veille.streams.pipeline;

import io.veille.common.config.VeilleConfig;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the {@link PipelineTopology} with exactly-once processing; {@code main} only starts it. */
public final class StreamsApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

  private final KafkaStreams streams;

  private StreamsApp(KafkaStreams streams) {
    this.streams = streams;
  }

  /** The default record cache of an instance (shared by its threads). */
  static final long CACHE_BYTES = 32L * 1024 * 1024;

  /** Streams properties: EOS v2, the instance's threads and state folder, Kafka pass-through settings. */
  public static Properties properties(VeilleConfig config, StreamsSettings settings, Path stateDir) {
    Properties p = new Properties();
    p.putAll(config.clientProperties("streams"));
    p.remove(org.apache.kafka.clients.CommonClientConfigs.CLIENT_ID_CONFIG);
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.threads());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
    // the record cache serves the bucket aggregation only (every other store is built without one): a
    // watch's bucket is written to RocksDB and its changelog, and its update forwarded to the stats and
    // the detector, once per commit instead of once per mention. Under exactly-once nothing downstream
    // sees a result before the commit anyway, so this adds no latency. kafka.statestore.cache.max.bytes
    // overrides it.
    p.putIfAbsent(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, CACHE_BYTES);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
    // Kafka 4.3.1 (KAFKA-15591, fixed later): with several requests in flight, the first batches to a
    // partition created a moment before (Streams creates its repartition and changelog topics at start-up)
    // can fail NOT_LEADER_OR_FOLLOWER while later ones are appended; the first ones then fail
    // OUT_OF_ORDER_SEQUENCE_NUMBER until they expire: lost. One request in flight closes the gap.
    p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), 1);
    return p;
  }

  public static StreamsApp start(VeilleConfig config, StreamsSettings settings, PipelineTopology.Models models,
      Path stateDir) {
    TopicAdmin.createMissing(KafkaClients.admin(config, "streams-admin"), Topics.ALL, config.replicationFactor());
    KafkaStreams streams = new KafkaStreams(PipelineTopology.build(settings, models),
        properties(config, settings, stateDir));
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("stream thread failed, replacing it: {}", e.toString(), e);
      return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.start();
    LOG.info("streams {} started: {} thread(s), state in {}", settings.applicationId(), settings.threads(), stateDir);
    return new StreamsApp(streams);
  }

  public KafkaStreams streams() {
    return streams;
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
  }
}
