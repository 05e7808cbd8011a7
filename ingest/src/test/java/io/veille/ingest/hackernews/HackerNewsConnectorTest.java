package io.veille.ingest.hackernews;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veille.common.model.Mention;
import io.veille.ingest.spi.SourceSettings;
import io.veille.ingest.http.HttpFailure;
import io.veille.ingest.http.HttpFetcher;
import io.veille.common.testing.StubHttp;
import io.veille.common.testing.StubHttp.Fault;
import io.veille.ingest.spi.Item;
import io.veille.ingest.spi.Page;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HackerNewsConnectorTest {
  static final Instant NOW = Instant.parse("2026-11-22T10:20:00Z");
  final StubHttp server = StubHttp.start();

  @AfterEach
  void close() {
    server.close();
  }

  HackerNewsConnector connector(int perPage, Duration timeout) {
    var s = new HackerNewsConnector.Settings("hn-test", server.baseUrl(), "acme", List.of("story", "comment"), perPage,
        Duration.ofMinutes(1), Duration.ofHours(1), Duration.ZERO);
    return new HackerNewsConnector(s, new HttpFetcher(timeout, "test"), InstantSource.fixed(NOW));
  }

  @Test
  void mapsStoriesCommentsAndRejectsTheMalformedHit() throws Exception {
    server.on("/api/v1/search_by_date", ex -> StubHttp.send(ex, 200, "application/json",
        StubHttp.resource("fixtures/hackernews/search_by_date.json")));
    Page p = connector(20, Duration.ofSeconds(5)).poll("");

    var q = server.requests().get(0).query();
    assertThat(q).containsEntry("query", "acme").containsEntry("tags", "(story,comment)")
        .containsEntry("numericFilters", "created_at_i>=" + NOW.minus(Duration.ofHours(1)).getEpochSecond())
        .containsEntry("page", "0").containsEntry("hitsPerPage", "20");

    List<Mention> ms = p.items().stream().filter(Item::isMention).map(Item::mention).toList();
    assertThat(ms).extracting(Mention::id).containsExactly("hackernews:41000001", "hackernews:41000002", "hackernews:41000003");

    Mention story = ms.get(0);
    assertThat(story.source()).isEqualTo("hackernews");
    assertThat(story.text()).isEqualTo("Acme raises prices by 40%");
    assertThat(story.url()).isEqualTo("https://news.ycombinator.com/item?id=41000001");
    assertThat(story.publishedAt()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
    assertThat(story.author().handle()).isEqualTo("jdoe");
    assertThat(story.engagement().likes()).isEqualTo(312);
    assertThat(story.engagement().replies()).isEqualTo(143);
    assertThat(story.inReplyTo()).isNull();
    assertThat(story.lang()).isNull();
    assertThat(story.extra().get("hackernews").toString()).contains("\"link\":\"https://news.example/acme-prices\"");

    assertThat(ms.get(1).text()).isEqualTo("Ask HN: Alternatives to Acme?\n\nWe moved off Acme last year.\n\nWhat do you use — and why?");

    Mention comment = ms.get(2);
    assertThat(comment.text()).isEqualTo("I've used Acme for years & it's fine.\n\nThe new pricing is not fine: https://acme.example/pricing");
    assertThat(comment.inReplyTo()).isEqualTo("hackernews:41000002");
    assertThat(comment.engagement().likes()).isZero();
    assertThat(comment.extra().get("hackernews").toString()).contains("\"type\":\"comment\"", "\"story_id\":41000001");

    List<Item.Rejected> bad = p.items().stream().filter(i -> !i.isMention()).map(Item::rejected).toList();
    assertThat(bad).singleElement().satisfies(r -> {
      assertThat(r.field()).isEqualTo("created_at");
      assertThat(r.reason()).contains("not an ISO-8601 instant");
      assertThat(r.where()).isEqualTo("item 41000000");
      assertThat(r.raw()).contains("\"objectID\":\"41000000\"");
    });
    assertThat(p.pollAgainIn()).isEqualTo(Duration.ofMinutes(1));
    assertThat(HnCursor.parse(p.nextCursor()).since()).isEqualTo(1795342500L);
    assertThat(HnCursor.parse(p.nextCursor()).walking()).isFalse();
  }

  @Test
  void walksPagesByKeysetAndResumesFromAnyCursor() throws Exception {
    FakeAlgolia algolia = new FakeAlgolia("fixtures/hackernews/dataset.json");
    algolia.serve(server);
    HackerNewsConnector c = connector(3, Duration.ofSeconds(5));
    String cursor = "";
    List<String> ids = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    int polls = 0;
    Page p;
    do {
      p = c.poll(cursor);
      polls++;
      // replaying the same cursor gives the same page: what a restart after a crash does
      Page again = c.poll(cursor);
      assertThat(again.items()).isEqualTo(p.items());
      assertThat(again.nextCursor()).isEqualTo(p.nextCursor());
      p.items().forEach(i -> {
        if (i.isMention()) {
          ids.add(i.mention().id());
        } else {
          rejected.add(i.rejected().where() + " " + i.rejected().field() + ": " + i.rejected().reason());
        }
      });
      cursor = p.nextCursor();
    } while (p.pollAgainIn().isZero() && polls < 20);
    assertThat(polls).isGreaterThan(3);
    assertThat(ids).doesNotHaveDuplicates().hasSize(10);
    assertThat(rejected).containsExactly("item 42000006 comment_text: missing or empty");

    // a newly indexed hit comes next time, and only it
    var fresh = algolia.hits.get(0).deepCopy();
    fresh.put("objectID", "42000099").put("created_at_i", 1795342400L).put("created_at", "2026-11-22T10:13:20Z");
    synchronized (algolia.hits) {
      algolia.hits.add(0, fresh);
    }
    Page next = c.poll(cursor);
    assertThat(next.items()).extracting(i -> i.mention().id()).containsExactly("hackernews:42000099");
    assertThat(c.poll(next.nextCursor()).items()).isEmpty();
  }

  @Test
  void aRateLimitIsRetriableWithRetryAfter() {
    server.on("/api/v1/search_by_date", ex -> StubHttp.send(ex, 200, "application/json", "{\"hits\":[]}"));
    server.fail(Fault.status(429, StubHttp.resource("fixtures/hackernews/error_429.json"), Map.of("Retry-After", "7")));
    assertThatThrownBy(() -> connector(20, Duration.ofSeconds(5)).poll("")).isInstanceOfSatisfying(HttpFailure.class, f -> {
      assertThat(f.status()).isEqualTo(429);
      assertThat(f.retriable()).isTrue();
      assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(7));
      assertThat(f.upstream()).contains("exceeded your rate limit"); // for the log
      assertThat(f.getMessage()).doesNotContain("exceeded your rate limit"); // what /health shows
    });
  }

  @Test
  void aServerErrorIsRetriableAndTheCursorIsUnchanged() throws Exception {
    new FakeAlgolia("fixtures/hackernews/dataset.json").serve(server);
    server.fail(Fault.status(500, StubHttp.resource("fixtures/hackernews/error_500.json"), Map.of()));
    HackerNewsConnector c = connector(3, Duration.ofSeconds(5));
    assertThatThrownBy(() -> c.poll("")).isInstanceOfSatisfying(HttpFailure.class, f -> {
      assertThat(f.status()).isEqualTo(500);
      assertThat(f.retriable()).isTrue();
    });
    assertThat(c.poll("").items()).hasSize(3);
  }

  @Test
  void aTimeoutIsRetriable() {
    server.on("/api/v1/search_by_date", ex -> StubHttp.send(ex, 200, "application/json", "{\"hits\":[]}"));
    server.fail(Fault.hanging());
    assertThatThrownBy(() -> connector(20, Duration.ofMillis(2000)).poll("")).isInstanceOfSatisfying(HttpFailure.class, f -> {
      assertThat(f.status()).isZero();
      assertThat(f.retriable()).isTrue();
      assertThat(f.getMessage()).contains("no response within 2000 ms");
    });
  }

  @Test
  void theFactoryReadsItsKeysAndRejectsUnknownTags() {
    var s = SourceSettings.of("sources[0] (hn)", Map.of("query", "acme", "tags", List.of("story"), "interval", "30s",
        "base-url", server.baseUrl()), new HackerNewsConnectorFactory().keys());
    var cs = new HackerNewsConnectorFactory().create("hn", s);
    s.checkAllUsed();
    assertThat(cs).singleElement().satisfies(c -> assertThat(c.id()).isEqualTo("hn"));
    var bad = SourceSettings.of("sources[0] (hn)", Map.of("query", "acme", "tags", List.of("stories")), new HackerNewsConnectorFactory().keys());
    assertThatThrownBy(() -> new HackerNewsConnectorFactory().create("hn", bad))
        .hasMessageContaining("sources[0] (hn).tags[0]: unknown tag 'stories'");
    assertThatThrownBy(() -> new HackerNewsConnectorFactory().create("hn", SourceSettings.of("sources[0] (hn)", Map.of(), new HackerNewsConnectorFactory().keys())))
        .hasMessageContaining("sources[0] (hn).query: required");
  }
}
