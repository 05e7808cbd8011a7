package io.veille.ingest.rss;

import io.veille.common.testing.StubHttp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veille.common.model.Mention;
import io.veille.ingest.spi.SourceSettings;
import io.veille.ingest.http.HttpFailure;
import io.veille.ingest.http.HttpFetcher;
import io.veille.common.testing.StubHttp.Fault;
import io.veille.ingest.spi.Item;
import io.veille.ingest.spi.Page;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RssConnectorTest {
  static final Instant NOW = Instant.parse("2026-11-22T10:40:00Z");
  final StubHttp server = StubHttp.start();
  final AtomicReference<String> body = new AtomicReference<>();
  final AtomicReference<String> etag = new AtomicReference<>();
  /** When set, served as they are with {@link #contentType} instead of {@link #body}. */
  final AtomicReference<byte[]> bytes = new AtomicReference<>();
  final AtomicReference<String> contentType = new AtomicReference<>();

  @AfterEach
  void close() {
    server.close();
  }

  /** Serves {@link #body} with {@link #etag}, answering 304 to a matching If-None-Match. */
  RssConnector connector(Duration timeout) {
    server.on("/feed", ex -> {
      String inm = ex.getRequestHeaders().getFirst("If-None-Match");
      if (etag.get() != null) {
        ex.getResponseHeaders().set("ETag", etag.get());
        if (etag.get().equals(inm)) {
          StubHttp.send(ex, 304, null, null);
          return;
        }
      }
      ex.getResponseHeaders().set("Last-Modified", "Sun, 22 Nov 2026 10:30:00 GMT");
      if (bytes.get() != null) {
        StubHttp.sendBytes(ex, 200, contentType.get(), bytes.get());
        return;
      }
      StubHttp.send(ex, 200, "application/rss+xml; charset=utf-8", body.get());
    });
    return new RssConnector(new RssConnector.Settings("rss-test", server.baseUrl() + "/feed", Duration.ofMinutes(5), "de"),
        new HttpFetcher(timeout, "test"), InstantSource.fixed(NOW));
  }

  static List<Mention> mentions(Page p) {
    return p.items().stream().filter(Item::isMention).map(Item::mention).toList();
  }

  @Test
  void mapsAnRss2Feed() throws Exception {
    body.set(StubHttp.resource("fixtures/rss/rss2.xml"));
    Page p = connector(Duration.ofSeconds(5)).poll("");
    List<Mention> ms = mentions(p);
    assertThat(ms).hasSize(4);
    assertThat(p.items()).allSatisfy(i -> assertThat(i.isMention()).isTrue());
    Mention blog = ms.stream().filter(m -> m.id().equals("rss:https://blog.example/?p=4812")).findFirst().orElseThrow();
    assertThat(blog.source()).isEqualTo("rss");
    assertThat(blog.text()).isEqualTo("Acme : la hausse de prix qui ne passe pas\n\n"
        + "Les clients d’Acme découvrent une hausse de 40 %.\n\nBeaucoup résilient…");
    assertThat(blog.url()).isEqualTo("https://blog.example/2026/11/acme-hausse-prix/");
    assertThat(blog.lang()).isEqualTo("fr");
    assertThat(blog.publishedAt()).isEqualTo(Instant.parse("2026-11-22T10:15:00Z"));
    assertThat(blog.author().handle()).isEqualTo("Claire Martin");
    assertThat(blog.engagement().replies()).isEqualTo(17);
    assertThat(blog.extra().get("rss").toString()).contains("\"categories\":[\"Consommation\",\"Acme\"]");

    Mention forum = ms.stream().filter(m -> m.id().equals("rss:https://forum.example/t/acme-service-client/991")).findFirst().orElseThrow();
    assertThat(forum.text()).endsWith("Réponse en 48 h & problème résolu. Je recommande <3");
    assertThat(forum.author().handle()).isEqualTo("moderateur@forum.example");
    assertThat(forum.author().name()).isEqualTo("Le Modérateur");
    assertThat(forum.publishedAt()).isEqualTo(Instant.parse("2026-11-21T18:02:11Z"));

    Mention noGuid = ms.stream().filter(m -> m.id().equals("rss:/2026/11/sans-guid/".replace("rss:", "rss:" + feedKey() + ":")))
        .findFirst().orElseThrow();
    assertThat(noGuid.url()).isEqualTo(server.baseUrl() + "/2026/11/sans-guid/");
    assertThat(noGuid.publishedAt()).isEqualTo(Instant.parse("2026-11-21T13:00:00Z"));

    // an unreadable date no longer loses the item: fetch time, marked, and a warning for /health
    Mention undated = ms.stream().filter(m -> m.text().startsWith("Date illisible")).findFirst().orElseThrow();
    assertThat(undated.publishedAt()).isEqualTo(NOW);
    assertThat(undated.extra().get("rss").toString()).contains("\"publishedAtEstimated\":true")
        .contains("\"publishedAtRaw\":\"hier soir\"");
    assertThat(p.warnings()).singleElement().asString().contains("item 4799").contains("unreadable date 'hier soir'")
        .contains("fetch time used");
  }

  String feedKey() {
    return FeedMapping.sha256(server.baseUrl() + "/feed", 8);
  }

  @Test
  void mapsAnAtomFeed() throws Exception {
    body.set(StubHttp.resource("fixtures/rss/atom.xml"));
    List<Mention> ms = mentions(connector(Duration.ofSeconds(5)).poll(""));
    assertThat(ms).extracting(Mention::id)
        .containsExactly("rss:tag:watchers.example,2026:comment-3", "rss:tag:watchers.example,2026:post-17");
    Mention post = ms.get(1);
    assertThat(post.text()).isEqualTo("Acme finally answers\n\nThe CEO says prices <will> be reviewed.");
    assertThat(post.url()).isEqualTo("https://watchers.example/2026/acme-answers");
    assertThat(post.publishedAt()).isEqualTo(Instant.parse("2026-11-22T08:05:00Z"));
    assertThat(post.lang()).isEqualTo("en");
    assertThat(post.author().name()).isEqualTo("Sam Doe");
    assertThat(post.engagement().replies()).isEqualTo(4);
    Mention comment = ms.get(0);
    assertThat(comment.text()).isEqualTo("Commentaire de Léa\n\nTrop tard pour moi : j'ai résilié.");
    assertThat(comment.lang()).isEqualTo("fr");
    assertThat(comment.publishedAt()).as("no <published>: <updated>").isEqualTo(Instant.parse("2026-11-22T10:20:00Z"));
    assertThat(comment.inReplyTo()).isEqualTo("rss:tag:watchers.example,2026:post-17");
  }

  @Test
  void mapsAnRss1RdfFeed() throws Exception {
    body.set(StubHttp.resource("fixtures/rss/rss1-rdf.xml"));
    Page p = connector(Duration.ofSeconds(5)).poll("");
    List<Mention> ms = mentions(p);
    // rdf:about is the key; the oldest item is published first
    assertThat(ms).extracting(Mention::id)
        .containsExactly("rss:urn:uuid:7d3c5e1a-4b2f-4f0e-9a51-3c2b1d0e9f88", "rss:https://presse.example/a/2");
    Mention recall = ms.get(1);
    assertThat(recall.text()).isEqualTo("Acme rappelle ses trottinettes\n\nUn défaut de frein grave selon le fabricant.");
    assertThat(recall.url()).isEqualTo("https://presse.example/a/2");
    assertThat(recall.lang()).as("the channel's dc:language").isEqualTo("fr");
    // dc:date with a fraction: FeedDates reads .5 as 500 ms (Rome's own parser reads 5 ms)
    assertThat(recall.publishedAt()).isEqualTo(Instant.parse("2026-11-22T06:30:00.500Z"));
    assertThat(recall.author().name()).isEqualTo("La rédaction");
    assertThat(recall.engagement().replies()).isEqualTo(3);
    assertThat(recall.extra().get("rss").toString()).contains("\"categories\":[\"Rappel\"]");
    Mention english = ms.get(0);
    assertThat(english.lang()).as("the item's dc:language").isEqualTo("en");
    assertThat(english.publishedAt()).isEqualTo(Instant.parse("2026-11-21T18:00:00Z"));
    assertThat(english.url()).isEqualTo("https://presse.example/en/a/2");
    assertThat(english.author()).isNull();
    assertThat(p.warnings()).isEmpty();
  }

  @Test
  void mapsAnAtom03Feed() throws Exception {
    body.set(StubHttp.resource("fixtures/rss/atom03.xml"));
    List<Mention> ms = mentions(connector(Duration.ofSeconds(5)).poll(""));
    assertThat(ms).extracting(Mention::id).containsExactly("rss:tag:old.example,2026:entry-1", "rss:tag:old.example,2026:entry-2");
    Mention qa = ms.get(1);
    // text constructs in Atom 0.3's default mode (xml): the text is read once, not left escaped
    assertThat(qa.text()).isEqualTo("Acme: Q&A, twenty years on\n\nPrices <still> up, service down.");
    assertThat(qa.url()).isEqualTo("https://old.example/2026/11/acme-qa");
    assertThat(qa.publishedAt()).as("<issued>, not <modified>").isEqualTo(Instant.parse("2026-11-22T08:00:00Z"));
    assertThat(qa.lang()).as("the feed's xml:lang").isEqualTo("en");
    assertThat(qa.author().name()).isEqualTo("Kim");
    Mention de = ms.get(0);
    assertThat(de.text()).isEqualTo("Acme antwortet\n\nEndlich eine Antwort.");
    assertThat(de.lang()).isEqualTo("de");
    assertThat(de.url()).as("relative to the feed").isEqualTo(server.baseUrl() + "/2026/11/acme-de");
    assertThat(de.publishedAt()).as("no <issued>: <modified>").isEqualTo(Instant.parse("2026-11-21T20:00:00Z"));
    assertThat(de.author().handle()).isEqualTo("gast@old.example");
  }

  @Test
  void conditionalGetAndItemsOnce() throws Exception {
    body.set(StubHttp.resource("fixtures/rss/feed-v1.xml"));
    etag.set("\"v1\"");
    RssConnector c = connector(Duration.ofSeconds(5));
    Page first = c.poll("");
    assertThat(mentions(first)).hasSize(4).allSatisfy(m -> assertThat(m.lang()).isEqualTo("en"));
    assertThat(first.items()).hasSize(4);
    assertThat(first.warnings()).hasSize(1);

    Page notModified = c.poll(first.nextCursor());
    assertThat(notModified.items()).isEmpty();
    assertThat(notModified.nextCursor()).isEqualTo(first.nextCursor());
    assertThat(server.requests().get(1).headers()).containsEntry("if-none-match", "\"v1\"")
        .containsEntry("if-modified-since", "Sun, 22 Nov 2026 10:30:00 GMT");

    body.set(StubHttp.resource("fixtures/rss/feed-v2.xml"));
    etag.set("\"v2\"");
    Page second = c.poll(first.nextCursor());
    assertThat(mentions(second)).extracting(Mention::id).containsExactly("rss:https://forum.example/t/105", "rss:https://forum.example/t/106");
    // the same document without validators is recognised by its hash
    etag.set(null);
    assertThat(c.poll(second.nextCursor()).items()).isEmpty();
    // replaying a cursor gives the same page (what a restart after a crash does)
    assertThat(c.poll(first.nextCursor()).items()).isEqualTo(second.items());
  }

  /** Serves the fixture's bytes as they are, with this Content-Type (null: no Content-Type at all). */
  void serve(String fixture, String type) {
    bytes.set(StubHttp.resourceBytes("fixtures/rss/" + fixture));
    contentType.set(type);
  }

  /** The two items of the Latin-1 fixtures, oldest first, as they were written. */
  static final List<String> LATIN1_TEXTS = List.of(
      "Écoute client : Acme m'a déçu\n\nTrois semaines d'attente, ça coûte cher à la fin.",
      "« Ça coûte une fortune » : la hausse d'Acme\n\nMême les fidèles hésitent à rester.");

  @Test
  void aLatin1FeedIsReadInTheCharsetOfItsContentType() throws Exception {
    // ISO-8859-1 bytes, an XML declaration without encoding: only the header says Latin-1
    serve("latin1-charset-in-header.xml", "application/rss+xml; charset=ISO-8859-1");
    RssConnector c = connector(Duration.ofSeconds(5));
    Page p = c.poll("");
    assertThat(p.items()).allSatisfy(i -> assertThat(i.isMention()).isTrue());
    assertThat(mentions(p)).extracting(Mention::text).containsExactlyElementsOf(LATIN1_TEXTS);
    assertThat(mentions(p)).extracting(Mention::id)
        .containsExactly("rss:https://conso.example/t/ecoute", "rss:https://conso.example/t/hausse");
    // the bytes path keeps the conditional GET: the same ETag is a 304, an empty page
    etag.set("\"latin1\"");
    Page withValidator = c.poll("");
    Page notModified = c.poll(withValidator.nextCursor());
    assertThat(notModified.items()).isEmpty();
    assertThat(notModified.nextCursor()).isEqualTo(withValidator.nextCursor());
    assertThat(server.requests().getLast().headers()).containsEntry("if-none-match", "\"latin1\"")
        .containsEntry("if-modified-since", "Sun, 22 Nov 2026 10:30:00 GMT");
  }

  @Test
  void aLatin1FeedIsReadInTheEncodingOfItsXmlDeclarationWhenTheHeaderGivesNoCharset() throws Exception {
    // RFC 3023 would read text/xml without a charset as US-ASCII; the declaration wins (Rome, lenient)
    RssConnector c = connector(Duration.ofSeconds(5));
    for (String type : new String[] {"application/rss+xml", "text/xml", null}) {
      serve("latin1-xml-declaration.xml", type);
      Page p = c.poll("");
      assertThat(mentions(p)).as("Content-Type %s", type).extracting(Mention::text).containsExactlyElementsOf(LATIN1_TEXTS);
    }
  }

  @Test
  void aWindows1252FeedKeepsItsCurlyApostrophesAndEuros() throws Exception {
    String text = "L’abonnement Acme passe à 19,90 €\n\nC’est « inacceptable », disent les clients… et ça coûte 40 € de plus par an.";
    serve("windows-1252.xml", "text/xml");
    RssConnector c = connector(Duration.ofSeconds(5));
    assertThat(mentions(c.poll(""))).singleElement().satisfies(m -> {
      assertThat(m.text()).isEqualTo(text);
      assertThat(m.id()).isEqualTo("rss:https://blog.example/prix-2027");
    });
    // the same bytes labelled ISO-8859-1, header and declaration (a common mislabel): 0x80-0x9F are
    // read as windows-1252, as browsers do, not as invisible C1 control characters
    String relabelled = new String(StubHttp.resourceBytes("fixtures/rss/windows-1252.xml"), StandardCharsets.ISO_8859_1)
        .replace("encoding=\"windows-1252\"", "encoding=\"ISO-8859-1\"");
    bytes.set(relabelled.getBytes(StandardCharsets.ISO_8859_1));
    contentType.set("application/rss+xml; charset=ISO-8859-1");
    assertThat(mentions(c.poll(""))).singleElement().satisfies(m -> assertThat(m.text()).isEqualTo(text));
  }

  @Test
  void aFeedWhoseBytesAreNotInItsEncodingIsRejectedOnceWithWhereTheyBreak() throws Exception {
    // declared UTF-8 (declaration and header), written in ISO-8859-1: the first 'é' is byte 160
    serve("utf8-declared-latin1-bytes.xml", "application/rss+xml; charset=utf-8");
    RssConnector c = connector(Duration.ofSeconds(5));
    Page p = c.poll("");
    assertThat(p.items()).singleElement().satisfies(i -> {
      assertThat(i.isMention()).isFalse();
      assertThat(i.rejected().field()).isEqualTo("feed");
      assertThat(i.rejected().reason()).startsWith("not valid UTF-8").endsWith(": byte 0xE9 at offset 160");
      assertThat(i.rejected().where()).isEqualTo("feed " + server.baseUrl() + "/feed");
      // the DLQ keeps the document readable, the bad bytes shown as replacement characters
      assertThat(i.rejected().raw()).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
          .contains("<title>D\uFFFDclar\uFFFD UTF-8, \uFFFDcrit en Latin-1</title>");
    });
    // the same bytes again: nothing new, the broken document is not sent to the DLQ twice
    assertThat(c.poll(p.nextCursor()).items()).isEmpty();
  }

  @Test
  void aDocumentThatIsNotAFeedIsRejectedOnce() throws Exception {
    body.set(StubHttp.resource("fixtures/rss/not-a-feed.html"));
    RssConnector c = connector(Duration.ofSeconds(5));
    Page p = c.poll("");
    assertThat(p.items()).singleElement().satisfies(i -> {
      assertThat(i.rejected().field()).isEqualTo("feed");
      assertThat(i.rejected().reason()).startsWith("not well-formed XML at line");
      assertThat(i.rejected().where()).isEqualTo("feed " + server.baseUrl() + "/feed");
    });
    assertThat(c.poll(p.nextCursor()).items()).isEmpty();
  }

  @Test
  void externalEntitiesAreNeverResolved() throws Exception {
    body.set("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
        + "<rss version=\"2.0\"><channel><item><guid>x1</guid><title>t &xxe;</title><pubDate>Sun, 22 Nov 2026 09:00:00 GMT</pubDate></item></channel></rss>");
    Page p = connector(Duration.ofSeconds(5)).poll("");
    assertThat(p.items()).allSatisfy(i -> assertThat(i.isMention() ? i.mention().text() : i.rejected().reason()).doesNotContain("root:"));
  }

  @Test
  void httpFailuresAreRetriable() {
    body.set(StubHttp.resource("fixtures/rss/feed-v1.xml"));
    RssConnector c = connector(Duration.ofMillis(2000));
    server.fail(Fault.status(429, "<html><body>Too Many Requests</body></html>", Map.of("Retry-After", "120")),
        Fault.status(503, "<html><body>Service Unavailable</body></html>", Map.of()), Fault.hanging());
    assertThatThrownBy(() -> c.poll("")).isInstanceOfSatisfying(HttpFailure.class, f -> {
      assertThat(f.status()).isEqualTo(429);
      assertThat(f.retriable()).isTrue();
      assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(120));
    });
    assertThatThrownBy(() -> c.poll("")).isInstanceOfSatisfying(HttpFailure.class, f -> {
      assertThat(f.status()).isEqualTo(503);
      assertThat(f.retriable()).isTrue();
    });
    assertThatThrownBy(() -> c.poll("")).isInstanceOfSatisfying(HttpFailure.class, f -> {
      assertThat(f.status()).isZero();
      assertThat(f.retriable()).isTrue();
    });
  }

  @Test
  void datesInTheFormatsFeedsUse() {
    assertThat(FeedMapping.parseDate("Sun, 22 Nov 2026 10:15:00 +0100")).isEqualTo(Instant.parse("2026-11-22T09:15:00Z"));
    assertThat(FeedMapping.parseDate("22 Nov 2026 10:15 UT")).isEqualTo(Instant.parse("2026-11-22T10:15:00Z"));
    assertThat(FeedMapping.parseDate("Sun, 2 Nov 2026 10:15:00 PST")).isEqualTo(Instant.parse("2026-11-02T18:15:00Z"));
    assertThat(FeedMapping.parseDate("2026-11-22T10:15:00.250+02:00")).isEqualTo(Instant.parse("2026-11-22T08:15:00.250Z"));
    assertThat(FeedMapping.parseDate("2026-11-22")).isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));
  }

  @Test
  void theFactoryMakesOneConnectorPerFeedWithStableIds() {
    var s = SourceSettings.of("sources[1] (blogs)", Map.of("feeds", List.of("https://a.example/feed", "https://b.example/atom"),
        "interval", "10m", "language", "fr"), new RssConnectorFactory().keys());
    var cs = new RssConnectorFactory().create("blogs", s);
    s.checkAllUsed();
    assertThat(cs).extracting(c -> c.id()).containsExactly(
        "blogs-" + FeedMapping.sha256("https://a.example/feed", 8), "blogs-" + FeedMapping.sha256("https://b.example/atom", 8));
    assertThatThrownBy(() -> new RssConnectorFactory().create("blogs",
        SourceSettings.of("sources[1] (blogs)", Map.of("feeds", List.of("ftp://x")), new RssConnectorFactory().keys())))
        .hasMessageContaining("sources[1] (blogs).feeds[0]: must be an absolute http(s)");
    assertThatThrownBy(() -> new RssConnectorFactory().create("blogs",
        SourceSettings.of("sources[1] (blogs)", Map.of("feeds", "https://a.example/feed", "language", "French"), new RssConnectorFactory().keys())))
        .hasMessageContaining("sources[1] (blogs).language");
    assertThatThrownBy(() -> new RssConnectorFactory().create("blogs",
        SourceSettings.of("sources[1] (blogs)", Map.of("feeds", "https://a.example/feed", "max-body", "16 megs"),
            new RssConnectorFactory().keys())))
        .hasMessageStartingWith("sources[1] (blogs).max-body: not a size: '16 megs'");
  }
}
