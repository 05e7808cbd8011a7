package io.veille.streams.watch;

import io.veille.common.model.Mention;
import io.veille.common.model.Watch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Matches;
import org.apache.lucene.search.MatchesIterator;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Weight;

/**
 * Why a watch matches a mention (the words and fields that hit) or why not (Lucene's explanation
 * of the clauses that failed), with the mention's analysed words: what {@code veille watch test}
 * prints.
 */
public final class WatchExplainer {
  private WatchExplainer() {}

  /** Whether {@code w} matches {@code m}, and why; validates {@code w} first. */
  public static WatchExplanation explain(Watch w, Mention m, String detectedLang) {
    return explain(WatchQuery.validate(w), m, detectedLang);
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
