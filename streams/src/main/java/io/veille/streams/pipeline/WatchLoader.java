package io.veille.streams.pipeline;

import io.veille.common.json.JsonSerde;
import io.veille.common.model.Watch;
import io.veille.streams.watch.WatchMatcher;
import io.veille.streams.watch.WatchStore;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global watch store and the instance's {@link WatchMatcher} in step with
 * {@code veille.watches}: at start-up (after the store is restored) every stored watch is loaded;
 * then each change applies live. A watch that does not parse never reaches the matcher: it is
 * logged with the parser's message and the previous version, if any, stays.
 */
final class WatchLoader implements Processor<String, byte[], Void, Void> {
  private static final Logger LOG = LoggerFactory.getLogger(WatchLoader.class);
  static final String STORE = "watches-global";
  private static final JsonSerde<Watch> SERDE = new JsonSerde<>(Watch.class);

  private final WatchMatcher matcher;
  private KeyValueStore<String, byte[]> store;

  WatchLoader(WatchMatcher matcher) {
    this.matcher = matcher;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(STORE);
    int loaded = 0;
    try (var it = store.all()) {
      while (it.hasNext()) {
        var kv = it.next();
        if (apply(kv.key, kv.value)) {
          loaded++;
        }
      }
    }
    LOG.info("watch matcher loaded {} watch(es) from the global store", loaded);
  }

  @Override
  public void process(Record<String, byte[]> r) {
    if (r.key() == null) {
      LOG.error("a record without a key on the watch topic: skipped");
      return;
    }
    if (r.value() == null) {
      store.delete(r.key());
      matcher.remove(r.key());
      LOG.info("watch {} removed", r.key());
      return;
    }
    if (apply(r.key(), r.value())) {
      store.put(r.key(), r.value());
      LOG.info("watch {} added or updated", r.key());
    }
  }

  /**
   * Loads one record, whatever it holds: a value that does not load (not JSON, the wrong shape, a
   * query the parser refuses or that would overflow its stack) is logged and skipped, never thrown
   * (the topic is compacted: a poison value would stop every start). {@code veille watch list}
   * shows the skipped ones with the same reason ({@link WatchStore#check}).
   */
  private boolean apply(String key, byte[] value) {
    String why = WatchStore.check(key, value);
    if (why != null) {
      LOG.error("watch {} skipped: {}", key.length() <= 80 ? key : key.substring(0, 77) + "...", why);
      return false;
    }
    try {
      matcher.put(SERDE.fromBytes(value));
      return true;
    } catch (RuntimeException | StackOverflowError e) {
      LOG.error("watch {} skipped: {}", key.length() <= 80 ? key : key.substring(0, 77) + "...", e.toString());
      return false;
    }
  }
}
