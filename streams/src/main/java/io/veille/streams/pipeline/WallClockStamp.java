package io.veille.streams.pipeline;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Output records carry the time they were produced, not the mention's event time: the event time
 * is in the value, and a mention published weeks ago must not be deleted by the output topic's
 * retention the moment it is written.
 */
final class WallClockStamp<K, V> implements Processor<K, V, K, V> {
  private ProcessorContext<K, V> context;

  @Override
  public void init(ProcessorContext<K, V> context) {
    this.context = context;
  }

  @Override
  public void process(Record<K, V> r) {
    long now = context.currentSystemTimeMs();
    // a cache flush outside processing (a store written by hand, as tools do) comes before Streams set its time
    context.forward(r.withTimestamp(now >= 0 ? now : System.currentTimeMillis()));
  }
}
