package io.veille.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.veille.common.config.Secrets;
import io.veille.common.config.VeilleConfig;
import io.veille.common.json.Json;
import io.veille.common.kafka.EmbeddedKafka;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.Author;
import io.veille.common.model.Engagement;
import io.veille.common.model.Mention;
import io.veille.common.model.ScoredMention;
import io.veille.common.model.Sentiment;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import io.veille.streams.index.IndexService;
import io.veille.streams.index.IndexSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code veille search} against a running indexer and its API: table, json and csv, errors with the API's message. */
class SearchCommandIT {
  static final int N = 300;
  @TempDir
  static Path tmp;
  static EmbeddedKafka kafka;
  static IndexService service;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
    VeilleConfig config = VeilleConfig.defaults().withBootstrapServers(kafka.bootstrapServers());
    TopicAdmin.createMissing(KafkaClients.admin(config, "it"), Topics.ALL, (short) 1);
    Map<String, Object> props = KafkaClients.producer(config, "it");
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    try (var p = new KafkaProducer<byte[], byte[]>(props)) {
      for (int i = 0; i < N; i++) {
        boolean outage = i % 3 == 0;
        Mention m = new Mention(1, "x:" + i, "x", null, "fr", outage ? "Panne Ondyne, plus de réseau, \"vraiment\" nul n" + i
            : "Nouvelle box Ondyne n" + i, Instant.parse("2026-11-10T17:00:00Z").plusSeconds(i * 60L), null,
            new Author("u" + i, "@u" + i, null, i * 10L, false), Engagement.NONE, null, null, Map.of());
        ScoredMention s = new ScoredMention(m, "fr", new Sentiment(outage ? Sentiment.Label.NEGATIVE : Sentiment.Label.NEUTRAL,
            outage ? -0.6 : 0, "lexicon-fr"), outage ? List.of("ondyne-outage") : List.of("ondyne"), 0);
        p.send(new ProducerRecord<>(Topics.MENTIONS_SCORED.name(), s.id().getBytes(StandardCharsets.UTF_8),
            Topics.MENTIONS_SCORED.valueSerde().serializer().serialize("", s))).get();
      }
    }
    service = IndexService.start(config, IndexSettings.defaults().withApplicationId("it-search-cli").withHttpPort(0)
        .withToken("env:IT_TOKEN"), tmp.resolve("index"), new Secrets(Map.of("IT_TOKEN", "t0k3n")::get));
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    kafka.close();
  }

  record Run(int code, String out, String err) {}

  static Run search(String... args) throws Exception {
    SearchCommand cmd = new SearchCommand();
    new CommandLine(cmd).parseArgs(args);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = cmd.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void tableJsonCsvAndErrors() throws Exception {
    String url = service.url();
    // the token comes from the environment of the command: the IT cannot set it, so the server is asked without it
    // first (401, its message), then the formats are checked on a second service without a token
    Run denied = search("--url", url, "panne");
    assertThat(denied.code()).isEqualTo(1);
    assertThat(denied.err()).contains("HTTP 401").contains("bearer token");
    try (IndexService open = IndexService.start(
        VeilleConfig.defaults().withBootstrapServers(kafka.bootstrapServers()),
        IndexSettings.defaults().withApplicationId("it-search-cli-open").withHttpPort(0), tmp.resolve("index-open"),
        new Secrets(name -> null))) {
      String u = open.url();
      await().atMost(Duration.ofSeconds(60)).until(() -> search("--url", u, "--format", "json", "--size", "1").out()
          .contains("\"total\" : " + N));
      Run table = search("--url", u, "panne", "--watch", "ondyne-outage", "--sentiment", "negative", "--sort", "reach",
          "--facets", "--size", "5");
      assertThat(table.code()).as(table.err()).isZero();
      assertThat(table.out()).contains("100 match(es)").contains("Panne Ondyne").contains("next page: --cursor ")
          .contains("sentiment: negative 100");
      Run json = search("--url", u, "--format", "json", "--watch", "ondyne-outage", "--size", "2");
      assertThat(Json.MAPPER.readTree(json.out()).get("hits")).hasSize(2);
      Run csv = search("--url", u, "--format", "csv", "--watch", "ondyne-outage");
      String[] lines = csv.out().split("\r\n");
      assertThat(lines).hasSize(101);
      assertThat(lines[0]).startsWith("id,publishedAt,source");
      assertThat(lines[1]).contains("\"Panne Ondyne, plus de réseau, \"\"vraiment\"\" nul");
      Run bad = search("--url", u, "panne AND (");
      assertThat(bad.code()).isEqualTo(1);
      assertThat(bad.err()).contains("HTTP 400").contains("query does not parse").contains("column");
    }
    Run format = search("--url", url, "--format", "xml");
    assertThat(format.code()).isEqualTo(2);
    Run unreachable = search("--url", "http://127.0.0.1:1", "x");
    assertThat(unreachable.code()).isEqualTo(1);
    assertThat(unreachable.err()).contains("cannot reach the search API");
  }
}
