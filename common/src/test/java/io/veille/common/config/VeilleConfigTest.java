package io.veille.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VeilleConfigTest {
  @TempDir
  Path tmp;

  @Test
  void defaults() {
    VeilleConfig c = VeilleConfig.defaults();
    assertThat(c.bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(c.dataDir()).isEqualTo(Path.of(".veille"));
    assertThat(c.replicationFactor()).isEqualTo((short) 1);
    assertThat(c.get(VeilleConfig.REQUEST_TIMEOUT)).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.kafkaPassthrough()).isEmpty();
  }

  @Test
  void environmentOverridesFileWhichOverridesDefaults() throws IOException {
    Path file = tmp.resolve("veille.properties");
    Files.writeString(file, "bootstrap.servers=file:9092\nreplication.factor=2\nrequest.timeout=5s\n");
    VeilleConfig c = VeilleConfig.load(VeilleConfig.commonDef(),
        Map.of("VEILLE_BOOTSTRAP_SERVERS", "env1:9092,env2:9092", "PATH", "/usr/bin"), file);
    assertThat(c.get(VeilleConfig.BOOTSTRAP_SERVERS)).containsExactly("env1:9092", "env2:9092");
    assertThat(c.replicationFactor()).isEqualTo((short) 2);
    assertThat(c.get(VeilleConfig.REQUEST_TIMEOUT)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void yamlNestedKeysJoinWithDotsAndKafkaSettingsPassThrough() throws IOException {
    Path file = tmp.resolve("veille.yml");
    Files.writeString(file, """
        bootstrap:
          servers: [b1:9093, b2:9093]
        data:
          dir: /var/lib/veille
        kafka:
          security.protocol: SASL_SSL
          sasl:
            mechanism: SCRAM-SHA-512
        """);
    VeilleConfig c = VeilleConfig.load(VeilleConfig.commonDef(),
        Map.of("VEILLE_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";"),
        file);
    assertThat(c.bootstrapServers()).isEqualTo("b1:9093,b2:9093");
    assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/veille"));
    assertThat(c.kafkaPassthrough()).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsKey("sasl.jaas.config");
    Map<String, Object> client = c.clientProperties("test");
    assertThat(client).containsEntry("bootstrap.servers", "b1:9093,b2:9093")
        .containsEntry("security.protocol", "SASL_SSL").containsEntry("client.id", "veille-test");
    assertThat(c.describe().get("kafka.sasl.jaas.config")).isEqualTo("********");
    assertThat(c.describe().toString()).doesNotContain("password=");
  }

  @Test
  void unknownEnvironmentKeyFailsWithItsNameAndASuggestion() {
    assertThatThrownBy(() -> VeilleConfig.load(VeilleConfig.commonDef(), Map.of("VEILLE_BOOTSTRAP_SERVER", "x:1"), null))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("bootstrap.server: unknown configuration key (from environment variable VEILLE_BOOTSTRAP_SERVER)")
        .hasMessageContaining("did you mean bootstrap.servers?");
  }

  @Test
  void unknownFileKeyFailsWithItsName() throws IOException {
    Path file = tmp.resolve("bad.properties");
    Files.writeString(file, "colour=blue\n");
    assertThatThrownBy(() -> VeilleConfig.load(VeilleConfig.commonDef(), Map.of(), file))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("colour"))
        .hasMessageContaining("from file bad.properties").hasMessageContaining("known keys: bootstrap.servers");
  }

  @Test
  void invalidValuesFailWithKeyValueAndExpectation() {
    assertThatThrownBy(() -> VeilleConfig.load(VeilleConfig.commonDef(), Map.of("VEILLE_REPLICATION_FACTOR", "three"), null))
        .hasMessage("replication.factor: invalid value 'three' from environment variable VEILLE_REPLICATION_FACTOR: expected an integer in [1, 7]");
    assertThatThrownBy(() -> VeilleConfig.load(VeilleConfig.commonDef(), Map.of("VEILLE_REPLICATION_FACTOR", "0"), null))
        .hasMessageStartingWith("replication.factor: invalid value '0'");
    assertThatThrownBy(() -> VeilleConfig.load(VeilleConfig.commonDef(), Map.of("VEILLE_REQUEST_TIMEOUT", "soon"), null))
        .hasMessageContaining("request.timeout").hasMessageContaining("a duration such as");
    assertThatThrownBy(() -> VeilleConfig.load(VeilleConfig.commonDef(), Map.of("VEILLE_BOOTSTRAP_SERVERS", "a:1,,b:2"), null))
        .hasMessageStartingWith("bootstrap.servers: invalid value");
  }

  @Test
  void missingFileAndBadYamlAreClearErrors() throws IOException {
    assertThatThrownBy(() -> VeilleConfig.load(VeilleConfig.commonDef(), Map.of(), tmp.resolve("nope.yml")))
        .hasMessageContaining("file not found");
    Path list = tmp.resolve("list.yaml");
    Files.writeString(list, "- a\n- b\n");
    assertThatThrownBy(() -> VeilleConfig.load(VeilleConfig.commonDef(), Map.of(), list))
        .hasMessageContaining("the top level must be a mapping");
  }

  @Test
  void launcherVariablesAreNotConfigurationKeys() {
    VeilleConfig c = VeilleConfig.load(VeilleConfig.commonDef(),
        Map.of("VEILLE_JAVA_OPTS", "-Xmx2g", "VEILLE_CONFIG", "/x", "VEILLE_HOME", "/opt"), null);
    assertThat(c.bootstrapServers()).isEqualTo("localhost:9092");
  }

  @Test
  void requiredKeysAndModuleDefinitionsMerge() {
    ConfigDef extra = new ConfigDef().define(new ConfigDef.Key<>("slack.webhook", String.class, null, true,
        s -> s, s -> s.startsWith("https://"), "an https URL", "Slack webhook"));
    ConfigDef def = VeilleConfig.commonDef().merge(extra);
    assertThatThrownBy(() -> VeilleConfig.load(def, Map.of(), null))
        .hasMessage("slack.webhook: required; set VEILLE_SLACK_WEBHOOK or slack.webhook in the config file");
    VeilleConfig c = VeilleConfig.load(def, Map.of("VEILLE_SLACK_WEBHOOK", "https://hooks.example/x"), null);
    assertThat(c.get(def.keys().get("slack.webhook"))).isEqualTo("https://hooks.example/x");
    assertThatThrownBy(() -> VeilleConfig.load(def, Map.of("VEILLE_SLACK_WEBHOOK", "http://x"), null))
        .hasMessageContaining("expected an https URL");
    assertThat(c.get(VeilleConfig.BOOTSTRAP_SERVERS)).isEqualTo(List.of("localhost:9092"));
  }
}
