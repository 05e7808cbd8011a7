package io.veille.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Typed configuration, validated once at start-up. Sources, later wins: defaults, then an optional
 * file ({@code .properties}, {@code .yml}/{@code .yaml}; nested YAML keys join with dots), then
 * {@code VEILLE_*} environment variables. An unknown or invalid key fails with its name.
 * {@code kafka.*} keys ({@code VEILLE_KAFKA_SASL_MECHANISM}, ...) pass through to every Kafka client.
 */
public final class VeilleConfig {

  public static final ConfigDef.Key<List<String>> BOOTSTRAP_SERVERS = ConfigDef.list("bootstrap.servers",
      List.of("localhost:9092"), "Kafka brokers to connect to (host:port,...).");
  public static final ConfigDef.Key<java.nio.file.Path> DATA_DIR = ConfigDef.path("data.dir", ".veille",
      "Folder for local state: the embedded broker's data, Streams state, the index.");
  public static final ConfigDef.Key<Integer> REPLICATION_FACTOR = ConfigDef.integer("replication.factor", 1, 1, 7,
      "Replication factor for the topics Veille creates (3 on a production cluster).");
  public static final ConfigDef.Key<String> CLIENT_ID = ConfigDef.string("client.id", "veille",
      "Prefix of the Kafka client ids.");
  public static final ConfigDef.Key<Duration> REQUEST_TIMEOUT = ConfigDef.duration("request.timeout",
      Duration.ofSeconds(30), "How long start-up waits for Kafka before it fails.");
  public static final ConfigDef.Key<Duration> MAX_FUTURE = ConfigDef.duration("mentions.max.future",
      io.veille.common.model.MentionTime.DEFAULT_MAX_FUTURE, Duration.ZERO, io.veille.common.model.MentionTime.LIMIT_MAX_FUTURE,
      "How far ahead of now a mention's publishedAt may be (clock skew); later ones go to the DLQ. At most 1h, "
          + "the broker's default log.message.timestamp.after.max.ms.");
  public static final String KAFKA_PREFIX = "kafka.";

  /** Keys every service understands. */
  public static ConfigDef commonDef() {
    return new ConfigDef()
        .define(BOOTSTRAP_SERVERS)
        .define(DATA_DIR)
        .define(REPLICATION_FACTOR)
        .define(CLIENT_ID)
        .define(REQUEST_TIMEOUT)
        .define(MAX_FUTURE)
        .definePrefix(KAFKA_PREFIX, "Passed to every Kafka client without the prefix, e.g. kafka.security.protocol=SASL_SSL.");
  }

  /** Environment variables read by the launcher and the logging set-up, not by the configuration. */
  public static final Set<String> LAUNCHER_ENV = Set.of("VEILLE_JAVA_OPTS", "VEILLE_CONFIG", "VEILLE_HOME", "VEILLE_DEBUG",
      "VEILLE_LOG_LEVEL", "VEILLE_LOG_FORMAT", "VEILLE_CORENLP");
  /**
   * The namespace of secrets that files refer to ({@code env:VEILLE_SECRET_INTAKE_TOKEN} in
   * ingest.yml): never read as configuration keys, never logged.
   */
  public static final String SECRET_ENV_PREFIX = "VEILLE_SECRET_";

  private final ConfigDef def;
  private final Map<String, Object> values;
  private final Map<String, String> passthrough;

  private VeilleConfig(ConfigDef def, Map<String, Object> values, Map<String, String> passthrough) {
    this.def = def;
    this.values = values;
    this.passthrough = passthrough;
  }

  /** Defaults only: the embedded demo and tests. */
  public static VeilleConfig defaults() {
    return load(commonDef(), Map.of(), null);
  }

  /** Reads the process environment and {@code VEILLE_CONFIG} (or {@code file} when given). */
  public static VeilleConfig fromEnvironment(ConfigDef def, Path file) {
    Map<String, String> env = System.getenv();
    Path f = file != null ? file : (env.containsKey("VEILLE_CONFIG") ? Path.of(env.get("VEILLE_CONFIG")) : null);
    return load(def, env, f);
  }

  public static VeilleConfig load(ConfigDef def, Map<String, String> env, Path file) {
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, String> passthrough = new TreeMap<>();
    def.keys().values().forEach(k -> values.put(k.name(), k.defaultValue()));
    if (file != null) {
      readFile(file).forEach((k, v) -> apply(def, k, v, "file " + file.getFileName(), values, passthrough));
    }
    new TreeMap<>(env).forEach((name, v) -> {
      if (!name.startsWith("VEILLE_") || LAUNCHER_ENV.contains(name) || name.startsWith(SECRET_ENV_PREFIX)) {
        return;
      }
      String key = keyOfEnv(def, name);
      apply(def, key, v, "environment variable " + name, values, passthrough);
    });
    for (var k : def.keys().values()) {
      if (k.required() && values.get(k.name()) == null) {
        throw new ConfigException(k.name(), "required; set " + k.envName() + " or " + k.name() + " in the config file");
      }
    }
    return new VeilleConfig(def, values, passthrough);
  }

  /** VEILLE_BOOTSTRAP_SERVERS -> bootstrap.servers; VEILLE_KAFKA_SASL_JAAS_CONFIG -> kafka.sasl.jaas.config. */
  static String keyOfEnv(ConfigDef def, String env) {
    String dotted = env.substring("VEILLE_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
    if (def.key(dotted) != null) {
      return dotted;
    }
    for (String k : def.keys().keySet()) {
      if (ConfigDef.Key.envName(k).equals(env)) {
        return k;
      }
    }
    return dotted;
  }

  private static void apply(ConfigDef def, String key, String raw, String where, Map<String, Object> values,
      Map<String, String> passthrough) {
    ConfigDef.Key<?> k = def.key(key);
    if (k != null) {
      values.put(key, k.parse(raw, where));
      return;
    }
    String prefix = def.prefixOf(key);
    if (prefix != null) {
      passthrough.put(key.substring(prefix.length()), raw);
      return;
    }
    String hint = def.closest(key);
    throw new ConfigException(key, "unknown configuration key (from " + where + ")"
        + (hint != null ? "; did you mean " + hint + "?" : "; known keys: " + String.join(", ", def.keys().keySet()))
        + (where.startsWith("environment") ? "; secrets that files refer to go in " + SECRET_ENV_PREFIX + "* variables" : ""));
  }

  static Map<String, String> readFile(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("config", "file not found: " + file);
    }
    Map<String, String> out = new LinkedHashMap<>();
    try {
      if (name.endsWith(".yml") || name.endsWith(".yaml")) {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        if (root != null && !root.isNull() && !root.isMissingNode()) {
          if (!root.isObject()) {
            throw new ConfigException("config", file + ": the top level must be a mapping of keys");
          }
          flatten("", root, out, file);
        }
      } else {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
          p.load(r);
        }
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
      }
    } catch (IOException e) {
      throw new ConfigException("config", "cannot read " + file + ": " + e.getMessage());
    }
    return out;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out, Path file) {
    node.properties().forEach(e -> {
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      JsonNode v = e.getValue();
      if (v.isObject()) {
        flatten(key, v, out, file);
      } else if (v.isArray()) {
        List<String> items = new java.util.ArrayList<>();
        v.forEach(i -> items.add(i.asText()));
        out.put(key, String.join(",", items));
      } else if (v.isNull()) {
        throw new ConfigException(key, "empty value in " + file);
      } else {
        out.put(key, v.asText());
      }
    });
  }

  @SuppressWarnings("unchecked")
  public <T> T get(ConfigDef.Key<T> key) {
    if (!values.containsKey(key.name())) {
      throw new IllegalArgumentException("key not defined in this configuration: " + key.name());
    }
    return (T) values.get(key.name());
  }

  public ConfigDef def() {
    return def;
  }

  public String bootstrapServers() {
    return String.join(",", get(BOOTSTRAP_SERVERS));
  }

  public Path dataDir() {
    return get(DATA_DIR);
  }

  public short replicationFactor() {
    return get(REPLICATION_FACTOR).shortValue();
  }

  /** A copy with another bootstrap address (the embedded broker's). */
  public VeilleConfig withBootstrapServers(String servers) {
    Map<String, Object> copy = new LinkedHashMap<>(values);
    copy.put(BOOTSTRAP_SERVERS.name(), List.of(servers.split(",")));
    return new VeilleConfig(def, copy, passthrough);
  }

  /** Kafka client settings passed through from {@code kafka.*} keys (SASL, SSL, ...). */
  public Map<String, String> kafkaPassthrough() {
    return Map.copyOf(passthrough);
  }

  /** Base properties for any Kafka client: bootstrap servers plus the pass-through settings. */
  public Map<String, Object> clientProperties(String clientIdSuffix) {
    Map<String, Object> p = new HashMap<>(passthrough);
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, get(CLIENT_ID) + "-" + clientIdSuffix);
    return p;
  }

  /** Settings as a printable table with secrets masked (for logs and `--help`). */
  public Map<String, String> describe() {
    Map<String, String> out = new TreeMap<>();
    values.forEach((k, v) -> out.put(k, String.valueOf(v)));
    passthrough.forEach((k, v) -> out.put(KAFKA_PREFIX + k, isSecret(k) ? "********" : v));
    return out;
  }

  static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password") || k.contains("secret") || k.contains("jaas") || k.contains("token") || k.endsWith(".key");
  }
}
