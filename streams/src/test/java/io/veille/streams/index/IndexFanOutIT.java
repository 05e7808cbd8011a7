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
import io.veille.common.testing.StubHttp;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two indexer instances sharing the index's partitions on one broker: a search, its pages (cursor), facets, timeline
 * and export asked of either instance equal the answer of one index holding every mention (the same documents in
 * one Lucene index, searched by the same code) — relevance scores included, to the bit. Then one instance stops
 * answering: the other says which partitions are missing; once it has left the group, the answer is complete again.
 * Last, an instance that accepts requests and never answers: reported after the fan-out timeout.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IndexFanOutIT {
  static final int N = 4_000;
  static final String TOKEN = "fanout-token";
  static final String APP = "it-fanout";

  @TempDir
  static Path tmp;
  static EmbeddedKafka kafka;
  static IndexService a;
  static IndexService b;
  static ByteBuffersDirectory dir;
  static DirectoryReader reader;
  static MentionSearch one;
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static long started;
  static VeilleConfig config;
  static IndexSettings settings;

  @BeforeAll
  static void start() throws Exception {
    started = System.nanoTime();
    kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
    config = VeilleConfig.defaults().withBootstrapServers(kafka.bootstrapServers());
    TopicAdmin.createMissing(KafkaClients.admin(config, "it"), Topics.ALL, (short) 1);
    List<ScoredMention> all = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      all.add(IndexFixtures.scored("fan", i, 7 * 24 * 60, N));
    }
    produce(config, all);
    dir = new ByteBuffersDirectory();
    try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(MentionDocuments.indexAnalyzer()))) {
      for (ScoredMention s : all) {
        w.updateDocument(MentionDocuments.idTerm(s.id()), MentionDocuments.document(s, IndexFixtures.json(s)));
      }
    }
    reader = DirectoryReader.open(dir);
    one = new MentionSearch(new IndexSearcher(reader));
    settings = IndexSettings.defaults().withApplicationId(APP).withHttpPort(0)
        .withToken("env:IT_FANOUT_TOKEN").withFanoutTimeout(Duration.ofSeconds(2));
    Secrets secrets = new Secrets(Map.of("IT_FANOUT_TOKEN", TOKEN)::get);
    a = IndexService.start(config, settings, tmp.resolve("a"), secrets);
    b = IndexService.start(config, settings, tmp.resolve("b"), secrets);
    await().atMost(Duration.ofSeconds(60)).until(() -> a.app().streams().state() == KafkaStreams.State.RUNNING
        && b.app().streams().state() == KafkaStreams.State.RUNNING && complete(a) && complete(b));
    System.out.printf("RESULT test=index_fanout_setup n=%d ms=%d%n", N, (System.nanoTime() - started) / 1_000_000);
  }

  static List<String> ids(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.get("hits").forEach(h -> out.add(h.get("id").asText()));
    return out;
  }

  /** Every mention searchable through {@code s}, both instances holding some partitions. */
  static boolean complete(IndexService s) throws Exception {
    HttpResponse<String> r = get(s, SearchApi.SEARCH + "?size=1&exactTotal=true");
    if (r.statusCode() != 200) {
      return false;
    }
    JsonNode j = Json.MAPPER.readTree(r.body());
    int holders = 0;
    for (JsonNode i : j.get("instances")) {
      holders += i.get("partitions").isEmpty() ? 0 : 1;
    }
    return !j.get("partial").asBoolean() && j.get("total").asLong() == N && holders == 2;
  }

  /** One request in flight and every send checked; what the broker refused (KAFKA-15591) is sent again. */
  static void produce(VeilleConfig config, List<ScoredMention> ms) throws Exception {
    Map<String, Object> props = KafkaClients.producer(config, "it-fanout-scored");
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    List<ScoredMention> left = ms;
    for (int round = 0; !left.isEmpty(); round++) {
      if (round == 5) {
        throw new AssertionError(left.size() + " mentions could not be produced in 5 rounds");
      }
      List<ScoredMention> failed = new ArrayList<>();
      try (var p = new KafkaProducer<byte[], byte[]>(props)) {
        List<Future<?>> sent = new ArrayList<>();
        for (ScoredMention s : left) {
          sent.add(p.send(new ProducerRecord<>(Topics.MENTIONS_SCORED.name(), s.id().getBytes(StandardCharsets.UTF_8),
              IndexFixtures.json(s))));
        }
        for (int i = 0; i < sent.size(); i++) {
          try {
            sent.get(i).get();
          } catch (ExecutionException e) {
            failed.add(left.get(i));
          }
        }
      }
      left = failed;
    }
  }

  @AfterAll
  static void stop() throws Exception {
    for (IndexService s : new IndexService[] {a, b}) {
      if (s != null) {
        s.close();
      }
    }
    if (reader != null) {
      reader.close();
    }
    kafka.close();
    System.out.printf("RESULT test=index_fanout_total ms=%d%n", (System.nanoTime() - started) / 1_000_000);
  }

  static HttpResponse<String> get(IndexService s, String pathAndQuery) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(s.url() + pathAndQuery)).header("Authorization", "Bearer " + TOKEN)
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(IndexService s, String pathAndQuery) throws Exception {
    HttpResponse<String> r = get(s, pathAndQuery);
    assertThat(r.statusCode()).as(pathAndQuery + " -> " + r.body()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body());
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static SearchRequest request(String q, List<String> watches, List<String> sentiments, SearchRequest.Order order,
      int size, boolean facets) {
    return new SearchRequest(q, watches, null, null, sentiments, null, null, order, size, null, facets, false);
  }

  /**
   * Pages through {@code qs} on {@code s} and through {@code r} on the single index, page by page: the same hits in
   * the same order (and the same scores), the same totals, facets and cursors. Returns how many pages.
   */
  static int samePages(IndexService s, String qs, SearchRequest r, int maxPages) throws Exception {
    SearchRequest ref = r;
    String cursor = null;
    int pages = 0;
    while (pages < maxPages) {
      JsonNode page = json(s, SearchApi.SEARCH + "?" + qs + (cursor == null ? "" : "&cursor=" + enc(cursor)));
      MentionSearch.Page expected = one.search(ref);
      String where = s.url() + " page " + pages + " of " + qs;
      assertThat(page.get("partial").asBoolean()).as(where).isFalse();
      long exact = one.search(ref.withExactTotal(true)).total();
      if (expected.totalExact()) {
        assertThat(expected.total()).as(where).isEqualTo(exact);
      }
      if (page.get("totalRelation").asText().equals("eq")) {
        // every part counted every match (each under the threshold, or facets, or exactTotal)
        assertThat(page.get("total").asLong()).as(where).isEqualTo(exact);
      } else {
        // a part stopped counting: the merged total is a lower bound, never above the truth
        assertThat(page.get("totalRelation").asText()).as(where).isEqualTo("gte");
        assertThat(page.get("total").asLong()).as(where).isBetween((long) SearchRequest.TOTAL_THRESHOLD, exact);
      }
      List<String> ids = new ArrayList<>();
      List<Float> scores = new ArrayList<>();
      page.get("hits").forEach(h -> {
        ids.add(h.get("id").asText());
        scores.add(h.has("score") ? (float) h.get("score").asDouble() : null);
      });
      assertThat(ids).as(where).containsExactlyElementsOf(expected.hits().stream().map(MentionSearch.Hit::id).toList());
      assertThat(scores).as(where).containsExactlyElementsOf(expected.hits().stream().map(MentionSearch.Hit::score).toList());
      if (r.facets()) {
        assertThat(page.get("facets").toString()).as(where).isEqualTo(Json.MAPPER.valueToTree(expected.facets()).toString());
      }
      String next = page.get("next").isNull() ? null : page.get("next").asText();
      assertThat(next).as(where).isEqualTo(expected.next() == null ? null : expected.next().encode());
      pages++;
      if (next == null) {
        return pages;
      }
      cursor = next;
      ref = ref.after(expected.next());
    }
    return pages;
  }

  @Test
  @Order(1)
  void pagesFacetsAndTotalsFromEitherInstanceEqualOneIndex() throws Exception {
    long t0 = System.nanoTime();
    int pages = 0;
    for (IndexService s : new IndexService[] {a, b}) {
      // each instance holds about N/2 > the threshold: its part stops counting, so the merged total is a lower bound
      JsonNode capped = json(s, SearchApi.SEARCH + "?size=5");
      assertThat(capped.get("totalRelation").asText()).isEqualTo("gte");
      assertThat(capped.get("total").asLong()).isBetween((long) SearchRequest.TOTAL_THRESHOLD, (long) N);
      JsonNode exact = json(s, SearchApi.SEARCH + "?size=5&exactTotal=true");
      assertThat(exact.get("totalRelation").asText()).isEqualTo("eq");
      assertThat(exact.get("total").asLong()).isEqualTo(N);
      assertThat(ids(exact)).isEqualTo(ids(capped));
    }
    for (IndexService s : new IndexService[] {a, b}) {
      // newest first, every page of every mention, facets on each page
      pages += samePages(s, "sort=time&size=200&facets=true", request(null, null, null, SearchRequest.Order.TIME, 200, true),
          100);
      // largest reach first, filtered, an odd page size
      pages += samePages(s, "watch=ondyne&sentiment=negative&sort=reach&size=37",
          request(null, List.of("ondyne"), List.of("negative"), SearchRequest.Order.REACH, 37, false), 100);
      // relevance: scores from the statistics of the whole index, so the same scores and order as one index
      String q = "ondyne OR outage OR \"nouvelle box\" OR remboursement";
      pages += samePages(s, "q=" + enc(q) + "&size=50&facets=true",
          request(q, null, null, SearchRequest.Order.RELEVANCE, 50, true), 8);
      pages += samePages(s, "q=" + enc("panne OR reseau OR support") + "&sentiment=negative&size=20",
          request("panne OR reseau OR support", null, List.of("negative"), SearchRequest.Order.RELEVANCE, 20, false), 5);
    }
    System.out.printf("RESULT test=index_fanout_pages pages=%d ms=%d%n", pages, (System.nanoTime() - t0) / 1_000_000);
  }

  @Test
  @Order(2)
  void timelinesFromEitherInstanceEqualOneIndex() throws Exception {
    for (IndexService s : new IndexService[] {a, b}) {
      for (String[] c : new String[][] {{"bucket=6h", null}, {"bucket=1h&sentiment=negative", "negative"}}) {
        JsonNode t = json(s, SearchApi.TIMELINE + "?" + c[0]);
        SearchRequest r = request(null, null, c[1] == null ? null : List.of(c[1]), SearchRequest.Order.TIME, 1, false);
        List<Map<String, Object>> expected = new ArrayList<>();
        for (MentionSearch.Bucket bk : one.timeline(r, c[0].startsWith("bucket=6h") ? Duration.ofHours(6) : Duration.ofHours(1))) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("start", bk.start().toString());
          m.put("negative", bk.negative());
          m.put("neutral", bk.neutral());
          m.put("positive", bk.positive());
          m.put("total", bk.total());
          expected.add(m);
        }
        assertThat(expected).hasSizeGreaterThan(20);
        assertThat(t.get("partial").asBoolean()).isFalse();
        assertThat(t.get("buckets").toString()).as(s.url() + " " + c[0]).isEqualTo(Json.MAPPER.valueToTree(expected).toString());
      }
    }
  }

  static List<String> exportIds(IndexService s, String qs) throws Exception {
    HttpResponse<java.io.InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create(s.url() + SearchApi.EXPORT + "?" + qs))
        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Veille-Partial")).isEmpty();
    List<String> ids = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        ids.add(Json.MAPPER.readTree(line).get("mention").get("id").asText());
      }
    }
    return ids;
  }

  static List<String> oneExport(SearchRequest r) throws Exception {
    List<String> ids = new ArrayList<>();
    one.export(r, (json, off, len) -> ids.add(Json.MAPPER.readTree(json, off, len).get("mention").get("id").asText()));
    return ids;
  }

  @Test
  @Order(3)
  void exportsFromEitherInstanceAreEveryMentionInOrder() throws Exception {
    long t0 = System.nanoTime();
    List<String> byTime = oneExport(request(null, null, null, SearchRequest.Order.TIME, 1, false));
    String q = "ondyne OR outage OR remboursement";
    List<String> byScore = oneExport(request(q, null, null, SearchRequest.Order.RELEVANCE, 1, false));
    List<String> byReach = oneExport(request(null, List.of("ondyne"), null, SearchRequest.Order.REACH, 1, false));
    assertThat(byTime).hasSize(N);
    for (IndexService s : new IndexService[] {a, b}) {
      assertThat(exportIds(s, "format=ndjson")).as(s.url()).containsExactlyElementsOf(byTime);
      assertThat(exportIds(s, "q=" + enc(q))).as(s.url()).containsExactlyElementsOf(byScore);
      assertThat(exportIds(s, "watch=ondyne&sort=reach")).as(s.url()).containsExactlyElementsOf(byReach);
      HttpResponse<String> csv = get(s, SearchApi.EXPORT + "?format=csv");
      assertThat(csv.body().split("\r\n")).hasSize(N + 1);
    }
    System.out.printf("RESULT test=index_fanout_exports lines=%d ms=%d%n", 2 * (byTime.size() + byScore.size() + byReach.size()),
        (System.nanoTime() - t0) / 1_000_000);
  }

  @Test
  @Order(4)
  void anInstanceThatStopsAnsweringIsReportedThenItsPartitionsMoveAndTheAnswerIsCompleteAgain() throws Exception {
    JsonNode before = json(a, SearchApi.SEARCH + "?size=1&exactTotal=true");
    Set<Integer> ofB = new TreeSet<>();
    for (JsonNode i : before.get("instances")) {
      if (i.get("instance").asText().equals(b.cluster().self())) {
        i.get("partitions").forEach(p -> ofB.add(p.asInt()));
      }
    }
    assertThat(ofB).isNotEmpty().hasSizeLessThan(Topics.MENTIONS_SCORED.partitions());
    b.closeApi(); // B keeps its partitions but answers nobody

    JsonNode partial = json(a, SearchApi.SEARCH + "?size=10&facets=true");
    assertThat(partial.get("partial").asBoolean()).isTrue();
    Set<Integer> missing = new TreeSet<>();
    partial.get("missing").forEach(p -> missing.add(p.asInt()));
    assertThat(missing).isEqualTo(ofB);
    assertThat(partial.get("total").asLong()).isLessThan(N).isPositive();
    JsonNode bEntry = null;
    for (JsonNode i : partial.get("instances")) {
      if (i.get("instance").asText().equals(b.cluster().self())) {
        bEntry = i;
      }
    }
    assertThat(bEntry).isNotNull();
    assertThat(bEntry.get("error").asText()).contains("unreachable");
    assertThat(json(a, SearchApi.TIMELINE + "?bucket=1d").get("partial").asBoolean()).isTrue();
    HttpResponse<String> export = get(a, SearchApi.EXPORT);
    assertThat(export.statusCode()).isEqualTo(200);
    assertThat(export.headers().firstValue("X-Veille-Partial")).get().asString().contains("missing partitions " + ofB);
    assertThat(export.body().split("\n")).hasSizeLessThan(N);

    long t0 = System.nanoTime();
    b.close(); // leaves the group: A takes B's partitions over and restores them from the topic
    b = null;
    await().atMost(Duration.ofSeconds(45)).until(() -> {
      HttpResponse<String> r = get(a, SearchApi.SEARCH + "?size=1&exactTotal=true");
      if (r.statusCode() != 200) {
        return false;
      }
      JsonNode j = Json.MAPPER.readTree(r.body());
      // while it is not complete, it says so
      assertThat(j.get("partial").asBoolean() || j.get("total").asLong() == N).as(r.body()).isTrue();
      return !j.get("partial").asBoolean();
    });
    System.out.printf("RESULT test=index_fanout_failover ms=%d%n", (System.nanoTime() - t0) / 1_000_000);
    JsonNode after = json(a, SearchApi.SEARCH + "?size=1&exactTotal=true");
    assertThat(after.get("instances")).hasSize(1);
    assertThat(after.get("partitions")).hasSize(Topics.MENTIONS_SCORED.partitions());
    samePages(a, "sort=time&size=200&facets=true", request(null, null, null, SearchRequest.Order.TIME, 200, true), 3);
    String q = "ondyne OR outage OR \"nouvelle box\" OR remboursement";
    samePages(a, "q=" + enc(q) + "&size=50", request(q, null, null, SearchRequest.Order.RELEVANCE, 50, false), 3);
  }

  @Test
  @Order(5)
  void anInstanceThatAnswersTooLateIsReportedWithinTheTimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (StubHttp slow = new StubHttp()) {
      // an indexer whose application.server is a server that accepts every request and never answers
      slow.route(IndexCluster.INTERNAL + "*", r -> {
        release.await();
        return new StubHttp.Reply(503, Map.of(), "{}");
      });
      String endpoint = "127.0.0.1:" + URI.create(slow.baseUrl()).getPort();
      try (IndexApp c = IndexApp.start(config, settings, tmp.resolve("c"), endpoint)) {
        JsonNode[] seen = new JsonNode[1];
        await().atMost(Duration.ofSeconds(45)).until(() -> {
          HttpResponse<String> r = get(a, SearchApi.SEARCH + "?size=1&exactTotal=true");
          if (r.statusCode() != 200) {
            return false;
          }
          JsonNode j = Json.MAPPER.readTree(r.body());
          for (JsonNode i : j.get("instances")) {
            if (i.get("instance").asText().equals(endpoint) && i.has("error")) {
              seen[0] = j;
              return true;
            }
          }
          assertThat(j.get("partial").asBoolean() || j.get("total").asLong() == N).as(r.body()).isTrue();
          return false;
        });
        long t0 = System.nanoTime();
        JsonNode j = json(a, SearchApi.SEARCH + "?size=5&facets=true");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(j.get("partial").asBoolean()).isTrue();
        JsonNode ofC = null;
        for (JsonNode i : j.get("instances")) {
          if (i.get("instance").asText().equals(endpoint)) {
            ofC = i;
          }
        }
        assertThat(ofC).as(j.toString()).isNotNull();
        assertThat(ofC.get("error").asText()).isEqualTo("no answer within 2000 ms");
        assertThat(j.get("missing").toString()).isEqualTo(ofC.get("missing").toString());
        assertThat(ms).as("bounded by index.fanout.timeout (2 s)").isLessThan(6_000);
        System.out.printf("RESULT test=index_fanout_slow_peer answer_ms=%d%n", ms);
      } finally {
        release.countDown();
      }
    }
  }
}
