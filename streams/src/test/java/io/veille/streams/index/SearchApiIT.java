package io.veille.streams.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.veille.common.config.Secrets;
import io.veille.common.config.VeilleConfig;
import io.veille.common.json.Json;
import io.veille.common.kafka.EmbeddedKafka;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.ScoredMention;
import io.veille.common.model.Sentiment;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search API of a running indexer on a real broker: search, facets, timeline and cursors over HTTP against an
 * offline count, the errors (400 with the parser's position, 401), and an export of 100,000 mentions streamed in
 * constant memory.
 */
class SearchApiIT {
  static final int N = 100_000;
  static final String TOKEN = "it-token-123";

  @TempDir
  static Path tmp;
  static EmbeddedKafka kafka;
  static IndexService service;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
    VeilleConfig config = VeilleConfig.defaults().withBootstrapServers(kafka.bootstrapServers());
    TopicAdmin.createMissing(KafkaClients.admin(config, "it"), Topics.ALL, (short) 1);
    Map<String, Object> props = KafkaClients.producer(config, "it-scored");
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1); // KAFKA-15591 on a new topic
    try (var p = new KafkaProducer<byte[], byte[]>(props)) {
      java.util.List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
      for (int i = 0; i < N; i++) {
        ScoredMention s = IndexFixtures.scored("api", i, 7 * 24 * 60, N);
        sent.add(p.send(new ProducerRecord<>(Topics.MENTIONS_SCORED.name(), s.id().getBytes(StandardCharsets.UTF_8),
            IndexFixtures.json(s))));
      }
      for (var f : sent) {
        f.get();
      }
    }
    IndexSettings settings = IndexSettings.defaults().withApplicationId("it-api").withHttpPort(0)
        .withToken("env:IT_SEARCH_TOKEN");
    service = IndexService.start(config, settings, tmp.resolve("state"), new Secrets(Map.of("IT_SEARCH_TOKEN", TOKEN)::get));
    await().atMost(Duration.ofSeconds(120)).until(() -> service.app().streams().state() == KafkaStreams.State.RUNNING
        && total("") == N);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    kafka.close();
  }

  static HttpResponse<String> get(String pathAndQuery, boolean auth) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(service.url() + pathAndQuery));
    if (auth) {
      b.header("Authorization", "Bearer " + TOKEN);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(String pathAndQuery) throws Exception {
    HttpResponse<String> r = get(pathAndQuery, true);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body());
  }

  static long total(String query) throws Exception {
    HttpResponse<String> r = get(SearchApi.SEARCH + "?size=1&exactTotal=true" + query, true);
    if (r.statusCode() != 200) {
      return -1;
    }
    JsonNode j = Json.MAPPER.readTree(r.body());
    return j.get("partial").asBoolean() ? -1 : j.get("total").asLong();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void searchFacetsTimelineAndCursorOverHttp() throws Exception {
    long negOndyne = 0;
    Map<String, Long> sources = new java.util.HashMap<>();
    for (int i = 0; i < N; i++) {
      ScoredMention s = IndexFixtures.scored("api", i, 7 * 24 * 60, N);
      if (s.watchIds().contains("ondyne") && s.sentiment().label() == Sentiment.Label.NEGATIVE) {
        negOndyne++;
        sources.merge(s.mention().source(), 1L, Long::sum);
      }
    }
    JsonNode page = json(SearchApi.SEARCH + "?watch=ondyne&sentiment=negative&facets=true&highlight=true&size=50&q="
        + enc("ondyne"));
    assertThat(page.get("total").asLong()).isEqualTo(negOndyne);
    assertThat(page.get("hits")).hasSize(50);
    assertThat(page.get("hits").get(0).get("highlight").asText()).contains("<em>Ondyne</em>");
    assertThat(page.get("hits").get(0).get("mention").get("mention").get("id").asText()).startsWith("api:");
    assertThat(page.get("partitions")).hasSize(Topics.MENTIONS_SCORED.partitions());
    for (var e : sources.entrySet()) {
      assertThat(page.get("facets").get("source").get(e.getKey()).asLong()).isEqualTo(e.getValue());
    }
    Set<String> ids = new HashSet<>();
    String next = null;
    int pages = 0;
    do {
      JsonNode p = json(SearchApi.SEARCH + "?watch=ondyne&sentiment=negative&sort=time&size=200"
          + (next == null ? "" : "&cursor=" + enc(next)));
      p.get("hits").forEach(h -> ids.add(h.get("id").asText()));
      next = p.get("next").isNull() ? null : p.get("next").asText();
    } while (next != null && ++pages < 1000);
    assertThat(ids).hasSize((int) negOndyne);

    JsonNode timeline = json(SearchApi.TIMELINE + "?bucket=1d&watch=ondyne&from=" + IndexFixtures.T0 + "&to="
        + IndexFixtures.T0.plus(Duration.ofDays(7)));
    assertThat(timeline.get("buckets")).hasSize(7);
    long neg = 0;
    for (JsonNode b : timeline.get("buckets")) {
      neg += b.get("negative").asLong();
    }
    assertThat(neg).isEqualTo(negOndyne);
  }

  @Test
  void badRequestsAreFourHundredsNeverFiveHundreds() throws Exception {
    HttpResponse<String> r = get(SearchApi.SEARCH + "?q=" + enc("panne AND ("), true);
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode j = Json.MAPPER.readTree(r.body());
    assertThat(j.get("error").asText()).startsWith("q: query does not parse");
    assertThat(j.get("column").asInt()).isPositive();
    for (String bad : new String[] {"?q=" + enc("colour:blue"), "?size=100000", "?sort=loudest", "?from=yesterday",
        "?colour=blue", "?cursor=abc", "?q=" + enc("(".repeat(40) + "a"), "?q=" + enc("x".repeat(5000)),
        "?sentiment=angry", "?size=20&size=30"}) {
      HttpResponse<String> b = get(SearchApi.SEARCH + bad, true);
      assertThat(b.statusCode()).as(bad + " -> " + b.body()).isEqualTo(400);
    }
    assertThat(get(SearchApi.TIMELINE + "?bucket=1s", true).statusCode()).isEqualTo(400);
    assertThat(get(SearchApi.EXPORT + "?format=xls", true).statusCode()).isEqualTo(400);
    assertThat(get(SearchApi.SEARCH + "?q=x", false).statusCode()).isEqualTo(401);
  }

  @Test
  void exportsAHundredThousandMentionsInConstantMemory() throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(service.url() + SearchApi.EXPORT + "?format=ndjson"))
        .header("Authorization", "Bearer " + TOKEN).build();
    HttpResponse<java.io.InputStream> r = HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Length")).as("streamed, not buffered").isEmpty();
    var memory = ManagementFactory.getMemoryMXBean();
    long early = 0;
    long late = 0;
    long bytes = 0;
    Set<String> ids = new HashSet<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        bytes += line.length();
        if (n % 10_000 == 0) {
          ids.add(Json.MAPPER.readTree(line).get("mention").get("id").asText());
        }
        if (n == 10_000) {
          System.gc();
          early = memory.getHeapMemoryUsage().getUsed();
        } else if (n == 90_000) {
          System.gc();
          late = memory.getHeapMemoryUsage().getUsed();
        }
      }
      assertThat(n).isEqualTo(N);
    }
    assertThat(ids).hasSize(10);
    long growth = late - early;
    System.out.println("RESULT test=index_export n=" + N + " bytes=" + bytes + " heap_growth_mb=" + growth / (1 << 20));
    assertThat(growth).as("heap growth over 80,000 exported lines (%d bytes of them)", bytes * 8 / 10)
        .isLessThan(bytes * 8 / 10 / 4);
  }
}
