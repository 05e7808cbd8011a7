package io.veille.streams.index;

import io.veille.common.json.JsonSerde;
import io.veille.common.model.ScoredMention;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.RecordBatchingStateRestoreCallback;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's share of the mention index: a Lucene index in the task's state folder, fed from its partition of
 * {@code veille.mentions.scored}, which is also its changelog (a read-only store: Streams restores it from the
 * topic, there is no changelog topic of its own).
 *
 * <ul>
 *   <li><b>One indexing function</b> ({@link #apply}) serves the processor and the restore path (which gets raw
 *       batches and bypasses the processor and the deserialization handler): a record whose value is not a scored
 *       mention is skipped and counted, never indexed, never fatal.</li>
 *   <li><b>Idempotent</b>: documents are replaced by mention id ({@code updateDocument}); a null value deletes.</li>
 *   <li><b>Offsets in the index</b>: the store manages its offsets ({@link #managesOffsets()}): the offset of the
 *       last record applied goes into each Lucene commit's user data, so a restart (clean or not) resumes from the
 *       index on disk and re-applies at most the records since the last commit; an index wiped with the state folder
 *       has no offset and is rebuilt from the topic.</li>
 *   <li><b>Commits on its own schedule</b> ({@code commitInterval}, and always on close): Streams does not commit
 *       a running read-only store.</li>
 *   <li><b>Near-real-time</b>: a background thread refreshes the searcher every {@code refreshInterval} (it keeps
 *       going during restores, unlike a punctuator) while the index is searched; after {@link #SEARCH_IDLE} without
 *       a search it stops refreshing (each refresh flushes a small segment, which later merges cost again), and
 *       the next search refreshes first, so it sees every record applied so far (as Elasticsearch's search-idle
 *       shards).</li>
 *   <li><b>Reads</b> from other threads go through {@link #acquire()} (or the IQv2 query {@link LeaseQuery}); a
 *       closed index answers {@link InvalidStateStoreException}.</li>
 * </ul>
 */
public final class MentionIndexStore implements StateStore {
  private static final Logger LOG = LoggerFactory.getLogger(MentionIndexStore.class);
  static final String OFFSET_KEY = "veille.offset";
  static final String PARTITION_KEY = "veille.partition";
  private static final JsonSerde<ScoredMention> SERDE = new JsonSerde<>(ScoredMention.class);
  /** Without a search for this long, the background refresh pauses until the next search. */
  public static final Duration SEARCH_IDLE = Duration.ofSeconds(30);

  private final String name;
  private final Duration commitInterval;
  private final Duration refreshInterval;

  private volatile boolean open;
  private Directory directory;
  private IndexWriter writer;
  private SearcherManager searchers;
  private ScheduledExecutorService background;
  private int partition = -1;
  private Path path;
  /** Offset of the last record applied, -1 when none. */
  private final AtomicLong applied = new AtomicLong(-1);
  /** Offset in the last Lucene commit, -1 when none. */
  private volatile long committed = -1;
  private final AtomicLong indexed = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private volatile long restoredRecords;
  /** When the index was last searched ({@link #acquire()}), System.nanoTime(); idle from the start. */
  private volatile long lastSearch = System.nanoTime() - SEARCH_IDLE.toNanos();

  public MentionIndexStore(String name, Duration commitInterval, Duration refreshInterval) {
    this.name = name;
    this.commitInterval = commitInterval;
    this.refreshInterval = refreshInterval;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    partition = context.taskId().partition();
    path = context.stateDir().toPath().resolve(name);
    try {
      directory = FSDirectory.open(path);
      IndexWriterConfig cfg = new IndexWriterConfig(MentionDocuments.indexAnalyzer())
          .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
          .setCommitOnClose(false)
          .setRAMBufferSizeMB(32);
      writer = new IndexWriter(directory, cfg);
      long last = -1;
      if (DirectoryReader.indexExists(directory)) {
        Map<String, String> data = SegmentInfos.readLatestCommit(directory).getUserData();
        String o = data.get(OFFSET_KEY);
        if (o != null) {
          last = Long.parseLong(o);
        }
      }
      applied.set(last);
      committed = last;
      searchers = new SearcherManager(writer, null);
    } catch (IOException e) {
      closeQuietly();
      throw new ProcessorStateException("cannot open the mention index in " + path + ": " + e.getMessage(), e);
    }
    // the root, not this: Streams keys the store's offsets by the object registered
    context.register(root, (RecordBatchingStateRestoreCallback) this::restoreBatch);
    background = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mention-index-" + context.taskId());
      t.setDaemon(true);
      return t;
    });
    background.scheduleWithFixedDelay(this::refresh, refreshInterval.toMillis(), refreshInterval.toMillis(),
        TimeUnit.MILLISECONDS);
    background.scheduleWithFixedDelay(this::scheduledCommit, commitInterval.toMillis(), commitInterval.toMillis(),
        TimeUnit.MILLISECONDS);
    open = true;
    LOG.info("mention index {} for partition {} opened in {}: {} documents, resuming after offset {}", name, partition,
        path, writer.getDocStats().numDocs, committed);
  }

  private void restoreBatch(Collection<ConsumerRecord<byte[], byte[]>> records) {
    for (ConsumerRecord<byte[], byte[]> r : records) {
      apply(r.key(), r.value(), r.offset());
    }
    restoredRecords += records.size();
  }

  /**
   * Indexes one record of {@code veille.mentions.scored} at {@code offset}: replaces the document of its mention
   * id (a null value with a key deletes it); a value that is not a scored mention is skipped and counted.
   */
  public void apply(byte[] key, byte[] value, long offset) {
    try {
      if (value == null) {
        if (key != null) {
          writer.deleteDocuments(MentionDocuments.idTerm(new String(key, StandardCharsets.UTF_8)));
        }
      } else {
        ScoredMention s;
        try {
          s = SERDE.fromBytes(value);
        } catch (RuntimeException e) {
          long n = skipped.incrementAndGet();
          if (n <= 10 || Long.bitCount(n) == 1) {
            LOG.warn("mention index {}: skipping the record at partition {} offset {} ({} skipped so far): {}", name,
                partition, offset, n, e.getMessage());
          }
          advance(offset);
          return;
        }
        writer.updateDocument(MentionDocuments.idTerm(s.id()), MentionDocuments.document(s, value));
        indexed.incrementAndGet();
      }
      advance(offset);
    } catch (IOException e) {
      throw new ProcessorStateException("mention index " + name + " cannot index offset " + offset + ": " + e.getMessage(), e);
    }
  }

  private void advance(long offset) {
    applied.accumulateAndGet(offset, Math::max);
  }

  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {
    if (open) {
      for (Long o : changelogOffsets.values()) {
        if (o != null && o >= 0) {
          advance(o);
        }
      }
      commitIndex();
    }
  }

  @Override
  public void flush() {
    if (open) {
      commitIndex();
    }
  }

  @Override
  public Long committedOffset(TopicPartition tp) {
    return committed < 0 ? null : committed;
  }

  @Override
  public boolean managesOffsets() {
    return true;
  }

  @Override
  public boolean persistent() {
    return true;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  private void scheduledCommit() {
    try {
      if (open && applied.get() != committed) {
        commitIndex();
      }
    } catch (RuntimeException e) {
      LOG.warn("mention index {} partition {}: scheduled commit failed: {}", name, partition, e.toString());
    }
  }

  /** Commits the index with the offset of the last record applied before the commit began. */
  private synchronized void commitIndex() {
    // taken before the commit: every record up to it was added before the commit flushes, so the commit holds it
    long upTo = applied.get();
    try {
      writer.setLiveCommitData(Map.of(OFFSET_KEY, Long.toString(upTo), PARTITION_KEY, Integer.toString(partition))
          .entrySet());
      writer.commit();
      committed = upTo;
    } catch (AlreadyClosedException e) {
      // closing: close() commits
    } catch (IOException e) {
      throw new UncheckedIOException("mention index " + name + " cannot commit: " + e.getMessage(), e);
    }
  }

  /** How long the last background refresh took (ms), -1 before the first. */
  private volatile double lastRefreshMillis = -1;

  private void refresh() {
    try {
      if (open && !searchIdle(System.nanoTime())) {
        long t0 = System.nanoTime();
        searchers.maybeRefresh();
        lastRefreshMillis = (System.nanoTime() - t0) / 1e6;
      }
    } catch (AlreadyClosedException e) {
      // closing
    } catch (IOException | RuntimeException e) {
      LOG.warn("mention index {} partition {}: refresh failed: {}", name, partition, e.toString());
    }
  }

  private boolean searchIdle(long now) {
    return now - lastSearch >= SEARCH_IDLE.toNanos();
  }

  /** Makes everything applied so far searchable now (tests, benchmarks). */
  public void refreshNow() throws IOException {
    searchers.maybeRefreshBlocking();
  }

  /**
   * A searcher over this index, to give back with {@link Lease#close()}.
   *
   * @throws InvalidStateStoreException when the index is closed (the task moved or is closing)
   */
  public Lease acquire() {
    if (!open) {
      throw new InvalidStateStoreException("mention index " + name + " partition " + partition + " is closed");
    }
    try {
      long now = System.nanoTime();
      boolean idle = searchIdle(now);
      lastSearch = now;
      if (idle) {
        // the background refresh paused: catch up before answering
        long t0 = System.nanoTime();
        searchers.maybeRefreshBlocking();
        lastRefreshMillis = (System.nanoTime() - t0) / 1e6;
      }
      return new Lease(partition, searchers.acquire(), searchers);
    } catch (AlreadyClosedException | IOException e) {
      throw new InvalidStateStoreException("mention index " + name + " partition " + partition + " is closed");
    }
  }

  /** A searcher acquired from one task's index; closing it releases the searcher. */
  public static final class Lease implements AutoCloseable {
    private final int partition;
    private final IndexSearcher searcher;
    private final SearcherManager manager;
    private boolean released;

    Lease(int partition, IndexSearcher searcher, SearcherManager manager) {
      this.partition = partition;
      this.searcher = searcher;
      this.manager = manager;
    }

    public int partition() {
      return partition;
    }

    public IndexSearcher searcher() {
      return searcher;
    }

    @Override
    public synchronized void close() {
      if (!released) {
        released = true;
        try {
          manager.release(searcher);
        } catch (IOException | AlreadyClosedException e) {
          LOG.debug("releasing a searcher: {}", e.toString());
        }
      }
    }
  }

  /** The IQv2 query that leases this task's searcher: the caller must close the lease. */
  public static final class LeaseQuery implements Query<Lease> {
    public static final LeaseQuery INSTANCE = new LeaseQuery();

    private LeaseQuery() {}
  }

  /** The IQv2 query of this task's {@link Stats}. */
  public static final class StatsQuery implements Query<Stats> {
    public static final StatsQuery INSTANCE = new StatsQuery();

    private StatsQuery() {}
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R> QueryResult<R> query(Query<R> query, PositionBound bound, QueryConfig config) {
    if (query instanceof StatsQuery) {
      return (QueryResult<R>) QueryResult.forResult(stats());
    }
    if (!(query instanceof LeaseQuery)) {
      return QueryResult.forUnknownQueryType(query, this);
    }
    try {
      return (QueryResult<R>) QueryResult.forResult(acquire());
    } catch (InvalidStateStoreException e) {
      return QueryResult.forFailure(FailureReason.STORE_EXCEPTION, e.getMessage());
    }
  }

  /** Documents in the last refreshed searcher, records indexed, skipped and restored by this store instance. */
  public Stats stats() {
    IndexWriter w = writer;
    return new Stats(partition, w == null ? -1 : w.getDocStats().numDocs, indexed.get(), skipped.get(), restoredRecords, applied.get(),
        committed, lastRefreshMillis);
  }

  /** @param lastRefreshMillis how long the last background refresh of the searcher took, -1 before the first */
  public record Stats(int partition, long documents, long indexed, long skipped, long restored, long appliedOffset,
      long committedOffset, double lastRefreshMillis) {}

  @Override
  public void close() {
    if (!open) {
      return;
    }
    open = false;
    background.shutdownNow();
    try {
      background.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      finalCommitAndClose();
    }
  }

  private void finalCommitAndClose() {
    try {
      long upTo = applied.get();
      writer.setLiveCommitData(Map.of(OFFSET_KEY, Long.toString(upTo), PARTITION_KEY, Integer.toString(partition))
          .entrySet());
      writer.commit();
      committed = upTo;
      LOG.info("mention index {} partition {} closed after offset {}: {} indexed, {} skipped, {} restored", name, partition,
          upTo, indexed.get(), skipped.get(), restoredRecords);
    } catch (IOException | RuntimeException e) {
      LOG.warn("mention index {} partition {}: final commit failed ({}); the next start re-applies from offset {}", name,
          partition, e.toString(), committed);
    } finally {
      closeQuietly();
    }
  }

  private void closeQuietly() {
    for (AutoCloseable c : new AutoCloseable[] {searchers, writer, directory}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          LOG.debug("closing the mention index: {}", e.toString());
        }
      }
    }
    searchers = null;
    writer = null;
    directory = null;
  }
}
