package io.veille.streams.watch;

import io.veille.common.model.Mention;
import io.veille.common.model.Watch;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.monitor.MatchingQueries;
import org.apache.lucene.monitor.Monitor;
import org.apache.lucene.monitor.MonitorQuery;
import org.apache.lucene.monitor.QueryMatch;
import org.apache.lucene.monitor.TermFilteredPresearcher;
import org.apache.lucene.monitor.TermWeightor;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Matches;
import org.apache.lucene.search.MatchesIterator;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.util.automaton.ByteRunAutomaton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every watch over each mention with Lucene's {@link Monitor}: the watches' queries are
 * indexed once, and for each mention a presearcher keeps only the watches that share a term with
 * it, so thousands of watches stay fast. Thread-safe: matching may run while watches are added,
 * replaced or removed.
 *
 * <p>Query language: Lucene's classic syntax over the fields of {@link MentionAnalysis} ({@code text}
 * by default; {@code lang:}, {@code source:}, {@code author:}, {@code hashtag:}); the default operator
 * is OR. A watch's languages and sources are added as filters.
 */
public final class WatchMatcher implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(WatchMatcher.class);

  /** Shortest literal prefix before a wildcard ({@code re*} is allowed, {@code r*} is not). */
  static final int MIN_WILDCARD_PREFIX = 2;

  private final Monitor monitor;
  private final ConcurrentMap<String, ParsedWatch> watches = new ConcurrentHashMap<>();
  private final Object writes = new Object();
  /** Per watch, the terms one of which a matching mention must contain (null: run on every mention). */
  private final Map<String, Candidates.Entry> entries = new java.util.HashMap<>();
  /** Immutable snapshot of {@link #entries} by term, replaced on every change (copy-on-write). */
  private volatile Candidates candidates = Candidates.EMPTY;

  public WatchMatcher() {
    try {
      // filters on lang/source are in nearly every document: never let the presearcher pick them
      TermWeightor weightor = TermWeightor.combine(
          TermWeightor.fieldWeightor(0.01, MentionAnalysis.LANG, MentionAnalysis.SOURCE), TermWeightor.DEFAULT);
      this.monitor = new Monitor(MentionAnalysis.indexAnalyzer(),
          new TermFilteredPresearcher(weightor, List.of(), Set.of()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the watch monitor", e);
    }
  }

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

  /** Adds a watch, or replaces the one with its id. Throws {@link InvalidWatchException} and changes nothing when it is invalid. */
  public void put(Watch w) {
    ParsedWatch p = validate(w);
    synchronized (writes) {
      try {
        monitor.register(monitorQuery(p));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      watches.put(w.id(), p);
      entries.put(w.id(), Candidates.entry(p));
      candidates = Candidates.of(entries.values());
    }
    LOG.debug("watch {} registered: {}", w.id(), p.query());
  }

  /**
   * Adds or replaces many watches at once (faster than one by one). The invalid ones are skipped
   * and returned; the others are registered.
   */
  public List<InvalidWatchException> putAll(Collection<Watch> ws) {
    List<ParsedWatch> valid = new ArrayList<>();
    List<InvalidWatchException> rejected = new ArrayList<>();
    for (Watch w : ws) {
      try {
        valid.add(validate(w));
      } catch (InvalidWatchException e) {
        rejected.add(e);
      }
    }
    synchronized (writes) {
      try {
        monitor.register(valid.stream().map(WatchMatcher::monitorQuery).toList());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      valid.forEach(p -> {
        watches.put(p.id(), p);
        entries.put(p.id(), Candidates.entry(p));
      });
      candidates = Candidates.of(entries.values());
    }
    return rejected;
  }

  /** Removes a watch; returns whether it was there. */
  public boolean remove(String id) {
    synchronized (writes) {
      if (watches.remove(id) == null) {
        return false;
      }
      entries.remove(id);
      candidates = Candidates.of(entries.values());
      try {
        monitor.deleteById(id);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return true;
    }
  }

  /**
   * The ids of the watches that match a mention, sorted. {@code detectedLang} is the language to
   * use when the mention has none (null: unknown). A watch whose query fails on this mention is
   * logged and left out; the others still match.
   */
  public List<String> match(Mention m, String detectedLang) {
    Candidates c = candidates;
    if (c.isEmpty()) {
      return List.of();
    }
    // The same outcome as the monitor (each candidate's query runs against the mention's in-memory
    // index), with a cheaper presearch: the mention's terms look up the watches that need them.
    Document doc = MentionAnalysis.document(m, detectedLang);
    MemoryIndex index = new MemoryIndex(false, false);
    for (org.apache.lucene.index.IndexableField f : doc) {
      index.addField(f, MentionAnalysis.indexAnalyzer());
    }
    index.freeze();
    IndexSearcher searcher = index.createSearcher();
    searcher.setQueryCache(null);
    List<String> ids = new ArrayList<>();
    for (Candidates.Entry e : c.candidates(searcher.getIndexReader().leaves().get(0).reader())) {
      try {
        if (e.matches(searcher)) {
          ids.add(e.id());
        }
      } catch (IOException | RuntimeException ex) {
        LOG.warn("watch {} failed on mention {}: {}", e.id(), m.id(), ex.toString());
      }
    }
    ids.sort(Comparator.naturalOrder());
    return ids;
  }

  /** Explains a registered watch against a mention; throws IllegalArgumentException when the id is unknown. */
  public WatchExplanation explain(String id, Mention m, String detectedLang) {
    ParsedWatch p = watches.get(id);
    if (p == null) {
      throw new IllegalArgumentException("no watch '" + id + "'");
    }
    return explain(p, m, detectedLang);
  }

  /** Whether {@code w} matches {@code m}, and why; validates {@code w} first. */
  public static WatchExplanation explain(Watch w, Mention m, String detectedLang) {
    return explain(validate(w), m, detectedLang);
  }

  public static WatchExplanation explain(ParsedWatch p, Mention m, String detectedLang) {
    Document doc = MentionAnalysis.document(m, detectedLang);
    MemoryIndex index = MemoryIndex.fromDocument(doc, MentionAnalysis.indexAnalyzer(), true, false);
    IndexSearcher searcher = index.createSearcher();
    List<String> analysed = MentionAnalysis.terms(MentionAnalysis.indexAnalyzer(), MentionAnalysis.TEXT, m.text());
    try {
      Explanation e = searcher.explain(p.query(), 0);
      List<WatchExplanation.Hit> hits = new ArrayList<>();
      List<String> reasons = new ArrayList<>();
      if (e.isMatch()) {
        collectHits(searcher, p.query(), doc, hits);
      } else {
        collectReasons(e, reasons, 0);
        if (reasons.size() > 1) {
          reasons.removeIf(r -> r.startsWith("Failure to meet condition"));
        }
      }
      return new WatchExplanation(p.id(), e.isMatch(), p.query().toString(MentionAnalysis.TEXT), hits, reasons, analysed);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  public int size() {
    return watches.size();
  }

  /** The registered watches, sorted by id. */
  public List<Watch> watches() {
    return watches.values().stream().map(ParsedWatch::watch).sorted(Comparator.comparing(Watch::id)).toList();
  }

  @Override
  public void close() throws IOException {
    monitor.close();
  }

  private static MonitorQuery monitorQuery(ParsedWatch p) {
    return new MonitorQuery(p.id(), p.query(), p.watch().query(), Map.of());
  }

  private static Query parse(Watch w) {
    QueryBounds.check(w.id(), w.query());
    QueryParser parser = new QueryParser(MentionAnalysis.TEXT, MentionAnalysis.queryAnalyzer());
    parser.setAllowLeadingWildcard(false);
    parser.setSplitOnWhitespace(true);
    parser.setAutoGeneratePhraseQueries(true);
    try {
      return parser.parse(w.query());
    } catch (ParseException | RuntimeException e) {
      String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      msg = msg.replaceAll("\\s+", " ").trim();
      throw new InvalidWatchException(w.id(), "query does not parse: " + (msg.length() > 300 ? msg.substring(0, 297) + "..." : msg), e);
    } catch (StackOverflowError e) {
      // the bounds above should make this unreachable; a query must never take a thread down
      throw new InvalidWatchException(w.id(), "query is too deeply nested to parse", null);
    }
  }

  private static void check(Watch w, Query q) {
    if (q == null || (q instanceof BooleanQuery bq && bq.clauses().isEmpty())) {
      throw new InvalidWatchException(w.id(), "query '" + QueryBounds.abbreviate(w.query()) + "' has no word to look for");
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
    fields.removeAll(MentionAnalysis.FIELDS);
    if (!fields.isEmpty()) {
      problems.add("unknown field" + (fields.size() > 1 ? "s " : " ") + String.join(", ", fields.stream().map(f -> "'" + f + ":'").toList())
          + " (known: " + String.join(", ", new TreeSet<>(MentionAnalysis.FIELDS)) + ")");
    }
    if (problems.isEmpty() && !canMatch(q)) {
      problems.add("query '" + QueryBounds.abbreviate(w.query()) + "' can never match: it only excludes (NOT, -) where it needs a word"
          + " to look for; write e.g. 'ondyne -ballet', not '-ballet'");
    }
    if (!problems.isEmpty()) {
      throw new InvalidWatchException(w.id(), String.join("; ", problems));
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
      b.add(new TermQuery(new Term(field, v.toLowerCase(java.util.Locale.ROOT))), Occur.SHOULD);
    }
    return b.build();
  }

  private static void collectHits(IndexSearcher searcher, Query q, Document doc, List<WatchExplanation.Hit> hits)
      throws IOException {
    Query rewritten = searcher.rewrite(q);
    Weight weight = searcher.createWeight(rewritten, ScoreMode.COMPLETE_NO_SCORES, 1f);
    Matches matches = weight.matches(searcher.getIndexReader().leaves().get(0), 0);
    if (matches == null) {
      return;
    }
    List<String> fields = new ArrayList<>();
    matches.forEach(fields::add);
    fields.sort(Comparator.comparing((String f) -> !f.equals(MentionAnalysis.TEXT)).thenComparing(f -> f));
    for (String field : fields) {
      MatchesIterator it = matches.getMatches(field);
      if (it == null) {
        continue;
      }
      // multi-valued fields are indexed one after the other with an offset gap of 1
      String value = String.join(" ", doc.getValues(field));
      while (it.next()) {
        int s = it.startOffset();
        int e = it.endOffset();
        String text = s >= 0 && e <= value.length() && s < e ? value.substring(s, e) : value;
        Query leaf = it.getQuery();
        WatchExplanation.Hit hit = new WatchExplanation.Hit(field, text, leaf == null ? null : leaf.toString(MentionAnalysis.TEXT));
        if (!hits.contains(hit)) {
          hits.add(hit);
        }
      }
    }
  }

  private static void collectReasons(Explanation e, List<String> out, int depth) {
    if (e.isMatch() || depth > 3) {
      return;
    }
    String d = e.getDescription();
    if (!out.contains(d)) {
      out.add(d);
    }
    for (Explanation sub : e.getDetails()) {
      collectReasons(sub, out, depth + 1);
    }
  }
}
