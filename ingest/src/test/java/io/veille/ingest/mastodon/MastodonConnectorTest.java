package io.veille.ingest.mastodon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veille.common.model.Mention;
import io.veille.ingest.spi.SourceSettings;
import io.veille.ingest.http.HttpFailure;
import io.veille.ingest.http.HttpFetcher;
import io.veille.common.testing.StubHttp;
import io.veille.common.testing.StubHttp.Fault;
import io.veille.ingest.spi.Item;
import io.veille.ingest.spi.Page;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MastodonConnectorTest {
  final StubHttp server = StubHttp.start();
  FakeMastodon fake;

  @AfterEach
  void close() {
    if (fake != null) {
      fake.close();
    }
    server.close();
  }

  MastodonConnector connector(MastodonConnector.Mode mode, int limit, Duration timeout, Duration idle) {
    var s = new MastodonConnector.Settings("masto-test", server.baseUrl(), null,
        MastodonConnector.Timeline.hashtag("#acme", false), mode, Duration.ofMinutes(1), limit, null, idle,
        Duration.ofMillis(200), 100);
    return new MastodonConnector(s, new HttpFetcher(timeout, "test"), InstantSource.system());
  }

  MastodonConnector poller(int limit) {
    return connector(MastodonConnector.Mode.POLL, limit, Duration.ofSeconds(5), Duration.ofSeconds(60));
  }

  static List<Mention> mentions(Page p) {
    return p.items().stream().filter(Item::isMention).map(Item::mention).toList();
  }

  static String cursor(String since) {
    return new MastodonCursor(since, null, null, List.of()).write();
  }

  @Test
  void mapsStatuses() throws Exception {
    server.on("/api/v1/timelines/tag/acme", ex -> StubHttp.send(ex, 200, "application/json",
        StubHttp.resource("fixtures/mastodon/timeline_tag.json")));
    Page p = poller(40).poll("");
    assertThat(server.requests().get(0).query()).containsEntry("limit", "40").doesNotContainKey("since_id");
    List<Mention> ms = mentions(p);
    String h = "mastodon:127.0.0.1:";
    assertThat(ms).extracting(Mention::id).containsExactly(h + "113500000000000101", h + "113500000000000102",
        h + "113500000000000103", h + "113500000000000104", h + "113500000000000105");

    Mention first = ms.get(0);
    assertThat(first.source()).isEqualTo("mastodon");
    assertThat(first.text()).isEqualTo("Franchement, la nouvelle offre #acme c'est non.\n\nJe résilie & je passe ailleurs.\nVoir https://blog.example/acme");
    assertThat(first.lang()).isEqualTo("fr");
    assertThat(first.url()).isEqualTo("https://mastodon.example/@claire/113500000000000101");
    assertThat(first.publishedAt()).isEqualTo(Instant.parse("2026-11-22T10:15:00Z"));
    assertThat(first.author().id()).isEqualTo("claire@127.0.0.1");
    assertThat(first.author().handle()).isEqualTo("@claire@127.0.0.1");
    assertThat(first.author().name()).isEqualTo("Claire ✨");
    assertThat(first.author().followers()).isEqualTo(1200);
    assertThat(first.engagement()).satisfies(e -> {
      assertThat(e.likes()).isEqualTo(12);
      assertThat(e.shares()).isEqualTo(4);
      assertThat(e.replies()).isEqualTo(2);
    });
    assertThat(first.extra().get("mastodon").toString()).contains("\"tags\":[\"acme\"]",
        "\"uri\":\"https://mastodon.example/users/claire/statuses/113500000000000101\"");

    Mention reply = ms.get(1);
    assertThat(reply.inReplyTo()).isEqualTo(h + "113500000000000101");
    assertThat(reply.author().handle()).isEqualTo("@bob@other.example");
    assertThat(reply.author().name()).isNull();
    assertThat(reply.text()).isEqualTo("@claire same here, #acme support never answered.");
    assertThat(reply.lang()).isEqualTo("en");

    Mention boost = ms.get(2);
    assertThat(boost.sharedFrom()).isEqualTo(h + "113500000000000090");
    assertThat(boost.text()).isEqualTo("Acme prices up 40% #acme");
    assertThat(boost.lang()).isEqualTo("en");
    assertThat(boost.author().handle()).isEqualTo("@claire@127.0.0.1");
    assertThat(boost.url()).isEqualTo("https://mastodon.example/@newsbot/113500000000000090");

    assertThat(ms.get(3).text()).isEqualTo("acme, facturation\n\nIls m'ont facturé deux fois.");
    assertThat(ms.get(3).lang()).isEqualTo("fr");
    assertThat(ms.get(4).text()).isEqualTo("Screenshot of the Acme price email");

    assertThat(p.items()).filteredOn(i -> !i.isMention()).singleElement().satisfies(i -> {
      assertThat(i.rejected().field()).isEqualTo("account.followers_count");
      assertThat(i.rejected().where()).isEqualTo("status 113500000000000106");
      assertThat(i.rejected().raw()).contains("\"id\":\"113500000000000106\"");
    });
    // first run: the newest page only, then since_id
    assertThat(MastodonCursor.parse(p.nextCursor()).since()).isEqualTo("113500000000000106");
    assertThat(p.pollAgainIn()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void walksWithSinceIdAndMaxIdOnePagePerPoll() throws Exception {
    fake = new FakeMastodon("fixtures/mastodon/statuses.json").serve(server);
    MastodonConnector c = poller(3);
    String cur = cursor("113500000000000200");
    List<String> ids = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    Page p;
    int polls = 0;
    do {
      p = c.poll(cur);
      polls++;
      Page again = c.poll(cur);
      assertThat(again.items()).isEqualTo(p.items());
      assertThat(again.nextCursor()).isEqualTo(p.nextCursor());
      p.items().forEach(i -> {
        if (i.isMention()) {
          ids.add(i.mention().id());
        } else {
          rejected.add(i.rejected().where() + " " + i.rejected().field());
        }
      });
      cur = p.nextCursor();
    } while (p.pollAgainIn().isZero() && polls < 20);
    assertThat(polls).isEqualTo(4);
    assertThat(ids).hasSize(10).doesNotHaveDuplicates();
    assertThat(rejected).containsExactly("status 113500000000000207 created_at");
    assertThat(MastodonCursor.parse(cur).since()).isEqualTo("113500000000000211");
    List<String> queries = server.requests().stream().map(r -> r.uri().getQuery()).distinct().toList();
    assertThat(queries).containsExactly("limit=3&since_id=113500000000000200",
        "limit=3&since_id=113500000000000200&max_id=113500000000000209",
        "limit=3&since_id=113500000000000200&max_id=113500000000000206",
        "limit=3&since_id=113500000000000200&max_id=113500000000000203");
    assertThat(c.poll(cur).items()).isEmpty();
  }

  @Test
  void readsTheNextMaxIdFromTheLinkHeader() {
    assertThat(MastodonConnector.nextMaxId("<https://m.example/api/v1/timelines/tag/acme?max_id=113&limit=3>; rel=\"next\", "
        + "<https://m.example/api/v1/timelines/tag/acme?min_id=120>; rel=\"prev\"")).isEqualTo("113");
    assertThat(MastodonConnector.nextMaxId("<https://m.example/x?min_id=120>; rel=\"prev\"")).isNull();
  }

  @Test
  void httpFailuresAreRetriable() {
    server.on("/api/v1/timelines/tag/acme", ex -> StubHttp.send(ex, 200, "application/json", "[]"));
    server.fail(Fault.status(429, StubHttp.resource("fixtures/mastodon/error_429.json"),
            Map.of("Retry-After", "30", "X-RateLimit-Remaining", "0")),
        Fault.status(500, StubHttp.resource("fixtures/mastodon/error_500.json"), Map.of()), Fault.hanging());
    MastodonConnector c = connector(MastodonConnector.Mode.POLL, 40, Duration.ofMillis(2000), Duration.ofSeconds(60));
    assertThatThrownBy(() -> c.poll("")).isInstanceOfSatisfying(HttpFailure.class, f -> {
      assertThat(f.status()).isEqualTo(429);
      assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(30));
      assertThat(f.upstream()).contains("Too many requests");
      assertThat(f.getMessage()).doesNotContain("Too many requests");
    });
    assertThatThrownBy(() -> c.poll("")).isInstanceOfSatisfying(HttpFailure.class, f -> assertThat(f.retriable()).isTrue());
    assertThatThrownBy(() -> c.poll("")).isInstanceOfSatisfying(HttpFailure.class, f -> {
      assertThat(f.status()).isZero();
      assertThat(f.retriable()).isTrue();
    });
  }

  /** Polls until a page has items (stream mode returns empty pages while nothing comes). */
  static Page pollUntilItems(MastodonConnector c, String cursor) {
    Page[] got = new Page[1];
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      got[0] = c.poll(cursor);
      return !got[0].items().isEmpty();
    });
    return got[0];
  }

  /** Polls until one fails (stream mode returns empty pages until it notices a dead stream). */
  static Exception pollUntilFailure(MastodonConnector c, String cursor) {
    Exception[] failure = new Exception[1];
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      try {
        c.poll(cursor);
        return false;
      } catch (Exception e) {
        failure[0] = e;
        return true;
      }
    });
    return failure[0];
  }

  @Test
  void streamsAfterCatchingUpAndCatchesUpAgainAfterTheStreamEnds() throws Exception {
    fake = new FakeMastodon("fixtures/mastodon/statuses.json").serve(server);
    MastodonConnector c = connector(MastodonConnector.Mode.STREAM, 40, Duration.ofSeconds(5), Duration.ofSeconds(60));
    // catch-up through REST from the cursor, with the stream already open
    Page catchUp = c.poll(cursor("113500000000000208"));
    assertThat(fake.streamRequests).containsExactly("/api/v1/streaming/hashtag?tag=acme");
    assertThat(mentions(catchUp)).extracting(Mention::id).containsExactly("mastodon:127.0.0.1:113500000000000209",
        "mastodon:127.0.0.1:113500000000000210", "mastodon:127.0.0.1:113500000000000211");
    String cur = catchUp.nextCursor();
    assertThat(c.poll(cur).items()).isEmpty();

    List<ObjectNode> fresh = FakeMastodon.renumbered("fixtures/mastodon/statuses.json", "113500000000000");
    ObjectNode s212 = fresh.get(0).deepCopy().put("id", "113500000000000212");
    fake.post(s212);
    fake.send("event: delete\ndata: 113500000000000209\n\n:thump\n\n");
    fake.post(fresh.get(0).deepCopy().put("id", "113500000000000211")); // already published by the catch-up
    fake.send("event: update\ndata: {\"id\": \"113500000000000213\", \"created_at\": \n\n");
    List<Item> all = new ArrayList<>();
    while (all.size() < 2) {
      Page streamed = pollUntilItems(c, cur);
      all.addAll(streamed.items());
      cur = streamed.nextCursor();
    }
    assertThat(all).filteredOn(Item::isMention).extracting(i -> i.mention().id()).containsExactly("mastodon:127.0.0.1:113500000000000212");
    assertThat(all).filteredOn(i -> !i.isMention()).singleElement()
        .satisfies(i -> assertThat(i.rejected().reason()).startsWith("stream event is not JSON"));
    assertThat(MastodonCursor.parse(cur).since()).isEqualTo("113500000000000212");

    // the streaming server restarts; a post comes while nobody listens
    fake.endStreams();
    fake.add(List.of(fresh.get(0).deepCopy().put("id", "113500000000000214")));
    assertThat(pollUntilFailure(c, cur)).hasMessage(
        "GET " + server.baseUrl() + "/api/v1/streaming/hashtag?tag=acme: the server ended the stream");
    Page again = c.poll(cur);
    assertThat(fake.streamRequests).hasSize(2);
    assertThat(mentions(again)).extracting(Mention::id).containsExactly("mastodon:127.0.0.1:113500000000000214");
  }

  @Test
  void readsTheSseFormatOfTheFixture() throws Exception {
    server.on("/api/v1/timelines/tag/acme", ex -> StubHttp.send(ex, 200, "application/json", "[]"));
    server.on("/api/v1/streaming/hashtag", ex -> StubHttp.send(ex, 200, "text/event-stream",
        StubHttp.resource("fixtures/mastodon/stream.txt")));
    MastodonConnector c = connector(MastodonConnector.Mode.STREAM, 40, Duration.ofSeconds(5), Duration.ofSeconds(60));
    Page caughtUp = c.poll(cursor("113500000000000001"));
    assertThat(caughtUp.items()).isEmpty();
    Page p = pollUntilItems(c, caughtUp.nextCursor());
    assertThat(mentions(p)).extracting(Mention::id).containsExactly("mastodon:127.0.0.1:113500000000000101");
    assertThat(p.items()).filteredOn(i -> !i.isMention()).hasSize(1);
    assertThat(MastodonCursor.parse(p.nextCursor()).since()).isEqualTo("113500000000000101");
    // then the server closed the response: the next poll reports it, the one after reconnects
    assertThatThrownBy(() -> c.poll(p.nextCursor())).isInstanceOf(IOException.class).hasMessageContaining("ended the stream");
  }

  @Test
  void aSilentStreamIsReopenedAndAStreamRefusalIsAnHttpFailure() throws Exception {
    fake = new FakeMastodon(null).serve(server);
    MastodonConnector c = connector(MastodonConnector.Mode.STREAM, 40, Duration.ofSeconds(5), Duration.ofMillis(300));
    String cur = c.poll(cursor("1")).nextCursor();
    assertThat(pollUntilFailure(c, cur)).hasMessage("GET " + server.baseUrl() + "/api/v1/streaming/hashtag?tag=acme: nothing received for more than 300 ms (not even a heartbeat), reconnecting");
    server.fail(Fault.status(429, StubHttp.resource("fixtures/mastodon/error_429.json"), Map.of("Retry-After", "5")));
    assertThatThrownBy(() -> c.poll(cur)).isInstanceOfSatisfying(HttpFailure.class, f -> {
      assertThat(f.status()).isEqualTo(429);
      assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(5));
    });
    c.close();
  }

  @Test
  void theFactoryMakesOneConnectorPerTimeline() {
    var s = SourceSettings.of("sources[2] (masto)", Map.of("instance", "https://mastodon.example", "hashtags",
        List.of("#Acme", "acmefail"), "timeline", "local", "mode", "stream", "access-token", "env:MASTO_TOKEN"), new MastodonConnectorFactory().keys());
    var env = new SourceSettings("sources[2] (masto)", Map.of("instance", "https://mastodon.example", "hashtags",
        List.of("#Acme", "acmefail"), "timeline", "local", "mode", "stream", "access-token", "env:MASTO_TOKEN"),
        k -> k.equals("MASTO_TOKEN") ? "s3cret" : null);
    var cs = new MastodonConnectorFactory().create("masto", env);
    env.checkAllUsed();
    assertThat(cs).extracting(c -> c.id()).containsExactly("masto-tag-acme", "masto-tag-acmefail", "masto-local");
    assertThatThrownBy(() -> new MastodonConnectorFactory().create("masto", s))
        .hasMessageContaining("sources[2] (masto).access-token: environment variable MASTO_TOKEN is not set");
    assertThatThrownBy(() -> new MastodonConnectorFactory().create("masto",
        SourceSettings.of("sources[2] (masto)", Map.of("instance", "https://mastodon.example"), new MastodonConnectorFactory().keys())))
        .hasMessageContaining("sources[2] (masto).hashtags: give hashtags, a timeline");
    assertThatThrownBy(() -> new MastodonConnectorFactory().create("masto",
        SourceSettings.of("sources[2] (masto)", Map.of("instance", "https://mastodon.example", "hashtags", "a b"), new MastodonConnectorFactory().keys())))
        .hasMessageContaining("hashtags[0]: not a hashtag");
  }
}
