package io.veille.streams.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veille.common.model.Author;
import io.veille.common.model.Engagement;
import io.veille.common.model.Mention;
import io.veille.common.model.ScoredMention;
import io.veille.common.model.Sentiment;
import io.veille.streams.watch.InvalidWatchException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Search over an index built with the store's documents: analysis, filters, facets, timeline, cursors, errors. */
class MentionSearchTest {
  static final int N = 10_500;
  static final List<ScoredMention> ALL = new ArrayList<>();
  static ByteBuffersDirectory dir;
  static DirectoryReader reader;
  static MentionSearch search;

  @BeforeAll
  static void index() throws IOException {
    dir = new ByteBuffersDirectory();
    try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(MentionDocuments.indexAnalyzer()))) {
      for (int i = 0; i < N; i++) {
        ScoredMention s = IndexFixtures.scored("t", i, 3 * 24 * 60, N);
        ALL.add(s);
        w.updateDocument(MentionDocuments.idTerm(s.id()), MentionDocuments.document(s, IndexFixtures.json(s)));
      }
      String[][] cases = {
          {"fr", "Le réseau est tombé, l'appli ne répond plus"}, {"fr", "Je demande le remboursement de mes factures"},
          {"fr", "Les pannes se multiplient chez Ondyne"}, {"en", "Ondyne announced outages in Lyon"},
          {"en", "The company's network is down"}, {"und", "Ondyne #BoxNova est là"}};
      for (int i = 0; i < cases.length; i++) {
        Mention m = new Mention(1, "case:" + i, "x", null, cases[i][0].equals("und") ? null : cases[i][0], cases[i][1],
            Instant.parse("2026-12-01T10:00:00Z").plusSeconds(i), null, new Author(null, "@case", null, 5, true),
            Engagement.NONE, null, null, Map.of());
        ScoredMention s = new ScoredMention(m, cases[i][0], new Sentiment(Sentiment.Label.NEGATIVE, -0.4, "t"),
            List.of("cases"), 0);
        ALL.add(s);
        w.updateDocument(MentionDocuments.idTerm(s.id()), MentionDocuments.document(s, IndexFixtures.json(s)));
      }
    }
    reader = DirectoryReader.open(dir);
    search = new MentionSearch(new IndexSearcher(reader));
  }

  @AfterAll
  static void close() throws IOException {
    reader.close();
    dir.close();
  }

  static Set<String> ids(String q) throws IOException {
    Set<String> out = new HashSet<>();
    for (MentionSearch.Hit h : search.search(SearchRequest.of(q, 200).withOrder(SearchRequest.Order.RELEVANCE)).hits()) {
      out.add(h.id());
    }
    return out;
  }

  @Test
  void frenchAndEnglishAnalysis() throws IOException {
    assertThat(ids("reseau AND watch:cases")).as("accents folded").containsExactly("case:0");
    assertThat(ids("appli AND watch:cases")).as("elision").containsExactly("case:0");
    assertThat(ids("rembourser AND watch:cases")).as("French light stemming").containsExactly("case:1");
    assertThat(ids("facture AND watch:cases")).as("plural").containsExactly("case:1");
    assertThat(ids("panne AND watch:cases")).containsExactly("case:2");
    assertThat(ids("announce AND outage AND watch:cases")).as("English stemming").containsExactly("case:3");
    assertThat(ids("company AND watch:cases")).as("English possessive").containsExactly("case:4");
    assertThat(ids("\"network is down\" AND watch:cases")).as("phrase").containsExactly("case:4");
    assertThat(ids("hashtag:boxnova")).as("exact hashtag").containsExactly("case:5");
    assertThat(ids("boxnova OR #BoxNova")).containsExactly("case:5");
    assertThat(ids("author:@case AND verified:true AND lang:und")).containsExactly("case:5");
  }

  @Test
  void filtersRangesAndTheDetectorsEvidenceQuery() throws IOException {
    Instant from = IndexFixtures.T0.plus(Duration.ofHours(10));
    Instant to = IndexFixtures.T0.plus(Duration.ofHours(11));
    long expected = ALL.stream().filter(s -> s.watchIds().contains("ondyne") && !s.mention().publishedAt().isBefore(from)
        && s.mention().publishedAt().isBefore(to) && s.sentiment().label() == Sentiment.Label.NEGATIVE).count();
    String q = "watch:\"ondyne\" AND publishedAt:[" + from + " TO " + to + "} AND sentiment:negative";
    assertThat(search.search(SearchRequest.of(q, 10)).total()).isEqualTo(expected).isPositive();
    SearchRequest filtered = new SearchRequest("ondyne", List.of("ondyne"), null, null, List.of("negative"), from, to, null,
        10, null, false, false);
    assertThat(search.search(filtered).total()).isEqualTo(expected);
    long big = ALL.stream().filter(s -> s.mention().reach() >= 90_000).count();
    assertThat(search.search(SearchRequest.of("followers:[90000 TO *]", 10)).total()).isEqualTo(big);
  }

  @Test
  void facetsAndTimelineEqualAnOfflineCount() throws IOException {
    SearchRequest r = new SearchRequest(null, null, List.of("fr"), null, null, null, null, null, 10, null, true, false);
    MentionSearch.Page page = search.search(r);
    List<ScoredMention> fr = ALL.stream().filter(s -> s.lang().equals("fr")).toList();
    assertThat(page.total()).isEqualTo(fr.size());
    Map<String, Long> sentiment = new HashMap<>();
    Map<String, Long> source = new HashMap<>();
    Map<String, Long> watch = new HashMap<>();
    Map<String, Long> day = new TreeMap<>();
    for (ScoredMention s : fr) {
      sentiment.merge(MentionDocuments.label(s.sentiment().label()), 1L, Long::sum);
      source.merge(s.mention().source(), 1L, Long::sum);
      s.watchIds().forEach(w -> watch.merge(w, 1L, Long::sum));
      day.merge(LocalDate.ofInstant(s.mention().publishedAt(), ZoneOffset.UTC).toString(), 1L, Long::sum);
    }
    assertThat(page.facets().get("sentiment")).isEqualTo(sentiment);
    assertThat(page.facets().get("source")).isEqualTo(source);
    assertThat(page.facets().get("watch")).isEqualTo(watch);
    assertThat(page.facets().get("day")).isEqualTo(day);
    assertThat(page.facets().get("lang")).isEqualTo(Map.of("fr", (long) fr.size()));

    Map<Instant, long[]> offline = new TreeMap<>();
    for (ScoredMention s : ALL) {
      if (s.watchIds().contains("ondyne")) {
        Instant b = Instant.ofEpochSecond(s.mention().publishedAt().getEpochSecond() / 3600 * 3600);
        offline.computeIfAbsent(b, x -> new long[3])[s.sentiment().label().ordinal()]++;
      }
    }
    List<MentionSearch.Bucket> timeline = search.timeline(
        new SearchRequest("ondyne", List.of("ondyne"), null, null, null, null, null, null, 1, null, false, false),
        Duration.ofHours(1));
    assertThat(timeline).hasSize(offline.size());
    for (MentionSearch.Bucket b : timeline) {
      long[] c = offline.get(b.start());
      assertThat(new long[] {b.negative(), b.neutral(), b.positive()}).as(b.start().toString()).containsExactly(c);
    }
    assertThatThrownBy(() -> search.timeline(SearchRequest.of(null, 1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 2000 buckets");
  }

  @Test
  void pastTheThresholdTheTotalIsALowerBoundUnlessAnExactOneIsAsked() throws IOException {
    long ondyne = ALL.stream().filter(s -> s.mention().text().toLowerCase(java.util.Locale.ROOT).contains("ondyne")).count();
    assertThat(ondyne).isGreaterThan(10L * SearchRequest.TOTAL_THRESHOLD);
    for (SearchRequest.Order order : SearchRequest.Order.values()) {
      SearchRequest r = SearchRequest.of("ondyne", 10).withOrder(order);
      MentionSearch.Page capped = search.search(r);
      MentionSearch.Page exact = search.search(r.withExactTotal(true));
      assertThat(exact.totalExact()).as(order.name()).isTrue();
      assertThat(exact.total()).as(order.name()).isEqualTo(ondyne);
      assertThat(capped.totalExact()).as(order.name()).isFalse();
      assertThat(capped.totalRelation()).isEqualTo("gte");
      // a lower bound (it equals the truth when nothing could be skipped: newest-first over mentions indexed in
      // time order)
      assertThat(capped.total()).as(order.name()).isBetween((long) SearchRequest.TOTAL_THRESHOLD, ondyne);
      // the same page either way
      assertThat(capped.hits().stream().map(MentionSearch.Hit::id).toList())
          .as(order.name()).isEqualTo(exact.hits().stream().map(MentionSearch.Hit::id).toList());
      // facets visit every match: exact
      MentionSearch.Page faceted = search.search(r.withFacets(true));
      assertThat(faceted.totalExact()).isTrue();
      assertThat(faceted.total()).isEqualTo(ondyne);
    }
    // under the threshold: exact
    MentionSearch.Page few = search.search(SearchRequest.of("remboursement", 10));
    assertThat(few.totalExact()).isTrue();
    assertThat(few.total()).isPositive().isLessThan(SearchRequest.TOTAL_THRESHOLD);
  }

  @Test
  void cursorPagesThroughMoreThanTenThousandResultsInEveryOrder() throws IOException {
    for (SearchRequest.Order order : SearchRequest.Order.values()) {
      SearchRequest r = SearchRequest.of("ondyne", 200).withOrder(order);
      List<String> seen = new ArrayList<>();
      long total = search.search(r.withExactTotal(true)).total();
      Cursor next = null;
      int pages = 0;
      do {
        // pages stop counting early: every match must still come once
        MentionSearch.Page p = search.search(next == null ? r : r.after(Cursor.decode(next.encode())));
        p.hits().forEach(h -> seen.add(h.id()));
        next = p.next();
        pages++;
      } while (next != null && pages < 1000);
      assertThat(total).isGreaterThan(10_000);
      assertThat(seen).as(order + ": every match once").hasSize((int) total).doesNotHaveDuplicates();
    }
    // the order holds across pages: newest first
    SearchRequest r = SearchRequest.of(null, 100);
    MentionSearch.Page p1 = search.search(r);
    MentionSearch.Page p2 = search.search(r.after(p1.next()));
    Instant lastOfFirst = published(p1.hits().get(99));
    assertThat(published(p2.hits().get(0))).isBeforeOrEqualTo(lastOfFirst);
  }

  static Instant published(MentionSearch.Hit h) {
    return ALL.stream().filter(s -> s.id().equals(h.id())).findFirst().orElseThrow().mention().publishedAt();
  }

  @Test
  void highlightsTheMatchedWords() throws IOException {
    MentionSearch.Hit h = search.search(SearchRequest.of("panne AND watch:cases", 5).withHighlight(true)).hits().get(0);
    assertThat(h.highlight()).contains("<em>pannes</em>");
  }

  @Test
  void badQueriesSayWhyAndWhere() {
    assertThatThrownBy(() -> search.search(SearchRequest.of("panne AND (", 5)))
        .isInstanceOf(InvalidWatchException.class).hasMessageContaining("does not parse").hasMessageContaining("column");
    assertThatThrownBy(() -> search.search(SearchRequest.of("colour:blue", 5)))
        .isInstanceOf(InvalidWatchException.class).hasMessageContaining("unknown field 'colour:'");
    assertThatThrownBy(() -> search.search(SearchRequest.of("publishedAt:[yesterday TO *]", 5)))
        .isInstanceOf(InvalidWatchException.class).hasMessageContaining("not an ISO-8601 instant");
    assertThatThrownBy(() -> search.search(SearchRequest.of("source:[a TO b]", 5)))
        .isInstanceOf(InvalidWatchException.class).hasMessageContaining("ranges are only for");
    assertThatThrownBy(() -> Cursor.decode("garbage!")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cursor");
  }
}
