package io.veille.streams.index;

import io.veille.streams.watch.WatchQuery;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.Query;

/**
 * The search query language: the watches' ({@link WatchQuery}: classic Lucene syntax, the same bounds and checks),
 * over the index's fields ({@link MentionDocuments#QUERY_FIELDS}). A word or phrase of the default field looks in
 * {@code text} (the watches' analysis, so a watch's query finds what it matched) and in the per-language stemmed
 * fields {@code text_fr} and {@code text_en} (so {@code remboursement} also finds {@code rembourser}...); the best of
 * the three scores. Ranges are allowed on the numeric fields only: {@code publishedAt:[2026-11-18T17:14:00Z TO
 * 2026-11-18T17:17:00Z}} (ISO-8601 instants or {@code *}, as the detector's evidence writes them),
 * {@code followers:[10000 TO *]}, {@code engagement}, {@code copies}.
 */
final class MentionQueryParser extends QueryParser {
  static final String LABEL = "search";

  private MentionQueryParser() {
    super(MentionDocuments.TEXT, MentionDocuments.queryAnalyzer());
  }

  /**
   * Parses {@code q}; throws {@link io.veille.streams.watch.InvalidWatchException} (labelled {@value #LABEL}) with the
   * parser's message, which names the line and column, or the bound that was exceeded and where.
   */
  static Query parseQuery(String q) {
    return WatchQuery.parseWith(LABEL, q, new MentionQueryParser(), MentionDocuments.QUERY_FIELDS, true);
  }

  @Override
  protected Query getFieldQuery(String field, String text, boolean quoted) throws ParseException {
    if (MentionDocuments.LONG_FIELDS.contains(field)) {
      return LongPoint.newExactQuery(field, number(field, text));
    }
    if (!MentionDocuments.TEXT.equals(field)) {
      return super.getFieldQuery(field, text, quoted);
    }
    List<Query> alternatives = new ArrayList<>();
    for (String f : new String[] {MentionDocuments.TEXT, MentionDocuments.TEXT_FR, MentionDocuments.TEXT_EN}) {
      Query q = super.getFieldQuery(f, text, quoted);
      if (q != null) {
        alternatives.add(q);
      }
    }
    return alternatives.isEmpty() ? null : alternatives.size() == 1 ? alternatives.get(0) : new DisjunctionMaxQuery(alternatives, 0.1f);
  }

  @Override
  protected Query getFieldQuery(String field, String text, int slop) throws ParseException {
    if (!MentionDocuments.TEXT.equals(field)) {
      return super.getFieldQuery(field, text, slop);
    }
    List<Query> alternatives = new ArrayList<>();
    for (String f : new String[] {MentionDocuments.TEXT, MentionDocuments.TEXT_FR, MentionDocuments.TEXT_EN}) {
      Query q = super.getFieldQuery(f, text, slop);
      if (q != null) {
        alternatives.add(q);
      }
    }
    return alternatives.isEmpty() ? null : alternatives.size() == 1 ? alternatives.get(0) : new DisjunctionMaxQuery(alternatives, 0.1f);
  }

  @Override
  protected Query getRangeQuery(String field, String part1, String part2, boolean startInclusive, boolean endInclusive)
      throws ParseException {
    if (!MentionDocuments.LONG_FIELDS.contains(field)) {
      throw new ParseException("ranges are only for " + String.join(", ", new java.util.TreeSet<>(MentionDocuments.LONG_FIELDS))
          + " (not '" + field + "')");
    }
    long lo = part1 == null || part1.equals("*") ? Long.MIN_VALUE : number(field, part1);
    long hi = part2 == null || part2.equals("*") ? Long.MAX_VALUE : number(field, part2);
    if (!startInclusive && lo != Long.MIN_VALUE) {
      lo = Math.addExact(lo, 1);
    }
    if (!endInclusive && hi != Long.MAX_VALUE) {
      hi = Math.addExact(hi, -1);
    }
    return LongPoint.newRangeQuery(field, lo, hi);
  }

  private static long number(String field, String text) throws ParseException {
    if (MentionDocuments.PUBLISHED_AT.equals(field)) {
      try {
        return Instant.parse(text.toUpperCase(java.util.Locale.ROOT)).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new ParseException("publishedAt: not an ISO-8601 instant such as 2026-11-18T17:14:00Z: '" + abbreviate(text) + "'");
      }
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ParseException(field + ": not a whole number: '" + abbreviate(text) + "'");
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
