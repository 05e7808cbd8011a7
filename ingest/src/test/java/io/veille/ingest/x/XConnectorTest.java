package io.veille.ingest.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.veille.common.json.Json;
import io.veille.common.model.Mention;
import io.veille.ingest.spi.SourceSettings;
import io.veille.ingest.http.HttpFailure;
import io.veille.ingest.http.HttpFetcher;
import io.veille.ingest.spi.Connector;
import io.veille.ingest.spi.Item;
import io.veille.ingest.spi.Page;
import io.veille.ingest.testing.ManualTime;
import io.veille.common.testing.StubHttp;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The X connectors against a local server speaking API v2's search, stream and rules formats. */
class XConnectorTest {
  static final String B = "1850000000000000";
  StubHttp api;

  @BeforeEach
  void start() {
    api = new StubHttp(StubHttp.fixtures("x"));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  static Map<String, Object> block(String base, Object... kv) {
    Map<String, Object> m = new HashMap<>(Map.of("bearer_token", "env:X_BEARER", "api_url", base, "interval", "1s",
        "timeout", "3s", "query", "acme -is:retweet"));
    for (int i = 0; i < kv.length; i += 2) {
      if (kv[i + 1] == null) {
        m.remove((String) kv[i]);
      } else {
        m.put((String) kv[i], kv[i + 1]);
      }
    }
    return m;
  }

  static XSettings settings(Map<String, Object> block) {
    SourceSettings s = new SourceSettings("sources[1] (x-test)", block, Map.of("X_BEARER", "AAAA-bearer-secret")::get);
    XSettings x = XSettings.from(s);
    s.checkAllUsed();
    return x;
  }

  static Connector connector(String name, Map<String, Object> block) {
    return connector(name, block, InstantSource.system());
  }

  static Connector connector(String name, Map<String, Object> block, InstantSource clock) {
    XSettings s = settings(block);
    return XConnectorFactory.create(name, s, new HttpFetcher(s.timeout(), "test"), clock);
  }

  Connector search(Object... kv) {
    return connector("xs", block(api.baseUrl(), kv));
  }

  static List<Mention> mentions(Page p) {
    return p.items().stream().filter(Item::isMention).map(Item::mention).toList();
  }

  /** Serves the three search pages by next_token. */
  static StubHttp.Handler pages(StubHttp api) {
    return r -> r.param("since_id") != null && r.param("next_token") == null ? api.json("search-empty.json")
        : switch (String.valueOf(r.param("next_token"))) {
      case "null" -> api.json("search-page1.json");
      case "b26v89c19zqg8o3fr5" -> api.json("search-page2.json");
      case "b26v89c19zqg8o3frt" -> api.json("search-page3.json");
      default -> api.json(400, "error-since-id.json");
    };
  }

  @Test
  void walksThePagesWithNextTokenThenPollsSinceTheNewestId() throws Exception {
    api.route("/2/tweets/search/recent", pages(api));
    Connector c = search("backfill_pages", 5);
    Page p1 = c.poll("");
    assertThat(mentions(p1)).extracting(Mention::id).containsExactly("x:" + B + "008", "x:" + B + "007", "x:" + B + "006");
    assertThat(p1.pollAgainIn()).isZero();
    Page p2 = c.poll(p1.nextCursor());
    assertThat(mentions(p2)).hasSize(2);
    Item.Rejected bad = p2.items().stream().filter(i -> !i.isMention()).findFirst().orElseThrow().rejected();
    assertThat(bad.field()).isEqualTo("created_at");
    assertThat(bad.where()).isEqualTo("item " + B + "003");
    Page p3 = c.poll(p2.nextCursor());
    assertThat(mentions(p3)).hasSize(2);
    assertThat(p3.nextCursor()).isEqualTo("{\"since\":\"" + B + "008\"}");
    assertThat(p3.pollAgainIn()).isEqualTo(Duration.ofSeconds(1));
    List<StubHttp.Request> rs = api.requests("/2/tweets/search/recent");
    assertThat(rs.get(0).query()).containsEntry("query", "acme -is:retweet").containsEntry("max_results", "100")
        .containsEntry("expansions", "author_id").doesNotContainKey("since_id");
    assertThat(rs.get(0).param("tweet.fields")).contains("public_metrics", "referenced_tweets", "lang");
    assertThat(rs.get(1).param("next_token")).isEqualTo("b26v89c19zqg8o3fr5");
    assertThat(rs.get(0).header("Authorization")).isEqualTo("Bearer AAAA-bearer-secret");

    api.route("/2/tweets/search/recent", r -> api.json("search-later.json"));
    Page p4 = c.poll(p3.nextCursor());
    assertThat(api.requests("/2/tweets/search/recent").get(3).param("since_id")).isEqualTo(B + "008");
    assertThat(mentions(p4)).extracting(Mention::id).containsExactly("x:" + B + "010", "x:" + B + "009");
    api.route("/2/tweets/search/recent", r -> api.json("search-empty.json"));
    Page p5 = c.poll(p4.nextCursor());
    assertThat(p5.items()).isEmpty();
    assertThat(p5.nextCursor()).isEqualTo("{\"since\":\"" + B + "010\"}");
  }

  @Test
  void mapsAuthorsEngagementRepliesResharesAndLanguage() throws Exception {
    api.route("/2/tweets/search/recent", pages(api));
    Connector c = search("backfill_pages", 3);
    List<Mention> all = new ArrayList<>();
    String cursor = "";
    for (int i = 0; i < 3; i++) {
      Page p = c.poll(cursor);
      all.addAll(mentions(p));
      cursor = p.nextCursor();
    }
    Mention m = all.get(0);
    assertThat(m.url()).isEqualTo("https://x.com/camille_m/status/" + B + "008");
    assertThat(m.lang()).isEqualTo("fr");
    assertThat(m.publishedAt()).isEqualTo(Instant.parse("2026-11-22T10:08:00Z"));
    assertThat(m.author().id()).isEqualTo("2244994945");
    assertThat(m.author().handle()).isEqualTo("@camille_m");
    assertThat(m.author().name()).isEqualTo("Camille Martin");
    assertThat(m.author().followers()).isEqualTo(1200);
    assertThat(m.engagement().likes()).isEqualTo(12);
    assertThat(m.engagement().shares()).isEqualTo(5);
    assertThat(m.engagement().replies()).isEqualTo(2);
    Mention reply = all.get(1);
    assertThat(reply.inReplyTo()).isEqualTo("x:" + B + "008");
    assertThat(reply.author().verified()).isTrue();
    assertThat(reply.author().followers()).isEqualTo(45210);
    assertThat(reply.extra()).containsKey("conversation");
    assertThat(all.get(2).sharedFrom()).isEqualTo("x:" + B + "008");
    assertThat(all.get(4).lang()).isNull(); // qme: media-only, not a language
    Mention quote = all.get(5);
    assertThat(quote.sharedFrom()).isNull();
    assertThat(((JsonNode) quote.extra().get("quoted")).asText()).isEqualTo("x:" + B + "001");
  }

  @Test
  void httpFailures() throws Exception {
    Connector c = search("timeout", "500ms");
    api.route("/2/tweets/search/recent", r -> api.json("search-empty.json"));
    c.poll(""); // warm the client before the short timeout matters
    api.route("/2/tweets/search/recent", r -> api.json(429, "error-429.json").header("Retry-After", "30")
        .header("x-rate-limit-remaining", "0").header("x-rate-limit-reset", "1790000000"));
    assertThatThrownBy(() -> c.poll("")).isInstanceOfSatisfying(HttpFailure.class, e -> {
      assertThat(e.retriable()).isTrue();
      assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
      assertThat(e.upstream()).contains("Too Many Requests").doesNotContain("AAAA-bearer-secret");
      assertThat(e.getMessage()).contains("HTTP 429").doesNotContain("Too Many Requests").doesNotContain("AAAA-bearer-secret");
    });
    api.route("/2/tweets/search/recent", r -> api.json(503, "error-503.json"));
    assertThatThrownBy(() -> c.poll("")).isInstanceOfSatisfying(HttpFailure.class, e -> assertThat(e.retriable()).isTrue());
    api.route("/2/tweets/search/recent", r -> StubHttp.hang());
    assertThatThrownBy(() -> c.poll("")).isInstanceOfSatisfying(HttpFailure.class, e -> {
      assertThat(e.retriable()).isTrue();
      assertThat(e.status()).isZero();
    });
    api.route("/2/tweets/search/recent", r -> api.json(401, "error-401.json"));
    assertThatThrownBy(() -> c.poll("")).isInstanceOfSatisfying(HttpFailure.class, e -> assertThat(e.retriable()).isFalse());
  }

  @Test
  void aUsedUpWindowPausesAndATooOldSinceIdStartsAgain() throws Exception {
    // the connector's clock, not the wall clock: the pause is exactly what is left of the window
    InstantSource clock = InstantSource.fixed(Instant.parse("2026-11-10T12:00:00Z"));
    long reset = clock.instant().plusSeconds(120).getEpochSecond();
    api.route("/2/tweets/search/recent", r -> api.json("search-later.json").header("x-rate-limit-remaining", "0")
        .header("x-rate-limit-reset", Long.toString(reset)));
    Connector c = connector("xs", block(api.baseUrl()), clock);
    Page p = c.poll("");
    Page paused = c.poll(p.nextCursor());
    assertThat(paused.items()).isEmpty();
    assertThat(paused.pollAgainIn()).isEqualTo(Duration.ofSeconds(120));
    assertThat(api.requests()).hasSize(1);

    Connector d = search();
    api.route("/2/tweets/search/recent", r -> api.json(400, "error-since-id.json"));
    Page restart = d.poll("{\"since\":\"" + B + "001\"}");
    assertThat(restart.nextCursor()).isEqualTo("{}");
  }

  @Test
  void settingsAreChecked() {
    assertThatThrownBy(() -> settings(block(api.baseUrl(), "query", null))).hasMessageContaining("x-test).query: required");
    assertThatThrownBy(() -> settings(block(api.baseUrl(), "mode", "firehose"))).hasMessageContaining("mode");
    assertThatThrownBy(() -> settings(block(api.baseUrl(), "mode", "stream"))).hasMessageContaining("rules");
    XSettings s = settings(block(api.baseUrl(), "mode", "stream", "query", null, "rules", List.of("acme", "#acme lang:fr")));
    assertThat(s.query()).isEqualTo("(acme) OR (#acme lang:fr)");
    assertThat(s.toString()).doesNotContain("AAAA-bearer-secret");
  }

  // ---- filtered stream

  LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

  void serveStream() {
    api.route("/2/tweets/search/stream/rules", r -> r.method().equals("GET") ? api.json("rules.json")
        : r.body().contains("\"delete\"") ? api.json("rules-delete.json") : api.json("rules-add.json"));
    api.route("/2/tweets/search/stream", r -> StubHttp.stream(lines));
  }

  Connector stream(Object... kv) {
    List<Object> all = new ArrayList<>(List.of("mode", "stream", "query", "acme", "rules", List.of("acme -is:retweet", "#acme lang:fr"),
        "reconnect_delay", "50ms"));
    all.addAll(List.of(kv));
    return connector("xs", block(api.baseUrl(), all.toArray()));
  }

  @Test
  void streamKeepsItsRulesAndDeliversLinesWithTheMalformedOneRejected() throws Exception {
    serveStream();
    Files.readAllLines(StubHttp.fixtures("x").resolve("stream.jsonl")).forEach(lines::add);
    try (Connector c = stream()) {
      List<Item> got = new ArrayList<>();
      String cursor = "";
      while (got.size() < 5) {
        Page p = c.poll(cursor);
        got.addAll(p.items());
        cursor = p.nextCursor();
      }
      assertThat(got.stream().filter(Item::isMention).map(i -> i.mention().id()))
          .containsExactly("x:" + B + "020", "x:" + B + "021", "x:" + B + "022", "x:" + B + "024");
      Item.Rejected bad = got.stream().filter(i -> !i.isMention()).findFirst().orElseThrow().rejected();
      assertThat(bad.reason()).startsWith("stream line is not JSON");
      assertThat(cursor).isEqualTo("{\"since\":\"" + B + "024\"}");
      assertThat(got.get(0).mention().author().followers()).isEqualTo(1200);

      List<StubHttp.Request> rules = api.requests("/2/tweets/search/stream/rules");
      assertThat(rules).extracting(StubHttp.Request::method).containsExactly("GET", "POST", "POST");
      assertThat(Json.MAPPER.readTree(rules.get(1).body())).isEqualTo(Json.MAPPER.readTree(
          "{\"delete\":{\"ids\":[\"1851000000000000002\"]}}"));
      assertThat(Json.MAPPER.readTree(rules.get(2).body())).isEqualTo(Json.MAPPER.readTree(
          "{\"add\":[{\"value\":\"#acme lang:fr\",\"tag\":\"xs\"}]}"));
      assertThat(api.requests("/2/tweets/search/stream").get(0).param("expansions")).isEqualTo("author_id");

      // the server closes the stream: the reader reconnects and goes on
      lines.add(StubHttp.CLOSE);
      await().atMost(Duration.ofSeconds(10)).until(() -> api.requests("/2/tweets/search/stream").size() >= 2);
      lines.add(streamLine(25));
      Page after = c.poll(cursor);
      while (after.items().isEmpty()) {
        after = c.poll(after.nextCursor());
      }
      assertThat(after.items()).extracting(i -> i.mention().id()).containsExactly("x:" + B + "025");
    }
  }

  /** A stream connector whose reader waits on (and reads Retry-After dates against) {@code time}. */
  Connector stream(ManualTime time) {
    Map<String, Object> b = block(api.baseUrl(), "mode", "stream", "query", "acme", "rules", List.of("acme -is:retweet", "#acme lang:fr"),
        "reconnect_delay", "50ms");
    XSettings s = settings(b);
    return XConnectorFactory.create("xs", s, new HttpFetcher(s.timeout(), "test", time), time, time);
  }

  /** Polls until a poll throws; the failure (within 10 s). */
  static HttpFailure pollUntilFailure(Connector c) {
    return await().atMost(Duration.ofSeconds(10)).until(() -> {
      try {
        c.poll("");
        return null;
      } catch (HttpFailure e) {
        return e;
      }
    }, java.util.Objects::nonNull);
  }

  @Test
  void theStreamRefusedWith401StopsAndThePollThrowsItAsFatal() throws Exception {
    serveStream();
    api.route("/2/tweets/search/stream", r -> api.json(401, "error-401.json"));
    ManualTime time = new ManualTime();
    try (Connector c = stream(time)) {
      HttpFailure f = pollUntilFailure(c);
      assertThat(f.retriable()).isFalse();
      assertThat(f.status()).isEqualTo(401);
      assertThat(f.getMessage()).isEqualTo("x xs stream: GET " + api.baseUrl() + "/2/tweets/search/stream: HTTP 401");
      assertThat(f.upstream()).contains("Unauthorized");
      assertThat(api.requests("/2/tweets/search/stream")).hasSize(1);
      assertThat(time.sleeps()).isEmpty();
      assertThatThrownBy(() -> c.poll("")).isSameAs(f); // every later poll too: the runner stops it
    }
  }

  @Test
  void theStreamReconnectsWithThePolicyHonouringRetryAfterAndXsMinuteAfterA429() throws Exception {
    serveStream();
    java.util.concurrent.atomic.AtomicInteger tries = new java.util.concurrent.atomic.AtomicInteger();
    api.route("/2/tweets/search/stream", r -> switch (tries.incrementAndGet()) {
      case 1 -> api.json(503, "error-503.json").header("Retry-After", "2");
      case 2 -> api.json(429, "error-429.json");
      default -> StubHttp.stream(lines);
    });
    lines.add(streamLine(30));
    ManualTime time = new ManualTime();
    try (Connector c = stream(time)) {
      List<Item> got = new ArrayList<>();
      String cursor = "";
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (got.isEmpty()) {
        assertThat(System.nanoTime()).as("a post within 10 s").isLessThan(deadline);
        Page p = c.poll(cursor);
        got.addAll(p.items());
        cursor = p.nextCursor();
      }
      assertThat(got).extracting(i -> i.mention().id()).containsExactly("x:" + B + "030");
      assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofMinutes(1));
      assertThat(api.requests("/2/tweets/search/stream")).hasSize(3);
    }
  }

  @Test
  void afterARestartTheGapIsFilledWithSearchAndTheOverlapDropped() throws Exception {
    serveStream();
    api.route("/2/tweets/search/recent", r -> api.json("search-later.json")); // 009 and 010, since 008
    lines.add(streamLine(9)); // also on the stream: already delivered by the search
    lines.add(streamLine(11));
    try (Connector c = stream()) {
      Page gap = c.poll("{\"since\":\"" + B + "008\"}");
      assertThat(mentions(gap)).extracting(Mention::id).containsExactly("x:" + B + "010", "x:" + B + "009");
      assertThat(gap.nextCursor()).isEqualTo("{\"since\":\"" + B + "010\",\"floor\":\"" + B + "010\"}");
      StubHttp.Request q = api.requests("/2/tweets/search/recent").get(0);
      assertThat(q.param("since_id")).isEqualTo(B + "008");
      assertThat(q.param("query")).isEqualTo("acme");
      List<Mention> streamed = new ArrayList<>();
      String cursor = gap.nextCursor();
      while (streamed.isEmpty()) {
        Page p = c.poll(cursor);
        streamed.addAll(mentions(p));
        cursor = p.nextCursor();
      }
      assertThat(streamed).extracting(Mention::id).containsExactly("x:" + B + "011");
      // a page handed out but never published (the runner retries the old cursor): fill the gap again
      c.poll(gap.nextCursor());
      assertThat(api.requests("/2/tweets/search/recent")).hasSize(2);
    }
  }

  static String streamLine(int n) {
    String id = Long.toString(Long.parseLong(B + "000") + n);
    return "{\"data\":{\"id\":\"" + id + "\",\"text\":\"Acme stream " + n + "\",\"author_id\":\"2244994945\",\"lang\":\"fr\","
        + "\"created_at\":\"2026-11-22T11:00:00.000Z\",\"edit_history_tweet_ids\":[\"" + id + "\"],"
        + "\"public_metrics\":{\"retweet_count\":0,\"reply_count\":0,\"like_count\":0,\"quote_count\":0}},"
        + "\"includes\":{\"users\":[{\"id\":\"2244994945\",\"name\":\"Camille Martin\",\"username\":\"camille_m\","
        + "\"public_metrics\":{\"followers_count\":1200}}]},\"matching_rules\":[{\"id\":\"1851000000000000001\",\"tag\":\"xs\"}]}";
  }
}
