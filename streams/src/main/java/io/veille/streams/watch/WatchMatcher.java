package io.veille.streams.watch;

import io.veille.common.model.Mention;
import io.veille.common.model.Watch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.search.IndexSearcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watch index: which watches match a mention. Each watch's query is parsed once
 * ({@link WatchQuery}); for each mention, a presearch ({@link Candidates}) looks the mention's terms
 * up to find the watches that need one of them (a watch it cannot reduce to terms, such as a
 * wildcard, is a candidate for every mention), then each candidate's query runs over the mention's
 * in-memory index. The outcome is Lucene's: {@code WatchIndexDifferentialTest} checks it against
 * lucene-monitor's {@code Monitor} and against running every query. Thread-safe: matching may run
 * while watches are added, replaced or removed (copy-on-write).
 */
public final class WatchMatcher {
  private static final Logger LOG = LoggerFactory.getLogger(WatchMatcher.class);

  private final ConcurrentMap<String, ParsedWatch> watches = new ConcurrentHashMap<>();
  private final Object writes = new Object();
  /** Per watch, the terms one of which a matching mention must contain (null: run on every mention). */
  private final Map<String, Candidates.Entry> entries = new HashMap<>();
  /** Immutable snapshot of {@link #entries} by term, replaced on every change (copy-on-write). */
  private volatile Candidates candidates = Candidates.EMPTY;

  /** Adds a watch, or replaces the one with its id. Throws {@link InvalidWatchException} and changes nothing when it is invalid. */
  public void put(Watch w) {
    ParsedWatch p = WatchQuery.validate(w);
    synchronized (writes) {
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
        valid.add(WatchQuery.validate(w));
      } catch (InvalidWatchException e) {
        rejected.add(e);
      }
    }
    synchronized (writes) {
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
    Document doc = MentionAnalysis.document(m, detectedLang);
    MemoryIndex index = new MemoryIndex(false, false);
    for (IndexableField f : doc) {
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
    return WatchExplainer.explain(p, m, detectedLang);
  }

  public int size() {
    return watches.size();
  }

  /** The registered watch with this id, or null. */
  public Watch watch(String id) {
    ParsedWatch p = watches.get(id);
    return p == null ? null : p.watch();
  }

  /** The registered watches, sorted by id. */
  public List<Watch> watches() {
    return watches.values().stream().map(ParsedWatch::watch).sorted(Comparator.comparing(Watch::id)).toList();
  }
}
