package io.veille.alerting.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.veille.alerting.route.AlertingConfig;
import io.veille.common.config.ConfigException;
import io.veille.common.config.Secrets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code http:} section of alerting.yml, read as strictly as the rest. */
class HttpSettingsTest {
  static final String TOKEN = "t0k3n-0123456789-abcdef";
  final Secrets secrets = new Secrets(Map.of("API_TOKEN", TOKEN, "SHORT", "abc")::get);

  AlertingConfig parse(String yaml) throws Exception {
    return AlertingConfig.parse(new ObjectMapper(new YAMLFactory()).readValue(yaml, Object.class), secrets);
  }

  String error(String yaml) {
    return assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class).actual().getMessage();
  }

  @Test
  void absentMeansServedOnLoopbackPort8082WithoutAToken() throws Exception {
    HttpSettings h = parse("retention: 30d").http();
    assertThat(h.enabled()).isTrue();
    assertThat(h.bind()).isEqualTo("127.0.0.1");
    assertThat(h.port()).isEqualTo(8082);
    assertThat(h.token()).isNull();
    assertThat(h.limits().maxConnections()).isEqualTo(HttpSettings.DEFAULT_MAX_CONNECTIONS);
    assertThat(h.limits().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(AlertingConfig.parse(null, secrets).http()).isEqualTo(h);
  }

  @Test
  void everyKeyIsRead() throws Exception {
    HttpSettings h = parse("""
        http:
          enabled: true
          bind: 0.0.0.0
          port: 9000
          token: "env:API_TOKEN"
          idle_timeout: 1m
          header_timeout: 5s
          body_timeout: 20s
          max_connections: 64
        """).http();
    assertThat(h.bind()).isEqualTo("0.0.0.0");
    assertThat(h.port()).isEqualTo(9000);
    assertThat(h.token().reveal()).isEqualTo(TOKEN);
    assertThat(h.limits().idleTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(h.limits().headerTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(h.limits().bodyTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(h.limits().maxConnections()).isEqualTo(64);
    assertThat(h.toString()).contains("token=secret(env:API_TOKEN)").doesNotContain(TOKEN);
    assertThat(parse("http: {enabled: false, bind: 0.0.0.0}").http().enabled()).isFalse();
  }

  @Test
  void errorsNameTheirPath() {
    assertThat(error("http: {max_connection: 9}")).isEqualTo("http.max_connection: unknown key (did you mean "
        + "max_connections?)");
    assertThat(error("http: {tls: true}")).startsWith("http.tls: unknown key (known keys: bind, body_timeout");
    assertThat(error("http: {port: 70000}")).isEqualTo("http.port: must be in [0, 65535], was 70000");
    assertThat(error("http: {port: high}")).isEqualTo("http.port: must be an integer, not 'high'");
    assertThat(error("http: {enabled: yes please}")).isEqualTo("http.enabled: must be true or false");
    assertThat(error("http: {bind: \"not a host!\"}")).isEqualTo("http.bind: not a host name or address: 'not a host!'");
    assertThat(error("http: {idle_timeout: 10}")).startsWith("http.idle_timeout: must be a duration with its unit");
    assertThat(error("http: {body_timeout: 1h}")).isEqualTo("http.body_timeout: must be between 100ms and 10m, was 1h");
    assertThat(error("http: {max_connections: 0}")).isEqualTo("http.max_connections: must be in [1, 100000], was 0");
    assertThat(error("http: [1, 2]")).isEqualTo("http: must be a mapping, not a list");
  }

  @Test
  void theTokenIsASecretReferenceNeverInlineAndRequiredOffLoopback() {
    assertThat(error("http: {token: " + TOKEN + "}")).startsWith("http.token: secrets are never written inline")
        .doesNotContain(TOKEN);
    assertThat(error("http: {token: \"env:MISSING\"}")).isEqualTo("http.token: environment variable MISSING is not set");
    assertThat(error("http: {token: \"env:SHORT\"}")).isEqualTo("http.token: the secret from env:SHORT must be 16 to 512 "
        + "characters");
    assertThat(error("http: {bind: 0.0.0.0}")).startsWith("http.token: required when bind is not a loopback address "
        + "(0.0.0.0)");
    assertThat(error("http: {bind: alerting.example.org}")).startsWith("http.token: required when bind");
    assertThat(HttpSettings.loopback("localhost")).isTrue();
    assertThat(HttpSettings.loopback("[::1]")).isTrue();
    assertThat(HttpSettings.loopback("127.0.0.2")).isTrue();
    assertThat(HttpSettings.loopback("10.0.0.1")).isFalse();
  }
}
