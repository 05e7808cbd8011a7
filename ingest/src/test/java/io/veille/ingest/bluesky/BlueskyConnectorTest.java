package io.veille.ingest.bluesky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.veille.common.model.Mention;
import io.veille.ingest.spi.SourceSettings;
import io.veille.ingest.http.HttpFailure;
import io.veille.ingest.runtime.ConnectorRunner;
import io.veille.ingest.runtime.ConnectorStatus;
import io.veille.ingest.runtime.RateLimiter;
import io.veille.ingest.runtime.RetryPolicy;
import io.veille.ingest.spi.Connector;
import io.veille.ingest.spi.Item;
import io.veille.ingest.spi.Page;
import io.veille.ingest.testing.ManualTime;
import io.veille.ingest.testing.MockRuns;
import io.veille.common.testing.StubHttp;
import io.veille.ingest.testing.TestWebSocketServer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Jetstream connector against a real local WebSocket server sending Jetstream's event format. */
class BlueskyConnectorTest {
  static final long T = 1725911162329308L;
  static final Pattern TIME_US = Pattern.compile("\"time_us\":(\\d+)");
  TestWebSocketServer server;

  static long timeUs(String event) {
    Matcher m = TIME_US.matcher(event);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  static List<String> fixture() throws Exception {
    return Files.readAllLines(StubHttp.fixtures("bluesky").resolve("events.jsonl")).stream().filter(l -> !l.isBlank()).toList();
  }

  @BeforeEach
  void start() {
    server = new TestWebSocketServer(BlueskyConnectorTest::timeUs);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static Connector connector(String name, String url, Object... kv) {
    Map<String, Object> m = new HashMap<>(Map.of("url", url, "keywords", List.of("Acmé"), "timeout", "3s",
        "reconnect_delay", "50ms", "checkpoint", "1ms"));
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    SourceSettings s = new SourceSettings("sources[4] (bsky-test)", m, k -> null);
    List<Connector> cs = new BlueskyConnectorFactory().create(name, s);
    s.checkAllUsed();
    return cs.get(0);
  }

  /** Polls until {@code n} items (mentions and rejections) came; returns them and the last cursor. */
  static String pollUntil(Connector c, String cursor, int n, List<Item> into) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (into.size() < n) {
      assertThat(System.nanoTime()).as("%d items within 10 s, got %d", n, into.size()).isLessThan(deadline);
      Page p = c.poll(cursor);
      into.addAll(p.items());
      cursor = p.nextCursor();
    }
    return cursor;
  }

  static List<Mention> mentions(List<Item> items) {
    return items.stream().filter(Item::isMention).map(Item::mention).toList();
  }

  @Test
  void keywordsMatchWholeWordsWithoutCaseOrAccents() {
    KeywordMatcher k = new KeywordMatcher(List.of("Acmé", "service client"));
    assertThat(k.matches("Le SAV d'ACME ne répond plus")).isTrue();
    assertThat(k.matches("#acme")).isTrue();
    assertThat(k.matches("acmé!")).isTrue();
    assertThat(k.matches("acmeville")).isFalse();
    assertThat(k.matches("superacme")).isFalse();
    assertThat(k.matches("le Service\n  Client est nul")).isTrue();
    assertThat(k.matches("service clientèle")).isFalse();
  }

  @Test
  void keepsThePostsWithAKeywordMapsThemAndRejectsTheMalformedOne() throws Exception {
    server.publishAll(fixture());
    try (Connector c = connector("bsky", server.url("/subscribe"))) {
      List<Item> items = new ArrayList<>();
      String cursor = pollUntil(c, "", 5, items);
      assertThat(mentions(items)).extracting(Mention::id).containsExactly(
          "bluesky:did:plc:eygmaihciaxprqvxpfvl6flk/3l3qo2vutsw2b", "bluesky:did:plc:ewvi7nxzyoun6zhxrhs64oiz/3l3qo2vwq5s2d",
          "bluesky:did:plc:z72i7hdynmk6r22z27h6tvur/3l3qo2vzp7s2g", "bluesky:did:plc:ewvi7nxzyoun6zhxrhs64oiz/3l3qo2w2k4c2h");
      Item.Rejected bad = items.stream().filter(i -> !i.isMention()).findFirst().orElseThrow().rejected();
      assertThat(bad.field()).isEqualTo("commit.record.createdAt");
      assertThat(bad.where()).isEqualTo("event " + (T + 7000) + " did:plc:z72i7hdynmk6r22z27h6tvur/3l3qo2vy2lc2f");
      assertThat(cursor).isEqualTo(Long.toString(T + 10000));
      assertThat(server.connections()).singleElement().satisfies(q -> {
        assertThat(q).containsEntry("wantedCollections", "app.bsky.feed.post");
        assertThat(q).doesNotContainKey("cursor");
      });

      List<Mention> ms = mentions(items);
      Mention first = ms.get(0);
      assertThat(first.url()).isEqualTo("https://bsky.app/profile/did:plc:eygmaihciaxprqvxpfvl6flk/post/3l3qo2vutsw2b");
      assertThat(first.lang()).isEqualTo("fr");
      assertThat(first.publishedAt()).isEqualTo(Instant.parse("2024-09-09T19:46:02.102Z"));
      assertThat(first.author().id()).isEqualTo("did:plc:eygmaihciaxprqvxpfvl6flk");
      assertThat(first.author().followers()).isZero();
      Mention reply = ms.get(1);
      assertThat(reply.lang()).isEqualTo("en");
      assertThat(reply.inReplyTo()).isEqualTo("bluesky:did:plc:eygmaihciaxprqvxpfvl6flk/3l3qo2vutsw2b");
      Mention quote = ms.get(2);
      assertThat(((JsonNode) quote.extra().get("quoted")).asText()).isEqualTo("bluesky:did:plc:eygmaihciaxprqvxpfvl6flk/3l3qo2vutsw2b");
      assertThat(ms.get(3).lang()).isNull();
    }
  }

  @Test
  void aRestartResumesAfterTheCursorAndADroppedConnectionLosesNothing() throws Exception {
    server.publishAll(fixture());
    try (Connector c = connector("bsky", server.url("/subscribe"))) {
      List<Item> items = new ArrayList<>();
      String cursor = pollUntil(c, Long.toString(T + 4000), 3, items); // the stored cursor of an earlier run
      assertThat(server.connections().get(0)).containsEntry("cursor", Long.toString(T + 4000));
      assertThat(items.stream().map(i -> i.isMention() ? i.mention().id() : i.rejected().where()))
          .containsExactly("event " + (T + 7000) + " did:plc:z72i7hdynmk6r22z27h6tvur/3l3qo2vy2lc2f",
              "bluesky:did:plc:z72i7hdynmk6r22z27h6tvur/3l3qo2vzp7s2g", "bluesky:did:plc:ewvi7nxzyoun6zhxrhs64oiz/3l3qo2w2k4c2h");

      server.dropAll();
      server.publish(event(11, "did:plc:ewvi7nxzyoun6zhxrhs64oiz", "3l3qo2w3aaa2i", "Acme again"));
      List<Item> more = new ArrayList<>();
      cursor = pollUntil(c, cursor, 1, more);
      assertThat(mentions(more)).extracting(Mention::id).containsExactly("bluesky:did:plc:ewvi7nxzyoun6zhxrhs64oiz/3l3qo2w3aaa2i");
      assertThat(server.connections()).hasSize(2);
      assertThat(server.connections().get(1)).containsEntry("cursor", Long.toString(T + 10000));
      assertThat(cursor).isEqualTo(Long.toString(T + 11000));

      // a page handed out but not published: the runner polls the old cursor again, and gets it again
      List<Item> again = new ArrayList<>();
      pollUntil(c, Long.toString(T + 10000), 1, again);
      assertThat(mentions(again)).extracting(Mention::id).containsExactly("bluesky:did:plc:ewvi7nxzyoun6zhxrhs64oiz/3l3qo2w3aaa2i");
    }
  }

  @Test
  void aFullQueuePausesTheSocketAndNothingIsLost() throws Exception {
    List<String> many = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      many.add(event(i, "did:plc:ewvi7nxzyoun6zhxrhs64oiz", "3l3qo2x" + (1000 + i), "Acme #" + i));
    }
    server.publishAll(many);
    try (Connector c = connector("bsky", server.url("/subscribe"), "queue", 10, "batch", 7)) {
      List<Item> items = new ArrayList<>();
      pollUntil(c, "", 200, items);
      assertThat(mentions(items)).extracting(Mention::text).containsExactlyElementsOf(
          java.util.stream.IntStream.rangeClosed(1, 200).mapToObj(i -> "Acme #" + i).toList());
    }
  }

  @Test
  void aRefusedHandshakeIsRetriableAndTheNextTryConnects() throws Exception {
    server.rejectNext(1, 503);
    server.publishAll(fixture());
    try (Connector c = connector("bsky", server.url("/subscribe"))) {
      assertThatThrownBy(() -> c.poll("")).isInstanceOfSatisfying(HttpFailure.class, e -> {
        assertThat(e.retriable()).isTrue();
        assertThat(e.status()).isEqualTo(503);
      });
      List<Item> items = new ArrayList<>();
      pollUntil(c, "", 5, items);
      assertThat(mentions(items)).hasSize(4);
    }
    server.rejectNext(1, 401);
    try (Connector c = connector("bsky", server.url("/subscribe"))) {
      assertThatThrownBy(() -> c.poll("")).isInstanceOfSatisfying(HttpFailure.class, e -> assertThat(e.retriable()).isFalse());
    }
  }

  @Test
  void aRefusedHandshakeCarriesItsRetryAfterAndReconnectDelayIsThePolicysBase() throws Exception {
    server.rejectNext(1, 429, "30");
    try (Connector c = connector("bsky", server.url("/subscribe"))) {
      assertThatThrownBy(() -> c.poll("")).isInstanceOfSatisfying(HttpFailure.class, e -> {
        assertThat(e.retriable()).isTrue();
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
      });
      RetryPolicy p = RetryPolicy.standard().withReconnectDelay(c.retryBase());
      assertThat(p.base()).isEqualTo(Duration.ofMillis(50));
      assertThat(p.cap()).isEqualTo(Duration.ofMillis(50 * 64));
      assertThat(p.maxElapsed()).isEqualTo(RetryPolicy.DEFAULT_MAX_ELAPSED);
    }
  }

  /** Polled by a runner on a mock producer, with a manual clock recording its waits. */
  ConnectorRunner runner(Connector c, MockProducer<byte[], byte[]> p, ManualTime time) {
    return new ConnectorRunner(c, p, "", RateLimiter.unlimited(), time,
        RetryPolicy.standard().withRandom(new SplittableRandom(3)), time);
  }

  @Test
  void theRunnerReconnectsAfterRefusedHandshakesWaitingOnlyThePolicysDelay() throws Exception {
    server.rejectNext(2, 503);
    server.publishAll(fixture());
    ManualTime time = new ManualTime();
    MockProducer<byte[], byte[]> p = MockRuns.producer();
    Connector c = connector("bsky-retry", server.url("/subscribe"));
    ConnectorRunner r = runner(c, p, time);
    MockRuns.start(r);
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> MockRuns.mentions(p).size() >= 4);
      assertThat(server.rejected()).isEqualTo(2);
      assertThat(server.connections()).hasSize(1);
      // one wait per failure, the policy's (reconnect_delay 50 ms as its base): nothing stacked on it
      assertThat(time.sleeps()).hasSize(2);
      assertThat(time.sleeps().get(0)).isLessThanOrEqualTo(Duration.ofMillis(50));
      assertThat(time.sleeps().get(1)).isLessThanOrEqualTo(Duration.ofMillis(100));
      ConnectorStatus s = r.status();
      assertThat(s.state()).isEqualTo("running");
      assertThat(s.consecutiveFailures()).isZero();
      assertThat(s.lastError()).isEqualTo("bluesky bsky-retry: cannot connect to " + server.url("/subscribe") + ": HTTP 503");
    } finally {
      MockRuns.stop(r);
    }
  }

  @Test
  void aHandshakeRefusedWith401StopsTheConnector() throws Exception {
    server.rejectNext(1, 401);
    ManualTime time = new ManualTime();
    ConnectorRunner r = runner(connector("bsky-401", server.url("/subscribe")), MockRuns.producer(), time);
    MockRuns.start(r);
    assertThat(r.awaitStopped(Duration.ofSeconds(10))).isTrue();
    assertThat(server.rejected()).isEqualTo(1);
    assertThat(time.sleeps()).isEmpty();
    assertThat(r.status().state()).isEqualTo("failed");
    assertThat(r.status().failedReason()).isEqualTo("fatal error, not retried: bluesky bsky-401: cannot connect to "
        + server.url("/subscribe") + ": HTTP 401");
  }

  @Test
  void theCursorMovesWithoutMatchesOnlyAtCheckpoints() throws Exception {
    server.publish(event(1, "did:plc:ewvi7nxzyoun6zhxrhs64oiz", "3l3qo2x1", "nothing relevant"));
    try (Connector c = connector("bsky", server.url("/subscribe"), "checkpoint", "1h")) {
      Page p = c.poll("");
      assertThat(p.items()).isEmpty();
      await().atMost(Duration.ofSeconds(5)).until(() -> !server.connections().isEmpty());
      assertThat(p.nextCursor()).isEmpty(); // the first poll may move it; later ones only once an hour
      Page q = c.poll(p.nextCursor());
      assertThat(q.nextCursor()).isEqualTo(p.nextCursor());
    }
  }

  static String event(int i, String did, String rkey, String text) {
    return "{\"did\":\"" + did + "\",\"time_us\":" + (T + i * 1000L) + ",\"kind\":\"commit\",\"commit\":{\"rev\":\"3l3qo2vuowo2" + i
        + "\",\"operation\":\"create\",\"collection\":\"app.bsky.feed.post\",\"rkey\":\"" + rkey + "\",\"record\":{"
        + "\"$type\":\"app.bsky.feed.post\",\"createdAt\":\"2024-09-09T19:47:00.000Z\",\"langs\":[\"en\"],\"text\":\"" + text
        + "\"},\"cid\":\"bafyreidwaivazkwu67xztlmuobx35hs2lnfh3kolmgfmucldvhd3sgzcq9\"}}";
  }
}
