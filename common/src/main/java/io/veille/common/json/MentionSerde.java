package io.veille.common.json;

import io.veille.common.model.Mention;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for {@link Mention}. Deserializing a record that breaks the contract throws
 * {@link io.veille.common.model.InvalidRecordException} with the field and the reason; consumers
 * that must never stop (streams) read bytes and route such records to the DLQ themselves.
 */
public final class MentionSerde implements Serde<Mention> {
  @Override
  public Serializer<Mention> serializer() {
    return (topic, m) -> m == null ? null : MentionJson.write(m);
  }

  @Override
  public Deserializer<Mention> deserializer() {
    return (topic, bytes) -> bytes == null ? null : MentionJson.read(bytes);
  }
}
