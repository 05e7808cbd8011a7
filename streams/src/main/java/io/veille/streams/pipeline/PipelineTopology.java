package io.veille.streams.pipeline;

import io.veille.common.json.JsonSerde;
import io.veille.common.json.MentionSerde;
import io.veille.common.model.ScoredMention;
import io.veille.common.model.WatchStats;
import io.veille.common.topic.Topics;
import io.veille.streams.lang.LanguageDetector;
import io.veille.streams.sentiment.SentimentModel;
import io.veille.streams.watch.WatchMatcher;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The scoring topology, as a pure function of its settings and its (thread-safe) models:
 *
 * <pre>
 * raw (bytes) ─ validate + dedup by id ─┬─ bad ─────────────────────────────► veille.mentions.dlq (headers)
 *                                       └─ ok ─ re-key by text ─ near-dup? ─┬─ scored ─► veille.mentions.scored
 *           veille.watches ─► global store ─► matcher ─ language ─ match ─ sentiment ─┘
 *                                                                            └─ per watch ─ 1-min buckets ─┬─► veille.watch.stats
 *                                                                                      detector + evidence ─┴─► veille.signals
 * </pre>
 */
public final class PipelineTopology {
  private PipelineTopology() {}

  /** What the topology uses beside its settings: shared, thread-safe, owned by the caller. */
  public record Models(WatchMatcher matcher, SentimentModel sentiment, LanguageDetector languages) {}

  public static Topology build(StreamsSettings settings, Models models) {
    StreamsBuilder b = new StreamsBuilder();

    b.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(WatchLoader.STORE), Serdes.String(),
            Serdes.ByteArray()).withLoggingDisabled(),
        Topics.WATCHES.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("watches"),
        () -> new WatchLoader(models.matcher()));

    b.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(ValidateProcessor.STORE,
        settings.dedupWindow().multipliedBy(2), settings.dedupWindow(), false), Serdes.String(), Serdes.Long()));
    b.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(ScoreProcessor.STORE,
        settings.nearDupWindow().multipliedBy(2), settings.nearDupWindow(), false), Serdes.String(),
        new JsonSerde<>(ScoredMention.class)));

    KStream<String, Checked> checked = b
        .stream(Topics.MENTIONS_RAW.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("raw"))
        .process(() -> new ValidateProcessor(settings.dedupWindow(), settings.maxFuture()), Named.as("validate-dedup"),
            ValidateProcessor.STORE);

    var branches = checked.split(Named.as("checked-"))
        .branch((k, v) -> v instanceof Checked.Rejected, Branched.as("bad"))
        .defaultBranch(Branched.as("ok"));

    branches.get("checked-bad")
        .map((k, v) -> KeyValue.pair(((Checked.Rejected) v).key(), ((Checked.Rejected) v).value()), Named.as("dlq-bytes"))
        .to(Topics.MENTIONS_DLQ.name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("dlq"));

    KStream<String, Scored> scored = branches.get("checked-ok")
        .map((k, v) -> {
          var m = ((Checked.Ok) v).mention();
          return KeyValue.pair(TextKey.of(m), m);
        }, Named.as("key-by-text"))
        .repartition(Repartitioned.with(Serdes.String(), new MentionSerde()).withName("by-text"))
        .process(() -> new ScoreProcessor(settings.nearDupWindow(), models.matcher(), models.sentiment(),
            models.languages(), settings.detect()), Named.as("score"), ScoreProcessor.STORE);

    var outputs = scored.split(Named.as("scored-"))
        .branch((k, v) -> v instanceof Scored.Mention, Branched.as("mentions"))
        .branch((k, v) -> v instanceof Scored.Failed, Branched.as("failed"))
        .defaultBranch(Branched.as("buckets"));

    outputs.get("scored-failed")
        .map((k, v) -> KeyValue.pair(((Scored.Failed) v).key(), ((Scored.Failed) v).value()), Named.as("failed-bytes"))
        .to(Topics.MENTIONS_DLQ.name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("dlq-score"));

    outputs.get("scored-mentions")
        .mapValues(v -> ((Scored.Mention) v).scored(), Named.as("scored-value"))
        .process(WallClockStamp::new, Named.as("scored-stamp"))
        .to(Topics.MENTIONS_SCORED.name(), Produced.with(Serdes.String(), Topics.MENTIONS_SCORED.valueSerde())
            .withName("scored"));

    KStream<org.apache.kafka.streams.kstream.Windowed<String>, BucketAgg> buckets = outputs.get("scored-buckets")
        .mapValues(v -> ((Scored.ToBucket) v).contribution(), Named.as("contribution"))
        .groupByKey(Grouped.with("by-watch", Serdes.String(), Contribution.serde()))
        .windowedBy(TimeWindows.ofSizeAndGrace(settings.bucket(), settings.grace()))
        .aggregate(BucketAgg::empty, (watch, c, agg) -> agg.add(c), Named.as("bucket-agg"),
            Materialized.<String, BucketAgg, WindowStore<Bytes, byte[]>>as(DetectProcessor.BUCKETS_STORE)
                .withKeySerde(Serdes.String()).withValueSerde(BucketAgg.serde())
                .withRetention(settings.bucket().plus(settings.grace()).multipliedBy(2))
                .withCachingEnabled())
        .toStream(Named.as("bucket-updates"));

    buckets
        .map((wk, agg) -> KeyValue.pair(wk.key(), new WatchStats(wk.key(), wk.window().startTime(),
            wk.window().endTime(), agg.total(), agg.negative(), agg.neutral(), agg.positive(), agg.uniqueAuthors(),
            agg.reach(), agg.copies(), agg.negativeReach())), Named.as("stats-value"))
        .process(WallClockStamp::new, Named.as("stats-stamp"))
        .to(Topics.WATCH_STATS.name(), Produced.with(Serdes.String(), Topics.WATCH_STATS.valueSerde()).withName("stats"));

    if (settings.detect()) {
      b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DetectProcessor.STATE_STORE),
          Serdes.String(), Serdes.ByteArray()).withCachingDisabled());
      b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DetectProcessor.TERMS_STORE),
          Serdes.String(), Serdes.ByteArray()).withCachingDisabled());
      buckets
          .process(() -> new DetectProcessor(settings.bucket(), settings.detectLateness(), models.matcher()), Named.as("detect"),
              DetectProcessor.STATE_STORE, DetectProcessor.TERMS_STORE, DetectProcessor.BUCKETS_STORE)
          .to(Topics.SIGNALS.name(), Produced.with(Serdes.String(), Topics.SIGNALS.valueSerde()).withName("signals"));
    }

    return b.build();
  }
}
