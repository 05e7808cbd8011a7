package io.veille.deploy.bench;

import io.veille.common.config.VeilleConfig;
import io.veille.common.json.MentionJson;
import io.veille.common.kafka.EmbeddedKafka;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.Mention;
import io.veille.common.model.Watch;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import io.veille.deploy.Results;
import io.veille.streams.lang.LanguageDetector;
import io.veille.streams.pipeline.PipelineTopology;
import io.veille.streams.pipeline.StreamsApp;
import io.veille.streams.pipeline.StreamsSettings;
import io.veille.streams.sentiment.LexiconSentimentModel;
import io.veille.streams.watch.WatchMatcher;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code veille bench pipeline}: the scoring topology (validate, dedup, near-dup, language, watch
 * matching, sentiment, buckets) on the embedded broker under exactly-once, against a pass-through
 * topology (raw -> scored copy, no work, same EOS settings) measured in the same run, in
 * alternation; with 10, 100 and 1,000 watches; and the same topology without detection (no
 * detector, no evidence in the buckets), so the detector's cost is measured in the same run, in
 * alternating order, each case with the CPU time its application threads spent per mention. Warm-up
 * rounds first, until the pipeline's rate is stable. Then latency raw -> scored at a fixed rate.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = {"Pipeline throughput (mentions/s) and raw-to-scored latency with 10/100/1000 watches,",
        "against a pass-through topology with the same exactly-once settings. Ends with RESULT lines."})
public final class BenchPipelineCommand implements Callable<Integer> {
  @Option(names = "--records", defaultValue = "60000", description = "Mentions per throughput run (default: ${DEFAULT-VALUE}).")
  int records;

  @Option(names = "--runs", defaultValue = "3", description = "Runs of each case (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--watches", split = ",", defaultValue = "10,100,1000", description = "Watch counts (default: ${DEFAULT-VALUE}).")
  List<Integer> watchCounts;

  @Option(names = "--rate", defaultValue = "5000", description = "Mentions/s for the latency run (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--latency-seconds", defaultValue = "20", description = "Length of the latency run (default: ${DEFAULT-VALUE}).")
  int latencySeconds;

  @Option(names = "--times", defaultValue = "live", description = {"Event times of the mentions: live (published now, as a",
      "live feed: a watch's minute fills with many mentions) or replay (the scenario's own, 14 days in a few",
      "seconds: nearly every mention opens a new minute bucket) (default: ${DEFAULT-VALUE})."})
  String times;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
  Path json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!times.equals("live") && !times.equals("replay")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--times: live or replay, not '" + times + "'");
    }
    Path dir = Files.createTempDirectory("veille-bench-pipeline");
    List<Mention> base = BenchIngestCommand.loadScenario();
    Results results = new Results();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      VeilleConfig config = VeilleConfig.defaults().withBootstrapServers(kafka.bootstrapServers());
      TopicAdmin.createMissing(KafkaClients.admin(config, "bench-admin"), Topics.ALL, (short) 1);
      out.printf("broker up in %d ms; %d mentions per run, %d run(s) per case, %s event times%n",
          kafka.startTime().toMillis(), records, runs, times);
      int maxWatches = watchCounts.stream().mapToInt(Integer::intValue).max().orElse(0);
      List<Watch> watches = watches(maxWatches);
      for (int w : watchCounts) {
        List<Watch> ws = watches.subList(0, w);
        warmUp(config, dir, "w" + w, ws, base, out);
        double[] ours = new double[runs];
        double[] base0 = new double[runs];
        double[] bare = new double[runs];
        double[] oursCpu = new double[runs];
        double[] bareCpu = new double[runs];
        double[] oursJvm = new double[runs];
        double[] bareJvm = new double[runs];
        for (int run = 0; run < runs; run++) {
          String tag = "w" + w + "r" + run;
          Run pass = throughput(config, dir, "pass-" + tag, passThrough(), records, base);
          // with and without detection in alternating order, so neither always runs on the warmer JVM
          Run with;
          Run without;
          if (run % 2 == 0) {
            with = throughput(config, dir, "pipe-" + tag, pipeline(ws, true), records, base);
            without = throughput(config, dir, "nodetect-" + tag, pipeline(ws, false), records, base);
          } else {
            without = throughput(config, dir, "nodetect-" + tag, pipeline(ws, false), records, base);
            with = throughput(config, dir, "pipe-" + tag, pipeline(ws, true), records, base);
          }
          base0[run] = pass.rate();
          ours[run] = with.rate();
          bare[run] = without.rate();
          oursCpu[run] = with.cpuMicros();
          bareCpu[run] = without.cpuMicros();
          oursJvm[run] = with.jvmCpuMicros();
          bareJvm[run] = without.jvmCpuMicros();
          out.printf("watches %4d run %d: pipeline %,8.0f/s (CPU/mention %4.0f us app, %4.0f us JVM)   without detection "
              + "%,8.0f/s (%4.0f us, %4.0f us)   pass-through %,8.0f/s (%3.0f us, %3.0f us)   ratio %.2f   detection cost: "
              + "rate %.0f%%, app CPU %.0f%%, JVM CPU %.0f%%%n", w, run + 1, with.rate(), with.cpuMicros(),
              with.jvmCpuMicros(), without.rate(), without.cpuMicros(), without.jvmCpuMicros(), pass.rate(),
              pass.cpuMicros(), pass.jvmCpuMicros(), with.rate() / pass.rate(), 100 * (1 - with.rate() / without.rate()),
              100 * (1 - without.cpuMicros() / with.cpuMicros()), 100 * (1 - without.jvmCpuMicros() / with.jvmCpuMicros()));
          out.flush();
        }
        double[] ratios = new double[runs];
        double[] costs = new double[runs];
        double[] cpuCosts = new double[runs];
        double[] jvmCosts = new double[runs];
        for (int i = 0; i < runs; i++) {
          jvmCosts[i] = 1 - bareJvm[i] / oursJvm[i];
          ratios[i] = ours[i] / base0[i];
          costs[i] = 1 - ours[i] / bare[i];
          cpuCosts[i] = 1 - bareCpu[i] / oursCpu[i];
        }
        results.add("bench", "pipeline", "times", times, "watches", w, "throughput", BenchIngestCommand.median(ours), "baseline",
            BenchIngestCommand.median(base0), "ratio", BenchIngestCommand.median(ratios), "runs", runs, "spread",
            BenchIngestCommand.spread(ratios), "cpu_us", BenchIngestCommand.median(oursCpu));
        results.add("bench", "detection_cost", "times", times, "watches", w, "with", BenchIngestCommand.median(ours), "without",
            BenchIngestCommand.median(bare), "cost", BenchIngestCommand.median(costs), "runs", runs, "min",
            java.util.Arrays.stream(costs).min().orElse(0), "max", java.util.Arrays.stream(costs).max().orElse(0),
            "cpu_us_with", BenchIngestCommand.median(oursCpu), "cpu_us_without", BenchIngestCommand.median(bareCpu),
            "cpu_cost", BenchIngestCommand.median(cpuCosts), "jvm_cpu_us_with", BenchIngestCommand.median(oursJvm),
            "jvm_cpu_us_without", BenchIngestCommand.median(bareJvm), "jvm_cpu_cost", BenchIngestCommand.median(jvmCosts));
      }
      int w = watchCounts.contains(100) ? 100 : watchCounts.get(0);
      double[] lat = latency(config, dir, base, watches.subList(0, w), out);
      results.add("bench", "pipeline_latency", "watches", w, "rate", rate, "p50_ms", lat[0], "p99_ms", lat[1],
          "max_ms", lat[2], "samples", (long) lat[3]);
      results.print(out, json);
    }
    return 0;
  }

  /** Watches over the scenario's vocabulary: the brand, then generated word pairs. */
  static List<Watch> watches(int n) {
    String[] words = {"ondyne", "panne", "fibre", "box", "reseau", "appli", "facture", "boutique", "technicien", "offre",
        "forfait", "debit", "outage", "support", "service", "client", "telvana", "mobea", "kapsa", "alturo", "refund",
        "network", "down", "merci", "nul", "top", "remboursement", "injoignable", "orange", "free", "wifi", "tv", "mobile",
        "5g", "installation", "contrat", "resiliation", "prix", "promo", "app"};
    List<Watch> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String q = i == 0 ? "ondyne OR #ondynedown" : words[i % words.length] + " AND (" + words[(i * 7 + 3) % words.length]
          + " OR \"" + words[(i * 13 + 5) % words.length] + " " + words[(i * 3 + 1) % words.length] + "\"~3)";
      out.add(new Watch("w" + i, "watch " + i, q, Set.of(), Set.of(), null, List.of()));
    }
    return out;
  }

  private static void produce(VeilleConfig config, List<Mention> base, int n, String tag, boolean uniqueTexts,
      Map<String, Long> sentAt, int rate, boolean live) throws Exception {
    try (var p = new KafkaProducer<byte[], byte[]>(KafkaClients.producer(config, "bench-raw"))) {
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        if (rate > 0) {
          long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
        Mention m = base.get(i % base.size());
        m = m.withId(m.id() + "~" + tag + "-" + i);
        if (uniqueTexts || live) {
          java.time.Instant now = java.time.Instant.now();
          m = new Mention(m.v(), m.id(), m.source(), m.url(), m.lang(), uniqueTexts ? "n" + i + " " + m.text() : m.text(),
              live ? now : m.publishedAt(), live ? now : m.fetchedAt(), m.author(), m.engagement(), m.inReplyTo(),
              m.sharedFrom(), m.extra());
        }
        if (sentAt != null) {
          sentAt.put(m.id(), System.currentTimeMillis());
        }
        p.send(new ProducerRecord<>(Topics.MENTIONS_RAW.name(), m.id().getBytes(StandardCharsets.UTF_8), MentionJson.write(m)));
      }
      p.flush();
    }
  }

  private static Topology passThrough() {
    StreamsBuilder b = new StreamsBuilder();
    b.stream(Topics.MENTIONS_RAW.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .to(Topics.MENTIONS_SCORED.name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    return b.build();
  }

  private static Topology pipeline(List<Watch> watches, boolean detect) {
    WatchMatcher matcher = new WatchMatcher();
    watches.forEach(matcher::put);
    var models = new PipelineTopology.Models(matcher, LexiconSentimentModel.create(), LanguageDetector.get());
    // the bench keeps its watches in the matcher: no watch records on the topic
    return PipelineTopology.build(StreamsSettings.defaults().withDetect(detect), models);
  }

  /** Starts {@code topology} reading raw from its end, and returns once it provably processes new records. */
  private static KafkaStreams startAtEnd(VeilleConfig config, Path dir, String appId, Topology topology,
      List<Mention> base) throws Exception {
    var props = StreamsApp.properties(config, StreamsSettings.defaults().withApplicationId("bench-" + appId),
        dir.resolve("state-" + appId));
    props.put(org.apache.kafka.streams.StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "latest");
    KafkaStreams streams = new KafkaStreams(topology, props);
    streams.start();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    try (var counter = consumerAtEnd(config)) {
      while (streams.state() != KafkaStreams.State.RUNNING) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(appId + " did not start");
        }
        Thread.sleep(50);
      }
      // warm-up records until some come out: the app's positions are set and its code is warm
      String tag = appId + "-warm";
      int got = 0;
      int sent = 0;
      while (got < 200) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(appId + " did not process its warm-up records");
        }
        produce(config, base, 200, tag + sent, true, null, 0, false);
        sent++;
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (got < 200 && System.nanoTime() < until) {
          for (var r : counter.poll(Duration.ofMillis(100))) {
            if (new String(r.key(), StandardCharsets.UTF_8).contains("~" + tag)) {
              got++;
            }
          }
        }
      }
    }
    return streams;
  }

  /** A measured run: mentions per second, and the CPU time the application's threads spent per mention. */
  record Run(double rate, double cpuMicros, double jvmCpuMicros) {}

  /**
   * Warm-up: rounds of the three topologies on fewer records until the pipeline's rate is stable
   * (two rounds within 10 %, at most five rounds), so that no measured run pays for the JIT.
   */
  private void warmUp(VeilleConfig config, Path dir, String tag, List<Watch> ws, List<Mention> base, PrintWriter out)
      throws Exception {
    double last = 0;
    for (int round = 0; round < 5; round++) {
      String t = tag + "warm" + round;
      throughput(config, dir, "pass-" + t, passThrough(), records / 2, base);
      double rate = throughput(config, dir, "pipe-" + t, pipeline(ws, true), records / 2, base).rate();
      throughput(config, dir, "nodetect-" + t, pipeline(ws, false), records / 2, base);
      out.printf("warm-up %d with %d watches: pipeline %,.0f/s%n", round + 1, ws.size(), rate);
      out.flush();
      if (last > 0 && Math.abs(rate - last) / last <= 0.10) {
        return;
      }
      last = rate;
    }
  }

  /**
   * n records produced as fast as possible while {@code topology} runs: n / (last scored - first
   * sent), and the CPU time of the application's own threads (stream thread, its clients' network
   * threads; not the broker's, not the producer's) over the same span, per record.
   */
  private Run throughput(VeilleConfig config, Path dir, String appId, Topology topology, int n,
      List<Mention> base) throws Exception {
    boolean live = times.equals("live");
    KafkaStreams streams = startAtEnd(config, dir, appId, topology, base);
    try (var counter = consumerAtEnd(config)) {
      String tag = appId + "-run";
      String threads = "bench-" + appId + "-";
      long cpu0 = threadCpu(threads);
      long jvm0 = processCpu();
      long t0 = System.nanoTime();
      Thread producer = Thread.ofPlatform().start(() -> {
        try {
          produce(config, base, n, tag, false, null, 0, live);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      long seen = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      String marker = "~" + tag + "-";
      while (seen < n && System.nanoTime() < deadline) {
        for (var r : counter.poll(Duration.ofMillis(100))) {
          if (new String(r.key(), StandardCharsets.UTF_8).contains(marker)) {
            seen++;
          }
        }
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      long cpu = threadCpu(threads) - cpu0;
      long jvm = processCpu() - jvm0;
      producer.join();
      if (seen < n) {
        throw new IllegalStateException(appId + ": only " + seen + " of " + n + " records scored in 10 minutes");
      }
      return new Run(n / secs, cpu / 1e3 / n, jvm / 1e3 / n);
    } finally {
      streams.close(Duration.ofSeconds(30));
    }
  }

  /** The CPU time (ns) of this whole process: the broker, the bench's producer and consumer, the GC, the application. */
  private static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The CPU time (ns) of the live threads whose name contains {@code name}. */
  private static long threadCpu(String name) {
    var mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long total = 0;
    for (var info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info != null && info.getThreadName().contains(name)) {
        long t = mx.getThreadCpuTime(info.getThreadId());
        total += Math.max(0, t);
      }
    }
    return total;
  }

  private static KafkaConsumer<byte[], byte[]> consumerAtEnd(VeilleConfig config) {
    var props = KafkaClients.consumer(config, "bench-counter", "bench-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    var c = new KafkaConsumer<byte[], byte[]>(props);
    c.subscribe(List.of(Topics.MENTIONS_SCORED.name()));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (c.assignment().isEmpty() && System.nanoTime() < deadline) {
      c.poll(Duration.ofMillis(100));
    }
    c.seekToEnd(c.assignment());
    c.assignment().forEach(c::position);
    return c;
  }

  /** Produces unique texts at {@code rate}/s while the pipeline runs; returns p50, p99, max, count. */
  private double[] latency(VeilleConfig config, Path dir, List<Mention> base, List<Watch> watches, PrintWriter out)
      throws Exception {
    KafkaStreams streams = startAtEnd(config, dir, "latency", pipeline(watches, true), base);
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
    int total = rate * latencySeconds;
    try (var counter = consumerAtEnd(config)) {
      Thread consumer = Thread.ofPlatform().start(() -> {
        long end = System.nanoTime() + Duration.ofSeconds(latencySeconds + 120).toNanos();
        while (latencies.size() < total && System.nanoTime() < end) {
          for (var r : counter.poll(Duration.ofMillis(20))) {
            Long t = sentAt.remove(new String(r.key(), StandardCharsets.UTF_8));
            if (t != null) {
              latencies.add(System.currentTimeMillis() - t);
            }
          }
        }
      });
      produce(config, base, total, "lat", true, sentAt, rate, false);
      consumer.join();
    } finally {
      streams.close(Duration.ofSeconds(30));
    }
    long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    if (l.length == 0) {
      throw new IllegalStateException("no latency sample");
    }
    long p50 = l[l.length / 2];
    long p99 = l[Math.min(l.length - 1, (int) (l.length * 0.99))];
    out.printf("latency at %d/s over %d s with %d watches: p50 %d ms, p99 %d ms, max %d ms (%d of %d samples)%n", rate,
        latencySeconds, watches.size(), p50, p99, l[l.length - 1], l.length, total);
    return new double[] {p50, p99, l[l.length - 1], l.length};
  }

}
