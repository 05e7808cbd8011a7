package io.veille.ingest.facebook;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Facebook page connector against a local server speaking the Graph API's formats. */
class FacebookConnectorTest {
  static final String PAGE = "104412345678";
  static final String TOKEN = "EAABsbCS1iHgBO-page-token-value";
  StubHttp api;

  @BeforeEach
  void start() {
    api = new StubHttp(StubHttp.fixtures("facebook"));
    serve(api);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  static void serve(StubHttp api) {
    serve(api, PAGE, new java.util.concurrent.atomic.AtomicInteger(2));
  }

  /**
   * Page node, three pages of posts (then nothing newer), comments of the newest post; the
   * fixtures' page id renamed to {@code page}. With {@code failures} at 0, the first try of posts
   * page 2 is throttled (429, Retry-After 1) and the first try of page 3 fails (500).
   */
  static void serve(StubHttp api, String page, java.util.concurrent.atomic.AtomicInteger failures) {
    java.util.function.Function<StubHttp.Reply, StubHttp.Reply> rename =
        r -> new StubHttp.Reply(r.status(), r.headers(),
            page.equals(PAGE) ? r.body() : r.body().replace(PAGE, page).replace("900006_555", page.charAt(0) + "00006_555"));
    api.route("/v19.0/" + page, r -> rename.apply(api.json("page.json")));
    api.route("/v19.0/" + page + "/posts", r -> {
      String after = String.valueOf(r.param("after"));
      if (after.equals("QVFIUk5ZAV9wYWdlMg") && failures.compareAndSet(0, 1)) {
        return api.json(429, "error-throttled.json").header("Retry-After", "1");
      }
      if (after.equals("QVFIUk5ZAV9wYWdlMw") && failures.compareAndSet(1, 2)) {
        return api.json(500, "error-500.json");
      }
      return rename.apply(r.param("since") != null && r.param("after") == null ? api.json("posts-empty.json")
          : switch (after) {
            case "null" -> api.json("posts-page1.json");
            case "QVFIUk5ZAV9wYWdlMg" -> api.json("posts-page2.json");
            case "QVFIUk5ZAV9wYWdlMw" -> api.json("posts-page3.json");
            default -> api.json(400, "error-190.json");
          });
    });
    api.route("/v19.0/" + page + "_900006/comments", r -> rename.apply(api.json("comments-900006.json")));
    api.route("/v19.0/" + page + "_*", r -> api.json("comments-empty.json"));
  }

  static Map<String, Object> block(String base, Object... kv) {
    Map<String, Object> m = new HashMap<>(Map.of("page_id", PAGE, "page_token", "env:FB_TOKEN", "api_url", base,
        "interval", "1s", "timeout", "3s", "comment_posts", 2, "backfill_pages", 3));
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static Connector connector(String name, Map<String, Object> block) {
    SourceSettings ss = new SourceSettings("sources[3] (fb-test)", block, Map.of("FB_TOKEN", TOKEN)::get);
    FacebookSettings s = FacebookSettings.from(ss);
    ss.checkAllUsed();
    return FacebookConnectorFactory.create(name, s, new HttpFetcher(s.timeout(), "test"), InstantSource.system());
  }

  static List<Mention> mentions(Page p) {
    return p.items().stream().filter(Item::isMention).map(Item::mention).toList();
  }

  @Test
  void postsPageByPageThenTheCommentsOfTheRecentPosts() throws Exception {
    Connector c = connector("fb", block(api.baseUrl()));
    Page p1 = c.poll("");
    assertThat(mentions(p1)).extracting(Mention::id).containsExactly("facebook:" + PAGE + "_900006", "facebook:" + PAGE + "_900005");
    assertThat(p1.pollAgainIn()).isZero();
    Page p2 = c.poll(p1.nextCursor());
    assertThat(mentions(p2)).extracting(Mention::id).containsExactly("facebook:" + PAGE + "_900004");
    Item.Rejected bad = p2.items().stream().filter(i -> !i.isMention()).findFirst().orElseThrow().rejected();
    assertThat(bad.field()).isEqualTo("created_time");
    assertThat(bad.where()).isEqualTo("post " + PAGE + "_900003");
    Page p3 = c.poll(p2.nextCursor());
    assertThat(mentions(p3)).extracting(Mention::id).containsExactly("facebook:" + PAGE + "_900001"); // 900002 has no text
    assertThat(p3.pollAgainIn()).isZero(); // comments next
    Page c1 = c.poll(p3.nextCursor());
    assertThat(mentions(c1)).extracting(Mention::id).containsExactly("facebook:900006_5550003", "facebook:900006_5550002",
        "facebook:900006_5550001");
    Page c2 = c.poll(c1.nextCursor());
    assertThat(c2.items()).isEmpty();
    assertThat(c2.pollAgainIn()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c2.nextCursor()).contains("\"m\":{\"t\":" + Instant.parse("2026-11-22T10:00:00Z").getEpochSecond());

    // next cycle: since= the newest post; the comments already seen are not repeated
    Page p4 = c.poll(c2.nextCursor());
    assertThat(p4.items()).isEmpty();
    assertThat(api.requests("/v19.0/" + PAGE + "/posts").getLast().param("since"))
        .isEqualTo(Long.toString(Instant.parse("2026-11-22T10:00:00Z").getEpochSecond()));
    Page c3 = c.poll(p4.nextCursor());
    assertThat(c3.items()).isEmpty();

    List<StubHttp.Request> posts = api.requests("/v19.0/" + PAGE + "/posts");
    assertThat(posts.get(0).param("access_token")).isEqualTo(TOKEN);
    assertThat(posts.get(0).param("fields")).contains("reactions.limit(0).summary(true)", "permalink_url");
    assertThat(posts.get(1).param("after")).isEqualTo("QVFIUk5ZAV9wYWdlMg");
    assertThat(api.requests("/v19.0/" + PAGE + "_900006/comments").get(0).query())
        .containsEntry("filter", "stream").containsEntry("order", "reverse_chronological");
  }

  @Test
  void mapsPostsAndComments() throws Exception {
    Connector c = connector("fb", block(api.baseUrl()));
    List<Mention> all = new ArrayList<>();
    String cursor = "";
    for (int i = 0; i < 4; i++) {
      Page p = c.poll(cursor);
      all.addAll(mentions(p));
      cursor = p.nextCursor();
    }
    Mention post = all.get(0);
    assertThat(post.text()).isEqualTo("Nouvelle gamme Acme disponible dès lundi !");
    assertThat(post.url()).isEqualTo("https://www.facebook.com/" + PAGE + "/posts/900006");
    assertThat(post.publishedAt()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
    assertThat(post.author().id()).isEqualTo(PAGE);
    assertThat(post.author().handle()).isEqualTo("acmefrance");
    assertThat(post.author().followers()).isEqualTo(45210);
    assertThat(post.engagement().likes()).isEqualTo(57);
    assertThat(post.engagement().shares()).isEqualTo(4);
    assertThat(post.engagement().replies()).isEqualTo(2);
    assertThat(post.lang()).isNull();
    Mention reply = all.stream().filter(m -> m.id().equals("facebook:900006_5550003")).findFirst().orElseThrow();
    assertThat(reply.inReplyTo()).isEqualTo("facebook:900006_5550001");
    assertThat(reply.author().followers()).isEqualTo(45210); // the page answering
    Mention anonymous = all.stream().filter(m -> m.id().equals("facebook:900006_5550002")).findFirst().orElseThrow();
    assertThat(anonymous.author()).isNull();
    assertThat(anonymous.inReplyTo()).isEqualTo("facebook:" + PAGE + "_900006");
    Mention louise = all.stream().filter(m -> m.id().equals("facebook:900006_5550001")).findFirst().orElseThrow();
    assertThat(louise.author().name()).isEqualTo("Louise Martin");
    assertThat(louise.engagement().likes()).isEqualTo(9);
    assertThat(louise.engagement().replies()).isEqualTo(1);
  }

  @Test
  void httpFailuresAndTheTokenNeverInMessages() throws Exception {
    Connector c = connector("fb", block(api.baseUrl(), "timeout", "500ms"));
    c.poll(""); // warm up
    api.route("/v19.0/" + PAGE + "/posts", r -> api.json(429, "error-throttled.json").header("Retry-After", "9"));
    assertThatThrownBy(() -> c.poll("")).isInstanceOfSatisfying(HttpFailure.class, e -> {
      assertThat(e.retriable()).isTrue();
      assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(9));
      assertThat(e.getMessage()).contains("access_token=***").doesNotContain(TOKEN);
    });
    api.route("/v19.0/" + PAGE + "/posts", r -> api.json(403, "error-throttled.json"));
    assertThatThrownBy(() -> c.poll("")).isInstanceOfSatisfying(HttpFailure.class, e -> {
      assertThat(e.retriable()).isTrue();
      assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(1));
    });
    api.route("/v19.0/" + PAGE + "/posts", r -> api.json(500, "error-500.json"));
    assertThatThrownBy(() -> c.poll("")).isInstanceOfSatisfying(HttpFailure.class, e -> assertThat(e.retriable()).isTrue());
    api.route("/v19.0/" + PAGE + "/posts", r -> StubHttp.hang());
    assertThatThrownBy(() -> c.poll("")).isInstanceOfSatisfying(HttpFailure.class, e -> {
      assertThat(e.retriable()).isTrue();
      assertThat(e.getMessage()).doesNotContain(TOKEN);
    });
    api.route("/v19.0/" + PAGE + "/posts", r -> api.json(400, "error-190.json"));
    assertThatThrownBy(() -> c.poll("")).isInstanceOfSatisfying(HttpFailure.class, e -> {
      assertThat(e.retriable()).isFalse();
      assertThat(e.upstream()).contains("190").doesNotContain(TOKEN);
      assertThat(e.getMessage()).contains("HTTP 400").doesNotContain("Session has expired").doesNotContain(TOKEN);
    });
  }

  @Test
  void settingsAreChecked() {
    assertThatThrownBy(() -> connector("fb", block(api.baseUrl(), "page_token", TOKEN)))
        .hasMessageContaining("fb-test).page_token: write secrets as env:");
    assertThatThrownBy(() -> connector("fb", block(api.baseUrl(), "api_version", "19"))).hasMessageContaining("api_version");
  }
}
