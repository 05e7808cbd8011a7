package io.veille.ingest.rss;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 with the JDK's DOM parser, hardened: no DTD loading,
 * no external entities, no XInclude, the JDK's secure-processing limits on entity expansion. It
 * extracts raw strings only; {@link FeedMapping} interprets them, so one bad item never fails the
 * feed. Elements are matched by local name, with the namespace checked where names collide
 * (Atom's {@code link} and {@code author} against RSS's).
 */
final class FeedParser {
  static final String ATOM = "http://www.w3.org/2005/Atom";
  static final String DC = "http://purl.org/dc/elements/1.1/";
  static final String CONTENT = "http://purl.org/rss/1.0/modules/content/";
  static final String SLASH = "http://purl.org/rss/1.0/modules/slash/";
  static final String THR = "http://purl.org/syndication/thread/1.0";
  static final String XML_NS = "http://www.w3.org/XML/1998/namespace";

  /** A feed that is not XML, or not RSS or Atom. */
  static final class FeedFormatException extends Exception {
    FeedFormatException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** One item or entry, as strings; null where absent. */
  record Entry(String guid, boolean guidIsPermaLink, String link, String title, String titleType, String summary,
      String content, String published, String publishedElement, String updated, String author, String lang,
      String replies, String inReplyTo, List<String> categories, Element node) {
    /** The item's XML, for the DLQ. */
    String raw() {
      return xml(node);
    }
  }

  record Feed(String format, String lang, List<Entry> entries) {}

  private FeedParser() {}

  static Feed parse(String xml) throws FeedFormatException {
    Document doc;
    try {
      DocumentBuilder b = factory().newDocumentBuilder();
      b.setErrorHandler(null);
      b.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
      doc = b.parse(new InputSource(new StringReader(xml.strip())));
    } catch (SAXParseException e) {
      throw new FeedFormatException("not well-formed XML at line " + e.getLineNumber() + ", column " + e.getColumnNumber()
          + ": " + e.getMessage(), e);
    } catch (SAXException | java.io.IOException | ParserConfigurationException e) {
      throw new FeedFormatException("not readable XML: " + e.getMessage(), e);
    }
    Element root = doc.getDocumentElement();
    String name = root.getLocalName() == null ? root.getTagName() : root.getLocalName();
    List<Entry> entries = new ArrayList<>();
    switch (name) {
      case "feed" -> {
        String lang = attr(root, XML_NS, "lang");
        for (Element e : children(root, ATOM, "entry")) {
          entries.add(atomEntry(e, lang));
        }
        return new Feed("atom", lang, entries);
      }
      case "rss", "RDF" -> {
        Element channel = first(root, "channel");
        String lang = channel == null ? null : text(first(channel, "language"));
        if (lang == null && channel != null) {
          lang = text(first(channel, DC, "language"));
        }
        List<Element> items = new ArrayList<>(children(root, "item"));
        if (channel != null) {
          items.addAll(children(channel, "item"));
        }
        for (Element e : items) {
          entries.add(rssItem(e));
        }
        return new Feed(name.equals("rss") ? "rss" : "rdf", lang, entries);
      }
      default -> throw new FeedFormatException("neither RSS nor Atom: the root element is <" + root.getTagName() + ">", null);
    }
  }

  private static Entry rssItem(Element e) {
    Element guid = first(e, "guid");
    boolean permaLink = guid != null && !"false".equalsIgnoreCase(guid.getAttribute("isPermaLink").trim());
    String guidText = text(guid);
    if (guidText == null && e.hasAttributeNS("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "about")) {
      guidText = e.getAttributeNS("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "about").strip();
      permaLink = true;
    }
    String published = text(first(e, "pubDate"));
    String publishedElement = "pubDate";
    if (published == null) {
      published = text(first(e, DC, "date"));
      publishedElement = "dc:date";
    }
    String author = text(first(e, DC, "creator"));
    if (author == null) {
      author = text(first(e, "author"));
    }
    List<String> categories = new ArrayList<>();
    for (Element c : children(e, "category")) {
      if (text(c) != null) {
        categories.add(text(c));
      }
    }
    for (Element c : children(e, DC, "subject")) {
      if (text(c) != null) {
        categories.add(text(c));
      }
    }
    return new Entry(guidText, permaLink, text(first(e, "link")), text(first(e, "title")), "html",
        text(first(e, "description")), text(first(e, CONTENT, "encoded")), published, publishedElement, null,
        author, text(first(e, DC, "language")), text(first(e, SLASH, "comments")), null, categories, e);
  }

  private static Entry atomEntry(Element e, String feedLang) {
    String link = null;
    for (Element l : children(e, ATOM, "link")) {
      String rel = l.getAttribute("rel").strip();
      if (rel.isEmpty() || rel.equals("alternate")) {
        link = l.getAttribute("href").strip();
        break;
      }
      if (link == null && !rel.equals("self") && !rel.equals("edit") && !rel.equals("replies")) {
        link = l.getAttribute("href").strip();
      }
    }
    Element author = first(e, ATOM, "author");
    String authorName = author == null ? null : text(first(author, ATOM, "name"));
    if (authorName == null && author != null) {
      authorName = text(first(author, ATOM, "email"));
    }
    Element title = first(e, ATOM, "title");
    Element summary = first(e, ATOM, "summary");
    Element content = first(e, ATOM, "content");
    Element reply = first(e, THR, "in-reply-to");
    String lang = attr(e, XML_NS, "lang");
    List<String> categories = new ArrayList<>();
    for (Element c : children(e, ATOM, "category")) {
      String t = c.getAttribute("label").isBlank() ? c.getAttribute("term") : c.getAttribute("label");
      if (!t.isBlank()) {
        categories.add(t.strip());
      }
    }
    return new Entry(text(first(e, ATOM, "id")), false, link == null || link.isEmpty() ? null : link, atomText(title),
        title == null ? "text" : type(title), atomText(summary), atomText(content), text(first(e, ATOM, "published")),
        "published", text(first(e, ATOM, "updated")), authorName, lang, text(first(e, THR, "total")),
        reply == null ? null : blankToNull(reply.getAttribute("ref")), categories, e);
  }

  /** An Atom text construct as HTML (text escaped, xhtml serialised) so that one HTML-to-text reads all three. */
  private static String atomText(Element e) {
    if (e == null) {
      return null;
    }
    return switch (type(e)) {
      case "xhtml" -> {
        StringBuilder sb = new StringBuilder();
        NodeList kids = e.getChildNodes();
        for (int i = 0; i < kids.getLength(); i++) {
          Node k = kids.item(i);
          sb.append(k instanceof Element el ? xml(el) : k.getTextContent());
        }
        yield blankToNull(sb.toString());
      }
      case "html" -> text(e);
      default -> {
        String t = text(e);
        yield t == null ? null : t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
      }
    };
  }

  private static String type(Element e) {
    String t = e.getAttribute("type").strip().toLowerCase(Locale.ROOT);
    return t.isEmpty() || t.equals("text") || t.equals("text/plain") ? "text" : t.equals("xhtml") ? "xhtml" : "html";
  }

  private static DocumentBuilderFactory factory() throws ParserConfigurationException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    f.setValidating(false);
    return f;
  }

  private static List<Element> children(Element parent, String localName) {
    return children(parent, null, localName);
  }

  /** Direct children with this local name (and namespace, when given; any namespace when null). */
  private static List<Element> children(Element parent, String ns, String localName) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        String ln = e.getLocalName() == null ? e.getTagName() : e.getLocalName();
        if (ln.equals(localName) && (ns == null ? !isExtension(e) : ns.equals(e.getNamespaceURI()))) {
          out.add(e);
        }
      }
    }
    return out;
  }

  /** RSS core elements have no namespace (or RSS 1.0's); extension modules must be asked for by namespace. */
  private static boolean isExtension(Element e) {
    String ns = e.getNamespaceURI();
    return ns != null && !ns.equals("http://purl.org/rss/1.0/") && !ns.equals("http://my.netscape.com/rdf/simple/0.9/");
  }

  private static Element first(Element parent, String localName) {
    List<Element> l = children(parent, localName);
    return l.isEmpty() ? null : l.get(0);
  }

  private static Element first(Element parent, String ns, String localName) {
    List<Element> l = children(parent, ns, localName);
    return l.isEmpty() ? null : l.get(0);
  }

  private static String text(Element e) {
    return e == null ? null : blankToNull(e.getTextContent());
  }

  private static String attr(Element e, String ns, String name) {
    return e.hasAttributeNS(ns, name) ? blankToNull(e.getAttributeNS(ns, name)) : null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** The element as XML, for the DLQ (at most 64 KiB). */
  static String xml(Element e) {
    try {
      TransformerFactory tf = TransformerFactory.newInstance();
      tf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
      Transformer t = tf.newTransformer();
      t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      StringWriter w = new StringWriter();
      t.transform(new DOMSource(e), new StreamResult(w));
      String s = w.toString();
      return s.length() <= 65_536 ? s : s.substring(0, 65_536);
    } catch (TransformerException ex) {
      return e.getTextContent();
    }
  }
}
