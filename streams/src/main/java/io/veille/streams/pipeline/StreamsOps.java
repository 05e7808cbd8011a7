package io.veille.streams.pipeline;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.veille.common.config.VeilleConfig;
import io.veille.common.http.HttpService;
import io.veille.common.ops.KafkaCheck;
import io.veille.common.ops.Ops;
import io.veille.streams.index.IndexService;
import io.veille.streams.index.MentionIndexStore;
import io.veille.streams.sentiment.SentimentRouter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The streams process's health and meters: {@code /health/live} (no app in ERROR: a restart is due),
 * {@code /health/ready} (Kafka answers; the scoring topology and the indexer RUNNING, so their stores
 * are restored) and {@code /metrics}: Kafka Streams' own metrics of both apps (records consumed and
 * produced per topic, including {@code veille.signals}; lag; process and commit rates), CoreNLP's
 * backlog and outcomes, and the index's documents and last refresh time per partition.
 *
 * <p>The apps start after the HTTP server (the indexer needs its port): until they are {@link #scoring
 * attached} the process is live but not ready.
 */
public final class StreamsOps implements AutoCloseable {
  private final PrometheusMeterRegistry registry;
  private final KafkaCheck kafka;
  private final List<AutoCloseable> binders = new ArrayList<>();
  private volatile KafkaStreams scoring;
  private volatile IndexService index;
  private final boolean indexExpected;

  public StreamsOps(VeilleConfig config, PrometheusMeterRegistry registry, boolean indexExpected) {
    this.registry = registry;
    this.kafka = new KafkaCheck(config, "streams-health");
    this.indexExpected = indexExpected;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The routes to serve. */
  public Map<String, HttpService.Route> routes() {
    return Ops.routes(registry, this::liveness, this::readiness);
  }

  /** The scoring topology is up: its meters and checks join. */
  public void scoring(StreamsApp app, SentimentRouter sentiment) {
    KafkaStreamsMetrics m = new KafkaStreamsMetrics(app.streams(), List.of(io.micrometer.core.instrument.Tag.of("app",
        "scoring")));
    m.bindTo(registry);
    binders.add(m);
    router(sentiment, "veille.sentiment.lexicon", SentimentRouter.RouterMetrics::lexicon, "mentions the lexicon scored");
    router(sentiment, "veille.sentiment.corenlp", SentimentRouter.RouterMetrics::corenlp, "mentions CoreNLP scored");
    router(sentiment, "veille.sentiment.rejected", SentimentRouter.RouterMetrics::rejected,
        "mentions CoreNLP's queue was full for (scored by the lexicon)");
    router(sentiment, "veille.sentiment.timedout", SentimentRouter.RouterMetrics::timedOut,
        "mentions CoreNLP did not score in time (scored by the lexicon)");
    router(sentiment, "veille.sentiment.failed", SentimentRouter.RouterMetrics::failed, "CoreNLP failures");
    Gauge.builder("veille.sentiment.corenlp.backlog", sentiment, s -> s.metrics().backlog())
        .description("mentions waiting for or in CoreNLP").register(registry);
    this.scoring = app.streams();
  }

  private void router(SentimentRouter s, String name, ToDoubleFunction<SentimentRouter.RouterMetrics> f, String what) {
    FunctionCounter.builder(name, s, x -> f.applyAsDouble(x.metrics())).description(what).register(registry);
  }

  /** The indexer is up: its meters and checks join. */
  public void index(IndexService service) {
    KafkaStreamsMetrics m = new KafkaStreamsMetrics(service.app().streams(),
        List.of(io.micrometer.core.instrument.Tag.of("app", "index")));
    m.bindTo(registry);
    binders.add(m);
    Gauge.builder("veille.index.documents", service, s -> s.index().stats().values().stream()
        .mapToLong(MentionIndexStore.Stats::documents).filter(d -> d >= 0).sum())
        .description("documents in this instance's part of the mention index").register(registry);
    Gauge.builder("veille.index.refresh.last", service, s -> s.index().stats().values().stream()
        .mapToDouble(MentionIndexStore.Stats::lastRefreshMillis).max().orElse(-1) / 1000.0)
        .description("the slowest of the partitions' last searcher refreshes").baseUnit("seconds").register(registry);
    this.index = service;
  }

  private static Ops.Check state(String what, KafkaStreams s, boolean forReady) {
    if (s == null) {
      return forReady ? Ops.Check.down(what + " starting") : Ops.Check.up(what + " starting");
    }
    KafkaStreams.State st = s.state();
    if (st == KafkaStreams.State.ERROR) {
      return Ops.Check.down(what + " " + st + " (its stream threads died: see the log)");
    }
    if (forReady && st != KafkaStreams.State.RUNNING) {
      return Ops.Check.down(what + " " + st + (st == KafkaStreams.State.REBALANCING ? " (restoring or rebalancing)" : ""));
    }
    return Ops.Check.up(what + " " + st);
  }

  private Map<String, Ops.Check> liveness() {
    Map<String, Ops.Check> m = new LinkedHashMap<>();
    m.put("scoring", state("scoring topology", scoring, false));
    if (indexExpected) {
      IndexService i = index;
      m.put("index", state("indexer", i == null ? null : i.app().streams(), false));
    }
    return m;
  }

  private Map<String, Ops.Check> readiness() {
    Map<String, Ops.Check> m = new LinkedHashMap<>();
    m.put("kafka", kafka.check());
    m.put("scoring", state("scoring topology", scoring, true));
    if (indexExpected) {
      IndexService i = index;
      m.put("index", state("indexer", i == null ? null : i.app().streams(), true));
    }
    return m;
  }

  @Override
  public void close() {
    for (AutoCloseable b : binders) {
      try {
        b.close();
      } catch (Exception e) {
        // a binder's close only unregisters listeners
      }
    }
    kafka.close();
  }
}
