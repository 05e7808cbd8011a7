package io.veille.deploy.detect;

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
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * A scenario (JSON lines of mentions, in event-time order) through the real topology in a
 * TopologyTestDriver, with the given watches: the signals it raises and each watch's complete
 * buckets, as the detector read them. Mentions are piped with their publication time as record
 * time, so event time is the scenario's own.
 */
public final class ScenarioRun {
  private static final Pattern PUBLISHED = Pattern.compile("\"publishedAt\"\\s*:\\s*\"([^\"]+)\"");

  public final List<Signal> signals = new ArrayList<>();
  /** Per watch, its buckets by start: the last stats record of each (the complete bucket). */
  public final Map<String, TreeMap<Instant, WatchStats>> buckets = new TreeMap<>();
  public int mentions;

  public static ScenarioRun of(InputStream scenario, List<Watch> watches, SentimentModel sentiment, Instant now)
      throws IOException {
    ScenarioRun run = new ScenarioRun();
    StreamsSettings settings = StreamsSettings.defaults().withApplicationId("scenario-run");
    var models = new PipelineTopology.Models(new WatchMatcher(), sentiment, LanguageDetector.get());
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "scenario-run");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    Path state = Files.createTempDirectory("veille-scenario-run");
    p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
    try (TopologyTestDriver driver = new TopologyTestDriver(PipelineTopology.build(settings, models), p, now)) {
      TestInputTopic<byte[], byte[]> raw = driver.createInputTopic(Topics.MENTIONS_RAW.name(),
          new ByteArraySerializer(), new ByteArraySerializer());
      TestInputTopic<String, Watch> watchTopic = driver.createInputTopic(Topics.WATCHES.name(), new StringSerializer(),
          Topics.WATCHES.valueSerde().serializer());
      TestOutputTopic<String, Signal> signals = driver.createOutputTopic(Topics.SIGNALS.name(),
          new StringDeserializer(), Topics.SIGNALS.valueSerde().deserializer());
      TestOutputTopic<String, WatchStats> stats = driver.createOutputTopic(Topics.WATCH_STATS.name(),
          new StringDeserializer(), Topics.WATCH_STATS.valueSerde().deserializer());
      for (Watch w : watches) {
        watchTopic.pipeInput(w.id(), w);
      }
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
          byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
          raw.pipeInput(("k" + n).getBytes(StandardCharsets.UTF_8), bytes, Instant.parse(m.group(1)));
          run.mentions++;
          if ((n & 255) == 0) {
            run.drain(signals, stats);
          }
        }
      }
      run.drain(signals, stats);
    }
    return run;
  }

  private void drain(TestOutputTopic<String, Signal> signals, TestOutputTopic<String, WatchStats> stats) {
    this.signals.addAll(signals.readValuesToList());
    for (WatchStats s : stats.readValuesToList()) {
      buckets.computeIfAbsent(s.watchId(), k -> new TreeMap<>()).put(s.start(), s);
    }
  }

  /** The bundled demo scenario with the demo's watches and sentiment, as {@code veille demo} runs it. */
  public static ScenarioRun bundled() throws IOException {
    List<Watch> watches = Demo.demoWatches();
    try (InputStream in = new GZIPInputStream(ScenarioRun.class.getResourceAsStream("/scenario/demo-scenario.jsonl.gz"))) {
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
