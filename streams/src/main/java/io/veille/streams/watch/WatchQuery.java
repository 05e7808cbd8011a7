package io.veille.streams.watch;

import io.veille.common.model.Watch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.util.automaton.ByteRunAutomaton;

/**
 * A watch's query language: parses and checks a watch into a {@link ParsedWatch}.
 *
 * <p>Lucene's classic syntax over the fields of {@link MentionAnalysis} ({@code text} by default;
 * {@code lang:}, {@code source:}, {@code author:}, {@code hashtag:}); the default operator is OR.
 * A watch's languages and sources are added as filters. Bounds ({@link QueryBounds}) are checked
 * before Lucene parses anything.
 */
public final class WatchQuery {
  /** Shortest literal prefix before a wildcard ({@code re*} is allowed, {@code r*} is not). */
  static final int MIN_WILDCARD_PREFIX = 2;

  private WatchQuery() {}

  /**
   * Parses and checks a watch's query. Throws {@link InvalidWatchException}, naming the watch and
   * carrying the parser's message, when the query does not parse, names an unknown field, matches
   * every mention ({@code *:*}), can never match (only exclusions), or has no word left after
   * analysis.
   */
  public static ParsedWatch validate(Watch w) {
    Query user = parse(w);
    check(w, user);
    if (w.languages().isEmpty() && w.sources().isEmpty()) {
      return new ParsedWatch(w, user);
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder().add(user, Occur.MUST);
    if (!w.languages().isEmpty()) {
      b.add(anyOf(MentionAnalysis.LANG, w.languages()), Occur.FILTER);
    }
    if (!w.sources().isEmpty()) {
      b.add(anyOf(MentionAnalysis.SOURCE, w.sources()), Occur.FILTER);
    }
    return new ParsedWatch(w, b.build());
  }

  private static Query parse(Watch w) {
    return parse(w.id(), w.query(), new QueryParser(MentionAnalysis.TEXT, MentionAnalysis.queryAnalyzer()), false);
  }

  /**
   * Parses and checks a query in the watch syntax with another parser (the mention index's, whose
   * fields and analysis go beyond a watch's): the same bounds, parser settings and checks as a
   * watch, the fields {@code fields} allowed. {@code ranges}: whether {@code field:[a TO b]} is
   * accepted (the parser then decides what a range means). Throws {@link InvalidWatchException}
   * labelled {@code label}, with the parser's message (which gives the line and column).
   */
  public static Query parseWith(String label, String query, QueryParser parser, Set<String> fields, boolean ranges) {
    Query q = parse(label, query, parser, ranges);
    check(label, query, q, fields);
    return q;
  }

  private static Query parse(String id, String query, QueryParser parser, boolean ranges) {
    QueryBounds.check(id, query, ranges);
    parser.setAllowLeadingWildcard(false);
    parser.setSplitOnWhitespace(true);
    parser.setAutoGeneratePhraseQueries(true);
    try {
      return parser.parse(query);
    } catch (ParseException | RuntimeException e) {
      String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      msg = msg.replaceAll("\\s+", " ").trim();
      throw new InvalidWatchException(id, "query does not parse: " + (msg.length() > 300 ? msg.substring(0, 297) + "..." : msg), e);
    } catch (StackOverflowError e) {
      // the bounds above should make this unreachable; a query must never take a thread down
      throw new InvalidWatchException(id, "query is too deeply nested to parse", null);
    }
  }

  private static void check(Watch w, Query q) {
    check(w.id(), w.query(), q, MentionAnalysis.FIELDS);
  }

  private static void check(String id, String query, Query q, Set<String> known) {
    if (q == null || (q instanceof BooleanQuery bq && bq.clauses().isEmpty())) {
      throw new InvalidWatchException(id, "query '" + QueryBounds.abbreviate(query) + "' has no word to look for");
    }
    Set<String> fields = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    q.visit(new QueryVisitor() {
      @Override
      public boolean acceptField(String field) {
        fields.add(field);
        return true;
      }

      @Override
      public void visitLeaf(Query leaf) {
        if (leaf instanceof MatchAllDocsQuery) {
          problems.add("'*:*' matches every mention: say what to look for");
        }
      }

      @Override
      public void consumeTermsMatching(Query query, String field, Supplier<ByteRunAutomaton> automaton) {
        String literal = literalPrefix(query);
        if (literal != null && literal.length() < MIN_WILDCARD_PREFIX) {
          problems.add("wildcard '" + query.toString(MentionAnalysis.TEXT) + "' needs at least "
              + MIN_WILDCARD_PREFIX + " letters before * or ?");
        }
      }

      @Override
      public QueryVisitor getSubVisitor(Occur occur, Query parent) {
        return this;
      }
    });
    fields.removeAll(known);
    if (!fields.isEmpty()) {
      problems.add("unknown field" + (fields.size() > 1 ? "s " : " ") + String.join(", ", fields.stream().map(f -> "'" + f + ":'").toList())
          + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
    }
    if (problems.isEmpty() && !canMatch(q)) {
      problems.add("query '" + QueryBounds.abbreviate(query) + "' can never match: it only excludes (NOT, -) where it needs a word"
          + " to look for; write e.g. 'ondyne -ballet', not '-ballet'");
    }
    if (!problems.isEmpty()) {
      throw new InvalidWatchException(id, String.join("; ", problems));
    }
  }

  private static String literalPrefix(Query q) {
    if (q instanceof PrefixQuery p) {
      return p.getPrefix().text();
    }
    if (q instanceof WildcardQuery wq) {
      String t = wq.getTerm().text();
      int i = 0;
      while (i < t.length() && t.charAt(i) != WildcardQuery.WILDCARD_STRING && t.charAt(i) != WildcardQuery.WILDCARD_CHAR) {
        i += t.charAt(i) == WildcardQuery.WILDCARD_ESCAPE ? 2 : 1;
      }
      return t.substring(0, Math.min(i, t.length()));
    }
    return null;
  }

  /** False when a query can match nothing: an empty or exclusion-only boolean where something is required. */
  static boolean canMatch(Query q) {
    if (q instanceof BoostQuery b) {
      return canMatch(b.getQuery());
    }
    if (q instanceof MatchNoDocsQuery) {
      return false;
    }
    if (q instanceof BooleanQuery bq) {
      boolean required = false;
      boolean optional = false;
      for (BooleanClause c : bq.clauses()) {
        switch (c.occur()) {
          case MUST, FILTER -> {
            required = true;
            if (!canMatch(c.query())) {
              return false;
            }
          }
          case SHOULD -> optional |= canMatch(c.query());
          case MUST_NOT -> { }
        }
      }
      return required || optional;
    }
    return true;
  }

  private static Query anyOf(String field, Set<String> values) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (String v : new TreeSet<>(values)) {
      b.add(new TermQuery(new Term(field, v.toLowerCase(Locale.ROOT))), Occur.SHOULD);
    }
    return b.build();
  }

}
