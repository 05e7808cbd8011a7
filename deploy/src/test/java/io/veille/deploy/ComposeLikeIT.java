package io.veille.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.veille.alerting.notify.WebhookSignature;
import io.veille.common.json.Json;
import io.veille.common.json.MentionJson;
import io.veille.common.kafka.EmbeddedKafka;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.config.VeilleConfig;
import io.veille.common.model.Mention;
import io.veille.common.model.Signal;
import io.veille.common.model.Watch;
import io.veille.common.topic.Topics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The docker compose topology of deploy/docker-compose.yml without Docker: one embedded KRaft broker in this JVM
 * (for the {@code kafka} service), then each Veille service of the compose file as a child JVM started from the
 * compose file itself: its {@code command}, its {@code environment} (interpolated with .env.example, as
 * {@code docker compose} does with a copy of it as .env) and the files it mounts (deploy/docker/ingest.yml and
 * alerting.yml, copied with test-local values). In order: {@code topics} (one-shot, exits 0), then {@code ingest},
 * {@code streams-1}, {@code streams-2} and {@code alerting} together.
 *
 * <p>What differs from compose, and why: the broker is {@link EmbeddedKafka}, not {@code apache/kafka}, so its
 * health check ({@code kafka-broker-api-versions.sh}) is not run; there is no container DNS, so the streams
 * instances advertise {@code 127.0.0.1} instead of their service names, and every service listens on a free port
 * (port 0) instead of its fixed container port (8081, 8090, 8082: two instances on one host cannot share 8090);
 * each child gets its own data folder for its volume, {@code -Xmx512m} for the memory limit (no cgroup limit
 * here), and no CPU limit; Mailpit is not run: the e-mail receiver of alerting.yml is replaced by a signed
 * webhook to an HTTP server of this test. The image's health check script (deploy/docker/veille-health) is run
 * as it is, with bash, against each child's {@code /health/ready}, as compose's {@code healthcheck} does.
 */
class ComposeLikeIT {
  static final Path OUT = Path.of("target", "compose-like-it").toAbsolutePath();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final String HOOK_SECRET = "it-hook-secret-0123456789";
  static final int MENTIONS = 60;
  static final List<Child> CHILDREN = new CopyOnWriteArrayList<>();
  static EmbeddedKafka kafka;

  /** A child JVM, its output file, and its HTTP base once it printed it. */
  static final class Child {
    final String name;
    final Process process;
    final Path log;
    final long startedNanos = System.nanoTime();
    volatile String base;
    final List<Integer> readyStatuses = new CopyOnWriteArrayList<>();

    Child(String name, Process process, Path log) {
      this.name = name;
      this.process = process;
      this.log = log;
    }

    String output() {
      try {
        return Files.readString(log);
      } catch (IOException e) {
        return "(cannot read " + log + ": " + e + ")";
      }
    }

    String tail() {
      String[] lines = output().split("\n");
      return String.join("\n", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - 60), lines.length));
    }
  }

  @AfterAll
  static void stopEverything() throws Exception {
    for (Child c : CHILDREN) {
      c.process.destroyForcibly();
    }
    for (Child c : CHILDREN) {
      c.process.waitFor(20, TimeUnit.SECONDS);
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  // ------------------------------------------------------------------------------------------------ helpers

  /** Every child's last lines, for a failure's message. */
  static String tails() {
    StringBuilder b = new StringBuilder();
    for (Child c : CHILDREN) {
      b.append("\n----- ").append(c.name).append(" (").append(c.log).append(", ")
          .append(c.process.isAlive() ? "running" : "exited " + c.process.exitValue()).append(") -----\n")
          .append(c.tail());
    }
    return b.toString();
  }

  /** Polls {@code condition} every {@code every} until it holds or {@code within} passes (then fails with every tail). */
  static void until(String what, Duration within, Duration every, BooleanSupplier condition) throws InterruptedException {
    AtomicReference<Throwable> last = new AtomicReference<>();
    try {
      org.awaitility.Awaitility.await(what).atMost(within).pollDelay(Duration.ZERO).pollInterval(every)
          .until(() -> {
            for (Child c : CHILDREN) {
              if (!c.process.isAlive() && !c.name.equals("topics")) {
                throw new IllegalStateException(c.name + " exited (" + c.process.exitValue() + ") while waiting for " + what
                    + tails());
              }
            }
            try {
              boolean ok = condition.getAsBoolean();
              last.set(null);
              return ok;
            } catch (RuntimeException | AssertionError e) {
              last.set(e);
              return false;
            }
          });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      Throwable l = last.get();
      throw new AssertionError("not within " + within.toSeconds() + " s: " + what + (l == null ? "" : " (last: " + l + ")")
          + tails(), l);
    }
  }


  static HttpResponse<String> get(String url, String token) {
    try {
      HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
      if (token != null) {
        r.header("Authorization", "Bearer " + token);
      }
      return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The sum of the samples of {@code metric} (Prometheus text) whose labels contain every one of {@code labels}. */
  static double sample(String metrics, String metric, String... labels) {
    double sum = 0;
    boolean found = false;
    Pattern p = Pattern.compile("^" + Pattern.quote(metric) + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);
    Matcher m = p.matcher(metrics);
    outer:
    while (m.find()) {
      String l = m.group(1) == null ? "" : m.group(1);
      for (String want : labels) {
        if (!l.contains(want)) {
          continue outer;
        }
      }
      double v = Double.parseDouble(m.group(2));
      if (!Double.isNaN(v)) {
        sum += v;
      }
      found = true;
    }
    assertThat(found).as("a sample of %s %s in:\n%s", metric, List.of(labels), metrics).isTrue();
    return sum;
  }

  static String metrics(Child c) {
    HttpResponse<String> r = get(c.base + "/metrics", null);
    assertThat(r.statusCode()).as(c.name + " /metrics").isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).as(c.name).startsWith("text/plain; version=0.0.4");
    assertThat(r.body()).as(c.name).contains("# TYPE ").contains("jvm_memory_used_bytes");
    return r.body();
  }

  /** A compose service's environment, interpolated with .env.example; each child also gets only these VEILLE_* names. */
  static Map<String, String> composeEnv(String service) throws IOException {
    return ComposeFileTest.environment(ComposeFileTest.services().get(service), ComposeFileTest.envExample());
  }

  @SuppressWarnings("unchecked")
  static List<String> composeCommand(String service) throws IOException {
    return ComposeFileTest.strings(ComposeFileTest.services().get(service).get("command"));
  }

  /** Starts {@code veille <args>} as the compose service {@code name} would run, with the environment given. */
  static Child start(String name, List<String> args, Map<String, String> env) throws IOException {
    Files.createDirectories(OUT);
    Path log = OUT.resolve(name + ".log");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.veille.deploy.VeilleCli"));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("VEILLE_") || k.equals("JAVA_TOOL_OPTIONS"));
    pb.environment().putAll(env);
    Child c = new Child(name, pb.start(), log);
    CHILDREN.add(c);
    return c;
  }

  /** The compose environment of a service, pointed at this test's broker and a data folder of its own (its volume). */
  static Map<String, String> localEnv(String service, Path data) throws IOException {
    Map<String, String> env = new LinkedHashMap<>(composeEnv(service));
    assertThat(env).as(service).containsKey("VEILLE_BOOTSTRAP_SERVERS").containsKey("VEILLE_DATA_DIR");
    env.put("VEILLE_BOOTSTRAP_SERVERS", kafka.bootstrapServers()); // compose: kafka:9092
    env.put("VEILLE_DATA_DIR", data.toString()); // compose: the volume at /var/lib/veille
    Files.createDirectories(data);
    return env;
  }

  static Yaml yaml() {
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(o);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> load(Path p) throws IOException {
    return (Map<String, Object>) ComposeFileTest.yaml().load(Files.readString(p));
  }

  /** Compose's {@code command}, with the files it mounts at /etc/veille replaced by the test's copies. */
  static List<String> remap(List<String> command, Map<String, Path> mounts) {
    return command.stream().map(a -> mounts.containsKey(a) ? mounts.get(a).toString() : a).toList();
  }

  static int veilleHealth(String url) {
    try {
      Process p = new ProcessBuilder("bash", ComposeFileTest.DEPLOY.resolve("docker/veille-health").toString(), url)
          .redirectErrorStream(true).start();
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("veille-health " + url + " did not answer within 15 s");
      }
      return p.exitValue();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------------------------------------- the test

  @Test
  @SuppressWarnings("unchecked")
  void theComposeTopologyRunsAsProcessesAndStopsCleanly() throws Exception {
    long t0 = System.nanoTime();
    Path tmp = Files.createTempDirectory("veille-compose-it");
    kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
    Map<String, String> dotEnv = ComposeFileTest.envExample();
    String intakeToken = dotEnv.get("VEILLE_SECRET_INTAKE_TOKEN");
    String searchToken = dotEnv.get("VEILLE_SECRET_SEARCH_TOKEN");
    String alertingToken = dotEnv.get("VEILLE_SECRET_ALERTING_TOKEN");

    // the receiver: alerting's webhook posts here (compose's Mailpit stands for the same role)
    List<byte[]> hookBodies = new CopyOnWriteArrayList<>();
    List<String> hookProblems = new CopyOnWriteArrayList<>();
    HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext("/hook", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      boolean signed = WebhookSignature.verify(HOOK_SECRET, ex.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER),
          ex.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER), body, Instant.now(),
          WebhookSignature.DEFAULT_TOLERANCE);
      if (!signed) {
        hookProblems.add("unsigned or badly signed request: " + new String(body, StandardCharsets.UTF_8));
      }
      hookBodies.add(body);
      ex.sendResponseHeaders(signed ? 200 : 401, -1);
      ex.close();
    });
    hook.start();
    try {
      // ---- the mounted files, as compose mounts them, with test-local values
      Map<String, Object> ingestYml = load(ComposeFileTest.DEPLOY.resolve("docker/ingest.yml"));
      ((Map<String, Object>) ingestYml.get("http")).put("port", 0); // compose: 8081 in the container
      Path ingestFile = tmp.resolve("ingest.yml");
      Files.writeString(ingestFile, yaml().dump(ingestYml));

      Map<String, Object> alertingYml = load(ComposeFileTest.DEPLOY.resolve("docker/alerting.yml"));
      List<Map<String, Object>> receivers = (List<Map<String, Object>>) alertingYml.get("receivers");
      String mail = null;
      for (Map<String, Object> r : receivers) {
        if (r.containsKey("email")) { // Mailpit's receiver: the test's webhook instead
          mail = (String) r.get("name");
          r.remove("email");
          r.put("webhook", Map.of("url", "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook",
              "secret", "env:VEILLE_SECRET_IT_HOOK", "timeout", "5s"));
        }
      }
      assertThat(mail).as("docker/alerting.yml has an e-mail receiver (Mailpit)").isNotNull();
      Map<String, Object> route = (Map<String, Object>) alertingYml.get("route");
      route.put("group_wait", "0s"); // compose: 30s
      ((Map<String, Object>) alertingYml.get("http")).put("port", 0); // compose: 8082 in the container
      Path alertingFile = tmp.resolve("alerting.yml");
      Files.writeString(alertingFile, yaml().dump(alertingYml));
      Map<String, Path> mounts = Map.of("/etc/veille/ingest.yml", ingestFile, "/etc/veille/alerting.yml", alertingFile);

      // ---- topics: the one-shot service, first; it exits 0
      Child topics = start("topics", composeCommand("topics"), localEnv("topics", tmp.resolve("topics")));
      assertThat(topics.process.waitFor(90, TimeUnit.SECONDS)).as("topics exits within 90 s" + tails()).isTrue();
      assertThat(topics.process.exitValue()).as("topics' exit status" + tails()).isZero();
      assertThat(topics.output()).contains(Topics.MENTIONS_RAW.name()).contains(Topics.SIGNALS.name());

      // ---- a watch, as `docker compose run topics watch load` would write it
      VeilleConfig config = VeilleConfig.defaults().withBootstrapServers(kafka.bootstrapServers());
      try (var p = new KafkaProducer<byte[], byte[]>(KafkaClients.producer(config, "it-compose-watch"))) {
        Watch w = new Watch("ondyne", "Ondyne", "ondyne", Set.of(), Set.of(), null, List.of());
        p.send(new ProducerRecord<>(Topics.WATCHES.name(), w.id().getBytes(StandardCharsets.UTF_8),
            Topics.WATCHES.valueSerde().serializer().serialize("", w))).get(30, TimeUnit.SECONDS);
      }

      // ---- the long-running services, together (compose starts them once topics completed)
      Map<String, String> ingestEnv = localEnv("ingest", tmp.resolve("ingest"));
      Child ingest = start("ingest", remap(composeCommand("ingest"), mounts), ingestEnv);
      List<Child> streams = new ArrayList<>();
      for (String s : List.of("streams-1", "streams-2")) {
        Map<String, String> env = localEnv(s, tmp.resolve(s));
        assertThat(env).containsEntry("VEILLE_INDEX_HTTP_ADVERTISED_HOST", s).containsEntry("VEILLE_INDEX_HTTP_PORT", "8090");
        env.put("VEILLE_INDEX_HTTP_ADVERTISED_HOST", "127.0.0.1"); // no container DNS here
        env.put("VEILLE_INDEX_HTTP_PORT", "0"); // compose: 8090 in each container, 8090 and 8091 on the host
        streams.add(start(s, composeCommand(s), env));
      }
      Map<String, String> alertingEnv = localEnv("alerting", tmp.resolve("alerting"));
      alertingEnv.put("VEILLE_SECRET_IT_HOOK", HOOK_SECRET);
      Child alerting = start("alerting", remap(composeCommand("alerting"), mounts), alertingEnv);
      List<Child> services = new ArrayList<>(List.of(ingest, streams.get(0), streams.get(1), alerting));

      // each prints where its health is; then /health/ready is polled from that moment on
      Pattern baseUrl = Pattern.compile("http://[^/\\s]+?:(\\d+)/health");
      until("every service prints its health URL", Duration.ofSeconds(60), Duration.ofMillis(50), () -> {
        for (Child c : services) {
          if (c.base == null) {
            Matcher m = baseUrl.matcher(c.output());
            if (m.find()) {
              c.base = "http://127.0.0.1:" + m.group(1);
            }
          }
          if (c.base != null && (c.readyStatuses.isEmpty() || c.readyStatuses.get(c.readyStatuses.size() - 1) != 200)) {
            try {
              c.readyStatuses.add(get(c.base + "/health/ready", null).statusCode());
            } catch (RuntimeException notYet) {
              c.readyStatuses.add(-1);
            }
          }
        }
        return services.stream().allMatch(c -> c.base != null);
      });
      // all ready at once (asked in the same round: a streams instance that joins makes the other rebalance, and
      // a rebalancing instance is not ready)
      until("every service ready (/health/ready 200) at once", Duration.ofSeconds(90), Duration.ofMillis(100), () -> {
        boolean all = true;
        for (Child c : services) {
          int st = get(c.base + "/health/ready", null).statusCode();
          c.readyStatuses.add(st);
          all &= st == 200;
        }
        return all;
      });
      for (Child c : services) {
        System.out.printf("RESULT test=compose_like_ready service=%s ms=%d statuses=%s%n", c.name,
            (System.nanoTime() - c.startedNanos) / 1_000_000, c.readyStatuses.stream().distinct().toList());
        assertThat(get(c.base + "/health/live", null).statusCode()).as(c.name + " /health/live").isEqualTo(200);
        // ready again if a follow-up rebalance of the streams group is under way; then the body says why it is
        until(c.name + " ready, and the image's health check (veille-health) passes on it", Duration.ofSeconds(30),
            Duration.ofMillis(100), () -> {
              HttpResponse<String> ready = get(c.base + "/health/ready", null);
              if (ready.statusCode() != 200) {
                return false;
              }
              assertThat(readTree(ready.body()).path("status").asText()).as(c.name).isEqualTo("UP");
              assertThat(ready.body()).as(c.name).contains(kafka.bootstrapServers());
              return veilleHealth(c.base + "/health/ready") == 0; // as compose's healthcheck runs it
            });
      }
      // a streams instance answers its port before its apps run: not ready until then (seen while polling)
      for (Child s : streams) {
        assertThat(s.readyStatuses).as(s.name + ": /health/ready before 200").contains(503);
      }
      // and the script fails on what is not a ready service
      assertThat(veilleHealth("http://127.0.0.1:" + freePort() + "/health/ready")).isEqualTo(1);
      assertThat(veilleHealth(streams.get(0).base + "/health/nope")).isEqualTo(1);

      // ---- both streams instances hold partitions of the index (and so of the scoring topology's)
      String searchAll = "/api/v1/search?q=ondyne&size=100";
      until("both streams instances hold index partitions", Duration.ofSeconds(60), Duration.ofMillis(200), () -> {
        for (Child s : streams) {
          HttpResponse<String> r = get(s.base + searchAll, searchToken);
          if (r.statusCode() != 200) {
            return false;
          }
          JsonNode j = readTree(r.body());
          int holders = 0;
          for (JsonNode i : j.get("instances")) {
            holders += i.get("partitions").isEmpty() ? 0 : 1;
          }
          if (holders != 2 || j.get("partial").asBoolean()) {
            return false;
          }
        }
        return true;
      });
      assertThat(get(streams.get(0).base + searchAll, null).statusCode()).as("the search API wants its token").isEqualTo(401);

      // ---- the metrics before any mention
      double acceptedBefore = sample(metrics(ingest), "veille_intake_accepted_total", "service=\"ingest\"");
      assertThat(acceptedBefore).isZero();
      for (Child s : streams) {
        assertThat(sample(metrics(s), "veille_index_documents", "service=\"streams\"")).as(s.name).isZero();
      }
      double plannedBefore = sample(metrics(alerting), "veille_notifications_planned_total");

      // ---- mentions through ingest's intake: 2 of 3 about a "panne"
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      String[] words = {"réseau", "facture", "box", "conseiller", "application", "livraison", "fibre", "écran"};
      StringBuilder ndjson = new StringBuilder();
      Set<String> ids = new TreeSet<>();
      Set<String> panne = new TreeSet<>();
      for (int i = 0; i < MENTIONS; i++) {
        String id = "it:" + i;
        boolean p = i % 3 != 0;
        String text = "Ondyne " + (p ? "encore une panne de " : "merci pour la ") + words[i % words.length] + " numéro " + i
            + " à " + words[(i * 5 + 3) % words.length] + " #" + words[(i * 7) % words.length].replace("é", "e") + i;
        ndjson.append(new String(MentionJson.write(Mention.of(id, "it", text, now.minusSeconds(MENTIONS - i))),
            StandardCharsets.UTF_8)).append('\n');
        ids.add(id);
        if (p) {
          panne.add(id);
        }
      }
      HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create(ingest.base + "/api/v1/mentions"))
          .header("Authorization", "Bearer " + intakeToken).header("Content-Type", "application/x-ndjson")
          .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(ndjson.toString())).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(posted.statusCode()).as(posted.body() + tails()).isEqualTo(202);

      // ---- a search sent to either instance fans out: every mention, the same ids, nothing partial
      until("every mention searchable on both instances", Duration.ofSeconds(60), Duration.ofMillis(200), () -> {
        for (Child s : streams) {
          HttpResponse<String> r = get(s.base + searchAll, searchToken);
          if (r.statusCode() != 200 || readTree(r.body()).get("total").asLong() != MENTIONS) {
            return false;
          }
        }
        return true;
      });
      for (Child s : streams) {
        for (var q : List.of(Map.entry("ondyne", ids), Map.entry("panne", panne))) {
          String url = s.base + "/api/v1/search?q=" + q.getKey() + "&size=100";
          JsonNode[] answer = new JsonNode[1];
          // complete (not partial) unless a rebalance is moving partitions at this moment: then asked again
          until(s.name + " answers " + q.getKey() + " completely", Duration.ofSeconds(30), Duration.ofMillis(200), () -> {
            HttpResponse<String> r = get(url, searchToken);
            assertThat(r.statusCode()).as(s.name + " " + r.body()).isIn(200, 503);
            answer[0] = r.statusCode() == 200 ? readTree(r.body()) : null;
            return answer[0] != null && !answer[0].get("partial").asBoolean();
          });
          JsonNode j = answer[0];
          assertThat(j.get("total").asLong()).as(s.name + " " + q.getKey()).isEqualTo(q.getValue().size());
          Set<String> got = new TreeSet<>();
          j.get("hits").forEach(h -> got.add(h.get("id").asText()));
          assertThat(got).as(s.name + " " + q.getKey()).isEqualTo(q.getValue());
          assertThat(j.get("instances")).as(s.name).hasSize(2);
        }
      }

      // ---- the counts moved: ingest accepted them, each instance scored and indexed its share, the sum is all
      until("ingest's intake counted every mention", Duration.ofSeconds(20), Duration.ofMillis(200),
          () -> sample(metrics(ingest), "veille_intake_accepted_total", "service=\"ingest\"") == MENTIONS);
      assertThat(sample(metrics(ingest), "veille_intake_rejected_total", "service=\"ingest\"")).isZero();
      until("the index documents of both instances add up to every mention", Duration.ofSeconds(30), Duration.ofMillis(200),
          () -> streams.stream().mapToDouble(s -> sample(metrics(s), "veille_index_documents", "service=\"streams\"")).sum()
              == MENTIONS);
      double lexicon = 0;
      for (Child s : streams) {
        String m = metrics(s);
        assertThat(sample(m, "veille_index_documents", "service=\"streams\"")).as(s.name + " indexed its share").isPositive();
        assertThat(sample(m, "kafka_stream_thread_process_total", "app=\"scoring\"")).as(s.name + " scored its share")
            .isPositive();
        assertThat(sample(m, "kafka_stream_thread_process_total", "app=\"index\"")).as(s.name).isPositive();
        double l = sample(m, "veille_sentiment_lexicon_total", "service=\"streams\"");
        assertThat(l).as(s.name + " lexicon scores").isPositive();
        lexicon += l;
        assertThat(m).contains("veille_sentiment_corenlp_backlog{service=\"streams\"}")
            .contains("veille_index_refresh_last_seconds{service=\"streams\"}");
      }
      assertThat(lexicon).as("mentions scored by the lexicon, both instances").isGreaterThanOrEqualTo(MENTIONS);

      // ---- a signal to veille.signals: alerting opens an incident and the webhook (at least warning) is told
      try (var p = new KafkaProducer<byte[], byte[]>(KafkaClients.producer(config, "it-compose-signal"))) {
        Signal s = new Signal("ondyne", Signal.Kind.VOLUME_SPIKE, Signal.Phase.ONSET, Signal.Severity.WARNING,
            Instant.now(), Instant.now(), 30, 5, 7, false, null);
        p.send(new ProducerRecord<>(Topics.SIGNALS.name(), "ondyne".getBytes(StandardCharsets.UTF_8),
            Topics.SIGNALS.valueSerde().serializer().serialize("", s))).get(30, TimeUnit.SECONDS);
      }
      until("the webhook receiver gets the incident", Duration.ofSeconds(45), Duration.ofMillis(200), () -> !hookBodies.isEmpty());
      assertThat(hookProblems).isEmpty();
      JsonNode told = readTree(new String(hookBodies.get(0), StandardCharsets.UTF_8));
      assertThat(told.toString()).contains("ondyne").containsIgnoringCase("warning");
      final String hookReceiver = mail;
      until("alerting counts the delivery", Duration.ofSeconds(20), Duration.ofMillis(200),
          () -> sample(metrics(alerting), "veille_notifications_total", "receiver=\"" + hookReceiver + "\"",
              "outcome=\"delivered\"") >= 1);
      assertThat(sample(metrics(alerting), "veille_notifications_planned_total")).isGreaterThan(plannedBefore);
      assertThat(sample(metrics(alerting), "veille_incidents_owned")).isGreaterThanOrEqualTo(1);
      HttpResponse<String> incidents = get(alerting.base + "/api/v1/incidents?watch=ondyne", alertingToken);
      assertThat(incidents.statusCode()).as(incidents.body()).isEqualTo(200);
      assertThat(readTree(incidents.body()).get("count").asInt()).isEqualTo(1);
      until("the console receiver printed it", Duration.ofSeconds(20), Duration.ofMillis(200),
          () -> alerting.output().contains("ondyne"));

      // ---- SIGTERM to each service: it closes and exits 0 within the compose stop grace (45 s)
      for (Child c : services) {
        long s0 = System.nanoTime();
        c.process.destroy(); // SIGTERM, what `docker compose stop` sends
        assertThat(c.process.waitFor(45, TimeUnit.SECONDS)).as(c.name + " stops within 45 s of SIGTERM" + tails()).isTrue();
        assertThat(c.process.exitValue()).as(c.name + " exit status after SIGTERM" + tails()).isZero();
        if (!c.name.equals("ingest")) { // (ingest prints nothing when it stops)
          assertThat(c.output()).as(c.name).contains("veille " + c.name.replaceAll("-\\d$", "") + ": stopping");
        }
        System.out.printf("RESULT test=compose_like_sigterm service=%s ms=%d%n", c.name, (System.nanoTime() - s0) / 1_000_000);
      }
      System.out.printf("RESULT test=compose_like_total ms=%d%n", (System.nanoTime() - t0) / 1_000_000);
    } finally {
      hook.stop(0);
    }
  }

  static JsonNode readTree(String s) {
    try {
      return Json.MAPPER.readTree(s);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static int freePort() throws IOException {
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
