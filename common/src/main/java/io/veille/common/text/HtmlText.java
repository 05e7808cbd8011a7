package io.veille.common.text;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small, careful HTML-to-plain-text conversion for the HTML fragments sources send (Mastodon
 * statuses, RSS descriptions, Hacker News comments): scripts, styles and comments dropped, tags
 * removed, {@code <br>} and block boundaries turned into line breaks, entities decoded (after the
 * tags are gone, so {@code &lt;b&gt;} stays literal text), whitespace tidied. It is not a browser:
 * it never needs to be, since only the words matter downstream.
 *
 * <p>Used by the rss, mastodon and hackernews connectors (ingest), hence here in common.
 */
public final class HtmlText {
  private HtmlText() {}

  private static final Pattern DROPPED = Pattern.compile(
      "(?is)<!--.*?-->|<(script|style|template)\\b[^>]*>.*?</\\1\\s*>|<!\\[CDATA\\[|]]>");
  private static final Pattern BREAK = Pattern.compile("(?i)<br\\s*/?>");
  private static final Pattern BLOCK = Pattern.compile(
      "(?i)</?(p|div|li|ul|ol|h[1-6]|blockquote|pre|tr|table|section|article|header|footer|hr)\\b[^>]*>");
  private static final Pattern TAG = Pattern.compile("</?[a-zA-Z][^>]*>|<![^>]*>|<\\?[^>]*>");
  private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});");
  private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\r\\u00A0\\u200B]+");
  private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");

  private static final Map<String, String> NAMED = Map.ofEntries(
      Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""),
      Map.entry("apos", "'"), Map.entry("nbsp", " "), Map.entry("hellip", "…"), Map.entry("mdash", "—"),
      Map.entry("ndash", "–"), Map.entry("lsquo", "‘"), Map.entry("rsquo", "’"), Map.entry("ldquo", "“"),
      Map.entry("rdquo", "”"), Map.entry("laquo", "«"), Map.entry("raquo", "»"), Map.entry("euro", "€"),
      Map.entry("copy", "©"), Map.entry("reg", "®"), Map.entry("trade", "™"), Map.entry("deg", "°"),
      Map.entry("middot", "·"), Map.entry("bull", "•"), Map.entry("times", "×"), Map.entry("shy", ""),
      Map.entry("agrave", "à"), Map.entry("aacute", "á"), Map.entry("acirc", "â"), Map.entry("auml", "ä"),
      Map.entry("ccedil", "ç"), Map.entry("egrave", "è"), Map.entry("eacute", "é"), Map.entry("ecirc", "ê"),
      Map.entry("euml", "ë"), Map.entry("icirc", "î"), Map.entry("iuml", "ï"), Map.entry("ocirc", "ô"),
      Map.entry("ouml", "ö"), Map.entry("ugrave", "ù"), Map.entry("ucirc", "û"), Map.entry("uuml", "ü"),
      Map.entry("oelig", "œ"), Map.entry("aelig", "æ"), Map.entry("ntilde", "ñ"), Map.entry("szlig", "ß"),
      Map.entry("Agrave", "À"), Map.entry("Eacute", "É"), Map.entry("Egrave", "È"), Map.entry("Ccedil", "Ç"),
      Map.entry("OElig", "Œ"), Map.entry("zwj", "\u200D"), Map.entry("zwnj", "\u200C"));

  /** Plain text of an HTML fragment; null stays null. */
  public static String toText(String html) {
    if (html == null) {
      return null;
    }
    String s = DROPPED.matcher(html).replaceAll("");
    s = BREAK.matcher(s).replaceAll("\n");
    s = BLOCK.matcher(s).replaceAll("\n\n");
    s = TAG.matcher(s).replaceAll("");
    s = decodeEntities(s);
    StringBuilder out = new StringBuilder(s.length());
    for (String line : s.split("\n", -1)) {
      out.append(SPACES.matcher(line).replaceAll(" ").strip()).append('\n');
    }
    return BLANK_LINES.matcher(out).replaceAll("\n\n").strip();
  }

  /** Decodes numeric and the common named character references; unknown ones stay as written. */
  public static String decodeEntities(String s) {
    if (s.indexOf('&') < 0) {
      return s;
    }
    Matcher m = ENTITY.matcher(s);
    StringBuilder out = new StringBuilder(s.length());
    while (m.find()) {
      String e = m.group(1);
      String rep;
      if (e.charAt(0) == '#') {
        int cp;
        try {
          cp = e.charAt(1) == 'x' || e.charAt(1) == 'X' ? Integer.parseInt(e.substring(2), 16) : Integer.parseInt(e.substring(1));
        } catch (NumberFormatException ex) {
          cp = 0xFFFD;
        }
        rep = cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ? "\uFFFD" : new String(Character.toChars(cp));
      } else {
        rep = NAMED.get(e);
        if (rep == null) {
          rep = NAMED.get(e.toLowerCase(Locale.ROOT));
        }
        if (rep == null) {
          rep = m.group();
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(rep));
    }
    m.appendTail(out);
    return out.toString();
  }
}
