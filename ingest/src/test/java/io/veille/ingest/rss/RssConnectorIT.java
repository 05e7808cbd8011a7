package io.veille.ingest.rss;

import io.veille.common.testing.StubHttp;
import io.veille.ingest.testing.CrashingProducer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.Mention;
import io.veille.common.topic.DeadLetters;
import io.veille.ingest.http.HttpFetcher;
import io.veille.common.testing.StubHttp.Fault;
import io.veille.ingest.runtime.ConnectorRunner;
import io.veille.ingest.runtime.RateLimiter;
import io.veille.ingest.runtime.Runners;
import io.veille.ingest.testing.IngestHarness;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The RSS connector on a real broker against a local feed server: every item once across feed
 * versions, conditional GETs, a 500, a 429 with Retry-After and a timeout; the item with a bad date
 * in the DLQ while the connector goes on; feeds in ISO-8859-1 and windows-1252 arrive as written,
 * one whose bytes are not in its declared encoding goes to the DLQ once; a crash between a page's
 * send and its commit loses and repeats nothing.
 */
class RssConnectorIT {
  @RegisterExtension
  static final IngestHarness harness = IngestHarness.perClass();

  /** A feed server whose document and ETag the test swaps; ids differ per path, so tests never share them. */
  static final class Feed {
    final AtomicReference<String> version = new AtomicReference<>("v1");

    void serve(StubHttp server, String path) {
      server.on(path, ex -> {
        String v = version.get();
        String etag = "\"" + v + "\"";
        ex.getResponseHeaders().set("ETag", etag);
        if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
          StubHttp.send(ex, 304, null, null);
          return;
        }
        String xml = StubHttp.resource("fixtures/rss/feed-" + v + ".xml").replace("https://forum.example/t/",
            "https://forum.example" + path + "/t/");
        StubHttp.send(ex, 200, "application/rss+xml; charset=utf-8", xml);
      });
    }
  }

  static RssConnector connector(String id, String url) {
    return new RssConnector(new RssConnector.Settings(id, url, Duration.ofMillis(200), null),
        new HttpFetcher(Duration.ofMillis(500), "it"), InstantSource.system());
  }

  static Map<String, Long> counts(List<Mention> ms) {
    return ms.stream().collect(Collectors.groupingBy(Mention::id, Collectors.counting()));
  }

  @Test
  void everyItemOnceThroughFaultsAndTheUndatedItemKeptWithAWarning() throws Exception {
    try (StubHttp server = StubHttp.start()) {
      Feed feed = new Feed();
      feed.serve(server, "/once");
      server.fail(Fault.status(500, "<html><body>Internal Server Error</body></html>", Map.of()),
          Fault.status(429, "<html><body>Too Many Requests</body></html>", Map.of("Retry-After", "1")),
          Fault.hanging());
      ConnectorRunner r = harness.start(connector("rss-once", server.baseUrl() + "/once"));
      String prefix = "rss:https://forum.example/once/t/";
      List<Mention> first = harness.raw(m -> m.id().startsWith(prefix), 4, Duration.ofSeconds(30));
      assertThat(counts(first)).containsOnlyKeys(prefix + "101", prefix + "102", prefix + "103", prefix + "104")
          .allSatisfy((k, n) -> assertThat(n).isEqualTo(1));
      // 'not a date': published at the fetch time, marked, counted as a warning in /health, not in the DLQ
      assertThat(first).filteredOn(m -> m.id().endsWith("/103")).singleElement()
          .satisfies(m -> assertThat(m.extra().get("rss").toString()).contains("\"publishedAtRaw\":\"not a date\""));
      await().atMost(Duration.ofSeconds(10)).until(() -> r.status().warnings() >= 1);
      assertThat(r.status().snapshot(java.time.Instant.now()).get("lastWarning").toString()).contains("unreadable date 'not a date'");
      // polls go on with 304s; a new version of the feed brings only its new items
      await().atMost(Duration.ofSeconds(10)).until(() -> server.requests().stream().map(StubHttp.Request::headers)
          .anyMatch(h -> "\"v1\"".equals(h.get("if-none-match"))));
      feed.version.set("v2");
      assertThat(counts(harness.raw(m -> m.id().startsWith(prefix), 6, Duration.ofSeconds(20))))
          .hasSize(6).allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
      harness.stop(r);
      assertThat(harness.dlq("rss-once", 0, Duration.ofSeconds(3))).isEmpty();
    }
  }

  @Test
  void feedsInTheirOwnEncodingsArriveIntactAndOneThatLiesAboutItsEncodingGoesToTheDlqOnce() throws Exception {
    try (StubHttp server = StubHttp.start()) {
      server.on("/latin1", ex -> StubHttp.sendBytes(ex, 200, "application/rss+xml; charset=ISO-8859-1",
          StubHttp.resourceBytes("fixtures/rss/latin1-charset-in-header.xml")));
      server.on("/declared", ex -> StubHttp.sendBytes(ex, 200, "application/rss+xml",
          StubHttp.resourceBytes("fixtures/rss/latin1-xml-declaration.xml")));
      server.on("/cp1252", ex -> StubHttp.sendBytes(ex, 200, "text/xml", StubHttp.resourceBytes("fixtures/rss/windows-1252.xml")));
      server.on("/lies", ex -> StubHttp.sendBytes(ex, 200, "application/rss+xml; charset=utf-8",
          StubHttp.resourceBytes("fixtures/rss/utf8-declared-latin1-bytes.xml")));
      List<ConnectorRunner> runners = new java.util.ArrayList<>();
      for (String feed : List.of("latin1", "declared", "cp1252", "lies")) {
        runners.add(harness.start(connector("rss-enc-" + feed, server.baseUrl() + "/" + feed)));
      }
      // each feed published once; the two Latin-1 ones (charset in the header, in the declaration)
      // carry the same two items, and give them the same text, as written
      List<Mention> got = harness.raw(m -> m.id().startsWith("rss:https://conso.example/")
          || m.id().startsWith("rss:https://blog.example/"), 5, Duration.ofSeconds(30));
      assertThat(got).hasSize(5);
      assertThat(got).as("no U+FFFD anywhere").allSatisfy(m -> assertThat(m.text()).doesNotContain("\uFFFD"));
      assertThat(got.stream().collect(Collectors.toMap(Mention::id, Mention::text, (a, b) -> {
        assertThat(b).isEqualTo(a);
        return a;
      }))).containsOnly(
          Map.entry("rss:https://conso.example/t/ecoute", "Écoute client : Acme m'a déçu\n\nTrois semaines d'attente, ça coûte cher à la fin."),
          Map.entry("rss:https://conso.example/t/hausse", "« Ça coûte une fortune » : la hausse d'Acme\n\nMême les fidèles hésitent à rester."),
          Map.entry("rss:https://blog.example/prix-2027",
              "L’abonnement Acme passe à 19,90 €\n\nC’est « inacceptable », disent les clients… et ça coûte 40 € de plus par an."));
      // the lying feed: polled again and again (same bytes: not sent twice), still running
      ConnectorRunner lies = runners.getLast();
      await().atMost(Duration.ofSeconds(10)).until(() -> server.requests("/lies").size() >= 4);
      for (ConnectorRunner r : runners) {
        harness.stop(r);
      }
      assertThat(lies.status().rejected()).isEqualTo(1);
      assertThat(lies.status().failedReason()).isNull();
      var dlq = harness.dlq("rss-enc-lies", 1, Duration.ofSeconds(10));
      assertThat(dlq).singleElement().satisfies(d -> {
        assertThat(DeadLetters.header(d.headers(), DeadLetters.FIELD)).isEqualTo("feed");
        assertThat(DeadLetters.header(d.headers(), DeadLetters.ERROR)).startsWith("feed: not valid UTF-8")
            .endsWith(": byte 0xE9 at offset 160");
        assertThat(DeadLetters.header(d.headers(), DeadLetters.ORIGIN)).isEqualTo("rss-enc-lies feed " + server.baseUrl() + "/lies");
        assertThat(new String(d.value(), java.nio.charset.StandardCharsets.UTF_8))
            .contains("<title>D\uFFFDclar\uFFFD UTF-8, \uFFFDcrit en Latin-1</title>");
      });
      assertThat(harness.dlq("rss-enc-", 1, Duration.ofSeconds(2))).as("only the lying feed").hasSize(1);
    }
  }

  @Test
  void aCrashBetweenSendAndCommitNeitherLosesNorRepeats() throws Exception {
    try (StubHttp server = StubHttp.start()) {
      Feed feed = new Feed();
      feed.serve(server, "/crash");
      String id = "rss-crash";
      String url = server.baseUrl() + "/crash";
      // commit 1: feed v1; commit 2 (feed v2's new items) crashes
      var producer = new CrashingProducer(KafkaClients.transactionalProducer(harness.config(), "it-rss-crash",
          Runners.transactionalId(id)), 2);
      ConnectorRunner first = new ConnectorRunner(connector(id, url), producer, "", RateLimiter.unlimited(), InstantSource.system());
      Thread t = Thread.ofPlatform().start(first);
      await().atMost(Duration.ofSeconds(20)).until(() -> producer.commits() >= 1);
      feed.version.set("v2");
      await().atMost(Duration.ofSeconds(20)).until(() -> producer.commits() >= 2);
      first.stop();
      t.join(Duration.ofSeconds(20));

      ConnectorRunner second = harness.start(connector(id, url));
      String prefix = "rss:https://forum.example/crash/t/";
      List<Mention> got = harness.raw(m -> m.id().startsWith(prefix), 6, Duration.ofSeconds(30));
      harness.stop(second);
      assertThat(counts(got)).hasSize(6).allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
      assertThat(harness.dlq("rss-crash", 0, Duration.ofSeconds(3))).isEmpty();
    }
  }
}
