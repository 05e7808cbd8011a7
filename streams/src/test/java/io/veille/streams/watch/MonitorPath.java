package io.veille.streams.watch;

import io.veille.common.model.Mention;
import io.veille.common.model.Watch;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.monitor.MatchingQueries;
import org.apache.lucene.monitor.Monitor;
import org.apache.lucene.monitor.MonitorQuery;
import org.apache.lucene.monitor.QueryMatch;
import org.apache.lucene.monitor.TermFilteredPresearcher;
import org.apache.lucene.monitor.TermWeightor;

/**
 * The watches matched by lucene-monitor's {@link Monitor}: the reference the watch index is compared
 * with (same parsed queries, same analysis, a term-filtered presearcher that never picks the
 * language or source filters).
 */
final class MonitorPath implements Closeable {
  private final Monitor monitor;

  MonitorPath(List<Watch> watches) throws IOException {
    TermWeightor weightor = TermWeightor.combine(
        TermWeightor.fieldWeightor(0.01, MentionAnalysis.LANG, MentionAnalysis.SOURCE), TermWeightor.DEFAULT);
    monitor = new Monitor(MentionAnalysis.indexAnalyzer(), new TermFilteredPresearcher(weightor, List.of(), Set.of()));
    monitor.register(watches.stream().map(WatchQuery::validate)
        .map(p -> new MonitorQuery(p.id(), p.query(), p.watch().query(), Map.of())).toList());
  }

  /** The ids of the matching watches, sorted; throws when a query failed on the mention. */
  List<String> match(Mention m, String detectedLang) throws IOException {
    MatchingQueries<QueryMatch> r = monitor.match(MentionAnalysis.document(m, detectedLang), QueryMatch.SIMPLE_MATCHER);
    if (!r.getErrors().isEmpty()) {
      throw new IllegalStateException("monitor errors on " + m.id() + ": " + r.getErrors());
    }
    return r.getMatches().stream().map(QueryMatch::getQueryId).sorted().toList();
  }

  @Override
  public void close() throws IOException {
    monitor.close();
  }
}
