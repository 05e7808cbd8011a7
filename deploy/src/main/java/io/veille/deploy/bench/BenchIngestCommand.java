package io.veille.deploy.bench;

import io.veille.common.config.VeilleConfig;
import io.veille.common.json.MentionJson;
import io.veille.common.kafka.EmbeddedKafka;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.Mention;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import io.veille.deploy.Results;
import io.veille.ingest.Connectors;
import io.veille.ingest.IngestService;
import io.veille.ingest.config.IngestConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import io.veille.ingest.replay.FileReplay;
import io.veille.ingest.replay.Pacing;
import io.veille.ingest.replay.ReplayProgress;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code veille bench ingest}: the file replay connector into {@code veille.mentions.raw} against a
 * bare {@link KafkaProducer} loop sending the same bytes with the same settings (idempotent,
 * acks=all, lz4), on the same broker, alternating baseline and measured runs.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Ingest throughput: the file replay (read, parse, validate, publish) and the HTTP intake",
        "(NDJSON batches, 4 clients) against a bare KafkaProducer loop sending the same bytes,",
        "in alternation, on an embedded broker.",
        "Ends with RESULT lines."})
public final class BenchIngestCommand implements Callable<Integer> {
  static final String SCENARIO = io.veille.deploy.scenario.ScenarioGenerator.BUNDLED_RESOURCE;

  @Option(names = "--records", defaultValue = "200000", description = "Records per run (default: ${DEFAULT-VALUE}).")
  int records;

  @Option(names = "--runs", defaultValue = "5", description = "Measured runs of each case (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
  Path json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (records < 1000 || runs < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--records must be >= 1000 and --runs >= 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("veille-bench-ingest");
    List<Mention> base = loadScenario();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      VeilleConfig config = VeilleConfig.defaults().withBootstrapServers(kafka.bootstrapServers());
      TopicAdmin.createMissing(KafkaClients.admin(config, "bench-admin"), Topics.ALL, (short) 1);
      out.printf("broker started in %d ms; %d records per run, %d runs of each case (+1 warm-up)%n",
          kafka.startTime().toMillis(), records, runs);
      IngestConfig intakeConfig = IngestConfig.parse("bench", Map.of("http", Map.of("port", 0,
          "intake", Map.of("tokens", List.of("env:BENCH_TOKEN"), "max-request-bytes", 50_000_000))),
          Connectors.factories(), Map.of("BENCH_TOKEN", TOKEN)::get);
      IngestService service = IngestService.start(intakeConfig, config);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      double[] ours = new double[runs];
      double[] intake = new double[runs];
      double[] baseline = new double[runs];
      for (int run = -1; run < runs; run++) {
        // each run its own ids, so no run is a replay of another
        String tag = "r" + (run + 1);
        List<byte[]> lines = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
          Mention m = base.get(i % base.size());
          lines.add(MentionJson.write(m.withId(m.id() + "~" + tag + "-" + i)));
        }
        Path file = dir.resolve("bench-" + tag + ".jsonl");
        try (var w = Files.newOutputStream(file)) {
          for (byte[] l : lines) {
            w.write(l);
            w.write('\n');
          }
        }
        double b = baselineRun(config, lines);
        double o = replayRun(config, file);
        List<byte[]> intakeLines = new ArrayList<>(records);
        for (byte[] l : lines) {
          Mention m = MentionJson.read(l);
          intakeLines.add(MentionJson.write(m.withId(m.id() + "-http")));
        }
        double h = intakeRun(http, service.port(), intakeLines);
        Files.delete(file);
        if (run >= 0) {
          baseline[run] = b;
          ours[run] = o;
          intake[run] = h;
        }
        out.printf("%-8s baseline %,9.0f/s   replay %,9.0f/s (ratio %.2f)   intake %,9.0f/s (ratio %.2f)%n",
            run < 0 ? "warm-up" : "run " + (run + 1), b, o, o / b, h, h / b);
        out.flush();
      }
      service.close();
      double[] ratios = new double[runs];
      double[] intakeRatios = new double[runs];
      for (int i = 0; i < runs; i++) {
        ratios[i] = ours[i] / baseline[i];
        intakeRatios[i] = intake[i] / baseline[i];
      }
      Results results = new Results();
      results.add("bench", "ingest", "case", "replay", "records", records, "throughput", median(ours),
          "baseline", median(baseline), "ratio", median(ratios), "runs", runs, "spread", spread(ratios));
      results.add("bench", "ingest", "case", "intake", "records", records, "batch", BATCH, "clients", CLIENTS,
          "throughput", median(intake), "baseline", median(baseline), "ratio", median(intakeRatios), "runs", runs,
          "spread", spread(intakeRatios));
      results.add("bench", "broker", "start_ms", kafka.startTime().toMillis());
      results.print(out, json);
    } finally {
      deleteTree(dir);
    }
    return 0;
  }

  private static double baselineRun(VeilleConfig config, List<byte[]> lines) throws Exception {
    // the same bytes the replay reads, keyed the same way, with the same producer settings
    List<byte[]> keys = new ArrayList<>(lines.size());
    for (byte[] l : lines) {
      keys.add(MentionJson.read(l).id().getBytes(StandardCharsets.UTF_8));
    }
    long t0 = System.nanoTime();
    try (var producer = new KafkaProducer<byte[], byte[]>(KafkaClients.producer(config, "bench-baseline"))) {
      for (int i = 0; i < lines.size(); i++) {
        producer.send(new ProducerRecord<>(Topics.MENTIONS_RAW.name(), keys.get(i), lines.get(i)));
      }
      producer.flush();
      return lines.size() / ((System.nanoTime() - t0) / 1e9);
    }
  }

  static final String TOKEN = "bench-token";
  static final int BATCH = 1000;
  static final int CLIENTS = 4;

  /** NDJSON batches of {@link #BATCH} posted by {@link #CLIENTS} concurrent clients; each waits for its 202. */
  private static double intakeRun(HttpClient http, int port, List<byte[]> lines) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/mentions");
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < lines.size(); i += BATCH) {
      var body = new java.io.ByteArrayOutputStream();
      for (byte[] l : lines.subList(i, Math.min(lines.size(), i + BATCH))) {
        body.write(l);
        body.write('\n');
      }
      bodies.add(body.toByteArray());
    }
    var next = new java.util.concurrent.atomic.AtomicInteger();
    var failures = new java.util.concurrent.atomic.AtomicReference<String>();
    long t0 = System.nanoTime();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      clients.add(Thread.ofPlatform().start(() -> {
        int i;
        while ((i = next.getAndIncrement()) < bodies.size() && failures.get() == null) {
          try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i)))
                .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 202) {
              failures.compareAndSet(null, "HTTP " + r.statusCode() + " " + r.body());
            }
          } catch (Exception e) {
            failures.compareAndSet(null, e.toString());
          }
        }
      }));
    }
    for (Thread t : clients) {
      t.join();
    }
    if (failures.get() != null) {
      throw new IllegalStateException("intake refused a batch: " + failures.get());
    }
    return lines.size() / ((System.nanoTime() - t0) / 1e9);
  }

  private static double replayRun(VeilleConfig config, Path file) throws Exception {
    long t0 = System.nanoTime();
    try (var producer = new KafkaProducer<byte[], byte[]>(KafkaClients.producer(config, "bench-replay"))) {
      ReplayProgress p = new FileReplay(producer).replay(file, Pacing.fast());
      return p.acked() / ((System.nanoTime() - t0) / 1e9);
    }
  }

  static List<Mention> loadScenario() throws Exception {
    List<Mention> out = new ArrayList<>();
    InputStream in = BenchIngestCommand.class.getResourceAsStream(SCENARIO);
    if (in == null) {
      throw new IllegalStateException("the bundled scenario " + SCENARIO + " is missing");
    }
    try (BufferedReader r = FileReplay.open(in, SCENARIO)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          out.add(MentionJson.read(line));
        }
      }
    }
    return out;
  }

  static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** (max - min) / median: how far apart the runs were. */
  static double spread(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return (s[s.length - 1] - s[0]) / median(s);
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
