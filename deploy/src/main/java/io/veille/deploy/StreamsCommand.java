package io.veille.deploy;

import io.veille.common.config.Secrets;
import io.veille.common.config.VeilleConfig;
import io.veille.common.model.Watch;
import io.veille.streams.index.IndexService;
import io.veille.streams.index.IndexSettings;
import io.veille.streams.lang.LanguageDetector;
import io.veille.streams.pipeline.PipelineTopology;
import io.veille.streams.pipeline.StreamsApp;
import io.veille.streams.pipeline.StreamsSettings;
import io.veille.streams.sentiment.SentimentConfig;
import io.veille.streams.sentiment.SentimentRouter;
import io.veille.streams.watch.WatchFiles;
import io.veille.streams.watch.WatchMatcher;
import io.veille.streams.watch.WatchStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code veille streams}: the scoring topology (exactly-once), until Ctrl-C / SIGTERM. */
@Command(name = "streams", mixinStandardHelpOptions = true,
    description = {"Run the streams app: validate, dedup, language, watch matching, sentiment, per-watch buckets.",
        "Instances with the same streams.application.id share the partitions; --threads sets num.stream.threads."})
public final class StreamsCommand implements Callable<Integer> {
  @Mixin
  KafkaOptions kafka;

  @Option(names = "--watches", paramLabel = "FILE",
      description = "A YAML file of watches loaded at start-up (idempotent: only changed watches are written).")
  Path watches;

  @Option(names = "--threads", paramLabel = "N", description = "num.stream.threads (default: streams.threads, 1).")
  Integer threads;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "State folder (default: DATA_DIR/streams).")
  Path stateDir;

  @Override
  public Integer call() throws Exception {
    VeilleConfig config = kafka.load();
    StreamsSettings settings = StreamsSettings.from(config);
    if (threads != null) {
      if (threads < 1 || threads > 64) {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--threads must be in [1, 64]");
      }
      settings = settings.withThreads(threads);
    }
    if (watches != null) {
      List<Watch> desired = WatchFiles.load(watches);
      try (WatchStore store = new WatchStore(config, config.get(VeilleConfig.REQUEST_TIMEOUT))) {
        System.out.println("veille streams: watches from " + watches + ": " + store.sync(desired, false));
      }
    }
    WatchMatcher matcher = new WatchMatcher();
    try (SentimentRouter sentiment = SentimentRouter.of(SentimentConfig.from(config))) {
      var models = new PipelineTopology.Models(matcher, sentiment, LanguageDetector.get());
      Path state = stateDir != null ? stateDir : config.dataDir().resolve("streams");
      IndexSettings indexSettings = IndexSettings.from(config);
      // the indexer's tasks live beside the scoring topology's, under their own application id
      Path indexState = state;
      // the loop's close() runs last (declared first): after the apps have closed and checkpointed their stores;
      // health and metrics on the search API's port (on that port alone when the index is off)
      try (UntilStopped loop = new UntilStopped("streams");
          io.veille.streams.pipeline.StreamsOps ops = new io.veille.streams.pipeline.StreamsOps(config,
              io.veille.common.ops.Ops.registry("streams"), indexSettings.enabled());
          io.veille.common.http.HttpService opsOnly = indexSettings.enabled() ? null
              : io.veille.common.http.HttpService.start("streams-ops", indexSettings.httpHost(), indexSettings.httpPort(),
                  io.veille.common.http.HttpService.Limits.DEFAULT, ops.routes());
          StreamsApp app = StreamsApp.start(config, settings, models, state);
          IndexService index = indexSettings.enabled()
              ? IndexService.start(config, indexSettings, indexState, Secrets.fromEnvironment(), ops.routes()) : null) {
        ops.scoring(app, sentiment);
        if (index != null) {
          ops.index(index);
        }
        System.out.printf("veille streams: %s running with %d thread(s), sentiment %s; Ctrl-C to stop%n",
            settings.applicationId(), settings.threads(), sentiment.name());
        String base = index != null ? index.url() : "http://" + opsOnly.host() + ":" + opsOnly.port();
        if (index != null) {
          System.out.printf("veille streams: mention index %s, search API at %s/api/v1/search%n",
              indexSettings.applicationId(), index.url());
        }
        System.out.printf("veille streams: health at %s/health/ready, metrics at %s/metrics%n", base, base);
        while (!loop.await(Duration.ofSeconds(60))) {
          System.out.printf("veille streams: state %s, %d watch(es), sentiment %s%n", app.state(), matcher.size(),
              sentiment.metrics());
        }
        System.out.println("veille streams: stopping (closing the streams app, writing its checkpoints)");
      }
      System.out.println("veille streams: stopped");
    }
    return 0;
  }

}
