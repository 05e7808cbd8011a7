package io.veille.ingest.rss;

import io.veille.common.testing.StubHttp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veille.ingest.rss.FeedParser.FeedFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

  static String title(FeedParser.Feed feed) {
    return feed.entries().get(0).title();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  @Test
  void whereTheEncodingRulesDifferFromRomesOwnReader() throws Exception {
    String doc = rss("<item><title>Écoute, ça coûte</title></item>");
    String declared = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + doc;
    // a byte order mark is the encoding, whatever the declaration and the header say (Rome lets the declaration win)
    byte[] utf8Bom = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, declared.getBytes(StandardCharsets.UTF_8));
    assertThat(title(FeedParser.parse(utf8Bom, "text/xml; charset=ISO-8859-1"))).isEqualTo("Écoute, ça coûte");
    byte[] utf16Bom = ("\uFEFF<?xml version=\"1.0\"?>" + doc).getBytes(StandardCharsets.UTF_16BE);
    assertThat(title(FeedParser.parse(utf16Bom, "text/xml"))).as("Rome ignores this byte order mark").isEqualTo("Écoute, ça coûte");
    // text/* without a charset, nothing declared: UTF-8 (RFC 7303), not RFC 3023's US-ASCII
    byte[] undeclared = ("<?xml version=\"1.0\"?>" + doc).getBytes(StandardCharsets.UTF_8);
    for (String contentType : new String[] {"text/xml", "text/html", "text/plain"}) {
      assertThat(title(FeedParser.parse(undeclared, contentType))).as(contentType).isEqualTo("Écoute, ça coûte");
    }
    // blanks before the declaration (the healer skips them) do not hide its encoding
    byte[] blanks = ("\r\n  " + declared).getBytes(StandardCharsets.ISO_8859_1);
    assertThat(title(FeedParser.parse(blanks, "application/rss+xml"))).isEqualTo("Écoute, ça coûte");
  }

  @Test
  void bytesThatTheEncodingCannotReadAreAnErrorNotReplacementCharacters() {
    String undeclared = "<?xml version=\"1.0\"?>" + rss("<item><title>Écoute, ça coûte</title></item>");
    byte[] latin1 = undeclared.getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> FeedParser.parse(latin1, "application/rss+xml")).isInstanceOf(FeedFormatException.class)
        .hasMessageStartingWith("not valid UTF-8").hasMessageEndingWith(": byte 0xC9 at offset " + undeclared.indexOf('É'));
    // a lone continuation byte, a truncated sequence at the very end
    byte[] truncated = concat(undeclared.replace("</channel></rss>", "").getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3});
    assertThatThrownBy(() -> FeedParser.parse(truncated, "application/rss+xml")).isInstanceOf(FeedFormatException.class)
        .hasMessageEndingWith(": byte 0xC3 at offset " + (truncated.length - 1));
    byte[] ascii = ("<?xml version=\"1.0\" encoding=\"US-ASCII\"?>" + rss("<item><title>Écoute</title></item>"))
        .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> FeedParser.parse(ascii, null)).hasMessageStartingWith("not valid US-ASCII");
    // an encoding Java does not know
    byte[] klingon = ("<?xml version=\"1.0\" encoding=\"x-klingon\"?>" + rss("")).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> FeedParser.parse(klingon, null)).isInstanceOf(FeedFormatException.class)
        .hasMessageStartingWith("unknown encoding 'X-KLINGON'");
    assertThatThrownBy(() -> FeedParser.parse(undeclared.getBytes(StandardCharsets.UTF_8), "text/xml; charset=x-klingon"))
        .isInstanceOf(FeedFormatException.class).hasMessageStartingWith("unknown encoding 'X-KLINGON'");
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
