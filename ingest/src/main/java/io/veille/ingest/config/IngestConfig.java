package io.veille.ingest.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.veille.ingest.runtime.RateLimiter;
import io.veille.common.http.HttpService;
import io.veille.ingest.spi.Connector;
import io.veille.ingest.spi.ConnectorFactory;
import io.veille.ingest.spi.SourceSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ingest.yml}: the HTTP server (health, intake) and the list of sources. Strict: unknown
 * keys, unknown types, duplicate names and bad values fail with the source and key in the message.
 *
 * <pre>
 * http:
 *   port: 8081
 *   bind: 127.0.0.1          # the default: this machine only; 0.0.0.0 for every interface
 *   header-timeout: 10s      # a connection that has not sent its first request's headers by then is closed
 *   idle-timeout: 30s
 *   body-timeout: 60s
 *   max-connections: 1024
 *   intake:
 *     tokens: [env:VEILLE_SECRET_INTAKE_TOKEN]
 *     max-request-bytes: 5000000
 * sources:
 *   - name: lemonde
 *     type: rss
 *     rate-limit: 30/m
 *     feeds: [https://www.lemonde.fr/rss/une.xml]
 * </pre>
 */
public record IngestConfig(String httpBind, int httpPort, HttpService.Limits httpLimits, List<String> intakeTokens,
    long intakeMaxBytes, List<Source> sources) {
  /** Where the HTTP server listens by default: this machine only ({@code http.bind: 0.0.0.0} opens it). */
  public static final String DEFAULT_BIND = "127.0.0.1";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern RATE = Pattern.compile("(\\d+)\\s*/\\s*(s|m|h)");

  /** One configured block: its connectors and their shared rate limit. */
  public record Source(String name, String type, List<Connector> connectors, RateLimiter limiter) {}

  public static IngestConfig load(Path file, Map<String, ConnectorFactory> factories, Function<String, String> env) {
    Map<String, Object> root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readValue(Files.readString(file), new TypeReference<>() {});
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage().lines().findFirst().orElse(""));
    }
    return parse(file.getFileName().toString(), root == null ? Map.of() : root, factories, env);
  }

  @SuppressWarnings("unchecked")
  public static IngestConfig parse(String fileName, Map<String, Object> root, Map<String, ConnectorFactory> factories,
      Function<String, String> env) {
    SourceSettings top = new SourceSettings(fileName, root, env);
    Map<String, Object> httpRaw = top.mapping("http");
    int port = 8081;
    String bind = DEFAULT_BIND;
    HttpService.Limits limits = HttpService.Limits.DEFAULT;
    List<String> tokens = List.of();
    long maxBytes = 5_000_000;
    if (httpRaw != null) {
      SourceSettings http = new SourceSettings(fileName + ".http", httpRaw, env);
      port = http.integer("port", 8081, 0, 65535);
      bind = http.optionalString("bind", DEFAULT_BIND);
      HttpService.Limits d = HttpService.Limits.DEFAULT;
      limits = new HttpService.Limits(
          http.duration("idle-timeout", d.idleTimeout()),
          http.duration("header-timeout", d.headerTimeout()),
          http.duration("body-timeout", d.bodyTimeout()),
          http.integer("max-connections", d.maxConnections(), 1, 100_000),
          d.maxBytesInFlight(), d.maxHeaderBytes());
      Map<String, Object> intakeRaw = http.mapping("intake");
      if (intakeRaw != null) {
        SourceSettings intake = new SourceSettings(fileName + ".http.intake", intakeRaw, env);
        List<String> refs = intake.list("tokens", true);
        List<String> resolved = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
          resolved.add(new SourceSettings(fileName + ".http.intake", Map.of("tokens[" + i + "]", refs.get(i)), env)
              .secret("tokens[" + i + "]", true).reveal());
        }
        tokens = List.copyOf(resolved);
        maxBytes = intake.integer("max-request-bytes", 5_000_000, 1024, 256_000_000);
        intake.checkAllUsed();
      }
      http.checkAllUsed();
    }
    List<?> list = top.rawList("sources");
    top.checkAllUsed();
    List<Source> sources = new ArrayList<>();
    if (list != null) {
      Set<String> names = new HashSet<>();
      for (int i = 0; i < list.size(); i++) {
        Object o = list.get(i);
        String at = fileName + " sources[" + i + "]";
        if (!(o instanceof Map)) {
          throw new IllegalArgumentException(at + ": must be a mapping with name and type");
        }
        Map<String, Object> block = new LinkedHashMap<>((Map<String, Object>) o);
        Object nameRaw = block.remove("name");
        Object typeRaw = block.remove("type");
        Object rateRaw = block.remove("rate-limit");
        Object enabledRaw = block.remove("enabled");
        if (nameRaw == null) {
          throw new IllegalArgumentException(at + ".name: required");
        }
        String name = String.valueOf(nameRaw);
        if (!NAME.matcher(name).matches()) {
          throw new IllegalArgumentException(at + ".name: must be lower-case letters, digits and '-' (was '" + name + "')");
        }
        if (!names.add(name)) {
          throw new IllegalArgumentException(at + ".name: '" + name + "' is used twice; names key the stored cursors");
        }
        at = at + " (" + name + ")";
        if (typeRaw == null) {
          throw new IllegalArgumentException(at + ".type: required (one of " + String.join(", ", factories.keySet()) + ")");
        }
        ConnectorFactory f = factories.get(String.valueOf(typeRaw));
        if (f == null) {
          throw new IllegalArgumentException(at + ".type: unknown type '" + typeRaw + "' (one of "
              + String.join(", ", factories.keySet()) + ")");
        }
        boolean enabled = enabledRaw == null || SourceSettings.strictBool(at, "enabled", enabledRaw);
        RateLimiter limiter = rateLimit(at, rateRaw);
        // a disabled source is checked as strictly as an enabled one (a typo beside enabled: false is still a typo)
        SourceSettings s = new SourceSettings(at, block, env, !enabled, f.keys());
        List<Connector> connectors = f.create(name, s);
        s.checkAllUsed();
        if (!enabled) {
          for (Connector c : connectors) {
            closeQuietly(c);
          }
          continue;
        }
        sources.add(new Source(name, f.type(), connectors, limiter));
      }
    }
    return new IngestConfig(bind, port, limits, tokens, maxBytes, List.copyOf(sources));
  }

  private static void closeQuietly(Connector c) {
    try {
      c.close();
    } catch (Exception e) {
      // nothing was started: a connector holds no resource before its first poll
    }
  }

  static RateLimiter rateLimit(String at, Object raw) {
    if (raw == null) {
      return RateLimiter.unlimited();
    }
    Matcher m = RATE.matcher(String.valueOf(raw).trim());
    if (!m.matches() || Integer.parseInt(m.group(1)) < 1) {
      throw new IllegalArgumentException(at + ".rate-limit: write calls per period, e.g. 60/m, 1/s, 500/h (was '" + raw + "')");
    }
    Duration per = switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(1);
      case "m" -> Duration.ofMinutes(1);
      default -> Duration.ofHours(1);
    };
    return RateLimiter.of(Integer.parseInt(m.group(1)), per);
  }
}
