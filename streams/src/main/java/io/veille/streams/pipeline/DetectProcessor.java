package io.veille.streams.pipeline;

import io.veille.common.model.Signal;
import io.veille.common.model.Signal.Kind;
import io.veille.common.model.Signal.Phase;
import io.veille.common.model.Watch;
import io.veille.streams.detect.Bucket;
import io.veille.streams.detect.Detector;
import io.veille.streams.detect.DetectorConfig;
import io.veille.streams.detect.DetectorState;
import io.veille.streams.detect.TermBaseline;
import io.veille.streams.watch.WatchMatcher;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Runs the {@link Detector} of each watch over its buckets, right after the bucket aggregation
 * (same task, same partition: keyed by watch), and emits its signals with their evidence.
 *
 * <p>A bucket is read once it is complete: when stream time has passed its end by the lateness
 * ({@code streams.detect.lateness}, on an update of the watch or on the stream-time punctuation,
 * so that a watch that went quiet has its signals end). A mention arriving for a bucket already
 * read still counts in the stats, not in the detector. While a bucket fills, an update that looks
 * unusual on its own is also tried on a copy of the state (after the buckets still waiting for
 * their lateness): when it opens a signal, the {@code ONSET} goes out at once (a surge is reported
 * within a second of the mention that crosses the threshold, not at the end of its minute); the
 * complete bucket then confirms it silently (or with an {@code UPDATE} if its severity grew), or
 * withdraws it with an {@code END} marked {@code withdrawn}.
 *
 * <p>The aggregation's store has a record cache: the detector sees a watch's filling bucket once per
 * commit (every {@code streams.commit.interval}, 100 ms by default) with all the mentions of that
 * interval, rather than once per mention; under exactly-once a signal is not visible before that
 * commit anyway.
 *
 * <p>State: the detector's state per watch (with the bucket being filled and the early onsets) in
 * {@link #STATE_STORE}, written when an update changes it; the watch's term baseline in {@link #TERMS_STORE},
 * written when a bucket is read. Evidence comes from the buckets themselves (the aggregation's
 * window store), read only when a signal is emitted.
 */
final class DetectProcessor implements Processor<Windowed<String>, BucketAgg, String, Signal> {
  static final String STATE_STORE = "detector-state";
  static final String TERMS_STORE = "detector-terms";
  static final String BUCKETS_STORE = "watch-buckets";

  private static final long NONE = Long.MIN_VALUE;
  private static final Kind[] KINDS = Kind.values();
  /** The SigniTrend memory: six hours. */
  private static final Duration TERM_MEMORY = Duration.ofHours(6);
  /** Evidence windows: from two buckets before the onset, at most six hours. */
  private static final int ONSET_LEAD = 2;
  private static final Duration MAX_EVIDENCE = Duration.ofHours(6);

  private final Duration bucket;
  private final long bucketMs;
  private final long latenessMs;
  private final WatchMatcher watches;
  private final Map<DetectorConfig, Detector> detectors = new HashMap<>();
  /** Watches with a bucket being filled or an open signal: what the punctuator looks at. */
  private final Set<String> attention = new HashSet<>();
  private ProcessorContext<String, Signal> context;
  private KeyValueStore<String, byte[]> states;
  private KeyValueStore<String, byte[]> termStore;
  private WindowStore<String, ValueAndTimestamp<BucketAgg>> buckets;
  private Sensor signals;
  /**
   * Decoded states and term baselines of the watches seen lately (this processor is their store's
   * only writer, so they stay equal to what it holds; cleared on init and close, i.e. whenever the
   * task restores): an update no longer decodes 4 KB of state, nor a bucket 256 terms.
   */
  private final Map<String, WatchDetection> stateCache = lru(STATE_CACHE);
  private final Map<String, TermBaseline> termCache = lru(TERM_CACHE);
  /** Term baselines learnt since the store was last written: written once per call, not per bucket. */
  private final Set<String> dirtyTerms = new java.util.LinkedHashSet<>();
  static final int STATE_CACHE = 4096;
  static final int TERM_CACHE = 512;

  private static <V> Map<String, V> lru(int max) {
    return new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > max;
      }
    };
  }

  DetectProcessor(Duration bucket, Duration lateness, WatchMatcher watches) {
    this.bucket = bucket;
    this.bucketMs = bucket.toMillis();
    this.latenessMs = lateness.toMillis();
    this.watches = watches;
  }

  /**
   * A watch's detection state: the detector's; the unread buckets (the earliest that may hold data,
   * and the newest that does); the early onsets per kind.
   */
  static final class WatchDetection {
    DetectorState state;
    long pendingMs = NONE;
    long newestMs = NONE;
    final long[] earlyMs = {NONE, NONE};
    final byte[] earlySeverity = {-1, -1};

    byte[] toBytes() {
      byte[] s = state.toBytes();
      return ByteBuffer.allocate(16 + 2 * 9 + s.length).putLong(pendingMs).putLong(newestMs).putLong(earlyMs[0])
          .put(earlySeverity[0])
          .putLong(earlyMs[1]).put(earlySeverity[1]).put(s).array();
    }

    static WatchDetection fromBytes(byte[] bytes) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      WatchDetection d = new WatchDetection();
      d.pendingMs = b.getLong();
      d.newestMs = b.getLong();
      d.earlyMs[0] = b.getLong();
      d.earlySeverity[0] = b.get();
      d.earlyMs[1] = b.getLong();
      d.earlySeverity[1] = b.get();
      byte[] s = new byte[b.remaining()];
      b.get(s);
      d.state = DetectorState.fromBytes(s);
      return d;
    }

    boolean needsAttention() {
      return pendingMs != NONE || state.isOpen(Kind.VOLUME_SPIKE) || state.isOpen(Kind.NEGATIVE_SURGE);
    }
  }

  @Override
  public void init(ProcessorContext<String, Signal> context) {
    this.context = context;
    this.states = context.getStateStore(STATE_STORE);
    this.termStore = context.getStateStore(TERMS_STORE);
    this.buckets = context.getStateStore(BUCKETS_STORE);
    this.signals = context.metrics().addRateTotalSensor("veille", "detect", "signals", Sensor.RecordingLevel.INFO);
    attention.clear();
    clearCaches();
    try (var it = states.all()) {
      while (it.hasNext()) {
        var kv = it.next();
        if (WatchDetection.fromBytes(kv.value).needsAttention()) {
          attention.add(kv.key);
        }
      }
    }
    context.schedule(bucket, PunctuationType.STREAM_TIME, this::punctuate);
  }

  @Override
  public void close() {
    clearCaches();
  }

  private void clearCaches() {
    stateCache.clear();
    termCache.clear();
    dirtyTerms.clear();
  }

  private Detector detector(String watchId) {
    Watch w = watches.watch(watchId);
    DetectorConfig c = DetectorConfig.of(bucket, w == null ? null : w.alert());
    return detectors.computeIfAbsent(c, Detector::new);
  }

  /** The watch's state (decoded once, then kept), or null if it has none yet. */
  private WatchDetection stored(String watchId) {
    WatchDetection d = stateCache.get(watchId);
    if (d == null) {
      byte[] bytes = states.get(watchId);
      if (bytes == null) {
        return null;
      }
      d = WatchDetection.fromBytes(bytes);
      stateCache.put(watchId, d);
    }
    return d;
  }

  private WatchDetection load(String watchId, Detector detector) {
    WatchDetection d = stored(watchId);
    return d == null ? fresh(detector) : d;
  }

  private void save(String watchId, WatchDetection d) {
    states.put(watchId, d.toBytes());
    stateCache.put(watchId, d);
    if (d.needsAttention()) {
      attention.add(watchId);
    } else {
      attention.remove(watchId);
    }
  }

  /** Buckets starting before this are complete at {@code streamTime}: their end plus the lateness has passed. */
  private long completeBefore(long streamTime) {
    return Math.floorDiv(streamTime - latenessMs, bucketMs) * bucketMs;
  }

  @Override
  public void process(Record<Windowed<String>, BucketAgg> r) {
    String w = r.key().key();
    long start = r.key().window().start();
    Detector detector = detector(w);
    WatchDetection stored = stored(w);
    WatchDetection d = stored == null ? fresh(detector) : stored;
    Instant last = d.state.lastStart();
    if (last != null && last.toEpochMilli() >= start) {
      return; // a late mention for a bucket the detector has read
    }
    List<Signal> out = new ArrayList<>();
    boolean changed = stored == null;
    if (d.pendingMs == NONE || start < d.pendingMs) {
      d.pendingMs = start;
      changed = true;
    }
    if (d.newestMs == NONE || start > d.newestMs) {
      d.newestMs = start;
      changed = true;
    }
    long before = completeBefore(Math.max(context.currentStreamTimeMs(), r.timestamp()));
    if (d.pendingMs < before) {
      readUpTo(w, detector, d, before, out);
      changed = true;
    }
    if (start >= before && start == d.newestMs) {
      // the bucket still fills: tried (after the unread buckets before it) on a copy of the state
      changed |= peek(w, detector, d, d.state::copy, start, r.value(), out);
    }
    if (changed) {
      save(w, d); // an update within a bucket that raised nothing leaves the state as it was
    }
    saveTerms();
    emit(out, r.timestamp());
  }

  private static WatchDetection fresh(Detector detector) {
    WatchDetection d = new WatchDetection();
    d.state = detector.newState();
    return d;
  }

  private void punctuate(long streamTime) {
    long readable = completeBefore(streamTime);
    for (String w : List.copyOf(attention)) {
      Detector detector = detector(w);
      WatchDetection d = load(w, detector);
      List<Signal> out = new ArrayList<>();
      if (d.pendingMs != NONE && d.pendingMs < readable) {
        readUpTo(w, detector, d, readable, out);
      }
      Instant last = d.state.lastStart();
      boolean open = d.state.isOpen(Kind.VOLUME_SPIKE) || d.state.isOpen(Kind.NEGATIVE_SURGE);
      if (open && last != null && last.toEpochMilli() + bucketMs < readable) {
        // the watch went quiet: its empty buckets are read so that its signals can end
        step(w, detector, d, Bucket.empty(Instant.ofEpochMilli(readable - bucketMs), bucket), null, out);
      }
      save(w, d);
      saveTerms(); // before the next watch: the cache may let this one go
      emit(out, streamTime);
    }
  }

  private void saveTerms() {
    for (String w : dirtyTerms) {
      TermBaseline t = termCache.get(w);
      if (t != null) {
        termStore.put(w, t.toBytes());
      }
    }
    dirtyTerms.clear();
  }

  /**
   * Reads the unread buckets (and the empty ones between them) up to {@code before}, exclusive;
   * the buckets after it stay unread.
   */
  private void readUpTo(String w, Detector detector, WatchDetection d, long before, List<Signal> out) {
    try (var it = buckets.fetch(w, d.pendingMs, before - 1)) {
      while (it.hasNext()) {
        var kv = it.next();
        BucketAgg agg = kv.value == null ? null : kv.value.value();
        if (agg != null) {
          step(w, detector, d, bucketOf(kv.key, agg), agg, out);
        }
      }
    }
    Instant last = d.state.lastStart();
    if (last == null || last.toEpochMilli() < before - bucketMs) {
      step(w, detector, d, Bucket.empty(Instant.ofEpochMilli(before - bucketMs), bucket), null, out);
    }
    if (d.newestMs != NONE && d.newestMs >= before) {
      d.pendingMs = before;
    } else {
      d.pendingMs = NONE;
      d.newestMs = NONE;
    }
  }

  private Bucket bucketOf(long start, BucketAgg a) {
    return new Bucket(Instant.ofEpochMilli(start), bucket, a.total(), a.copies(), a.negative(), a.reach(),
        a.negativeReach());
  }

  /** One complete bucket through the real state: its signals, reconciled with the early onsets. */
  private void step(String w, Detector detector, WatchDetection d, Bucket b, BucketAgg agg, List<Signal> out) {
    List<Signal> sigs = new ArrayList<>(detector.step(d.state, w, b));
    if (agg != null) {
      TermBaseline terms = terms(w);
      terms.learn(b.start().toEpochMilli() / bucketMs, agg.terms(), agg.total());
      dirtyTerms.add(w);
    }
    long bStart = b.start().toEpochMilli();
    for (Kind k : KINDS) {
      int i = k.ordinal();
      if (d.earlyMs[i] == NONE || d.earlyMs[i] > bStart) {
        continue;
      }
      Signal onset = sigs.stream().filter(s -> s.kind() == k && s.phase() == Phase.ONSET).findFirst().orElse(null);
      if (onset != null) {
        sigs.remove(onset);
        if (onset.severity().ordinal() > d.earlySeverity[i]) {
          sigs.add(new Signal(w, k, Phase.UPDATE, onset.severity(), onset.onset(), onset.at(), onset.observed(),
              onset.expected(), onset.score(), false, null));
        }
      } else if (!d.state.isOpen(k)) {
        Instant early = Instant.ofEpochMilli(d.earlyMs[i]);
        sigs.add(new Signal(w, k, Phase.END, Signal.Severity.values()[d.earlySeverity[i]], early, b.start().plus(bucket),
            detector.weightedVolume(b), 0, 0, true, null));
      }
      d.earlyMs[i] = NONE;
      d.earlySeverity[i] = -1;
    }
    for (Signal s : sigs) {
      out.add(s.withEvidence(evidence(w, d, s)));
    }
  }

  /**
   * The bucket being filled, tried on {@code trial} (a copy of the state): an onset it raises goes
   * out now. Returns whether it did (the early onset is then part of the state).
   */
  private boolean peek(String w, Detector detector, WatchDetection d, java.util.function.Supplier<DetectorState> trial,
      long start, BucketAgg agg, List<Signal> out) {
    boolean any = false;
    for (Kind k : KINDS) {
      any |= !d.state.isOpen(k) && d.earlyMs[k.ordinal()] == NONE;
    }
    Bucket filling = bucketOf(start, agg);
    if (!any || !detector.unusual(d.state, filling)) {
      return false;
    }
    DetectorState copy = trial.get();
    if (d.pendingMs != NONE && d.pendingMs < start) {
      try (var it = buckets.fetch(w, d.pendingMs, start - 1)) {
        while (it.hasNext()) {
          var kv = it.next();
          BucketAgg a = kv.value == null ? null : kv.value.value();
          if (a != null) {
            detector.step(copy, w, bucketOf(kv.key, a)); // what these buckets hold so far
          }
        }
      }
    }
    boolean raised = false;
    for (Signal s : detector.step(copy, w, filling)) {
      int i = s.kind().ordinal();
      if (s.phase() == Phase.ONSET && !d.state.isOpen(s.kind()) && d.earlyMs[i] == NONE) {
        d.earlyMs[i] = start;
        d.earlySeverity[i] = (byte) s.severity().ordinal();
        out.add(s.withEvidence(evidence(w, d, s)));
        raised = true;
      }
    }
    return raised;
  }

  private TermBaseline terms(String w) {
    TermBaseline t = termCache.get(w);
    if (t == null) {
      byte[] bytes = termStore.get(w);
      t = bytes == null ? new TermBaseline(TERM_MEMORY.toMillis() / (double) bucketMs) : TermBaseline.fromBytes(bytes);
      termCache.put(w, t);
    }
    return t;
  }

  private void emit(List<Signal> out, long timestamp) {
    for (Signal s : out) {
      signals.record();
      context.forward(new Record<>(s.watchId(), s, timestamp));
    }
  }

  /** What the buckets of the signal's window say: posts, negative share, terms, mentions, authors. */
  private Signal.Evidence evidence(String w, WatchDetection d, Signal s) {
    long to = s.at().toEpochMilli();
    long from = s.phase() == Phase.ONSET ? s.onset().toEpochMilli() - ONSET_LEAD * bucketMs : s.onset().toEpochMilli();
    from = Math.max(from, to - MAX_EVIDENCE.toMillis());
    long posts = 0;
    long copies = 0;
    long negative = 0;
    int k = 0;
    Map<String, Long> termCounts = new LinkedHashMap<>();
    Map<String, BucketAgg.Post> mentions = new LinkedHashMap<>();
    Map<String, BucketAgg.Writer> authors = new LinkedHashMap<>();
    try (var it = buckets.fetch(w, from, to - 1)) {
      while (it.hasNext()) {
        var kv = it.next();
        BucketAgg a = kv.value == null ? null : kv.value.value();
        if (a == null) {
          continue;
        }
        posts += a.total();
        copies += a.copies();
        negative += a.negative();
        a.terms().forEach((t, c) -> termCounts.merge(t, c, Long::sum));
        for (BucketAgg.Post p : a.posts()) {
          BucketAgg.Post m = mentions.get(p.id);
          if (m == null) {
            mentions.put(p.id, p);
          } else {
            m.copies += p.copies;
            m.platformShares = Math.max(m.platformShares, p.platformShares);
          }
        }
        for (BucketAgg.Writer a2 : a.writers()) {
          BucketAgg.Writer m = authors.get(a2.name);
          if (m == null) {
            authors.put(a2.name, a2);
          } else {
            m.mentions += a2.mentions;
            m.followers = Math.max(m.followers, a2.followers);
          }
        }
      }
    }
    k = (int) Math.max(1, (to - from) / bucketMs);
    TermBaseline baseline = terms(w);
    long fromBucket = from / bucketMs;
    int window = k;
    long windowPosts = posts;
    List<Signal.Term> terms = termCounts.entrySet().stream()
        .map(e -> new Signal.Term(e.getKey(), e.getValue(), baseline.expected(e.getKey(), fromBucket, window, windowPosts),
            baseline.score(e.getKey(), e.getValue(), fromBucket, window, windowPosts)))
        .filter(t -> t.count() >= 2 && t.score() >= 2)
        .sorted(Comparator.comparingDouble(Signal.Term::score).reversed().thenComparing(Signal.Term::term))
        .limit(8).toList();
    List<Signal.TopMention> top = mentions.values().stream()
        .sorted(Comparator.comparingLong(BucketAgg.Post::shares).reversed()
            .thenComparing(Comparator.comparingLong((BucketAgg.Post p) -> p.followers).reversed())
            .thenComparing(p -> p.id))
        .limit(3)
        .map(p -> new Signal.TopMention(p.id, p.source, p.text, p.author, p.url, p.shares(), p.followers)).toList();
    List<Signal.TopAuthor> largest = authors.values().stream()
        .sorted(Comparator.comparingLong((BucketAgg.Writer a) -> a.followers).reversed().thenComparing(a -> a.name))
        .limit(5).map(a -> new Signal.TopAuthor(a.name, a.followers, a.mentions)).toList();
    String query = "watch:\"" + w + "\" AND publishedAt:[" + Instant.ofEpochMilli(from) + " TO " + Instant.ofEpochMilli(to)
        + "}" + (s.kind() == Kind.NEGATIVE_SURGE ? " AND sentiment:negative" : "");
    return new Signal.Evidence(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), posts, copies,
        posts == 0 ? 0 : negative / (double) posts, d.state.usualNegativeShare(), terms, top, largest, query);
  }
}
