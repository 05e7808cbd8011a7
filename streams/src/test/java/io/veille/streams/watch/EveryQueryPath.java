package io.veille.streams.watch;

import io.veille.common.model.Mention;
import io.veille.common.model.Watch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.search.IndexSearcher;

/** Lucene's own semantics with no presearch: every watch's query counted over the mention's MemoryIndex. */
final class EveryQueryPath {
  private final List<ParsedWatch> watches;

  EveryQueryPath(List<Watch> watches) {
    this.watches = watches.stream().map(WatchQuery::validate).toList();
  }

  /** The ids of the matching watches, sorted. */
  List<String> match(Mention m, String detectedLang) throws IOException {
    IndexSearcher searcher = MemoryIndex.fromDocument(MentionAnalysis.document(m, detectedLang),
        MentionAnalysis.indexAnalyzer(), false, false).createSearcher();
    searcher.setQueryCache(null);
    List<String> ids = new ArrayList<>();
    for (ParsedWatch p : watches) {
      if (searcher.count(p.query()) > 0) {
        ids.add(p.id());
      }
    }
    ids.sort(null);
    return ids;
  }
}
