package io.veille.ingest.reddit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veille.common.model.Mention;
import io.veille.ingest.spi.SourceSettings;
import io.veille.ingest.http.HttpFailure;
import io.veille.ingest.http.HttpFetcher;
import io.veille.ingest.spi.Connector;
import io.veille.ingest.spi.Item;
import io.veille.ingest.spi.Page;
import io.veille.common.testing.StubHttp;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Reddit connector against a local server speaking Reddit's OAuth and Listing formats. */
class RedditConnectorTest {
  static final Instant T0 = Instant.ofEpochSecond(1730000000);
  StubHttp api;
  AtomicInteger tokens = new AtomicInteger();

  @BeforeEach
  void start() {
    api = new StubHttp(StubHttp.fixtures("reddit"));
    api.route("/api/v1/access_token", r -> {
      tokens.incrementAndGet();
      return api.json("token.json");
    });
  }

  @AfterEach
  void stop() {
    api.close();
  }

  static Map<String, Object> block(String base, Object... kv) {
    Map<String, Object> m = new HashMap<>(Map.of("client_id", "env:REDDIT_ID", "client_secret", "env:REDDIT_SECRET",
        "auth_url", base + "/api/v1/access_token", "api_url", base, "interval", "1s", "timeout", "3s"));
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static RedditSettings settings(Map<String, Object> block) {
    SourceSettings s = new SourceSettings("sources[0] (reddit-test)", block,
        Map.of("REDDIT_ID", "my-client-id", "REDDIT_SECRET", "s3cr3t-value")::get);
    RedditSettings r = RedditSettings.from(s);
    s.checkAllUsed();
    return r;
  }

  List<Connector> connectors(Object... kv) {
    RedditSettings s = settings(block(api.baseUrl(), kv));
    return RedditConnectorFactory.create("rd", s, new HttpFetcher(s.timeout(), s.userAgent()), InstantSource.system());
  }

  static List<Mention> mentions(Page p) {
    return p.items().stream().filter(Item::isMention).map(Item::mention).toList();
  }

  void serveNewPages() {
    api.route("/r/acme/new", r -> switch (String.valueOf(r.param("after"))) {
      case "null" -> api.json("new-page1.json");
      case "t3_1g0009" -> api.json("new-page2.json");
      case "t3_1g0005" -> api.json("new-page3.json");
      default -> StubHttp.text(400, "application/json", "{\"message\":\"Bad Request\",\"error\":400}");
    });
  }

  @Test
  void factoryMakesOneConnectorPerListingAndKeepsSecretsMasked() {
    List<Connector> cs = connectors("subreddits", List.of("r/Acme", "france"), "search", List.of("acme scooter", "\"Acmé\" SAV"));
    assertThat(cs).extracting(Connector::id).containsExactly("rd-new-acme", "rd-comments-acme", "rd-new-france",
        "rd-comments-france", "rd-search-acme-scooter", "rd-search-acme-sav");
    RedditSettings s = settings(block(api.baseUrl(), "subreddits", "acme"));
    assertThat(s.toString()).doesNotContain("s3cr3t-value").doesNotContain("my-client-id");
    assertThatThrownBy(() -> settings(block(api.baseUrl())))
        .hasMessageContaining("sources[0] (reddit-test).search");
    assertThatThrownBy(() -> settings(block(api.baseUrl(), "subreddits", "no/slash")))
        .hasMessageContaining("subreddits[0]");
  }

  @Test
  void walksThreePagesThenOnlyWhatIsNewer() throws Exception {
    serveNewPages();
    Connector c = connectors("subreddits", "acme", "comments", false, "backfill_pages", 3).get(0);
    Page p1 = c.poll("");
    assertThat(mentions(p1)).extracting(Mention::id).containsExactly("reddit:t3_1g0012", "reddit:t3_1g0011",
        "reddit:t3_1g0010", "reddit:t3_1g0009");
    assertThat(p1.pollAgainIn()).isZero();
    Page p2 = c.poll(p1.nextCursor());
    assertThat(mentions(p2)).extracting(Mention::id).containsExactly("reddit:t3_1g0008", "reddit:t3_1g0006", "reddit:t3_1g0005");
    Item.Rejected bad = p2.items().stream().filter(i -> !i.isMention()).findFirst().orElseThrow().rejected();
    assertThat(bad.field()).isEqualTo("data.created_utc");
    assertThat(bad.where()).isEqualTo("item t3_1g0007");
    assertThat(bad.raw()).contains("\"name\":\"t3_1g0007\"");
    Page p3 = c.poll(p2.nextCursor());
    assertThat(mentions(p3)).hasSize(4);
    assertThat(p3.pollAgainIn()).isEqualTo(Duration.ofSeconds(1));
    assertThat(p3.nextCursor()).isEqualTo("{\"hw\":{\"t\":1730000720000,\"n\":[\"t3_1g0012\"]}}");
    assertThat(api.requests("/r/acme/new")).allSatisfy(r -> {
      assertThat(r.header("Authorization")).startsWith("Bearer eyJ");
      assertThat(r.param("limit")).isEqualTo("100");
      assertThat(r.param("raw_json")).isEqualTo("1");
    });
    assertThat(tokens).hasValue(1);
    assertThat(api.requests("/api/v1/access_token").get(0).body()).isEqualTo("grant_type=client_credentials");
    assertThat(api.requests("/api/v1/access_token").get(0).header("Authorization"))
        .isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString("my-client-id:s3cr3t-value".getBytes()));

    // later: two newer posts on top; the walk stops at the mark
    api.route("/r/acme/new", r -> api.json("new-latest.json"));
    Page p4 = c.poll(p3.nextCursor());
    assertThat(mentions(p4)).extracting(Mention::id).containsExactly("reddit:t3_1g0014", "reddit:t3_1g0013");
    assertThat(p4.nextCursor()).contains("1730000840000").contains("t3_1g0014");
    // nothing newer: nothing again
    Page p5 = c.poll(p4.nextCursor());
    assertThat(p5.items()).isEmpty();
    assertThat(p5.nextCursor()).isEqualTo(p4.nextCursor());
  }

  @Test
  void mapsPostsCommentsAndCrossposts() throws Exception {
    serveNewPages();
    api.route("/r/acme/comments", r -> api.json("comments.json"));
    api.route("/search", r -> api.json("search.json"));
    List<Connector> cs = connectors("subreddits", "acme", "search", "acme");
    Mention post = mentions(cs.get(0).poll("")).get(0);
    assertThat(post.id()).isEqualTo("reddit:t3_1g0012");
    assertThat(post.source()).isEqualTo("reddit");
    assertThat(post.url()).isEqualTo("https://www.reddit.com/r/acme/comments/1g0012/post_12/");
    assertThat(post.text()).isEqualTo("Post 12 about Acme\n\nFranchement le SAV d'Acme est nul, trois semaines sans réponse.");
    assertThat(post.publishedAt()).isEqualTo(T0.plusSeconds(720));
    assertThat(post.author().id()).isEqualTo("t2_3f4");
    assertThat(post.author().handle()).isEqualTo("u/louise_m");
    assertThat(post.author().followers()).isZero();
    assertThat(post.engagement().likes()).isEqualTo(10);
    assertThat(post.engagement().replies()).isEqualTo(2);
    assertThat(post.lang()).isNull();
    assertThat(post.extra()).containsKey("subreddit");
    Mention cross = mentions(cs.get(0).poll("")).get(1);
    assertThat(cross.sharedFrom()).isEqualTo("reddit:t3_1fzzzz");
    assertThat(cross.engagement().likes()).isZero(); // score -3

    Page comments = cs.get(1).poll("");
    assertThat(comments.items()).hasSize(2); // the [deleted] comment is skipped
    Mention reply = mentions(comments).get(0);
    assertThat(reply.id()).isEqualTo("reddit:t1_lc0003");
    assertThat(reply.inReplyTo()).isEqualTo("reddit:t1_lc0001");
    assertThat(reply.text()).isEqualTo("Same here, Acme support never answered.");
    assertThat(mentions(comments).get(1).inReplyTo()).isEqualTo("reddit:t3_1g0012");

    Page search = cs.get(2).poll("");
    assertThat(api.requests("/search").get(0).query()).containsEntry("q", "acme").containsEntry("sort", "new")
        .containsEntry("type", "link");
    assertThat(mentions(search)).extracting(Mention::id).containsExactly("reddit:t3_1g0021", "reddit:t3_1g0020");
    assertThat(mentions(search).get(1).author()).isNull(); // [deleted]
  }

  @Test
  void a401RenewsTheTokenOnce() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    api.route("/r/acme/new", r -> calls.incrementAndGet() == 1 ? api.json(401, "error-401.json") : api.json("new-page3.json"));
    Page p = connectors("subreddits", "acme", "comments", false).get(0).poll("");
    assertThat(p.items()).hasSize(4);
    assertThat(tokens).hasValue(2);
  }

  @Test
  void a429CarriesRetryAfterAnd5xxAndTimeoutsAreRetriable() throws Exception {
    Connector c = connectors("subreddits", "acme", "comments", false, "timeout", "400ms").get(0);
    api.route("/r/acme/new", r -> api.json("listing-empty.json"));
    c.poll(""); // the token is fetched (and the client warmed) before the short timeout matters
    api.route("/r/acme/new", r -> api.json(429, "error-429.json").header("Retry-After", "7"));
    assertThatThrownBy(() -> c.poll("")).isInstanceOfSatisfying(HttpFailure.class, e -> {
      assertThat(e.status()).isEqualTo(429);
      assertThat(e.retriable()).isTrue();
      assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    });
    api.route("/r/acme/new", r -> StubHttp.text(500, "text/html", api.fixture("error-500.html")));
    assertThatThrownBy(() -> c.poll("")).isInstanceOfSatisfying(HttpFailure.class, e -> {
      assertThat(e.status()).isEqualTo(500);
      assertThat(e.retriable()).isTrue();
    });
    api.route("/r/acme/new", r -> StubHttp.hang());
    assertThatThrownBy(() -> c.poll("")).isInstanceOfSatisfying(HttpFailure.class, e -> {
      assertThat(e.status()).isZero();
      assertThat(e.retriable()).isTrue();
      assertThat(e.getMessage()).contains("no response within 400 ms");
    });
  }

  @Test
  void anExhaustedRateLimitPausesEveryFeedOfTheBlock() throws Exception {
    api.route("/r/acme/new", r -> api.json("new-page3.json").header("X-Ratelimit-Remaining", "0.0")
        .header("X-Ratelimit-Reset", "42").header("X-Ratelimit-Used", "600"));
    List<Connector> cs = connectors("subreddits", "acme");
    Page p = cs.get(0).poll("");
    assertThat(p.items()).hasSize(4);
    Page paused = cs.get(1).poll("");
    assertThat(paused.items()).isEmpty();
    assertThat(paused.nextCursor()).isEmpty();
    assertThat(paused.pollAgainIn()).isBetween(Duration.ofSeconds(40), Duration.ofSeconds(42));
    assertThat(api.requests("/r/acme/comments")).isEmpty();
  }

  @Test
  void aWrongSecretIsFatalAndNotPrinted() {
    api.route("/api/v1/access_token", r -> StubHttp.text(401, "application/json", "{\"message\": \"Unauthorized\", \"error\": 401}"));
    Connector c = connectors("subreddits", "acme").get(0);
    assertThatThrownBy(() -> c.poll("")).isInstanceOfSatisfying(HttpFailure.class, e -> {
      assertThat(e.retriable()).isFalse();
      assertThat(e.getMessage()).contains("client_id").doesNotContain("s3cr3t-value");
    });
  }
}
