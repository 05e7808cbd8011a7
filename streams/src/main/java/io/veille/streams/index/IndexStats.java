package io.veille.streams.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veille.common.json.Json;
import java.io.IOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.TermStatistics;
import org.apache.lucene.util.BytesRef;

/**
 * The BM25 statistics a query scores with, for a part of the index or summed over every part: per field (maxDoc,
 * docCount, sumTotalTermFreq, sumDocFreq) and per term (docFreq, totalTermFreq). The first phase of a relevance
 * search across instances collects them from every instance; the second scores with their sum
 * ({@link GlobalStatsSearcher}), so each instance's scores are those of one index holding every partition and the
 * merged top-k is exact.
 *
 * <p>Exact for what Lucene scores with these statistics (terms, phrases, synonyms, the default field's best of three
 * analyses). Not for queries whose rewrite picks terms per index by their statistics (fuzzy {@code term~}), which
 * stay approximate across instances.
 */
public record IndexStats(Map<String, long[]> fields, Map<Term, long[]> terms) {
  /** At most this many terms in the statistics sent between instances. */
  static final int MAX_TERMS = 20_000;

  public IndexStats {
    fields = Map.copyOf(fields);
    terms = Map.copyOf(terms);
    if (terms.size() > MAX_TERMS) {
      throw new IllegalArgumentException("statistics of more than " + MAX_TERMS + " terms");
    }
  }

  /** The statistics of {@code searcher}'s index for the terms {@code query} scores with (after its rewrite). */
  static IndexStats of(IndexSearcher searcher, Query query) throws IOException {
    Set<Term> collected = new HashSet<>();
    searcher.rewrite(query).visit(QueryVisitor.termCollector(collected));
    IndexReader reader = searcher.getIndexReader();
    Map<Term, long[]> terms = new HashMap<>();
    Map<String, long[]> fields = new HashMap<>();
    for (Term t : collected) {
      terms.put(t, new long[] {reader.docFreq(t), reader.totalTermFreq(t)});
      if (!fields.containsKey(t.field())) {
        CollectionStatistics c = searcher.collectionStatistics(t.field());
        fields.put(t.field(), c == null ? new long[] {reader.maxDoc(), 0, 0, 0}
            : new long[] {c.maxDoc(), c.docCount(), c.sumTotalTermFreq(), c.sumDocFreq()});
      }
    }
    return new IndexStats(fields, terms);
  }

  /** The statistics of the index made of every part (sums). */
  static IndexStats sum(List<IndexStats> parts) {
    Map<Term, long[]> terms = new HashMap<>();
    Map<String, long[]> fields = new HashMap<>();
    for (IndexStats p : parts) {
      p.terms.forEach((t, v) -> add(terms.computeIfAbsent(t, x -> new long[2]), v));
      p.fields.forEach((f, v) -> add(fields.computeIfAbsent(f, x -> new long[4]), v));
    }
    return new IndexStats(fields, terms);
  }

  private static void add(long[] into, long[] v) {
    for (int i = 0; i < into.length; i++) {
      into[i] += v[i];
    }
  }

  /** As JSON: {@code {"fields":{"text":[maxDoc,docCount,sumTtf,sumDf]},"terms":[["text","<base64url bytes>",df,ttf]]}}. */
  ObjectNode toJson() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    ObjectNode f = o.putObject("fields");
    fields.forEach((k, v) -> {
      ArrayNode a = f.putArray(k);
      for (long x : v) {
        a.add(x);
      }
    });
    ArrayNode t = o.putArray("terms");
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    terms.forEach((k, v) -> t.addArray().add(k.field()).add(b64.encodeToString(BytesRef.deepCopyOf(k.bytes()).bytes))
        .add(v[0]).add(v[1]));
    return o;
  }

  /** Reads {@link #toJson()}; anything else is an {@link IllegalArgumentException}. */
  static IndexStats fromJson(JsonNode o) {
    if (o == null || !o.path("fields").isObject() || !o.path("terms").isArray() || o.path("terms").size() > MAX_TERMS) {
      throw new IllegalArgumentException("stats: not index statistics");
    }
    Map<String, long[]> fields = new HashMap<>();
    o.get("fields").fields().forEachRemaining(e -> {
      JsonNode a = e.getValue();
      if (!a.isArray() || a.size() != 4) {
        throw new IllegalArgumentException("stats: field " + SearchApi.abbreviate(e.getKey()));
      }
      fields.put(e.getKey(), new long[] {a.get(0).asLong(), a.get(1).asLong(), a.get(2).asLong(), a.get(3).asLong()});
    });
    Map<Term, long[]> terms = new HashMap<>();
    Base64.Decoder b64 = Base64.getUrlDecoder();
    for (JsonNode a : o.get("terms")) {
      if (!a.isArray() || a.size() != 4 || !a.get(0).isTextual() || !a.get(1).isTextual()) {
        throw new IllegalArgumentException("stats: a term is not [field, bytes, docFreq, totalTermFreq]");
      }
      terms.put(new Term(a.get(0).asText(), new BytesRef(b64.decode(a.get(1).asText()))),
          new long[] {a.get(2).asLong(), a.get(3).asLong()});
    }
    return new IndexStats(fields, terms);
  }

  /** A searcher over a part of the index that scores with the statistics of the whole index. */
  static final class GlobalStatsSearcher extends IndexSearcher {
    private final IndexStats global;

    GlobalStatsSearcher(IndexReader reader, IndexStats global) {
      super(reader);
      this.global = global;
    }

    @Override
    public TermStatistics termStatistics(Term term, int docFreq, long totalTermFreq) throws IOException {
      long[] g = global.terms.get(term);
      if (g == null || g[0] < docFreq || g[0] <= 0) {
        return super.termStatistics(term, docFreq, totalTermFreq); // a term the first phase did not see
      }
      return new TermStatistics(term.bytes(), g[0], Math.max(g[1], g[0]));
    }

    @Override
    public CollectionStatistics collectionStatistics(String field) throws IOException {
      long[] g = global.fields.get(field);
      if (g == null || g[1] <= 0) {
        return super.collectionStatistics(field);
      }
      return new CollectionStatistics(field, g[0], g[1], g[2], g[3]);
    }
  }
}
