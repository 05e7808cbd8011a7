package io.veille.streams.watch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.MultiPhraseQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SynonymQuery;
import org.apache.lucene.search.TermQuery;
import java.util.function.Supplier;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.ByteRunAutomaton;

/**
 * The presearch of {@link WatchMatcher}: for each watch, a set of terms at least one of which a
 * mention must contain to match it (conservative: a query it cannot reduce so, such as a wildcard,
 * is a candidate for every mention). Immutable; rebuilt when the watches change.
 */
final class Candidates {
  static final Candidates EMPTY = new Candidates(Map.of(), List.of(), 0);

  /**
   * A watch's query and its required terms. {@code rewritten} is the query rewritten once, when its
   * rewrite does not depend on the index (no wildcard, prefix or other multi-term query); else null.
   */
  record Entry(String id, Query query, Query rewritten, Set<Term> terms) {
    /** Whether the query matches the one document of {@code searcher} (a frozen MemoryIndex's). */
    boolean matches(IndexSearcher searcher) throws IOException {
      if (rewritten == null) {
        return searcher.count(query) > 0;
      }
      LeafReaderContext leaf = searcher.getIndexReader().leaves().get(0);
      Weight w = searcher.createWeight(rewritten, ScoreMode.COMPLETE_NO_SCORES, 1f);
      ScorerSupplier ss = w.scorerSupplier(leaf);
      if (ss == null) {
        return false;
      }
      Scorer sc = ss.get(Long.MAX_VALUE);
      TwoPhaseIterator tp = sc.twoPhaseIterator();
      if (tp == null) {
        return sc.iterator().nextDoc() != DocIdSetIterator.NO_MORE_DOCS;
      }
      return tp.approximation().nextDoc() != DocIdSetIterator.NO_MORE_DOCS && tp.matches();
    }
  }

  private final Map<String, Map<BytesRef, List<Entry>>> byTerm;
  private final List<Entry> always;
  private final int size;

  private Candidates(Map<String, Map<BytesRef, List<Entry>>> byTerm, List<Entry> always, int size) {
    this.byTerm = byTerm;
    this.always = always;
    this.size = size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  static Entry entry(ParsedWatch p) {
    return new Entry(p.id(), p.query(), rewriteOnce(p.query()), required(p.query()));
  }

  private static Query rewriteOnce(Query q) {
    boolean[] multiTerm = {false};
    q.visit(new QueryVisitor() {
      @Override
      public void consumeTermsMatching(Query query, String field, Supplier<ByteRunAutomaton> automaton) {
        multiTerm[0] = true;
      }

      @Override
      public void visitLeaf(Query leaf) {
        if (!(leaf instanceof TermQuery || leaf instanceof PhraseQuery || leaf instanceof MatchNoDocsQuery)) {
          multiTerm[0] = true; // unknown leaf: let the searcher rewrite it against each mention
        }
      }

      @Override
      public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
        return this;
      }
    });
    if (multiTerm[0]) {
      return null;
    }
    try {
      return new MemoryIndex().createSearcher().rewrite(q);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static Candidates of(Collection<Entry> entries) {
    Map<String, Map<BytesRef, List<Entry>>> byTerm = new HashMap<>();
    List<Entry> always = new ArrayList<>();
    for (Entry e : entries) {
      if (e.terms() == null) {
        always.add(e);
        continue;
      }
      for (Term t : e.terms()) {
        byTerm.computeIfAbsent(t.field(), f -> new HashMap<>()).computeIfAbsent(t.bytes(), b -> new ArrayList<>()).add(e);
      }
    }
    return new Candidates(byTerm, List.copyOf(always), entries.size());
  }

  /** The watches a document may match: those that need one of its terms, and those that run on every document. */
  Collection<Entry> candidates(LeafReader doc) {
    Map<Entry, Boolean> out = new IdentityHashMap<>();
    for (Entry e : always) {
      out.put(e, Boolean.TRUE);
    }
    try {
      for (Map.Entry<String, Map<BytesRef, List<Entry>>> f : byTerm.entrySet()) {
        Terms terms = doc.terms(f.getKey());
        if (terms == null) {
          continue;
        }
        Map<BytesRef, List<Entry>> watches = f.getValue();
        TermsEnum te = terms.iterator();
        for (BytesRef b = te.next(); b != null; b = te.next()) {
          List<Entry> l = watches.get(b);
          if (l != null) {
            for (Entry e : l) {
              out.put(e, Boolean.TRUE);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.keySet();
  }

  /** Terms one of which a matching document must hold; null when no such set is known. */
  static Set<Term> required(Query q) {
    if (q instanceof BoostQuery b) {
      return required(b.getQuery());
    }
    if (q instanceof ConstantScoreQuery c) {
      return required(c.getQuery());
    }
    if (q instanceof TermQuery t) {
      return Set.of(t.getTerm());
    }
    if (q instanceof SynonymQuery s) {
      return s.getTerms().isEmpty() ? null : new HashSet<>(s.getTerms());
    }
    if (q instanceof PhraseQuery p) {
      Term best = null;
      for (Term t : p.getTerms()) {
        if (best == null || t.bytes().length > best.bytes().length) {
          best = t;
        }
      }
      return best == null ? null : Set.of(best);
    }
    if (q instanceof MultiPhraseQuery mp) {
      Set<Term> best = null;
      for (Term[] position : mp.getTermArrays()) {
        if (best == null || position.length < best.size()) {
          best = new HashSet<>(List.of(position));
        }
      }
      return best == null || best.isEmpty() ? null : best;
    }
    if (q instanceof BooleanQuery bq) {
      Set<Term> best = null;
      int bestCost = Integer.MAX_VALUE;
      Set<Term> any = new HashSet<>();
      boolean anyKnown = true;
      int should = 0;
      for (BooleanClause c : bq.clauses()) {
        switch (c.occur()) {
          case MUST, FILTER -> {
            Set<Term> r = required(c.query());
            if (r != null) {
              int cost = cost(r);
              if (cost < bestCost) {
                best = r;
                bestCost = cost;
              }
            }
          }
          case SHOULD -> {
            should++;
            Set<Term> r = required(c.query());
            if (r == null) {
              anyKnown = false;
            } else {
              any.addAll(r);
            }
          }
          case MUST_NOT -> { }
        }
      }
      if (best != null) {
        return best;
      }
      boolean hasRequired = bq.clauses().stream().anyMatch(c -> c.occur() == BooleanClause.Occur.MUST
          || c.occur() == BooleanClause.Occur.FILTER);
      // only optional clauses: one of them must match (a required clause we could not reduce says nothing)
      if (!hasRequired && should > 0 && anyKnown && !any.isEmpty()) {
        return any;
      }
      return null;
    }
    return null;
  }

  /** Prefer few terms, and never the language or source filters, which nearly every mention holds. */
  private static int cost(Set<Term> terms) {
    int cost = terms.size();
    for (Term t : terms) {
      if (t.field().equals(MentionAnalysis.LANG) || t.field().equals(MentionAnalysis.SOURCE)) {
        cost += 1_000_000;
      }
    }
    return cost;
  }
}
