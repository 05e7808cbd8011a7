package io.veille.alerting.notify;

import java.time.ZoneId;
import java.util.List;

/**
 * One e-mail's subject and its two bodies, plain text and HTML, saying the same things: the HTML
 * part is the text part with markup, every value from the evidence escaped.
 */
record EmailContent(String subject, String text, String html) {
  static final int MAX_SUBJECT = 200;
  static final int TERMS = 10;
  static final int MENTIONS = 3;
  static final int AUTHORS = 3;

  /** The message for one notification. */
  static EmailContent of(Notification n, String subjectPrefix, ZoneId zone) {
    String title = Facts.title(n, MAX_SUBJECT - subjectPrefix.length() - 40, false);
    String event = switch (n.event()) {
      case OPENED -> " (opened)";
      case RESOLVED -> ", after " + Facts.duration(java.time.Duration.between(n.openedAt(), n.resolvedAt()));
      default -> "";
    };
    String subject = Texts.cut(subjectPrefix + " " + title + event, MAX_SUBJECT);

    List<Facts.Line> lines = Facts.lines(n, zone);
    boolean open = n.event() != Notification.Event.RESOLVED;
    List<String> terms = open ? Facts.terms(n, TERMS) : List.of();
    List<Facts.MentionFact> mentions = open ? Facts.mentions(n, MENTIONS) : List.of();
    List<String> authors = open ? Facts.authors(n, AUTHORS) : List.of();
    String search = Texts.safeUrl(n.searchUrl(), Notification.MAX_URL);
    String footer = Facts.footer(n, zone);

    StringBuilder t = new StringBuilder();
    t.append(title).append(n.event() == Notification.Event.OPENED ? " (opened)" : "").append("\n\n");
    for (Facts.Line l : lines) {
      t.append(l.label()).append(": ").append(l.value()).append('\n');
    }
    if (!terms.isEmpty()) {
      t.append("\nTop terms: ").append(String.join(", ", terms)).append('\n');
    }
    if (!mentions.isEmpty()) {
      t.append("\nTop mentions:\n");
      for (Facts.MentionFact m : mentions) {
        t.append("- ").append(Facts.mentionLine(m)).append('\n');
        if (m.url() != null) {
          t.append("  ").append(m.url()).append('\n');
        }
      }
    }
    if (!authors.isEmpty()) {
      t.append("\nTop authors: ").append(String.join(", ", authors)).append('\n');
    }
    if (search != null) {
      t.append("\nSearch: ").append(search).append('\n');
    }
    t.append('\n').append(footer).append('\n');
    t.append("-- \nSent by Veille to receiver ").append(n.receiver()).append(".\n");

    StringBuilder h = new StringBuilder();
    h.append(htmlHead(subject));
    h.append("<h2 style=\"margin:0 0 12px;color:").append(colour(n)).append("\">").append(Texts.html(Facts.emoji(n)))
        .append(' ').append(Texts.html(title)).append(n.event() == Notification.Event.OPENED ? " (opened)" : "")
        .append("</h2>\n");
    h.append("<table style=\"border-collapse:collapse\">\n");
    for (Facts.Line l : lines) {
      h.append("<tr><th align=\"left\" style=\"padding:2px 12px 2px 0\">").append(Texts.html(l.label()))
          .append(":</th> <td>").append(Texts.html(l.value())).append("</td></tr>\n");
    }
    h.append("</table>\n");
    if (!terms.isEmpty()) {
      h.append("<p><b>Top terms:</b> ").append(Texts.html(String.join(", ", terms))).append("</p>\n");
    }
    if (!mentions.isEmpty()) {
      h.append("<p><b>Top mentions:</b></p>\n<ul>\n");
      for (Facts.MentionFact m : mentions) {
        h.append("<li>").append(Texts.html(Facts.mentionLine(m)));
        if (m.url() != null) {
          h.append(" <a href=\"").append(Texts.html(m.url())).append("\">").append(Texts.html(m.url())).append("</a>");
        }
        h.append("</li>\n");
      }
      h.append("</ul>\n");
    }
    if (!authors.isEmpty()) {
      h.append("<p><b>Top authors:</b> ").append(Texts.html(String.join(", ", authors))).append("</p>\n");
    }
    if (search != null) {
      h.append("<p><b>Search:</b> <a href=\"").append(Texts.html(search)).append("\">").append(Texts.html(search))
          .append("</a></p>\n");
    }
    h.append("<p style=\"color:#666;font-size:smaller\">").append(Texts.html(footer)).append("<br>\n")
        .append("Sent by Veille to receiver ").append(Texts.html(n.receiver())).append(".</p>\n");
    h.append("</body></html>\n");
    return new EmailContent(subject, t.toString(), h.toString());
  }

  static String htmlHead(String subject) {
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + Texts.html(subject)
        + "</title></head>\n<body style=\"font-family:Helvetica,Arial,sans-serif;font-size:14px;color:#222\">\n";
  }

  private static String colour(Notification n) {
    if (n.event() == Notification.Event.RESOLVED) {
      return "#2e7d32";
    }
    return switch (n.severity()) {
      case CRITICAL -> "#c62828";
      case WARNING -> "#ef6c00";
      case INFO -> "#1565c0";
    };
  }
}
