package io.veille.streams.sentiment;

import io.veille.common.model.Sentiment;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the model for each mention by the {@link SentimentConfig.Policy}: the lexicon model for
 * every mention, or CoreNLP for English mentions long enough, run on a bounded pool of workers.
 *
 * <p>CoreNLP scores about 50 texts per second per thread, so it must not stall the pipeline
 * silently: at most {@code corenlpQueue} mentions wait for a worker (beyond, the lexicon model
 * decides at once and the mention counts as <em>rejected</em>); a caller waits at most
 * {@code corenlpTimeout} (beyond, the lexicon model decides and it counts as <em>timed out</em>).
 * The backlog (waiting plus running) and these counters are in {@link #metrics()}.
 */
public final class SentimentRouter implements SentimentModel, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SentimentRouter.class);

  private final SentimentConfig config;
  private final SentimentModel lexicon;
  private final Supplier<? extends SentimentModel> corenlpFactory;
  private volatile SentimentModel corenlp;
  private final ThreadPoolExecutor pool;
  private final AtomicInteger running = new AtomicInteger();
  private final LongAdder byLexicon = new LongAdder();
  private final LongAdder byCorenlp = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder timedOut = new LongAdder();
  private final LongAdder failed = new LongAdder();

  /** Counters and gauges of the router; {@code backlog} = mentions waiting for or in CoreNLP. */
  public record RouterMetrics(long lexicon, long corenlp, long rejected, long timedOut, long failed, int backlog,
      int queueCapacity, int threads) {}

  /**
   * @param lexicon the default model
   * @param corenlp builds the CoreNLP model on first need (it loads ~500 MB), not called under the
   *     {@code lexicon} policy
   */
  public SentimentRouter(SentimentConfig config, SentimentModel lexicon, Supplier<? extends SentimentModel> corenlp) {
    this.config = Objects.requireNonNull(config, "config");
    this.lexicon = Objects.requireNonNull(lexicon, "lexicon");
    this.corenlpFactory = Objects.requireNonNull(corenlp, "corenlp");
    if (config.policy() == SentimentConfig.Policy.CORENLP_EN) {
      AtomicInteger n = new AtomicInteger();
      pool = new ThreadPoolExecutor(config.corenlpThreads(), config.corenlpThreads(), 1, TimeUnit.MINUTES,
          config.corenlpQueue() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(config.corenlpQueue()),
          r -> {
            Thread t = new Thread(r, "veille-corenlp-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
          },
          new ThreadPoolExecutor.AbortPolicy());
    } else {
      pool = null;
    }
  }

  /** The router of the default configuration: the lexicon model for every mention. */
  public static SentimentRouter of(SentimentConfig config) {
    if (config.policy() == SentimentConfig.Policy.CORENLP_EN && !CoreNlpSentimentModel.available()) {
      // a distribution (or the slim image) built without the corenlp profile: say so at start, not a warning per mention
      throw new IllegalStateException("sentiment.policy is " + config.policy().configName() + " but CoreNLP is not in "
          + "this distribution (build it with the Maven profile corenlp, or the image with VEILLE_CORENLP=1), or set "
          + "sentiment.policy to the lexicon");
    }
    return new SentimentRouter(config, LexiconSentimentModel.create(), CoreNlpSentimentModel::create);
  }

  @Override
  public String name() {
    return config.policy().configName();
  }

  public SentimentConfig config() {
    return config;
  }

  /** True when this mention goes to CoreNLP under the configured policy. */
  public boolean routesToCorenlp(String text, String lang) {
    return pool != null && lang != null && lang.regionMatches(true, 0, "en", 0, 2) && text.length() >= config.corenlpMinChars();
  }

  /**
   * Scores a mention, waiting at most {@code corenlpTimeout} for CoreNLP; the lexicon model decides
   * whenever CoreNLP is not used, is full, late or fails.
   */
  @Override
  public Sentiment score(String text, String lang) {
    Objects.requireNonNull(text, "text");
    if (!routesToCorenlp(text, lang)) {
      byLexicon.increment();
      return lexicon.score(text, lang);
    }
    Future<Sentiment> f;
    try {
      f = pool.submit(() -> runCorenlp(text));
    } catch (RejectedExecutionException e) {
      rejected.increment();
      byLexicon.increment();
      return lexicon.score(text, lang);
    }
    try {
      Sentiment s = f.get(config.corenlpTimeout().toNanos(), TimeUnit.NANOSECONDS);
      byCorenlp.increment();
      return s;
    } catch (TimeoutException e) {
      // a task still queued is dropped; one running finishes and its answer is discarded
      f.cancel(false);
      timedOut.increment();
    } catch (ExecutionException e) {
      failed.increment();
      LOG.warn("CoreNLP failed on a mention of {} characters; the lexicon model decides: {}", text.length(), e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(false);
    }
    byLexicon.increment();
    return lexicon.score(text, lang);
  }

  private Sentiment runCorenlp(String text) {
    running.incrementAndGet();
    try {
      SentimentModel m = corenlp;
      if (m == null) {
        synchronized (this) {
          m = corenlp;
          if (m == null) {
            m = corenlpFactory.get();
            corenlp = m;
          }
        }
      }
      return m.score(text, "en");
    } finally {
      running.decrementAndGet();
    }
  }

  public RouterMetrics metrics() {
    int backlog = pool == null ? 0 : pool.getQueue().size() + running.get();
    return new RouterMetrics(byLexicon.sum(), byCorenlp.sum(), rejected.sum(), timedOut.sum(), failed.sum(), backlog,
        pool == null ? 0 : config.corenlpQueue(), pool == null ? 0 : config.corenlpThreads());
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
