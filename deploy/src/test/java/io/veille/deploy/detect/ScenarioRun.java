package io.veille.deploy.detect;

import io.veille.common.json.MentionJson;
import io.veille.common.model.Mention;
import io.veille.common.model.Signal;
import io.veille.common.model.Watch;
import io.veille.common.model.WatchStats;
import io.veille.common.topic.Topics;
import io.veille.deploy.Demo;
import io.veille.streams.lang.LanguageDetector;
import io.veille.streams.pipeline.PipelineTopology;
import io.veille.streams.pipeline.StreamsSettings;
import io.veille.streams.sentiment.SentimentConfig;
import io.veille.streams.sentiment.SentimentModel;
import io.veille.streams.sentiment.SentimentRouter;
import io.veille.streams.watch.WatchMatcher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * A scenario (JSON lines of mentions, in event-time order) through the real topology in a
 * TopologyTestDriver, with the given watches: the signals it raises and each watch's complete
 * buckets, as the detector read them. Mentions are piped with their publication time as record
 * time, so event time is the scenario's own.
 *
 * <p>A run can be {@link #fork() forked}: a second driver of the same topology whose state stores
 * hold a copy of this one's (dedup ids, near-duplicate texts, the buckets, the detector's state and
 * term baselines), so several continuations of the same history are fed the history once.
 */
public final class ScenarioRun implements AutoCloseable {
  private static final Pattern PUBLISHED = Pattern.compile("\"publishedAt\"\\s*:\\s*\"([^\"]+)\"");

  public final List<Signal> signals = new ArrayList<>();
  /** Per watch, its buckets by start: the last stats record of each (the complete bucket). */
  public final Map<String, TreeMap<Instant, WatchStats>> buckets = new TreeMap<>();
  public int mentions;

  private final List<Watch> watches;
  private final SentimentModel sentiment;
  private final Instant now;
  private final TopologyTestDriver driver;
  private final TestInputTopic<byte[], byte[]> raw;
  private final TestOutputTopic<String, Signal> signalTopic;
  private final TestOutputTopic<String, WatchStats> statsTopic;
  private long records;
  private boolean closed;

  private ScenarioRun(List<Watch> watches, SentimentModel sentiment, Instant now, long records) throws IOException {
    this.watches = List.copyOf(watches);
    this.sentiment = sentiment;
    this.now = now;
    this.records = records;
    StreamsSettings settings = StreamsSettings.defaults().withApplicationId("scenario-run");
    var models = new PipelineTopology.Models(new WatchMatcher(), sentiment, LanguageDetector.get());
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "scenario-run");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    Path state = Files.createTempDirectory("veille-scenario-run");
    p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
    driver = new TopologyTestDriver(PipelineTopology.build(settings, models), p, now);
    raw = driver.createInputTopic(Topics.MENTIONS_RAW.name(), new ByteArraySerializer(), new ByteArraySerializer());
    TestInputTopic<String, Watch> watchTopic = driver.createInputTopic(Topics.WATCHES.name(), new StringSerializer(),
        Topics.WATCHES.valueSerde().serializer());
    signalTopic = driver.createOutputTopic(Topics.SIGNALS.name(), new StringDeserializer(),
        Topics.SIGNALS.valueSerde().deserializer());
    statsTopic = driver.createOutputTopic(Topics.WATCH_STATS.name(), new StringDeserializer(),
        Topics.WATCH_STATS.valueSerde().deserializer());
    for (Watch w : watches) {
      watchTopic.pipeInput(w.id(), w);
    }
  }

  /** A run with these watches loaded and nothing piped yet; {@code now} is the driver's wall clock. */
  public static ScenarioRun start(List<Watch> watches, SentimentModel sentiment, Instant now) throws IOException {
    return new ScenarioRun(watches, sentiment, now, 0);
  }

  /** A whole scenario through a run of its own (closed when it returns). */
  public static ScenarioRun of(InputStream scenario, List<Watch> watches, SentimentModel sentiment, Instant now)
      throws IOException {
    try (ScenarioRun run = start(watches, sentiment, now)) {
      return run.pipe(scenario);
    }
  }

  /** Pipes JSON lines of mentions (a line's record time is its publishedAt). */
  public ScenarioRun pipe(InputStream scenario) throws IOException {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(scenario, StandardCharsets.UTF_8))) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        Matcher m = PUBLISHED.matcher(line);
        if (!m.find()) {
          throw new IOException("line " + n + ": no publishedAt");
        }
        pipe(line.getBytes(StandardCharsets.UTF_8), Instant.parse(m.group(1)));
      }
    }
    drain();
    return this;
  }

  /** Pipes mentions as the connectors would publish them (their JSON, record time = publishedAt). */
  public ScenarioRun pipe(List<Mention> scenario) {
    for (Mention m : scenario) {
      pipe(MentionJson.write(m), m.publishedAt());
    }
    drain();
    return this;
  }

  private void pipe(byte[] value, Instant at) {
    if (closed) {
      throw new IllegalStateException("the run is closed");
    }
    records++;
    raw.pipeInput(("k" + records).getBytes(StandardCharsets.UTF_8), value, at);
    mentions++;
    if ((records & 255) == 0) {
      drain();
    }
  }

  /**
   * A new run of the same topology and watches whose state stores hold a copy of this run's: what
   * it is fed next continues this run's history. Its signals and buckets start empty. The watches'
   * global store (in memory, not copied) is loaded from the watches topic as in any run.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public ScenarioRun fork() throws IOException {
    drain();
    ScenarioRun copy = new ScenarioRun(watches, sentiment, now, records);
    Map<String, StateStore> target = copy.driver.getAllStateStores();
    for (Map.Entry<String, StateStore> e : driver.getAllStateStores().entrySet()) {
      StateStore from = e.getValue();
      if (!from.persistent()) {
        continue;
      }
      StateStore to = target.get(e.getKey());
      if (from instanceof WindowStore fw && to instanceof WindowStore tw) {
        try (KeyValueIterator<Windowed<Object>, Object> it = fw.all()) {
          while (it.hasNext()) {
            KeyValue<Windowed<Object>, Object> kv = it.next();
            tw.put(kv.key.key(), kv.value, kv.key.window().start());
          }
        }
      } else if (from instanceof KeyValueStore fk && to instanceof KeyValueStore tk) {
        try (KeyValueIterator<Object, Object> it = fk.all()) {
          while (it.hasNext()) {
            KeyValue<Object, Object> kv = it.next();
            tk.put(kv.key, kv.value);
          }
        }
      } else {
        throw new IllegalStateException("cannot copy state store " + e.getKey() + " (" + from.getClass().getName() + ")");
      }
    }
    return copy;
  }

  private void drain() {
    if (closed) {
      return;
    }
    this.signals.addAll(signalTopic.readValuesToList());
    for (WatchStats s : statsTopic.readValuesToList()) {
      buckets.computeIfAbsent(s.watchId(), k -> new TreeMap<>()).put(s.start(), s);
    }
  }

  /** Drains what the topology wrote and closes the driver (its state directory goes with it); the results stay. */
  @Override
  public void close() {
    drain();
    if (!closed) {
      closed = true;
      driver.close();
    }
  }

  /** The bundled demo scenario with the demo's watches and sentiment, as {@code veille demo} runs it. */
  public static ScenarioRun bundled() throws IOException {
    List<Watch> watches = Demo.demoWatches();
    try (InputStream in = new GZIPInputStream(ScenarioRun.class.getResourceAsStream(
        "/scenario/demo-scenario.jsonl.gz"))) {
      return of(in, watches, SentimentRouter.of(SentimentConfig.defaults()), Instant.parse("2026-11-17T00:00:00Z"));
    }
  }

  /** Writes each watch's buckets as CSV (start,total,copies,negative,reach) under {@code dir}. */
  public void writeBuckets(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (var e : buckets.entrySet()) {
      StringBuilder sb = new StringBuilder("start,total,copies,negative,reach,negativeReach\n");
      for (WatchStats s : e.getValue().values()) {
        sb.append(s.start()).append(',').append(s.total()).append(',').append(s.copies()).append(',')
            .append(s.negative()).append(',').append(s.reach()).append(',').append(s.negativeReach()).append('\n');
      }
      Files.writeString(dir.resolve(e.getKey() + ".csv"), sb);
    }
  }

  public static void main(String[] args) throws IOException {
    long t0 = System.nanoTime();
    ScenarioRun run = bundled();
    System.out.printf("%d mentions in %.1f s, %d signals%n", run.mentions, (System.nanoTime() - t0) / 1e9,
        run.signals.size());
    run.writeBuckets(Path.of(args.length > 0 ? args[0] : "target/scenario-buckets"));
    for (Signal s : run.signals) {
      {
        System.out.println(s.watchId() + " " + s.kind() + " " + s.phase() + " " + s.severity() + " onset=" + s.onset()
            + " at=" + s.at() + " obs=" + String.format("%.1f", s.observed()) + " exp="
            + String.format("%.1f", s.expected()) + (s.withdrawn() ? " withdrawn" : ""));
      }
    }
  }
}
