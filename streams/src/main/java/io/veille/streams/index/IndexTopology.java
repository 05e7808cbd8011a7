package io.veille.streams.index;

import io.veille.common.topic.Topics;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The indexer's topology: {@code veille.mentions.scored} as the changelog of a read-only {@link MentionIndexStore}
 * (one per partition), updated by a processor that hands each record, as bytes, to the store's indexing function,
 * the same one the restore path uses.
 */
public final class IndexTopology {
  public static final String STORE = "mention-index";
  static final String SOURCE = "scored-source";
  static final String PROCESSOR = "index-mentions";

  private IndexTopology() {}

  public static Topology build(IndexSettings settings) {
    Topology t = new Topology();
    t.addReadOnlyStateStore(new MentionIndexStoreBuilder(STORE, settings.commitInterval(), settings.refreshInterval()),
        SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), Topics.MENTIONS_SCORED.name(), PROCESSOR,
        IndexProcessor::new);
    return t;
  }

  /** Hands a record, with its offset, to the task's index. */
  static final class IndexProcessor implements Processor<byte[], byte[], Void, Void> {
    private ProcessorContext<Void, Void> context;
    private MentionIndexStore store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      this.context = context;
      this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
      long offset = context.recordMetadata().orElseThrow().offset();
      store.apply(record.key(), record.value(), offset);
    }
  }
}
