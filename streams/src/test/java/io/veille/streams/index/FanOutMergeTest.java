package io.veille.streams.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.veille.common.model.Author;
import io.veille.common.model.Engagement;
import io.veille.common.model.Mention;
import io.veille.common.model.ScoredMention;
import io.veille.common.model.Sentiment;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/**
 * What the fan-out's merge relies on, without a broker: hits' positions order as Lucene sorts them (ties by id in
 * UTF-8 byte order, not Java's UTF-16 order), and parts of an index scored with their summed statistics give the
 * scores of the whole index (with their own statistics they do not).
 */
class FanOutMergeTest {

  static IndexSearcher index(List<ScoredMention> ms) throws IOException {
    ByteBuffersDirectory dir = new ByteBuffersDirectory();
    try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(MentionDocuments.indexAnalyzer()))) {
      for (ScoredMention s : ms) {
        w.updateDocument(MentionDocuments.idTerm(s.id()), MentionDocuments.document(s, IndexFixtures.json(s)));
      }
    }
    return new IndexSearcher(DirectoryReader.open(dir));
  }

  @Test
  void positionsOrderAsLuceneSortsTiesIncluded() throws IOException {
    // every mention at the same time with the same reach: only the id orders them
    String[] tails = {"a", "Z", "é", "\uFF01", "\uD83D\uDE00", "\u00FF", "\u0800", "0", "\u4E2D", "zz"};
    List<ScoredMention> ms = new ArrayList<>();
    Instant at = Instant.parse("2026-11-10T10:00:00Z");
    for (int i = 0; i < 40; i++) {
      Mention m = new Mention(1, "x:" + tails[i % tails.length] + i, "x", null, "fr", "Ondyne n" + i, at, null,
          new Author(null, "@u", null, 10, false), Engagement.NONE, null, null, Map.of());
      ms.add(new ScoredMention(m, "fr", new Sentiment(Sentiment.Label.NEUTRAL, 0, "t"), List.of(), 0));
    }
    MentionSearch search = new MentionSearch(index(ms));
    for (SearchRequest.Order order : SearchRequest.Order.values()) {
      SearchRequest r = new SearchRequest(order == SearchRequest.Order.RELEVANCE ? "ondyne" : null, null, null, null,
          null, null, null, order, 100, null, false, false);
      List<Cursor> lucene = search.search(r).hits().stream().map(MentionSearch.Hit::position).toList();
      List<Cursor> merged = new ArrayList<>(lucene);
      Collections.shuffle(merged, new Random(7));
      merged.sort(Cursor.comparator(order));
      assertThat(merged).as(order.name()).containsExactlyElementsOf(lucene);
      List<Cursor> javaOrder = new ArrayList<>(lucene);
      javaOrder.sort(java.util.Comparator.comparing(Cursor::id));
      assertThat(javaOrder).as("Java's String order would differ").isNotEqualTo(lucene);
    }
  }

  @Test
  void partsScoredWithSummedStatisticsScoreAsTheWholeIndex() throws IOException {
    int n = 3_000;
    List<ScoredMention> all = new ArrayList<>();
    List<List<ScoredMention>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < n; i++) {
      ScoredMention s = IndexFixtures.scored("m", i, 24 * 60, n);
      all.add(s);
      // uneven parts, as partitions of a skewed topic: the statistics of each differ
      parts.get(i % 7 == 0 ? 0 : i % 3 == 0 ? 1 : 2).add(s);
    }
    MentionSearch whole = new MentionSearch(index(all));
    List<IndexSearcher> searchers = new ArrayList<>();
    for (List<ScoredMention> p : parts) {
      searchers.add(index(p));
    }
    for (String q : List.of("ondyne OR outage OR \"nouvelle box\"", "panne reseau support", "#ondynedown OR refund")) {
      SearchRequest r = new SearchRequest(q, null, null, null, null, null, null, SearchRequest.Order.RELEVANCE, 30, null,
          false, false);
      List<IndexStats> stats = new ArrayList<>();
      for (IndexSearcher s : searchers) {
        stats.add(IndexStats.fromJson(new MentionSearch(s).stats(r).toJson())); // as sent between instances
      }
      IndexStats global = IndexStats.sum(stats);
      MentionSearch.Page expected = whole.search(r);
      assertThat(merged(searchers, global, r)).as(q).containsExactlyElementsOf(expected.hits().stream()
          .map(h -> h.id() + " " + h.score()).toList());
      assertThat(merged(searchers, null, r)).as(q + ": each part's own statistics").isNotEqualTo(expected.hits().stream()
          .map(h -> h.id() + " " + h.score()).toList());
    }
  }

  /** The first page over every part, merged as the fan-out merges it: "id score" per hit. */
  static List<String> merged(List<IndexSearcher> parts, IndexStats global, SearchRequest r) throws IOException {
    List<MentionSearch.Hit> hits = new ArrayList<>();
    for (IndexSearcher s : parts) {
      hits.addAll(new MentionSearch(s, global).search(r).hits());
    }
    hits.sort((x, y) -> Cursor.comparator(r.order()).compare(x.position(), y.position()));
    return hits.subList(0, Math.min(r.size(), hits.size())).stream().map(h -> h.id() + " " + h.score()).toList();
  }
}
