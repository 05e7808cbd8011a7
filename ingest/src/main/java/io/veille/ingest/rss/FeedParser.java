package io.veille.ingest.rss;

import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.feed.atom.Content;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.feed.module.DCModule;
import com.rometools.rome.feed.module.DCSubject;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.rss.Item;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SAXBuilder;
import com.rometools.rome.io.WireFeedInput;
import com.rometools.rome.io.XmlReader;
import com.rometools.rome.io.impl.XmlFixerReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UnsupportedEncodingException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.JDOMException;
import org.jdom2.Namespace;
import org.jdom2.input.JDOMParseException;
import org.jdom2.output.Format;
import org.jdom2.output.XMLOutputter;

/**
 * Reads RSS 0.90 to 2.0, RSS 1.0 (RDF) and Atom 0.3 and 1.0 with Rome. The XML is parsed by Rome's
 * SAX builder, hardened: a document with a DOCTYPE is refused (so no DTD is loaded and no entity,
 * external or internal, is ever expanded), external entities and DTD loading are off besides, and
 * Rome's healer turns HTML entities ({@code &eacute;}) into characters and drops what comes before
 * the XML declaration. It extracts raw strings only; {@link FeedMapping} interprets them, so one bad
 * item never fails the feed.
 *
 * <p>Dates are the exception to "everything from Rome": Rome misreads some dates instead of giving
 * up (a fraction {@code .25} read as 25 ms, {@code 32 Jan} read as 1 Feb), so each entry carries
 * the date element's text as written, for {@link FeedDates}; Rome's own reading is used only when
 * no such element is there (a {@code dc:date} in an Atom entry).
 *
 * <p>Encodings are the other: Rome's {@link XmlReader} finds a feed's encoding ({@link #encoding},
 * with three corrections), but its reader turns bytes it cannot decode into U+FFFD without a word;
 * {@link #decode} decodes strictly instead, so a feed that is not what it says is rejected with the
 * offset of its first bad byte, and reads ISO-8859-1 as windows-1252 as browsers do.
 */
final class FeedParser {
  static final String ATOM_10 = "http://www.w3.org/2005/Atom";
  static final String ATOM_03 = "http://purl.org/atom/ns#";
  static final String DC = "http://purl.org/dc/elements/1.1/";
  static final String SLASH = "http://purl.org/rss/1.0/modules/slash/";
  static final String THR = "http://purl.org/syndication/thread/1.0";

  /** The item's XML in the DLQ, at most this many characters. */
  static final int MAX_RAW = 65_536;

  /** A feed that is not XML, or not RSS or Atom. */
  static final class FeedFormatException extends Exception {
    FeedFormatException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * One item or entry, as strings; null where absent. {@code summary} and {@code content} are HTML
   * (a plain-text construct is escaped), {@code title} is HTML unless {@code titleType} is
   * {@code text}. {@code published} and {@code updated} are the dates as written.
   */
  record Entry(String guid, boolean guidIsPermaLink, String link, String title, String titleType, String summary,
      String content, String published, String updated, String author, String lang, String replies, String inReplyTo,
      List<String> categories, Element node) {
    /** The item's XML, for the DLQ (at most {@link #MAX_RAW} characters). */
    String raw() {
      if (node == null) {
        return "<item><title>" + escape(title) + "</title><link>" + escape(link) + "</link></item>";
      }
      String s = new XMLOutputter(Format.getRawFormat().setOmitDeclaration(true)).outputString(node);
      return s.length() <= MAX_RAW ? s : s.substring(0, MAX_RAW);
    }
  }

  /** {@code format}: Rome's name of the feed type ({@code rss_2.0}, {@code rss_1.0}, {@code atom_0.3}...). */
  record Feed(String format, String lang, List<Entry> entries) {}

  /** Rome's input, with its SAX builder at hand so that the entries' elements can be kept. */
  private static final class Input extends WireFeedInput {
    Input() {
      setAllowDoctypes(false);
    }

    SAXBuilder saxBuilder() {
      return createSAXBuilder();
    }
  }

  private FeedParser() {}

  /** A feed already decoded (the XML declaration's encoding is then ignored). */
  static Feed parse(String xml) throws FeedFormatException {
    return read(new StringReader(xml.startsWith("\uFEFF") ? xml.substring(1) : xml));
  }

  /**
   * A feed as its bytes came, in the encoding {@link #encoding} finds, decoded strictly: bytes that
   * are not valid in that encoding fail the feed ({@code not valid UTF-8 ...: byte 0xE9 at offset
   * 160}) rather than become U+FFFD in the mentions.
   */
  static Feed parse(byte[] body, String contentType) throws FeedFormatException {
    return parse(decode(body, encoding(body, contentType)));
  }

  /**
   * The feed's encoding, by Rome's {@link XmlReader} rules in its lenient mode (RFC 3023 as Rome
   * reads it: the XML declaration's {@code encoding}, else the {@code Content-Type}'s charset
   * (may be null), else a guess from the first bytes), with three differences: a byte order mark
   * decides over both (Rome lets a declaration override it, and ignores a UTF-16BE one on
   * {@code text/xml}); a {@code text/*} type without a charset and a document that
   * declares nothing is UTF-8 as RFC 7303 says, not RFC 3023's US-ASCII; and blanks before the XML
   * declaration, which the healer skips, do not hide it.
   */
  static String encoding(byte[] body, String contentType) throws FeedFormatException {
    int n = body.length;
    if (n >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF) {
      return "UTF-8";
    }
    if (n >= 2 && (body[0] & 0xFF) == 0xFE && (body[1] & 0xFF) == 0xFF) {
      return "UTF-16BE";
    }
    if (n >= 2 && (body[0] & 0xFF) == 0xFF && (body[1] & 0xFF) == 0xFE) {
      return "UTF-16LE";
    }
    int start = 0;
    while (start < n && (body[start] == ' ' || body[start] == '\t' || body[start] == '\r' || body[start] == '\n')) {
      start++;
    }
    if (start == n || body[start] != '<') {
      start = 0; // not blanks before markup in an ASCII-compatible encoding: Rome sees the bytes as they are
    }
    try (XmlReader r = new XmlReader(new ByteArrayInputStream(body, start, n - start), contentType, true, "UTF-8")) {
      return r.getEncoding();
    } catch (UnsupportedEncodingException e) {
      throw new FeedFormatException("unknown encoding '" + e.getMessage() + "' (the feed's XML declaration or Content-Type)", e);
    } catch (IOException e) {
      throw new FeedFormatException("not readable XML: " + e.getMessage(), e);
    }
  }

  /** windows-1252 for every byte; the five it leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) as in ISO-8859-1. */
  private static final char[] WINDOWS_1252 = windows1252Table();

  private static char[] windows1252Table() {
    CharsetDecoder d = Charset.forName("windows-1252").newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    char[] table = new char[256];
    for (int b = 0; b < 256; b++) {
      try {
        table[b] = d.decode(ByteBuffer.wrap(new byte[] {(byte) b})).get();
      } catch (CharacterCodingException e) {
        table[b] = (char) b;
      }
    }
    return table;
  }

  /** Read as windows-1252 (see {@link #decode}): ISO-8859-1 and windows-1252 themselves. */
  private static boolean windows1252(Charset charset) {
    return charset.equals(StandardCharsets.ISO_8859_1) || charset.name().equals("windows-1252");
  }

  /** The first {@code length} bytes as windows-1252: every byte is a character. */
  private static String windows1252(byte[] body, int length) {
    char[] text = new char[length];
    for (int i = 0; i < length; i++) {
      text[i] = WINDOWS_1252[body[i] & 0xFF];
    }
    return new String(text);
  }

  /**
   * The bytes as text in {@code encoding}, strictly: the first malformed or unmappable byte fails
   * the feed, with its offset. ISO-8859-1 is read as windows-1252, as the WHATWG encoding standard
   * (and so every browser) does: feeds labelled Latin-1 are often written in windows-1252, and
   * 0x80-0x9F then are {@code € ’ “ ” …}, not invisible C1 control characters; every byte stays
   * readable.
   */
  static String decode(byte[] body, String encoding) throws FeedFormatException {
    Charset charset;
    try {
      charset = Charset.forName(encoding);
    } catch (IllegalArgumentException e) {
      throw new FeedFormatException("unknown encoding '" + encoding + "' (the feed's XML declaration or Content-Type)", e);
    }
    if (windows1252(charset)) {
      return windows1252(body, body.length);
    }
    ByteBuffer in = ByteBuffer.wrap(body);
    try {
      return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(in).toString();
    } catch (CharacterCodingException e) {
      int at = in.position(); // a decoder stops at the first byte it cannot read
      throw new FeedFormatException("not valid " + charset.name() + " (the encoding read from the feed's byte order mark, XML"
          + " declaration or Content-Type, else UTF-8): byte " + String.format(Locale.ROOT, "0x%02X", body[at] & 0xFF)
          + " at offset " + at, e);
    }
  }

  /**
   * The bytes as a person can read them, for the DLQ: in the feed's encoding when it is known
   * (else UTF-8), bytes not valid in it shown as U+FFFD; at most {@code maxChars} characters.
   */
  static String readable(byte[] body, String contentType, int maxChars) {
    Charset charset = StandardCharsets.UTF_8;
    try {
      charset = Charset.forName(encoding(body, contentType));
    } catch (FeedFormatException | IllegalArgumentException e) {
      // an unknown encoding: UTF-8, the rejection's reason names the encoding
    }
    // at most 4 bytes a character: enough bytes for maxChars in any encoding Java reads
    String s = windows1252(charset) ? windows1252(body, Math.min(body.length, maxChars))
        : new String(body, 0, (int) Math.min(body.length, 4L * maxChars), charset);
    if (s.length() <= maxChars) {
      return s;
    }
    return s.substring(0, Character.isHighSurrogate(s.charAt(maxChars - 1)) ? maxChars - 1 : maxChars);
  }

  private static Feed read(Reader reader) throws FeedFormatException {
    Input input = new Input();
    Document doc;
    try {
      doc = input.saxBuilder().build(new XmlFixerReader(reader));
    } catch (JDOMParseException e) {
      String reason = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
      throw new FeedFormatException("not well-formed XML at line " + e.getLineNumber() + ", column " + e.getColumnNumber()
          + ": " + reason, e);
    } catch (JDOMException | IOException e) {
      throw new FeedFormatException("not readable XML: " + e.getMessage(), e);
    }
    Element root = doc.getRootElement();
    WireFeed wire = wireFeed(input, doc, root);
    if (wire instanceof com.rometools.rome.feed.atom.Feed atom) {
      List<Element> nodes = zip(root.getChildren("entry", root.getNamespace()), atom.getEntries().size());
      String feedLang = xmlLang(root);
      List<Entry> entries = new ArrayList<>();
      for (int i = 0; i < atom.getEntries().size(); i++) {
        entries.add(atomEntry(atom.getEntries().get(i), nodes.get(i), wire.getFeedType()));
      }
      return new Feed(wire.getFeedType(), feedLang, entries);
    }
    Channel channel = (Channel) wire;
    List<Element> nodes = zip(itemElements(root), channel.getItems().size());
    String feedLang = blankToNull(channel.getLanguage());
    if (feedLang == null && channel.getModule(DCModule.URI) instanceof DCModule dc) {
      feedLang = blankToNull(dc.getLanguage());
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < channel.getItems().size(); i++) {
      entries.add(rssItem(channel.getItems().get(i), nodes.get(i), wire.getFeedType()));
    }
    return new Feed(wire.getFeedType(), feedLang, entries);
  }

  private static WireFeed wireFeed(Input input, Document doc, Element root) throws FeedFormatException {
    try {
      try {
        return input.build(doc);
      } catch (IllegalArgumentException e) {
        if (!root.getName().equals("rss")) {
          throw e;
        }
        // Rome knows <rss> by its version (none, 0.9x, 2.0...): an odd one (version="2") is read as 2.0
        root.setAttribute("version", "2.0");
        return input.build(doc);
      }
    } catch (IllegalArgumentException e) {
      throw new FeedFormatException("neither RSS nor Atom: the root element is <" + root.getQualifiedName() + ">", e);
    } catch (FeedException | RuntimeException e) {
      throw new FeedFormatException("not a readable feed: " + e, e);
    }
  }

  /** The item elements Rome reads: {@code channel/item} under {@code <rss>}, {@code item} under RDF's root. */
  private static List<Element> itemElements(Element root) {
    if (root.getName().equals("rss")) {
      Element channel = root.getChild("channel", root.getNamespace());
      return channel == null ? List.of() : channel.getChildren("item", root.getNamespace());
    }
    Element channel = null;
    for (Element e : root.getChildren()) {
      if (e.getName().equals("channel")) {
        channel = e;
        break;
      }
    }
    return channel == null ? List.of() : root.getChildren("item", channel.getNamespace());
  }

  /** The entries' elements in Rome's order; none at all (raw strings then come from Rome) if the counts differ. */
  private static List<Element> zip(List<Element> elements, int entries) {
    return elements.size() == entries ? elements : Collections.nCopies(entries, null);
  }

  private static Entry rssItem(Item item, Element e, String format) {
    DCModule dc = item.getModule(DCModule.URI) instanceof DCModule d ? d : null;
    String guid = item.getGuid() == null ? null : blankToNull(item.getGuid().getValue());
    boolean permaLink = guid != null && item.getGuid().isPermaLink();
    if (guid == null && format.equals("rss_1.0")) {
      guid = blankToNull(item.getUri()); // rdf:about
      permaLink = guid != null;
    }
    String published = text(e, e == null ? null : e.getNamespace(), "pubDate");
    if (published == null) {
      published = text(e, Namespace.getNamespace(DC), "date");
    }
    if (published == null) {
      published = iso(item.getPubDate() != null ? item.getPubDate() : dc == null ? null : dc.getDate());
    }
    String author = dc == null ? null : blankToNull(dc.getCreator());
    if (author == null) {
      author = blankToNull(item.getAuthor());
    }
    List<String> categories = new ArrayList<>();
    item.getCategories().forEach(c -> add(categories, c.getValue()));
    if (dc != null) {
      for (DCSubject s : dc.getSubjects()) {
        if (!categories.contains(s.getValue())) {
          add(categories, s.getValue());
        }
      }
    }
    return new Entry(guid, permaLink, blankToNull(item.getLink()), blankToNull(item.getTitle()), "html",
        item.getDescription() == null ? null : blankToNull(item.getDescription().getValue()),
        item.getContent() == null ? null : blankToNull(item.getContent().getValue()), published, null, author,
        dc == null ? null : blankToNull(dc.getLanguage()), foreign(item.getForeignMarkup(), SLASH, "comments"), null,
        categories, e);
  }

  private static Entry atomEntry(com.rometools.rome.feed.atom.Entry entry, Element e, String format) {
    boolean v03 = format.equals("atom_0.3");
    String link = null;
    if (!entry.getAlternateLinks().isEmpty()) {
      link = href(entry.getAlternateLinks().get(0));
    }
    for (Link l : entry.getOtherLinks()) {
      String rel = l.getRel() == null ? "" : l.getRel().strip();
      if (link == null && !rel.equals("self") && !rel.equals("edit") && !rel.equals("replies")) {
        link = href(l);
      }
    }
    String author = null;
    if (!entry.getAuthors().isEmpty()) {
      SyndPerson p = entry.getAuthors().get(0);
      author = blankToNull(p.getName()) != null ? blankToNull(p.getName()) : blankToNull(p.getEmail());
    }
    Namespace ns = e == null ? null : e.getNamespace();
    String published = text(e, ns, v03 ? "issued" : "published");
    if (published == null && v03) {
      published = text(e, ns, "created");
    }
    String updated = text(e, ns, v03 ? "modified" : "updated");
    if (published == null && updated == null) {
      Date d = v03 ? (entry.getIssued() != null ? entry.getIssued() : entry.getCreated()) : entry.getPublished();
      if (d == null && entry.getModule(DCModule.URI) instanceof DCModule dc) {
        d = dc.getDate();
      }
      published = iso(d);
      updated = iso(v03 ? entry.getModified() : entry.getUpdated());
    }
    List<String> categories = new ArrayList<>();
    for (com.rometools.rome.feed.atom.Category c : entry.getCategories()) {
      add(categories, blankToNull(c.getLabel()) != null ? c.getLabel() : c.getTerm());
    }
    String content = null;
    for (Content c : entry.getContents()) {
      content = html(c, v03);
      if (content != null) {
        break;
      }
    }
    Element reply = foreignElement(entry.getForeignMarkup(), THR, "in-reply-to");
    Content title = entry.getTitleEx();
    return new Entry(blankToNull(entry.getId()), false, link, title == null ? null : blankToNull(title.getValue()),
        textKind(title, v03),
        html(entry.getSummary(), v03), content, published, updated, author, e == null ? null : xmlLang(e),
        foreign(entry.getForeignMarkup(), THR, "total"), reply == null ? null : blankToNull(reply.getAttributeValue("ref")),
        categories, e);
  }

  /**
   * Whether an Atom text construct is plain text ({@code text}) or markup ({@code html}). Atom 1.0
   * says it in {@code type} (text, html, xhtml); Atom 0.3 in {@code mode}: {@code xml}, the default,
   * is markup (Rome gives it serialised, a plain text escaped), {@code escaped} and {@code base64}
   * are text or markup as their MIME {@code type} says.
   */
  private static String textKind(Content c, boolean v03) {
    if (c == null) {
      return "text";
    }
    String type = c.getType() == null ? "" : c.getType().strip().toLowerCase(Locale.ROOT);
    if (v03) {
      String mode = c.getMode() == null ? Content.XML : c.getMode().strip().toLowerCase(Locale.ROOT);
      if (mode.equals(Content.XML)) {
        return "html";
      }
      return type.isEmpty() || type.equals("text/plain") ? "text" : "html";
    }
    return type.isEmpty() || type.equals("text") || type.equals("text/plain") ? "text" : "html";
  }

  /** A text construct as HTML (plain text escaped) so that one HTML-to-text reads all of them. */
  private static String html(Content c, boolean v03) {
    if (c == null || blankToNull(c.getValue()) == null) {
      return null;
    }
    String v = c.getValue().strip();
    return textKind(c, v03).equals("text") ? escape(v) : v;
  }

  private static String href(Link l) {
    return blankToNull(l.getHrefResolved() != null ? l.getHrefResolved() : l.getHref());
  }

  /** The text of the first extension element {@code ns:name} Rome kept as foreign markup. */
  private static String foreign(List<Element> markup, String ns, String name) {
    Element e = foreignElement(markup, ns, name);
    return e == null ? null : blankToNull(e.getText());
  }

  private static Element foreignElement(List<Element> markup, String ns, String name) {
    for (Element e : markup) {
      if (e.getName().equals(name) && ns.equals(e.getNamespaceURI())) {
        return e;
      }
    }
    return null;
  }

  /** The text of a child element as written (dates: Rome's reading is not kept raw). */
  private static String text(Element parent, Namespace ns, String name) {
    if (parent == null || ns == null) {
      return null;
    }
    Element c = parent.getChild(name, ns);
    return c == null ? null : blankToNull(c.getText());
  }

  private static String xmlLang(Element e) {
    return blankToNull(e.getAttributeValue("lang", Namespace.XML_NAMESPACE));
  }

  private static String iso(Date d) {
    return d == null ? null : d.toInstant().toString();
  }

  private static void add(List<String> list, String s) {
    if (blankToNull(s) != null) {
      list.add(s.strip());
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static String escape(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
