package io.veille.streams.index;

import io.veille.common.config.VeilleConfig;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the indexer ({@link IndexTopology}) as its own Kafka Streams application: its own application id, so it
 * rebalances and restores apart from the scoring topology; at-least-once, which is enough for an index that
 * replaces documents by id.
 */
public final class IndexApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IndexApp.class);

  private final KafkaStreams streams;
  private final IndexSettings settings;
  private final int partitions;

  private IndexApp(KafkaStreams streams, IndexSettings settings, int partitions) {
    this.streams = streams;
    this.settings = settings;
    this.partitions = partitions;
  }

  /** The indexer's Streams properties; {@code endpoint} ({@code host:port} of the search API) goes in application.server. */
  public static Properties properties(VeilleConfig config, IndexSettings settings, Path stateDir, String endpoint) {
    Properties p = new Properties();
    p.putAll(config.clientProperties("index"));
    p.remove(org.apache.kafka.clients.CommonClientConfigs.CLIENT_ID_CONFIG);
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.threads());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    if (endpoint != null) {
      p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, endpoint);
    }
    return p;
  }

  /** Creates the missing topics and starts the indexer; {@code endpoint} may be null (no search API). */
  public static IndexApp start(VeilleConfig config, IndexSettings settings, Path stateDir, String endpoint) {
    int partitions;
    try (Admin admin = Admin.create(KafkaClients.admin(config, "index-admin"))) {
      TopicAdmin.createMissing(admin, Topics.ALL, config.replicationFactor());
      partitions = partitionCount(admin);
    }
    KafkaStreams streams = new KafkaStreams(IndexTopology.build(settings), properties(config, settings, stateDir, endpoint));
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("index thread failed, replacing it: {}", e.toString(), e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.start();
    LOG.info("mention index {} started: {} thread(s), state in {}", settings.applicationId(), settings.threads(), stateDir);
    return new IndexApp(streams, settings, partitions);
  }

  /** How many partitions {@code veille.mentions.scored} has on the cluster (its declared count if unknown). */
  private static int partitionCount(Admin admin) {
    String topic = Topics.MENTIONS_SCORED.name();
    try {
      return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions().size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("cannot describe {} ({}); assuming its declared {} partitions", topic, e.toString(),
          Topics.MENTIONS_SCORED.partitions());
      return Topics.MENTIONS_SCORED.partitions();
    }
  }

  /** How many partitions the index has (those of {@code veille.mentions.scored}): a complete answer covers them all. */
  public int partitions() {
    return partitions;
  }

  public KafkaStreams streams() {
    return streams;
  }

  public IndexSettings settings() {
    return settings;
  }

  @Override
  public void close() {
    // leave the group: the partitions move to the other instances (or to this one restarted) at once, not after
    // the session timeout
    streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(Duration.ofSeconds(30)));
  }
}
