package io.veille.streams.index;

import io.veille.common.model.Sentiment;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MultiCollectorManager;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.util.BytesRef;

/**
 * Runs searches, timelines and exports over one {@link IndexSearcher} (a {@link LocalIndex.Snapshot}'s: every local
 * partition at once, so scores and the top-k are consistent across them).
 *
 * <ul>
 *   <li>Top-k by time, reach or relevance, ties broken by mention id; the next page starts after the last hit's sort
 *       values ({@link Cursor}); the total is exact up to {@link SearchRequest#TOTAL_THRESHOLD} matches, past it a
 *       lower bound ({@code gte}) unless the request asks for an exact total or for facets.</li>
 *   <li>Facets: doc-values counts over every matching mention (not only the page) for sentiment, source, language,
 *       watch and day (UTC).</li>
 *   <li>Highlights: the matched words of {@code text} between {@code <em>} and {@code </em>}, the rest HTML-escaped.</li>
 *   <li>Timelines: per bucket of {@code publishedAt}, the matching mentions per sentiment, at most
 *       {@value #MAX_BUCKETS} buckets.</li>
 *   <li>Exports: every match in order, a page of {@value #EXPORT_PAGE} at a time on the same snapshot (constant
 *       memory, one consistent view).</li>
 * </ul>
 */
public final class MentionSearch {
  public static final int MAX_BUCKETS = 2_000;
  static final int EXPORT_PAGE = 1_000;
  public static final List<String> FACETS = List.of(MentionDocuments.SENTIMENT, MentionDocuments.SOURCE,
      MentionDocuments.LANG, MentionDocuments.WATCH, "day");

  private final IndexSearcher searcher;

  public MentionSearch(IndexSearcher searcher) {
    this.searcher = searcher;
  }

  /**
   * A search whose scores use {@code global} term and collection statistics (those of the whole index, summed over
   * every instance's part) instead of this searcher's own, so relevance scores equal those of one index holding every
   * partition. Null: this searcher's statistics.
   */
  public MentionSearch(IndexSearcher searcher, IndexStats global) {
    this.searcher = global == null ? searcher : new IndexStats.GlobalStatsSearcher(searcher.getIndexReader(), global);
  }

  /**
   * One hit: the mention's id, its score (relevance order only), the scored mention's JSON, its highlight, and its
   * position in the order (its sort values: what a cursor after it holds, and what merges pages across instances).
   */
  public record Hit(String id, Float score, byte[] json, String highlight, Cursor position) {}

  /**
   * A page: the total (exact when {@code totalExact}, else a lower bound: the search stopped counting past
   * {@link SearchRequest#TOTAL_THRESHOLD}), the hits, the cursor of the next page (null after the last), the facet
   * counts.
   */
  public record Page(long total, boolean totalExact, List<Hit> hits, Cursor next, Map<String, Map<String, Long>> facets) {
    /** A page with an exact total. */
    public Page(long total, List<Hit> hits, Cursor next, Map<String, Map<String, Long>> facets) {
      this(total, true, hits, next, facets);
    }

    /** {@code eq} (the total is exact) or {@code gte} (a lower bound). */
    public String totalRelation() {
      return totalExact ? "eq" : "gte";
    }
  }

  /** A bucket of a timeline: its start and the matching mentions per sentiment. */
  public record Bucket(Instant start, long negative, long neutral, long positive) {
    public long total() {
      return negative + neutral + positive;
    }
  }

  /** The Lucene query of a request: its {@code q} (or every mention) with its filters. */
  public static Query query(SearchRequest r) {
    Query user = r.q() == null || r.q().isBlank() ? new MatchAllDocsQuery() : MentionQueryParser.parseQuery(r.q());
    BooleanQuery.Builder b = new BooleanQuery.Builder().add(user, Occur.MUST);
    filter(b, MentionDocuments.WATCH, r.watches());
    filter(b, MentionDocuments.LANG, r.langs());
    filter(b, MentionDocuments.SOURCE, r.sources());
    filter(b, MentionDocuments.SENTIMENT, r.sentiments());
    if (r.from() != null || r.to() != null) {
      long lo = r.from() == null ? Long.MIN_VALUE : r.from().toEpochMilli();
      long hi = r.to() == null ? Long.MAX_VALUE : r.to().toEpochMilli() - 1;
      b.add(LongPoint.newRangeQuery(MentionDocuments.PUBLISHED_AT, lo, hi), Occur.FILTER);
    }
    return b.build();
  }

  private static void filter(BooleanQuery.Builder b, String field, List<String> values) {
    if (values.isEmpty()) {
      return;
    }
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    for (String v : values) {
      any.add(new TermQuery(new Term(field, MentionDocuments.exact(field, v))), Occur.SHOULD);
    }
    b.add(any.build(), Occur.FILTER);
  }

  static Sort sort(SearchRequest.Order order) {
    SortField id = new SortField(MentionDocuments.ID, SortField.Type.STRING);
    SortField time = new SortField(MentionDocuments.PUBLISHED_AT, SortField.Type.LONG, true);
    return switch (order) {
      case TIME -> new Sort(time, id);
      case REACH -> new Sort(new SortField(MentionDocuments.FOLLOWERS, SortField.Type.LONG, true), time, id);
      case RELEVANCE -> new Sort(SortField.FIELD_SCORE, id);
    };
  }

  /** One page of results for {@code r}. */
  public Page search(SearchRequest r) throws IOException {
    Query q = query(r);
    Sort sort = sort(r.order());
    FieldDoc after = r.cursor() == null ? null : r.cursor().fieldDoc();
    // past the threshold the collector may stop counting and skip what cannot make the page (block-max scores for
    // relevance, the points of publishedAt / followers for time and reach): the total is then a lower bound
    TopFieldCollectorManager top = new TopFieldCollectorManager(sort, r.size(), after, r.totalHitsThreshold());
    TopFieldDocs docs;
    Map<String, Map<String, Long>> facets = Map.of();
    if (r.facets()) {
      Object[] both = searcher.search(q, new MultiCollectorManager(top, new FacetManager()));
      docs = (TopFieldDocs) both[0];
      facets = (Map<String, Map<String, Long>>) both[1];
    } else {
      docs = searcher.search(q, top);
    }
    String[] highlights = r.highlight() && docs.scoreDocs.length > 0 ? highlight(q, docs) : null;
    List<Hit> hits = new ArrayList<>(docs.scoreDocs.length);
    StoredFields stored = searcher.storedFields();
    for (int i = 0; i < docs.scoreDocs.length; i++) {
      FieldDoc fd = (FieldDoc) docs.scoreDocs[i];
      BytesRef json = stored.document(fd.doc, Set.of(MentionDocuments.SOURCE_JSON)).getBinaryValue(MentionDocuments.SOURCE_JSON);
      String id = ((BytesRef) fd.fields[fd.fields.length - 1]).utf8ToString();
      Float score = r.order() == SearchRequest.Order.RELEVANCE ? (Float) fd.fields[0] : null;
      hits.add(new Hit(id, score, BytesRef.deepCopyOf(json).bytes, highlights == null ? null : highlights[i],
          Cursor.after(r.order(), fd)));
    }
    Cursor next = docs.scoreDocs.length == r.size()
        ? Cursor.after(r.order(), (FieldDoc) docs.scoreDocs[docs.scoreDocs.length - 1]) : null;
    return new Page(docs.totalHits.value(), docs.totalHits.relation() == TotalHits.Relation.EQUAL_TO, hits, next, facets);
  }

  private String[] highlight(Query q, TopDocs docs) throws IOException {
    UnifiedHighlighter h = UnifiedHighlighter.builder(searcher, MentionDocuments.indexAnalyzer())
        .withFormatter(new DefaultPassageFormatter("<em>", "</em>", "… ", true))
        .withMaxLength(10_000)
        .build();
    return h.highlight(MentionDocuments.TEXT, q, docs, 2);
  }

  /** Calls {@code sink} with the JSON of every match of {@code r}, in {@code r}'s order; returns how many. */
  public long export(SearchRequest r, ExportSink sink) throws IOException {
    Export e = exportIterator(r);
    long n = 0;
    while (e.next()) {
      sink.accept(e.json().bytes, e.json().offset, e.json().length);
      n++;
    }
    return n;
  }

  /** Every match of {@code r} in its order, pulled one at a time, {@value #EXPORT_PAGE} per Lucene search. */
  public Export exportIterator(SearchRequest r) {
    return new Export(r);
  }

  /**
   * An export read one match at a time ({@link #next}, then {@link #json} and {@link #position}), in pages of
   * {@value #EXPORT_PAGE} on this search's searcher (one snapshot), so exports of several instances can be merged
   * in order.
   */
  public final class Export {
    private final Query q;
    private final Sort sort;
    private final SearchRequest.Order order;
    private final StoredFields stored;
    private FieldDoc after;
    private ScoreDoc[] page = new ScoreDoc[0];
    private int i;
    private boolean last;
    private BytesRef json;
    private FieldDoc current;

    private Export(SearchRequest r) {
      this.q = query(r);
      this.sort = sort(r.order());
      this.order = r.order();
      this.after = r.cursor() == null ? null : r.cursor().fieldDoc();
      try {
        this.stored = searcher.storedFields();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    /** Moves to the next match; false after the last. */
    public boolean next() throws IOException {
      if (i == page.length) {
        if (last) {
          return false;
        }
        TopFieldDocs docs = searcher.search(q, new TopFieldCollectorManager(sort, EXPORT_PAGE, after, EXPORT_PAGE));
        page = docs.scoreDocs;
        i = 0;
        last = page.length < EXPORT_PAGE;
        if (page.length == 0) {
          return false;
        }
        after = (FieldDoc) page[page.length - 1];
      }
      current = (FieldDoc) page[i++];
      json = stored.document(current.doc, Set.of(MentionDocuments.SOURCE_JSON)).getBinaryValue(MentionDocuments.SOURCE_JSON);
      return true;
    }

    /** The current match's JSON (a slice of a reused buffer: copy what you keep). */
    public BytesRef json() {
      return json;
    }

    /** The current match's sort values. */
    public Cursor position() {
      return Cursor.after(order, current);
    }
  }

  /** Receives exported mentions (a slice of a buffer that is reused: copy what you keep). */
  @FunctionalInterface
  public interface ExportSink {
    void accept(byte[] json, int offset, int length) throws IOException;
  }

  /**
   * The matches of {@code r} per {@code bucket} of publishedAt and per sentiment, from {@code r.from()} (else the first
   * match's bucket) to {@code r.to()} (else the last match's), empty buckets included.
   *
   * @throws IllegalArgumentException when that makes more than {@value #MAX_BUCKETS} buckets
   */
  public List<Bucket> timeline(SearchRequest r, Duration bucket) throws IOException {
    return buckets(r, bucket, timelineCounts(r, bucket));
  }

  /**
   * The matches of {@code r} per bucket index ({@code publishedAt / bucket}) and sentiment (negative, neutral,
   * positive): what a timeline is made of, and what instances add up.
   */
  public Map<Long, long[]> timelineCounts(SearchRequest r, Duration bucket) throws IOException {
    checkTimeline(r, bucket);
    return searcher.search(query(r), new TimelineManager(bucket.toMillis()));
  }

  /** Refuses a bucket under 1s, or a from-to range of more than {@value #MAX_BUCKETS} buckets. */
  public static void checkTimeline(SearchRequest r, Duration bucket) {
    long width = bucket.toMillis();
    if (width < 1000) {
      throw new IllegalArgumentException("bucket must be at least 1s");
    }
    if (r.from() != null && r.to() != null && (r.to().toEpochMilli() - r.from().toEpochMilli()) / width >= MAX_BUCKETS) {
      throw new IllegalArgumentException("from-to makes more than " + MAX_BUCKETS + " buckets of " + bucket
          + ": choose a larger bucket or a shorter range");
    }
  }

  /** The timeline of {@code counts} (from one index or summed over several), empty buckets included. */
  public static List<Bucket> buckets(SearchRequest r, Duration bucket, Map<Long, long[]> counts) {
    long width = bucket.toMillis();
    if (counts.isEmpty() && (r.from() == null || r.to() == null)) {
      return List.of();
    }
    long first = r.from() != null ? Math.floorDiv(r.from().toEpochMilli(), width) : counts.keySet().stream().min(Long::compare).orElseThrow();
    long last = r.to() != null ? Math.floorDiv(r.to().toEpochMilli() - 1, width) : counts.keySet().stream().max(Long::compare).orElseThrow();
    if (last - first + 1 > MAX_BUCKETS) {
      throw new IllegalArgumentException("the matches span more than " + MAX_BUCKETS + " buckets of " + bucket
          + ": choose a larger bucket or give from and to");
    }
    List<Bucket> out = new ArrayList<>();
    for (long b = first; b <= last; b++) {
      long[] c = counts.getOrDefault(b, new long[3]);
      out.add(new Bucket(Instant.ofEpochMilli(b * width), c[0], c[1], c[2]));
    }
    return out;
  }

  /** The statistics of this searcher's index for the terms and fields {@code r}'s query scores with. */
  public IndexStats stats(SearchRequest r) throws IOException {
    return IndexStats.of(searcher, query(r));
  }

  /** Facet counts summed over several indexes, in the order of one index's (days in order, others by count). */
  public static Map<String, Map<String, Long>> mergeFacets(List<Map<String, Map<String, Long>>> parts) {
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    for (String f : FACETS) {
      out.put(f, new HashMap<>());
    }
    for (Map<String, Map<String, Long>> p : parts) {
      p.forEach((f, m) -> {
        Map<String, Long> into = out.computeIfAbsent(f, x -> new HashMap<>());
        m.forEach((k, v) -> into.merge(k, v, Long::sum));
      });
    }
    out.replaceAll(FacetManager::sorted);
    return out;
  }

  // ---- collectors -------------------------------------------------------------------------------------------

  /** Facet counts per leaf by ordinal, resolved to values at the end of each leaf. */
  static final class FacetManager implements CollectorManager<FacetCollector, Map<String, Map<String, Long>>> {
    @Override
    public FacetCollector newCollector() {
      return new FacetCollector();
    }

    @Override
    public Map<String, Map<String, Long>> reduce(java.util.Collection<FacetCollector> collectors) {
      Map<String, Map<String, Long>> out = new LinkedHashMap<>();
      for (String f : FACETS) {
        out.put(f, new HashMap<>());
      }
      for (FacetCollector c : collectors) {
        c.counts.forEach((f, m) -> m.forEach((k, v) -> out.get(f).merge(k, v, Long::sum)));
      }
      out.replaceAll((f, m) -> sorted(f, m));
      return out;
    }

    /** Days in order; other facets by count, then value. */
    static Map<String, Long> sorted(String facet, Map<String, Long> m) {
      Map<String, Long> s = new LinkedHashMap<>();
      if (facet.equals("day")) {
        new TreeMap<>(m).forEach(s::put);
      } else {
        m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
            .forEach(e -> s.put(e.getKey(), e.getValue()));
      }
      return s;
    }
  }

  static final class FacetCollector implements Collector {
    final Map<String, Map<String, Long>> counts = new HashMap<>();

    FacetCollector() {
      for (String f : FACETS) {
        counts.put(f, new HashMap<>());
      }
    }

    @Override
    public ScoreMode scoreMode() {
      return ScoreMode.COMPLETE_NO_SCORES;
    }

    @Override
    public LeafCollector getLeafCollector(LeafReaderContext ctx) throws IOException {
      SortedDocValues sentiment = DocValues.getSorted(ctx.reader(), MentionDocuments.SENTIMENT);
      SortedDocValues source = DocValues.getSorted(ctx.reader(), MentionDocuments.SOURCE);
      SortedDocValues lang = DocValues.getSorted(ctx.reader(), MentionDocuments.LANG);
      SortedSetDocValues watch = DocValues.getSortedSet(ctx.reader(), MentionDocuments.WATCH);
      NumericDocValues published = DocValues.getNumeric(ctx.reader(), MentionDocuments.PUBLISHED_AT);
      long[] sc = new long[sentiment.getValueCount()];
      long[] so = new long[source.getValueCount()];
      long[] la = new long[lang.getValueCount()];
      long[] wa = new long[(int) Math.min(Integer.MAX_VALUE, watch.getValueCount())];
      Map<Long, Long> days = new HashMap<>();
      return new LeafCollector() {
        @Override
        public void setScorer(Scorable scorer) {}

        @Override
        public void collect(int doc) throws IOException {
          if (sentiment.advanceExact(doc)) {
            sc[sentiment.ordValue()]++;
          }
          if (source.advanceExact(doc)) {
            so[source.ordValue()]++;
          }
          if (lang.advanceExact(doc)) {
            la[lang.ordValue()]++;
          }
          if (watch.advanceExact(doc)) {
            for (int i = 0; i < watch.docValueCount(); i++) {
              wa[(int) watch.nextOrd()]++;
            }
          }
          if (published.advanceExact(doc)) {
            days.merge(Math.floorDiv(published.longValue(), 86_400_000L), 1L, Long::sum);
          }
        }

        @Override
        public void finish() throws IOException {
          resolve(MentionDocuments.SENTIMENT, sc, sentiment);
          resolve(MentionDocuments.SOURCE, so, source);
          resolve(MentionDocuments.LANG, la, lang);
          Map<String, Long> w = counts.get(MentionDocuments.WATCH);
          for (int o = 0; o < wa.length; o++) {
            if (wa[o] > 0) {
              w.merge(watch.lookupOrd(o).utf8ToString(), wa[o], Long::sum);
            }
          }
          Map<String, Long> d = counts.get("day");
          days.forEach((day, c) -> d.merge(LocalDate.ofEpochDay(day).toString(), c, Long::sum));
        }

        private void resolve(String facet, long[] c, SortedDocValues dv) throws IOException {
          Map<String, Long> m = counts.get(facet);
          for (int o = 0; o < c.length; o++) {
            if (c[o] > 0) {
              m.merge(dv.lookupOrd(o).utf8ToString(), c[o], Long::sum);
            }
          }
        }
      };
    }
  }

  /** Per bucket index (publishedAt / width): negative, neutral, positive. */
  static final class TimelineManager implements CollectorManager<TimelineCollector, Map<Long, long[]>> {
    private final long width;

    TimelineManager(long width) {
      this.width = width;
    }

    @Override
    public TimelineCollector newCollector() {
      return new TimelineCollector(width);
    }

    @Override
    public Map<Long, long[]> reduce(java.util.Collection<TimelineCollector> collectors) {
      Map<Long, long[]> out = new HashMap<>();
      for (TimelineCollector c : collectors) {
        c.counts.forEach((b, v) -> {
          long[] o = out.computeIfAbsent(b, x -> new long[3]);
          for (int i = 0; i < 3; i++) {
            o[i] += v[i];
          }
        });
      }
      return out;
    }
  }

  static final class TimelineCollector implements Collector {
    final Map<Long, long[]> counts = new HashMap<>();
    private final long width;

    TimelineCollector(long width) {
      this.width = width;
    }

    @Override
    public ScoreMode scoreMode() {
      return ScoreMode.COMPLETE_NO_SCORES;
    }

    @Override
    public LeafCollector getLeafCollector(LeafReaderContext ctx) throws IOException {
      SortedDocValues sentiment = DocValues.getSorted(ctx.reader(), MentionDocuments.SENTIMENT);
      NumericDocValues published = DocValues.getNumeric(ctx.reader(), MentionDocuments.PUBLISHED_AT);
      int[] slot = new int[sentiment.getValueCount()];
      for (int o = 0; o < slot.length; o++) {
        slot[o] = Sentiment.Label.valueOf(sentiment.lookupOrd(o).utf8ToString().toUpperCase(java.util.Locale.ROOT)).ordinal();
      }
      return new LeafCollector() {
        @Override
        public void setScorer(Scorable scorer) {}

        @Override
        public void collect(int doc) throws IOException {
          if (published.advanceExact(doc) && sentiment.advanceExact(doc)) {
            long b = Math.floorDiv(published.longValue(), width);
            long[] c = counts.get(b);
            if (c == null) {
              if (counts.size() >= MAX_BUCKETS * 4) {
                throw new IllegalArgumentException("the matches span more than " + MAX_BUCKETS + " buckets of "
                    + Duration.ofMillis(width) + ": choose a larger bucket or give from and to");
              }
              c = new long[3];
              counts.put(b, c);
            }
            c[slot[sentiment.ordValue()]]++;
          }
        }
      };
    }
  }

}
