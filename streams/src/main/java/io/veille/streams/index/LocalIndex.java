package io.veille.streams.index;

import io.veille.common.topic.Topics;
import io.veille.streams.index.MentionIndexStore.Lease;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.search.IndexSearcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's part of the mention index: the indexes of its active tasks, read together through one
 * {@link MultiReader} (so BM25 statistics, and with them a merged top-k, are those of the whole local index, not of
 * one partition). Asked through IQv2 ({@code withAllPartitions().requireActive()}); a partition this instance owns
 * that did not answer (restoring, moving in a rebalance) is reported, never silently left out.
 */
public final class LocalIndex {
  private static final Logger LOG = LoggerFactory.getLogger(LocalIndex.class);

  private final KafkaStreams streams;
  private final String store;

  public LocalIndex(KafkaStreams streams) {
    this(streams, IndexTopology.STORE);
  }

  LocalIndex(KafkaStreams streams, String store) {
    this.streams = streams;
    this.store = store;
  }

  public KafkaStreams streams() {
    return streams;
  }

  /** Leases a searcher over every local active partition; close the snapshot to give them back. */
  public Snapshot snapshot() {
    return snapshot(null);
  }

  /**
   * Leases a searcher over {@code wanted} (null: every local active partition); a wanted partition this instance does
   * not hold as an active task now is reported missing, never answered from elsewhere. Close the snapshot to give the
   * leases back.
   */
  public Snapshot snapshot(Set<Integer> wanted) {
    List<String> problems = new ArrayList<>();
    List<Lease> leases = new ArrayList<>();
    Set<Integer> expected = wanted == null ? ownedPartitions() : new TreeSet<>(wanted);
    try {
      StateQueryRequest<Lease> req = StateQueryRequest.inStore(store).withQuery(MentionIndexStore.LeaseQuery.INSTANCE)
          .requireActive();
      StateQueryResult<Lease> res = streams.query(wanted == null ? req.withAllPartitions() : req.withPartitions(wanted));
      for (Map.Entry<Integer, QueryResult<Lease>> e : res.getPartitionResults().entrySet()) {
        if (wanted != null && !wanted.contains(e.getKey())) {
          if (e.getValue().isSuccess()) {
            e.getValue().getResult().close();
          }
        } else if (e.getValue().isSuccess()) {
          leases.add(e.getValue().getResult());
        } else {
          problems.add("partition " + e.getKey() + ": " + e.getValue().getFailureReason() + " "
              + e.getValue().getFailureMessage());
        }
      }
    } catch (RuntimeException e) {
      problems.add("the index is not queryable now (" + streams.state() + "): " + e.getMessage());
    }
    Set<Integer> answered = new TreeSet<>();
    leases.forEach(l -> answered.add(l.partition()));
    Set<Integer> missing = new TreeSet<>(expected);
    missing.removeAll(answered);
    return new Snapshot(leases, answered, missing, problems);
  }

  /** The partitions of the index this instance's threads hold as active tasks. */
  Set<Integer> ownedPartitions() {
    Set<Integer> out = new TreeSet<>();
    try {
      streams.metadataForLocalThreads().forEach(t -> t.activeTasks().forEach(task -> task.topicPartitions().forEach(tp -> {
        if (tp.topic().equals(Topics.MENTIONS_SCORED.name())) {
          out.add(tp.partition());
        }
      })));
    } catch (RuntimeException e) {
      LOG.debug("no metadata yet: {}", e.toString());
    }
    return out;
  }

  /** Per partition: documents, indexed, skipped and restored records, offsets (for tests, health and benchmarks). */
  public Map<Integer, MentionIndexStore.Stats> stats() {
    Map<Integer, MentionIndexStore.Stats> out = new TreeMap<>();
    StateQueryResult<MentionIndexStore.Stats> res = streams.query(StateQueryRequest.inStore(store)
        .withQuery(MentionIndexStore.StatsQuery.INSTANCE).withAllPartitions().requireActive());
    res.getPartitionResults().forEach((p, r) -> {
      if (r.isSuccess()) {
        out.put(p, r.getResult());
      }
    });
    return out;
  }

  /** A point-in-time view of the local index; close it (the leases go back). */
  public static final class Snapshot implements AutoCloseable {
    private final List<Lease> leases;
    private final MultiReader reader;
    private final IndexSearcher searcher;
    private final Set<Integer> partitions;
    private final Set<Integer> missing;
    private final List<String> problems;

    Snapshot(List<Lease> leases, Set<Integer> partitions, Set<Integer> missing, List<String> problems) {
      this.leases = leases;
      IndexReader[] readers = leases.stream().map(l -> l.searcher().getIndexReader()).toArray(IndexReader[]::new);
      try {
        this.reader = new MultiReader(readers, false);
      } catch (IOException e) {
        leases.forEach(Lease::close);
        throw new IllegalStateException("cannot open the local index: " + e.getMessage(), e);
      }
      this.searcher = new IndexSearcher(reader);
      this.partitions = Set.copyOf(partitions);
      this.missing = Set.copyOf(missing);
      this.problems = List.copyOf(problems);
    }

    public IndexSearcher searcher() {
      return searcher;
    }

    /** The partitions this view holds. */
    public Set<Integer> partitions() {
      return partitions;
    }

    /** Partitions this instance owns that did not answer (restoring, or moving in a rebalance). */
    public Set<Integer> missing() {
      return missing;
    }

    public List<String> problems() {
      return problems;
    }

    @Override
    public void close() {
      try {
        reader.close();
      } catch (IOException e) {
        LOG.debug("closing a snapshot: {}", e.toString());
      }
      leases.forEach(Lease::close);
    }
  }
}
