package io.veille.alerting.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * Text that goes into a message: cleaned (no control, format or bidi-override character, so a
 * mention cannot inject a line, an ANSI escape or reversed text), escaped for its target, and
 * bounded without splitting a character or an escape.
 */
final class Texts {
  private Texts() {}

  static final String ELLIPSIS = "…";

  /** How one code point is written in a target. */
  @FunctionalInterface
  interface Escaper {
    String escape(int codePoint);

    /** Plain text: as is. */
    Escaper NONE = Character::toString;

    /** HTML text and attribute values. */
    Escaper HTML = cp -> switch (cp) {
      case '&' -> "&amp;";
      case '<' -> "&lt;";
      case '>' -> "&gt;";
      case '"' -> "&quot;";
      case '\'' -> "&#39;";
      default -> Character.toString(cp);
    };

    /** Slack mrkdwn: the three characters Slack asks to escape (so {@code <!channel>} stays text). */
    Escaper SLACK = cp -> switch (cp) {
      case '&' -> "&amp;";
      case '<' -> "&lt;";
      case '>' -> "&gt;";
      default -> Character.toString(cp);
    };
  }

  /**
   * {@code s} on one line: control, format and separator characters dropped or turned into spaces
   * (the zero-width joiner of emoji sequences kept), runs of white space made one space, stripped.
   * Null gives "".
   */
  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), 16_384));
    boolean space = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.getType(cp) == Character.CONTROL) {
        space = b.length() > 0;
        continue;
      }
      if (!allowed(cp)) {
        continue;
      }
      if (space) {
        b.append(' ');
        space = false;
      }
      b.appendCodePoint(cp);
    }
    return b.toString();
  }

  private static boolean allowed(int cp) {
    if (cp == 0x200D) {
      return true; // zero-width joiner: emoji sequences
    }
    return switch (Character.getType(cp)) {
      case Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
          Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
      default -> true;
    };
  }

  /**
   * {@code s} cleaned to one line, escaped with {@code e}, and at most {@code max} characters
   * (UTF-16 units, as Slack and mail headers count), ending with "…" when it was cut. A cut never
   * falls inside a surrogate pair or an escape.
   */
  static String fit(String s, int max, Escaper e) {
    String clean = oneLine(s);
    StringBuilder b = new StringBuilder(Math.min(clean.length() * 2, max + 8));
    int budget = max - ELLIPSIS.length();
    int lastSpace = -1;
    for (int i = 0; i < clean.length(); ) {
      int cp = clean.codePointAt(i);
      String piece = e.escape(cp);
      int next = i + Character.charCount(cp);
      if (b.length() + piece.length() > (next >= clean.length() ? max : budget)) {
        // cut: prefer the last word boundary when it is near
        if (lastSpace > 0 && b.length() - lastSpace < 24) {
          b.setLength(lastSpace);
        }
        return b.append(ELLIPSIS).toString();
      }
      if (cp == ' ') {
        lastSpace = b.length();
      }
      b.append(piece);
      i = next;
    }
    return b.toString();
  }

  /** Plain text on one line, at most {@code max} characters. */
  static String fit(String s, int max) {
    return fit(s, max, Escaper.NONE);
  }

  /**
   * Joins whole pieces with {@code sep} while they fit in {@code max}; what did not fit is counted
   * ({@code … and 3 more}). Pieces are already escaped and bounded.
   */
  static String join(List<String> pieces, String sep, int max) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < pieces.size(); i++) {
      String more = sep + "… and " + (pieces.size() - i) + " more";
      String p = pieces.get(i);
      int add = (b.length() == 0 ? 0 : sep.length()) + p.length();
      boolean last = i == pieces.size() - 1;
      if (b.length() + add > max - (last ? 0 : more.length())) {
        String rest = (b.length() == 0 ? "" : sep) + "… and " + (pieces.size() - i) + " more";
        if (b.length() + rest.length() <= max) {
          b.append(rest);
        }
        return b.toString();
      }
      if (b.length() > 0) {
        b.append(sep);
      }
      b.append(p);
    }
    return b.toString();
  }

  /**
   * The last resort for composed text that must stay under {@code max}: cut at a code point
   * boundary, then back off from an unfinished escape ({@code &amp}) or link ({@code <http…}).
   * Composed texts are budgeted so that this does not happen; it guarantees the bound if it does.
   */
  static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = max - ELLIPSIS.length();
    if (end > 0 && Character.isLowSurrogate(s.charAt(end)) && Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    String head = s.substring(0, Math.max(0, end));
    int amp = head.lastIndexOf('&');
    if (amp >= 0 && head.indexOf(';', amp) < 0) {
      head = head.substring(0, amp);
    }
    int lt = head.lastIndexOf('<');
    if (lt >= 0 && head.indexOf('>', lt) < 0) {
      head = head.substring(0, lt);
    }
    return head + ELLIPSIS;
  }

  /**
   * {@code url} when it is an absolute http(s) URL of at most {@code max} characters with nothing
   * a link syntax could trip on (white space, {@code < > | "}), else null: a link from the
   * evidence is shown only when it is safe to.
   */
  static String safeUrl(String url, int max) {
    if (url == null || url.isEmpty() || url.length() > max) {
      return null;
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c <= 0x20 || c >= 0x7F || c == '<' || c == '>' || c == '|' || c == '"' || c == '\\' || c == '`') {
        return null;
      }
    }
    try {
      URI u = new URI(url);
      if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
        return url;
      }
    } catch (URISyntaxException e) {
      return null;
    }
    return null;
  }

  /** {@code s} escaped for HTML, no bound (for text already bounded). */
  static String html(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    s.codePoints().forEach(cp -> b.append(Escaper.HTML.escape(cp)));
    return b.toString();
  }
}
