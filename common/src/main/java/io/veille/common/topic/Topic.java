package io.veille.common.topic;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * A Kafka topic with its types: name, key and value serdes, partitions, cleanup policy and extra
 * topic configuration. Every topic is declared once, in {@link Topics}.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions,
    Cleanup cleanup, Map<String, String> configs) {

  public enum Cleanup {
    DELETE(TopicConfig.CLEANUP_POLICY_DELETE), COMPACT(TopicConfig.CLEANUP_POLICY_COMPACT);

    private final String policy;

    Cleanup(String policy) {
      this.policy = policy;
    }

    public String policy() {
      return policy;
    }
  }

  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
    Objects.requireNonNull(cleanup, "cleanup");
    if (partitions < 1) {
      throw new IllegalArgumentException(name + ": partitions must be >= 1");
    }
    configs = configs == null ? Map.of() : Map.copyOf(configs);
  }

  /** The AdminClient request that creates this topic with the given replication factor. */
  public NewTopic newTopic(short replicationFactor) {
    var all = new java.util.HashMap<>(configs);
    all.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanup.policy());
    return new NewTopic(name, partitions, replicationFactor).configs(all);
  }

  @Override
  public String toString() {
    return name;
  }
}
