package io.veille.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.veille.alerting.route.AlertingConfig;
import io.veille.common.config.ConfigDef;
import io.veille.common.config.Secrets;
import io.veille.common.config.VeilleConfig;
import io.veille.ingest.Connectors;
import io.veille.ingest.config.IngestConfig;
import io.veille.streams.index.IndexSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;

/**
 * The deployment files (deploy/docker-compose.yml, deploy/.env.example, deploy/docker/, deploy/k8s/) against what
 * the code really reads: the settings catalogue ({@link Settings#all()}), the command line's picocli model, the
 * loaders of ingest.yml and alerting.yml, and the services' ports. No Docker needed, except for the image build,
 * which is skipped without a Docker engine.
 */
class ComposeFileTest {
  static final Path DEPLOY = Path.of("").toAbsolutePath();
  static final Path ROOT = DEPLOY.getParent();
  static final Path COMPOSE = DEPLOY.resolve("docker-compose.yml");
  static final Path ENV_EXAMPLE = DEPLOY.resolve(".env.example");
  static final Path DOCKERFILE = DEPLOY.resolve("docker/Dockerfile");
  static final Path K8S = DEPLOY.resolve("k8s");
  /** The path of the health endpoints (issue 14 item 3) a container health check and a readiness probe ask. */
  static final String READY = "/health/ready";
  static final String LIVE = "/health/live";

  // ---------------------------------------------------------------------------------------------- reading

  /** SnakeYAML rather than Jackson: compose files use anchors and merge keys ({@code <<: *veille}). */
  static Yaml yaml() {
    LoaderOptions o = new LoaderOptions();
    o.setAllowDuplicateKeys(false);
    return new Yaml(new SafeConstructor(o));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> compose() throws IOException {
    try (InputStream in = Files.newInputStream(COMPOSE)) {
      return (Map<String, Object>) yaml().load(in);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> services() throws IOException {
    return (Map<String, Map<String, Object>>) (Map<String, ?>) compose().get("services");
  }

  /** .env.example as docker compose reads it: NAME=value lines, # comments on their own lines. */
  static Map<String, String> envExample() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(ENV_EXAMPLE);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher m = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(.*)").matcher(line);
      assertThat(m.matches()).as(".env.example line %d is NAME=value: %s", i + 1, line).isTrue();
      assertThat(m.group(2)).as(".env.example line %d: no inline comment (compose would keep it in the value)", i + 1)
          .doesNotContain(" #");
      assertThat(out.put(m.group(1), m.group(2))).as(".env.example: %s set twice", m.group(1)).isNull();
    }
    return out;
  }

  static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|\\$\\$");

  /** Compose's interpolation: {@code ${X}}, {@code ${X:-default}}, {@code ${X-default}}, {@code ${X:?error}}, {@code $$}. */
  static String interpolate(String s, Map<String, String> env) {
    Matcher m = VAR.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v;
      if (m.group().equals("$$")) {
        v = "$";
      } else {
        String name = m.group(1);
        String op = m.group(2);
        String set = env.get(name);
        boolean empty = set == null || (op != null && op.startsWith(":") && set.isEmpty());
        if (op == null) {
          assertThat(set).as("${%s} has no default: .env.example must set it", name).isNotNull();
          v = set;
        } else if (op.endsWith("?")) {
          assertThat(empty).as("${%s:?...} is required: .env.example must set it", name).isFalse();
          v = set;
        } else {
          v = empty ? m.group(3) : set;
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Every ${NAME} the compose file mentions. */
  static Set<String> interpolated() throws IOException {
    Matcher m = VAR.matcher(Files.readString(COMPOSE).replaceAll("(?m)^\\s*#.*$", ""));
    Set<String> out = new TreeSet<>();
    while (m.find()) {
      if (m.group(1) != null) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> environment(Map<String, Object> service, Map<String, String> dotEnv) {
    Object env = service.get("environment");
    Map<String, String> out = new TreeMap<>();
    if (env == null) {
      return out;
    }
    assertThat(env).as("environment is a mapping (the merge keys need one)").isInstanceOf(Map.class);
    ((Map<String, Object>) env).forEach((k, v) -> out.put(k, interpolate(String.valueOf(v), dotEnv)));
    return out;
  }

  @SuppressWarnings("unchecked")
  static List<String> strings(Object list) {
    assertThat(list).isInstanceOf(List.class);
    return ((List<Object>) list).stream().map(String::valueOf).toList();
  }

  // ------------------------------------------------------------------------------------ what the code reads

  /**
   * A VEILLE_* variable is understood when it is a settings key of the catalogue, a launcher variable, a secret
   * (VEILLE_SECRET_*) or a Kafka pass-through (VEILLE_KAFKA_*). {@link VeilleConfig#load} is the judge.
   */
  static void assertUnderstood(String where, String name) {
    assertThat(name).startsWith("VEILLE_");
    ConfigDef def = Settings.all();
    boolean key = def.keys().keySet().stream().anyMatch(k -> ConfigDef.Key.envName(k).equals(name));
    boolean launcher = VeilleConfig.LAUNCHER_ENV.contains(name);
    boolean secret = name.startsWith(VeilleConfig.SECRET_ENV_PREFIX);
    boolean kafka = name.startsWith("VEILLE_KAFKA_") && def.prefixes().containsKey(VeilleConfig.KAFKA_PREFIX);
    assertThat(key || launcher || secret || kafka)
        .as("%s: %s is neither a settings key (%s) nor a launcher variable, a secret or VEILLE_KAFKA_*", where, name,
            String.join(", ", def.keys().keySet()))
        .isTrue();
  }

  /** The service's configuration as the service loads it: defaults, then its VEILLE_* environment. */
  static VeilleConfig load(String where, Map<String, String> env) {
    env.keySet().stream().filter(n -> n.startsWith("VEILLE_")).forEach(n -> assertUnderstood(where, n));
    return VeilleConfig.load(Settings.all(), env, null);
  }

  /** Parses a service's arguments with the real command line (no execution): unknown commands and options fail. */
  static CommandLine.ParseResult parse(String where, List<String> args) {
    CommandLine cl = VeilleCli.commandLine();
    CommandLine.ParseResult r;
    try {
      r = cl.parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new AssertionError(where + ": " + String.join(" ", args) + " is not a veille command: " + e.getMessage(), e);
    }
    assertThat(r.hasSubcommand()).as("%s: names a subcommand", where).isTrue();
    assertThat(r.subcommand().commandSpec().name()).as(where).isIn(cl.getSubcommands().keySet()).isNotEqualTo("help");
    return r;
  }

  static String option(CommandLine.ParseResult r, String name) {
    CommandLine.ParseResult leaf = r;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    return leaf.hasMatchedOption(name) ? String.valueOf(leaf.matchedOptionValue(name, (Object) null)) : null;
  }

  /** The port a service's HTTP server listens on, read from its own configuration by the code's loaders. */
  static int servicePort(String where, String command, VeilleConfig config, Map<String, String> env,
      Path ingestYml, Path alertingYml) throws IOException {
    return switch (command) {
      case "ingest" -> IngestConfig.load(ingestYml, Connectors.factories(), env::get).httpPort();
      case "alerting" -> AlertingConfig.load(alertingYml, new Secrets(env::get)).http().port();
      case "streams" -> IndexSettings.from(config).httpPort();
      default -> throw new AssertionError(where + ": no HTTP port known for " + command);
    };
  }

  /** Where a service's HTTP server listens (a name or an address). */
  static String serviceHost(String command, VeilleConfig config, Map<String, String> env, Path ingestYml,
      Path alertingYml) throws IOException {
    return switch (command) {
      case "ingest" -> IngestConfig.load(ingestYml, Connectors.factories(), env::get).httpBind();
      case "alerting" -> AlertingConfig.load(alertingYml, new Secrets(env::get)).http().bind();
      case "streams" -> IndexSettings.from(config).httpHost();
      default -> throw new AssertionError(command);
    };
  }

  /** The file a compose service mounts at {@code target}, as a path in this repository. */
  @SuppressWarnings("unchecked")
  static Path mounted(String where, Map<String, Object> service, String target) {
    for (Object v : (List<Object>) service.getOrDefault("volumes", List.of())) {
      String[] parts = String.valueOf(v).split(":");
      if (parts.length >= 2 && parts[1].equals(target)) {
        Path p = DEPLOY.resolve(parts[0]).normalize();
        assertThat(p).as("%s mounts %s", where, parts[0]).isRegularFile();
        return p;
      }
    }
    // not mounted: the image's copy, from deploy/docker
    Path inImage = DEPLOY.resolve("docker").resolve(Path.of(target).getFileName());
    assertThat(target).as("%s: %s is a file the image carries", where, target).startsWith("/etc/veille/");
    assertThat(inImage).isRegularFile();
    return inImage;
  }

  // -------------------------------------------------------------------------------------------- compose

  @Test
  void everyVeilleVariableOfTheEnvExampleIsUnderstoodAndUsed() throws IOException {
    Map<String, String> env = envExample();
    Set<String> used = interpolated();
    for (String name : env.keySet()) {
      if (name.startsWith("VEILLE_")) {
        assertUnderstood(".env.example", name);
      }
      assertThat(used).as(".env.example sets %s: docker-compose.yml must use it", name).contains(name);
    }
    // the names compose interpolates without a default are all in the example
    assertThat(env).containsKeys("VEILLE_SECRET_INTAKE_TOKEN", "VEILLE_SECRET_ALERTING_TOKEN", "VEILLE_SECRET_SEARCH_TOKEN");
    // an empty environment still gives a working file for every ${X:-default}; the required ones say so
    for (String name : used) {
      String text = Files.readString(COMPOSE);
      boolean hasDefault = Pattern.compile("\\$\\{" + name + ":-").matcher(text).find();
      boolean required = Pattern.compile("\\$\\{" + name + ":\\?").matcher(text).find();
      assertThat(hasDefault || required || env.containsKey(name)).as("${%s}: a default, :? or .env.example", name)
          .isTrue();
    }
  }

  @Test
  void everyServiceRunsARealCommandWithSettingsTheCodeKnows() throws IOException {
    Map<String, String> dotEnv = envExample();
    Map<String, Map<String, Object>> services = services();
    assertThat(services).containsKeys("kafka", "topics", "ingest", "streams-1", "streams-2", "alerting", "mailpit");
    Set<String> veilleServices = new TreeSet<>();
    for (var e : services.entrySet()) {
      String name = e.getKey();
      Map<String, Object> s = e.getValue();
      if (!String.valueOf(s.get("image")).contains("${IMAGE")) {
        continue; // kafka, mailpit
      }
      veilleServices.add(name);
      assertThat(s.get("build")).as("%s builds from the Dockerfile", name).isNotNull();
      List<String> command = strings(s.get("command"));
      CommandLine.ParseResult parsed = parse("compose " + name, command);
      Map<String, String> env = environment(s, dotEnv);
      VeilleConfig config = load("compose " + name, env);
      assertThat(config.bootstrapServers()).as(name).isEqualTo("kafka:9092");
      assertThat(config.dataDir().toString()).as(name).isEqualTo("/var/lib/veille");
      if (name.equals("topics")) {
        assertThat(s.get("restart")).as("topics is a one-shot").isEqualTo("no");
        continue;
      }
      String sub = command.get(0);
      if (sub.equals("ingest")) {
        assertThat(option(parsed, "--sources")).isEqualTo("/etc/veille/ingest.yml");
      }
      if (sub.equals("alerting")) {
        assertThat(option(parsed, "--rules")).isEqualTo("/etc/veille/alerting.yml");
      }
    }
    assertThat(veilleServices).containsExactlyInAnyOrder("topics", "ingest", "streams-1", "streams-2", "alerting");
  }

  @Test
  @SuppressWarnings("unchecked")
  void portsAndHealthChecksMatchWhatEachServiceListensOn() throws IOException {
    Map<String, String> dotEnv = envExample();
    Map<String, Integer> seen = new TreeMap<>();
    for (var e : services().entrySet()) {
      String name = e.getKey();
      Map<String, Object> s = e.getValue();
      if (!s.containsKey("command") || name.equals("topics")) {
        continue;
      }
      List<String> command = strings(s.get("command"));
      Map<String, String> env = environment(s, dotEnv);
      VeilleConfig config = load(name, env);
      Path ingestYml = command.get(0).equals("ingest") ? mounted(name, s, "/etc/veille/ingest.yml") : null;
      Path alertingYml = command.get(0).equals("alerting") ? mounted(name, s, "/etc/veille/alerting.yml") : null;
      int port = servicePort(name, command.get(0), config, env, ingestYml, alertingYml);
      String host = serviceHost(command.get(0), config, env, ingestYml, alertingYml);
      seen.put(name, port);
      // reachable from the other containers and the published port: every interface
      assertThat(host).as("%s listens on every interface", name).isEqualTo("0.0.0.0");
      // published: host:port:containerPort, the container port being the one the service listens on
      List<String> ports = strings(s.get("ports")).stream().map(p -> interpolate(p, dotEnv)).toList();
      assertThat(ports).as("%s publishes its port", name).isNotEmpty();
      for (String p : ports) {
        String[] parts = p.split(":");
        assertThat(Integer.parseInt(parts[parts.length - 1])).as("%s: %s", name, p).isEqualTo(port);
        assertThat(parts[0]).as("%s: published on BIND_ADDRESS (loopback by default)", name).isEqualTo("127.0.0.1");
      }
      // the health check asks /health/ready on that port, on an address the server listens on
      Map<String, Object> hc = (Map<String, Object>) s.get("healthcheck");
      assertThat(hc).as("%s has a health check", name).isNotNull();
      List<String> test = strings(hc.get("test"));
      assertThat(test.subList(0, 2)).as(name).containsExactly("CMD", "veille-health");
      URI url = URI.create(test.get(2));
      assertThat(url.getPath()).as(name).isEqualTo(READY);
      assertThat(url.getPort()).as(name).isEqualTo(port);
      assertThat(url.getHost()).as("%s: asks its own loopback", name).isEqualTo("127.0.0.1");
    }
    assertThat(seen).containsEntry("ingest", 8081).containsEntry("alerting", 8082).containsEntry("streams-1", 8090)
        .containsEntry("streams-2", 8090);
  }

  @Test
  void streamsInstancesAdvertiseTheirOwnNameAndKeepTheirOwnState() throws IOException {
    Map<String, String> dotEnv = envExample();
    Set<String> volumes = new TreeSet<>();
    Set<String> appIds = new TreeSet<>();
    for (String name : List.of("streams-1", "streams-2")) {
      Map<String, Object> s = services().get(name);
      Map<String, String> env = environment(s, dotEnv);
      VeilleConfig config = load(name, env);
      IndexSettings index = IndexSettings.from(config);
      // IndexService puts advertised():port in application.server: the other instances reach this one there, so
      // it is this container's own name; the API itself listens on every interface
      assertThat(index.advertised()).isEqualTo(name).isEqualTo(s.get("hostname"));
      assertThat(index.httpHost()).isEqualTo("0.0.0.0");
      assertThat(index.enabled()).isTrue();
      assertThat(index.token()).as("the search API asks for a token").isEqualTo("env:VEILLE_SECRET_SEARCH_TOKEN");
      assertThat(env).containsKey("VEILLE_SECRET_SEARCH_TOKEN");
      appIds.add(io.veille.streams.pipeline.StreamsSettings.from(config).applicationId() + "/" + index.applicationId());
      List<String> v = strings(s.get("volumes"));
      assertThat(v).as(name).hasSize(1);
      assertThat(v.get(0)).endsWith(":/var/lib/veille");
      volumes.add(v.get(0).split(":")[0]);
    }
    assertThat(appIds).as("the instances share the partitions: same application ids").hasSize(1);
    assertThat(volumes).as("each instance has its own state volume (a state folder is one instance's)").hasSize(2);
    @SuppressWarnings("unchecked")
    Map<String, Object> declared = (Map<String, Object>) compose().get("volumes");
    assertThat(declared).containsKeys(volumes.toArray(String[]::new)).containsKey("kafka-data");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyDependencyExistsAndIsHealthyOrCompletedFirst() throws IOException {
    Map<String, Map<String, Object>> services = services();
    for (var e : services.entrySet()) {
      Object deps = e.getValue().get("depends_on");
      if (e.getKey().equals("kafka") || e.getKey().equals("mailpit")) {
        assertThat(deps).isNull();
        continue;
      }
      assertThat(deps).as("%s: depends_on with conditions", e.getKey()).isInstanceOf(Map.class);
      ((Map<String, Object>) deps).forEach((target, spec) -> {
        assertThat(services).as("%s depends on %s", e.getKey(), target).containsKey(target);
        assertThat(target).isNotEqualTo(e.getKey());
        String condition = String.valueOf(((Map<String, Object>) spec).get("condition"));
        Map<String, Object> t = services.get(target);
        Map<String, Object> hc = (Map<String, Object>) t.get("healthcheck");
        if (condition.equals("service_completed_successfully")) {
          assertThat(t.get("restart")).as("%s is a one-shot", target).isEqualTo("no");
        } else {
          assertThat(condition).as("%s -> %s", e.getKey(), target).isEqualTo("service_healthy");
          assertThat(hc).as("%s has a health check (%s waits for it)", target, e.getKey()).isNotNull();
          assertThat(hc.get("disable")).as(target).isNotEqualTo(true);
          assertThat(hc.get("test")).as(target).isNotNull();
        }
      });
    }
    // every long-running service has a memory limit and a share of it as heap
    for (var e : services.entrySet()) {
      if (e.getKey().equals("topics")) {
        continue;
      }
      Map<String, Object> limits = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) e.getValue()
          .get("deploy")).get("resources")).get("limits");
      assertThat(limits).as(e.getKey()).containsKeys("cpus", "memory");
    }
  }

  @Test
  void theExampleAlertingAndIngestFilesLoadThroughTheRealLoaders() throws IOException {
    Map<String, String> dotEnv = envExample();
    Map<String, String> alertingEnv = environment(services().get("alerting"), dotEnv);
    AlertingConfig alerting = AlertingConfig.load(DEPLOY.resolve("docker/alerting.yml"), new Secrets(alertingEnv::get));
    assertThat(alerting.receivers()).extracting(r -> r.name()).contains("console", "team-mail");
    assertThat(alerting.http().bind()).isEqualTo("0.0.0.0");
    assertThat(alerting.http().token()).as("a token: the API listens beyond loopback").isNotNull();
    // the e-mail receiver sends to the compose service mailpit, on its SMTP port
    assertThat(alerting.receivers().toString()).contains("mailpit").contains("1025");
    assertThat(services()).containsKey("mailpit");

    Map<String, String> ingestEnv = environment(services().get("ingest"), dotEnv);
    IngestConfig ingest = IngestConfig.load(DEPLOY.resolve("docker/ingest.yml"), Connectors.factories(), ingestEnv::get);
    assertThat(ingest.httpBind()).isEqualTo("0.0.0.0");
    assertThat(ingest.intakeTokens()).containsExactly(dotEnv.get("VEILLE_SECRET_INTAKE_TOKEN"));
  }

  // ------------------------------------------------------------------------------------------ Kubernetes

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> k8sDocuments() throws IOException {
    List<Map<String, Object>> docs = new ArrayList<>();
    try (Stream<Path> files = Files.list(K8S)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        for (Object d : yaml().loadAll(Files.readString(f))) {
          if (d != null) {
            assertThat(d).as("%s: each document is a mapping", f.getFileName()).isInstanceOf(Map.class);
            Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) d);
            m.put("#file", f.getFileName().toString());
            docs.add(m);
          }
        }
      }
    }
    return docs;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> at(Map<String, Object> m, String... path) {
    Object o = m;
    for (String p : path) {
      o = ((Map<String, Object>) o).get(p);
      assertThat(o).as("%s has %s", m.get("#file"), String.join(".", path)).isNotNull();
    }
    return (Map<String, Object>) o;
  }

  static String kindName(Map<String, Object> d) {
    return d.get("kind") + "/" + at(d, "metadata").get("name");
  }

  @Test
  @SuppressWarnings("unchecked")
  void kubernetesManifestsParseAndTheirProbesAskTheHealthEndpointsOnTheServicesPorts(@TempDir Path tmp)
      throws IOException {
    List<Map<String, Object>> docs = k8sDocuments();
    Map<String, Map<String, Object>> byKind = new TreeMap<>();
    for (Map<String, Object> d : docs) {
      if (d.containsKey("kind") && !d.get("kind").equals("Kustomization")) {
        assertThat(d).as(String.valueOf(d.get("#file"))).containsKeys("apiVersion", "kind", "metadata");
        if (!d.get("kind").equals("Namespace")) {
          assertThat(at(d, "metadata").get("namespace")).as(kindName(d)).isEqualTo("veille");
        }
        assertThat(byKind.put(kindName(d), d)).as("%s declared once", kindName(d)).isNull();
      }
    }
    assertThat(byKind).containsKeys("Namespace/veille", "ConfigMap/veille-settings", "ConfigMap/veille-files",
        "Secret/veille-secrets", "StatefulSet/streams", "Service/streams", "Deployment/ingest", "Deployment/alerting",
        "Service/ingest", "Service/alerting", "Service/search", "Job/veille-topics");

    // the environment every pod gets through envFrom: the settings ConfigMap and the Secret
    Map<String, String> shared = new TreeMap<>();
    at(byKind.get("ConfigMap/veille-settings"), "data").forEach((k, v) -> shared.put(k, String.valueOf(v)));
    at(byKind.get("Secret/veille-secrets"), "stringData").forEach((k, v) -> shared.put(k, String.valueOf(v)));
    shared.keySet().forEach(n -> assertUnderstood("k8s envFrom", n));
    Map<String, Object> files = at(byKind.get("ConfigMap/veille-files"), "data");
    Path ingestYml = Files.writeString(tmp.resolve("ingest.yml"), String.valueOf(files.get("ingest.yml")));
    Path alertingYml = Files.writeString(tmp.resolve("alerting.yml"), String.valueOf(files.get("alerting.yml")));

    Map<String, Integer> probed = new TreeMap<>();
    for (Map<String, Object> d : byKind.values()) {
      String kind = String.valueOf(d.get("kind"));
      if (!Set.of("Deployment", "StatefulSet", "Job").contains(kind)) {
        continue;
      }
      Map<String, Object> pod = at(d, "spec", "template", "spec");
      Map<String, Object> security = (Map<String, Object>) pod.get("securityContext");
      assertThat(security).as(kindName(d)).containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 10001);
      for (Map<String, Object> c : (List<Map<String, Object>>) pod.get("containers")) {
        String where = kindName(d) + " " + c.get("name");
        List<String> args = strings(c.get("args"));
        parse(where, args);
        assertThat(c).as(where).containsKey("resources");
        assertThat(at(c, "resources", "limits")).as(where).containsKey("memory");
        // the pod's environment: envFrom, then env (with $(POD_NAME) and $(POD_NAMESPACE) expanded)
        Map<String, String> env = new TreeMap<>(shared);
        for (Map<String, Object> e : (List<Map<String, Object>>) c.getOrDefault("env", List.of())) {
          String value = e.containsKey("value") ? String.valueOf(e.get("value")) : null;
          if (value != null) {
            env.put(String.valueOf(e.get("name")), value.replace("$(POD_NAME)", "streams-0")
                .replace("$(POD_NAMESPACE)", "veille"));
          }
        }
        VeilleConfig config = load(where, env);
        if (kind.equals("Job")) {
          assertThat(args.get(0)).isEqualTo("topics");
          continue;
        }
        String command = args.get(0);
        int port = servicePort(where, command, config, env, ingestYml, alertingYml);
        Map<String, Integer> named = new TreeMap<>();
        for (Map<String, Object> p : (List<Map<String, Object>>) c.get("ports")) {
          named.put(String.valueOf(p.get("name")), (Integer) p.get("containerPort"));
        }
        assertThat(named.values()).as("%s: its container port is the one it listens on", where).containsExactly(port);
        for (String[] probe : new String[][] {{"livenessProbe", LIVE}, {"readinessProbe", READY}}) {
          Map<String, Object> get = at(c, probe[0], "httpGet");
          assertThat(get.get("path")).as("%s %s", where, probe[0]).isEqualTo(probe[1]);
          Object p = get.get("port");
          int resolved = p instanceof Integer i ? i : named.getOrDefault(String.valueOf(p), -1);
          assertThat(resolved).as("%s %s port", where, probe[0]).isEqualTo(port);
        }
        probed.put(command, port);
        if (kind.equals("StatefulSet")) {
          String service = String.valueOf(at(d, "spec").get("serviceName"));
          Map<String, Object> headless = byKind.get("Service/" + service);
          assertThat(at(headless, "spec").get("clusterIP")).as("the StatefulSet's Service is headless").isEqualTo("None");
          assertThat(at(headless, "spec").get("publishNotReadyAddresses")).isEqualTo(true);
          // the advertised endpoint is the pod's own DNS name: <pod>.<headless service>.<namespace>.svc...
          assertThat(IndexSettings.from(config).advertised())
              .isEqualTo("streams-0." + service + ".veille.svc.cluster.local");
          assertThat(IndexSettings.from(config).httpHost()).isEqualTo("0.0.0.0");
          List<Map<String, Object>> claims = (List<Map<String, Object>>) at(d, "spec").get("volumeClaimTemplates");
          assertThat(claims).as("state on a PVC per pod").hasSize(1);
          String claim = String.valueOf(at(claims.get(0), "metadata").get("name"));
          assertThat((List<Map<String, Object>>) c.get("volumeMounts"))
              .anySatisfy(m -> assertThat(m).containsEntry("name", claim)
                  .containsEntry("mountPath", config.dataDir().toString()));
        }
      }
    }
    assertThat(probed).containsExactlyInAnyOrderEntriesOf(Map.of("ingest", 8081, "streams", 8090, "alerting", 8082));

    // the Services send to the same ports
    for (String s : List.of("streams", "search", "ingest", "alerting")) {
      List<Map<String, Object>> ports = (List<Map<String, Object>>) at(byKind.get("Service/" + s), "spec").get("ports");
      assertThat(ports).allSatisfy(p -> assertThat(p.get("targetPort")).isEqualTo("http"));
    }
    // the kustomization names every manifest but the Secret example
    Map<String, Object> kustomization = docs.stream().filter(d -> "Kustomization".equals(d.get("kind"))).findFirst()
        .orElseThrow();
    List<String> resources = strings(kustomization.get("resources"));
    try (Stream<Path> all = Files.list(K8S)) {
      List<String> manifests = all.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml") && !n.startsWith("secret")).toList();
      assertThat(resources).containsExactlyInAnyOrderElementsOf(manifests);
    }
  }

  // ------------------------------------------------------------------------------------------ Dockerfile

  @Test
  void theDockerfileIsMultiStageRunsAsANonRootUserAndChecksItsHealth() throws IOException {
    List<String> lines = Files.readAllLines(DOCKERFILE).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    assertThat(froms).as("multi-stage: a build stage and a runtime stage").hasSizeGreaterThanOrEqualTo(2);
    assertThat(froms.get(0)).matches("FROM eclipse-temurin:(21|25)-jdk AS build");
    assertThat(froms.get(froms.size() - 1)).isEqualTo("FROM eclipse-temurin:21-jre");
    int runtime = lines.indexOf(froms.get(froms.size() - 1));
    List<String> last = lines.subList(runtime, lines.size());
    assertThat(lines.subList(0, runtime)).anyMatch(l -> l.contains("./mvnw -B") && l.contains("package")
        && l.contains("-DskipTests"));
    List<String> users = last.stream().filter(l -> l.startsWith("USER ")).toList();
    assertThat(users).as("the runtime stage sets a user").isNotEmpty();
    String user = users.get(users.size() - 1).substring(5).split(":")[0];
    assertThat(user).as("non-root").isNotIn("root", "0");
    assertThat(last).anyMatch(l -> l.startsWith("HEALTHCHECK ") && l.contains("CMD"));
    assertThat(last).anyMatch(l -> l.startsWith("WORKDIR "));
    assertThat(last).contains("ENTRYPOINT [\"veille\"]");
    assertThat(last).anyMatch(l -> l.startsWith("COPY --from=build /src/deploy/target/veille/lib/"));
    // ENV in the image names no VEILLE_* variable the code would reject at start-up
    Matcher env = Pattern.compile("\\b(VEILLE_[A-Z0-9_]+)=").matcher(String.join("\n", last));
    while (env.find()) {
      assertUnderstood("Dockerfile ENV", env.group(1));
    }
    // every COPY source outside the build stage exists in the repository
    for (String l : last) {
      if (l.startsWith("COPY ") && !l.contains("--from=")) {
        String[] parts = l.replaceAll("\\\\$", "").split("\\s+");
        for (int i = 1; i < parts.length - 1; i++) {
          if (!parts[i].startsWith("--")) {
            assertThat(ROOT.resolve(parts[i])).as("COPY %s", parts[i]).exists();
          }
        }
      }
    }
    assertThat(Files.isExecutable(DEPLOY.resolve("docker/veille"))).isTrue();
    assertThat(Files.isExecutable(DEPLOY.resolve("docker/veille-health"))).isTrue();
    // the context leaves build output and local secrets out
    assertThat(Files.readAllLines(ROOT.resolve(".dockerignore"))).contains("**/target/", ".git/", "deploy/.env");
    // the launcher starts the real main class
    assertThat(Files.readString(DEPLOY.resolve("docker/veille"))).contains(VeilleCli.class.getName());
  }

  @Test
  void hadolintFindsNothing() throws Exception {
    Path hadolint = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .map(d -> Path.of(d, "hadolint")).filter(Files::isExecutable).findFirst().orElse(null);
    Assumptions.assumeTrue(hadolint != null,
        "hadolint is not installed (not in Debian's packages here): the Dockerfile is checked by hand only");
    Process p = new ProcessBuilder(hadolint.toString(), "--failure-threshold", "warning", DOCKERFILE.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  /**
   * Builds the image (BuildKit, through the docker CLI: the Dockerfile's cache mount needs it) and runs it with
   * Testcontainers. A full Maven build inside Docker takes minutes, so it runs only when asked
   * ({@code -Dveille.image.build=true}) and where a Docker engine answers; skipped otherwise.
   */
  @Test
  void theImageBuildsAndItsLauncherRunsTheCommandLine() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("veille.image.build"),
        "the image build runs with -Dveille.image.build=true (minutes: a Maven build inside Docker)");
    Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
        "no Docker engine here: the image build is not tested (the static checks above still run)");
    String tag = "veille:compose-file-test";
    Process build = new ProcessBuilder("docker", "build", "-f", DOCKERFILE.toString(), "-t", tag, ROOT.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(build.waitFor(30, TimeUnit.MINUTES)).as("docker build within 30 minutes").isTrue();
    assertThat(build.exitValue()).as("docker build").isZero();
    try (GenericContainer<?> c = new GenericContainer<>(tag).withCommand("--version")
        .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(1)))) {
      c.start();
      assertThat(c.getLogs()).contains("veille ");
    }
    try (GenericContainer<?> c = new GenericContainer<>(tag).withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("id"))
        .withCommand("-u").withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(1)))) {
      c.start();
      assertThat(c.getLogs().strip()).isEqualTo("10001");
    }
  }

  @Test
  void theJibProfileIsOffByDefaultAndMirrorsTheDockerfile() throws IOException {
    String pom = Files.readString(DEPLOY.resolve("pom.xml"));
    int profile = pom.indexOf("<id>jib</id>");
    assertThat(profile).as("a profile jib").isPositive();
    String jib = pom.substring(profile, pom.indexOf("</profile>", profile));
    assertThat(jib).contains("<artifactId>jib-maven-plugin</artifactId>").contains("<image>eclipse-temurin:21-jre</image>")
        .contains("<user>10001:10001</user>").contains("<port>8081</port>").contains("<port>8082</port>")
        .contains("<port>8090</port>").contains(VeilleCli.class.getName()).doesNotContain("activeByDefault");
    assertThat(pom.substring(0, pom.indexOf("<profiles>"))).doesNotContain("jib-maven-plugin");
  }
}
