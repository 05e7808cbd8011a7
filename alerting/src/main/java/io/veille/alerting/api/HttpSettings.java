package io.veille.alerting.api;

import io.veille.alerting.notify.ConfigNode;
import io.veille.common.config.Secrets;
import io.veille.common.http.HttpService;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code http:} section of {@code alerting.yml}: whether the service serves its HTTP API, where,
 * with which bearer token, and the server's bounds.
 *
 * <pre>
 * http:
 *   enabled: true          # default true
 *   bind: 127.0.0.1        # default 127.0.0.1
 *   port: 8082             # default 8082 (0: any free port)
 *   token: "env:VEILLE_SECRET_ALERTING_TOKEN"   # optional; required when bind is not a loopback address
 *   idle_timeout: 30s
 *   header_timeout: 10s
 *   body_timeout: 60s
 *   max_connections: 256
 * </pre>
 *
 * @param token null: no token asked (allowed on a loopback address only)
 */
public record HttpSettings(boolean enabled, String bind, int port, Secrets.Secret token, HttpService.Limits limits) {
  public static final String DEFAULT_BIND = "127.0.0.1";
  public static final int DEFAULT_PORT = 8082;
  public static final int DEFAULT_MAX_CONNECTIONS = 256;

  public static final HttpSettings DEFAULT = new HttpSettings(true, DEFAULT_BIND, DEFAULT_PORT, null, limits(
      HttpService.Limits.DEFAULT.idleTimeout(), HttpService.Limits.DEFAULT.headerTimeout(),
      HttpService.Limits.DEFAULT.bodyTimeout(), DEFAULT_MAX_CONNECTIONS));

  /** Bytes of request bodies held at once (the API's bodies are at most {@link AlertingApi#MAX_BODY} each). */
  static final long MAX_BYTES_IN_FLIGHT = 16L * 1024 * 1024;

  private static HttpService.Limits limits(Duration idle, Duration header, Duration body, int connections) {
    return new HttpService.Limits(idle, header, body, connections, MAX_BYTES_IN_FLIGHT,
        HttpService.Limits.DEFAULT.maxHeaderBytes());
  }

  /** The section at {@code node} (absent: the defaults). */
  public static HttpSettings parse(ConfigNode n, Secrets secrets) {
    n.allowOnly(Set.of("enabled", "bind", "port", "token", "idle_timeout", "header_timeout", "body_timeout",
        "max_connections"));
    boolean enabled = n.bool("enabled", true);
    String bind = n.string("bind", DEFAULT_BIND);
    if (!bind.matches("[A-Za-z0-9.:\\[\\]_-]{1,253}")) {
      throw n.error("bind", "not a host name or address: '" + bind.substring(0, Math.min(bind.length(), 60)) + "'");
    }
    int port = n.integer("port", DEFAULT_PORT, 0, 65_535);
    Secrets.Secret token = n.secret("token", secrets, false);
    if (token != null && (token.reveal().length() < 16 || token.reveal().length() > 512)) {
      throw n.error("token", "the secret from " + token.source() + " must be 16 to 512 characters");
    }
    if (token != null && !token.reveal().chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
      throw n.error("token", "the secret from " + token.source() + " must be printable ASCII without spaces");
    }
    if (enabled && token == null && !loopback(bind)) {
      throw n.error("token", "required when bind is not a loopback address (" + bind + "): anyone who reaches the "
          + "port could acknowledge incidents and add silences (" + Secrets.FORMS + ")");
    }
    HttpService.Limits d = DEFAULT.limits();
    HttpService.Limits limits = limits(
        n.duration("idle_timeout", d.idleTimeout(), Duration.ofSeconds(1), Duration.ofHours(1)),
        n.duration("header_timeout", d.headerTimeout(), Duration.ofMillis(100), Duration.ofMinutes(5)),
        n.duration("body_timeout", d.bodyTimeout(), Duration.ofMillis(100), Duration.ofMinutes(10)),
        n.integer("max_connections", d.maxConnections(), 1, 100_000));
    return new HttpSettings(enabled, bind, port, token, limits);
  }

  /** Whether {@code host} is a loopback name or address (a name other than localhost is never looked up). */
  static boolean loopback(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "HttpSettings[enabled=" + enabled + ", bind=" + bind + ", port=" + port + ", token="
        + (token == null ? "none" : token) + ", limits=" + limits + "]";
  }
}
