package io.veille.ingest.rss;

import io.veille.ingest.testing.StubHttp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veille.ingest.rss.FeedParser.FeedFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Rome behind FeedParser: the formats, the encodings, what it refuses and the quirks it is spared. */
class FeedParserTest {
  static byte[] bytes(String path) {
    try (InputStream in = FeedParserTest.class.getClassLoader().getResourceAsStream(path)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String rss(String item) {
    return "<rss version=\"2.0\"><channel><title>t</title>" + item + "</channel></rss>";
  }

  @Test
  void everyFixtureIsReadAsItsFormat() throws Exception {
    assertThat(FeedParser.parse(StubHttp.resource("fixtures/rss/rss2.xml")).format()).isEqualTo("rss_2.0");
    assertThat(FeedParser.parse(StubHttp.resource("fixtures/rss/rss1-rdf.xml")).format()).isEqualTo("rss_1.0");
    assertThat(FeedParser.parse(StubHttp.resource("fixtures/rss/atom.xml")).format()).isEqualTo("atom_1.0");
    assertThat(FeedParser.parse(StubHttp.resource("fixtures/rss/atom03.xml")).format()).isEqualTo("atom_0.3");
    assertThat(FeedParser.parse("<rss version=\"0.91\"><channel><title>t</title><item><title>old</title></item></channel></rss>")
        .entries()).extracting(FeedParser.Entry::title).containsExactly("old");
  }

  @Test
  void bytesAreDecodedAsTheDocumentSays() throws Exception {
    // ISO-8859-1 bytes, declared in the XML declaration; the header says nothing, says XML, or says UTF-8 wrongly
    byte[] latin1 = bytes("fixtures/rss/rss2-latin1.xml");
    for (String contentType : new String[] {null, "application/rss+xml", "text/xml", "application/rss+xml; charset=utf-8"}) {
      FeedParser.Feed feed = FeedParser.parse(latin1, contentType);
      assertThat(feed.entries()).singleElement().satisfies(e -> {
        assertThat(e.title()).as(contentType).isEqualTo("Acme ferme l'usine de Nantes : « c'est fini »");
        assertThat(e.summary()).isEqualTo("Les salariés l'ont appris ce matin.");
      });
    }
    // UTF-8 with a byte order mark, as bytes and as a string
    byte[] utf8 = ("\uFEFF<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + rss("<item><title>Zoé</title></item>"))
        .getBytes(StandardCharsets.UTF_8);
    assertThat(FeedParser.parse(utf8, "text/xml").entries().get(0).title()).isEqualTo("Zoé");
    assertThat(FeedParser.parse(new String(utf8, StandardCharsets.UTF_8)).entries().get(0).title()).isEqualTo("Zoé");
    // what the connector gets today: HttpFetcher decodes every body as UTF-8, so the accents are already lost
    assertThat(FeedParser.parse(new String(latin1, StandardCharsets.UTF_8)).entries().get(0).title()).contains("\uFFFD");
  }

  @Test
  void noDoctypeSoNoEntityAndNoDtdIsEverRead() {
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
        + rss("<item><title>t &xxe;</title></item>");
    String laughs = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"lol\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
        + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
        + "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">]>"
        + rss("<item><title>&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;</title></item>");
    try (StubHttp server = StubHttp.start()) {
      server.on("/", ex -> StubHttp.send(ex, 200, "application/xml-dtd", "<!ENTITY x \"from the network\">"));
      String dtd = "<?xml version=\"1.0\"?><!DOCTYPE rss SYSTEM \"" + server.baseUrl() + "/rss.dtd\">" + rss("<item><title>t</title></item>");
      String parameter = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY % p SYSTEM \"" + server.baseUrl() + "/p.ent\"> %p;]>"
          + rss("<item><title>t</title></item>");
      // RSS 0.91 as Netscape wrote it carries a DOCTYPE too: refused as well (the price of reading no DTD at all)
      String netscape = "<?xml version=\"1.0\"?><!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" \""
          + server.baseUrl() + "/rss-0.91.dtd\"><rss version=\"0.91\"><channel><title>t</title><item><title>x</title></item></channel></rss>";
      for (String doc : new String[] {xxe, laughs, dtd, parameter, netscape}) {
        assertThatThrownBy(() -> FeedParser.parse(doc)).isInstanceOf(FeedFormatException.class)
            .hasMessageStartingWith("not well-formed XML at line 1").hasMessageContaining("DOCTYPE");
        assertThatThrownBy(() -> FeedParser.parse(doc.getBytes(StandardCharsets.UTF_8), "application/rss+xml"))
            .isInstanceOf(FeedFormatException.class).hasMessageContaining("DOCTYPE");
      }
      assertThat(server.requests()).as("nothing fetched").isEmpty();
    }
  }

  @Test
  void whatIsNotAFeedSaysWhy() {
    assertThatThrownBy(() -> FeedParser.parse("<html><body><p>502</p></body></html>"))
        .isInstanceOf(FeedFormatException.class).hasMessage("neither RSS nor Atom: the root element is <html>");
    assertThatThrownBy(() -> FeedParser.parse(rss("<item><title>unclosed</item>")))
        .isInstanceOf(FeedFormatException.class).hasMessageStartingWith("not well-formed XML at line 1, column");
    assertThatThrownBy(() -> FeedParser.parse("")).isInstanceOf(FeedFormatException.class);
  }

  @Test
  void theQuirksOfRealFeeds() throws Exception {
    // HTML entities outside CDATA (not XML), a comment before the declaration, an unknown RSS version
    FeedParser.Feed f = FeedParser.parse("  <!-- generated --><?xml version=\"1.0\"?><rss version=\"2\"><channel><title>t</title>"
        + "<item><title>Caf&eacute; &amp; cr&egrave;me&hellip;</title><guid isPermaLink=\"false\">a1</guid></item></channel></rss>");
    assertThat(f.entries()).singleElement().satisfies(e -> {
      assertThat(e.title()).isEqualTo("Café & crème…");
      assertThat(e.guid()).isEqualTo("a1");
      assertThat(e.guidIsPermaLink()).isFalse();
    });
    // an Atom text title is text: read once, never left escaped (the DOM parser's atomText escaped it for nothing)
    FeedParser.Feed atom = FeedParser.parse("<feed xmlns=\"http://www.w3.org/2005/Atom\"><id>f</id><entry><id>e</id>"
        + "<title>Q&amp;A: 1 &lt; 2</title><summary>a &amp; b</summary></entry></feed>");
    assertThat(atom.entries()).singleElement().satisfies(e -> {
      assertThat(e.title()).isEqualTo("Q&A: 1 < 2");
      assertThat(e.titleType()).isEqualTo("text");
      assertThat(e.summary()).as("HTML, for HtmlText").isEqualTo("a &amp; b");
    });
  }

  @Test
  void anItemKeepsItsXmlForTheDlqAndItsDatesAsWritten() throws Exception {
    FeedParser.Feed f = FeedParser.parse(rss("<item><title>t</title><pubDate>hier soir</pubDate><description>"
        + "x".repeat(100_000) + "</description></item><item><title>u</title><pubDate>Sun, 32 Jan 2004 10:00:00 GMT</pubDate></item>"));
    FeedParser.Entry big = f.entries().get(0);
    assertThat(big.raw()).startsWith("<item><title>t</title><pubDate>hier soir</pubDate>").hasSize(FeedParser.MAX_RAW);
    assertThat(big.published()).isEqualTo("hier soir");
    // Rome would read the 32nd of January as the 1st of February: the string is kept, FeedDates refuses it
    assertThat(f.entries().get(1).published()).isEqualTo("Sun, 32 Jan 2004 10:00:00 GMT");
    assertThat(FeedDates.parse(f.entries().get(1).published())).isNull();
  }
}
