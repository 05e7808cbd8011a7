package io.veille.deploy.bench;

import io.veille.common.config.VeilleConfig;
import io.veille.common.kafka.EmbeddedKafka;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.Mention;
import io.veille.common.model.ScoredMention;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import io.veille.deploy.Results;
import io.veille.streams.index.IndexApp;
import io.veille.streams.index.IndexSettings;
import io.veille.streams.index.LocalIndex;
import io.veille.streams.index.MentionDocuments;
import io.veille.streams.index.MentionIndexStore;
import io.veille.streams.index.MentionSearch;
import io.veille.streams.index.SearchRequest;
import io.veille.streams.sentiment.LexiconSentimentModel;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.FSDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code veille bench index}: (1) indexing through the index store (the indexer application consuming
 * {@code veille.mentions.scored} on an embedded broker: fetch, JSON, document, {@code updateDocument}, offsets, NRT
 * refresh and scheduled commits) against a bare {@link IndexWriter} writing the same documents the way an index of
 * mentions must (replacing by mention id: {@code updateDocument}, so a replay is idempotent), alternating;
 * (2) query latency of the search code ({@link MentionSearch}) for term, boolean, phrase and faceted queries over an
 * index of {@code --mentions} mentions. Mentions are the bundled scenario's, repeated with new ids and spread in time,
 * scored by the lexicon model.
 */
@Command(name = "index", mixinStandardHelpOptions = true,
    description = {"Mention index: indexing rate through the store against a bare IndexWriter (same documents, same run,",
        "alternating), then query latency (term, boolean, phrase, faceted) at --mentions mentions. Ends with RESULT lines."})
public final class BenchIndexCommand implements Callable<Integer> {
  @Option(names = "--records", defaultValue = "100000", description = "Mentions per indexing run (default: ${DEFAULT-VALUE}).")
  int records;

  @Option(names = "--runs", defaultValue = "3", description = "Measured runs of each indexing case (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--mentions", defaultValue = "1000000", description = "Index size for the query latencies (default: ${DEFAULT-VALUE}).")
  int mentions;

  @Option(names = "--queries", defaultValue = "300", description = "Measured queries per kind (default: ${DEFAULT-VALUE}).")
  int queries;

  @Option(names = "--searching", description = {"Search the store once a second while it indexes (keeps the 100 ms",
      "near-real-time refresh going; without searches the store stops refreshing after 30 s idle)."})
  boolean searching;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
  Path json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  static final String[] TERMS = {"panne", "réseau", "box", "fibre", "outage", "support", "facture", "technicien", "merci",
      "remboursement", "nul", "refund", "down", "appli", "client"};
  static final String[] BOOLEANS = {"(panne OR outage) AND ondyne", "fibre AND (lent OR coupure OR panne)",
      "ondyne AND NOT merci", "(facture OR remboursement OR refund) AND -super", "#ondynedown OR (réseau AND panne)"};
  static final String[] PHRASES = {"\"plus de réseau\"", "\"service client\"", "\"no signal\"", "\"la fibre\"",
      "\"down again\""};

  @Override
  public Integer call() throws Exception {
    if (records < 1000 || runs < 1 || mentions < 1000 || queries < 10) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--records >= 1000, --runs >= 1, --mentions >= 1000, --queries >= 10");
    }
    PrintWriter out = spec.commandLine().getOut();
    Results results = new Results();
    Path dir = Files.createTempDirectory("veille-bench-index");
    try {
      List<Mention> base = BenchIngestCommand.loadScenario();
      LexiconSentimentModel model = LexiconSentimentModel.create();
      List<ScoredMention> scoredBase = new ArrayList<>(base.size());
      for (Mention m : base) {
        String lang = m.lang() == null ? "und" : m.lang();
        scoredBase.add(new ScoredMention(m, lang, model.score(m.text(), lang),
            m.text().toLowerCase(Locale.ROOT).contains("ondyne") ? List.of("ondyne") : List.of(), 0));
      }
      writes(out, results, dir, scoredBase);
      queries(out, results, dir, scoredBase);
      results.print(out, json);
    } finally {
      deleteTree(dir);
    }
    return 0;
  }

  /** The i-th mention of a set of {@code n}: a scenario mention with its own id, spread over 30 days. */
  static ScoredMention mention(List<ScoredMention> base, int i, int n) {
    ScoredMention s = base.get(i % base.size());
    Mention m = s.mention();
    Instant at = Instant.parse("2026-11-01T00:00:00Z").plusMillis((long) i * 30L * 86_400_000L / n);
    Mention copy = new Mention(1, m.id() + "~" + i, m.source(), m.url(), m.lang(), m.text(), at, m.fetchedAt(), m.author(),
        m.engagement(), m.inReplyTo(), m.sharedFrom(), m.extra());
    return new ScoredMention(copy, s.lang(), s.sentiment(), s.watchIds(), s.copies());
  }

  private void writes(PrintWriter out, Results results, Path dir, List<ScoredMention> base) throws Exception {
    List<ScoredMention> docs = new ArrayList<>(records);
    List<byte[]> bytes = new ArrayList<>(records);
    for (int i = 0; i < records; i++) {
      ScoredMention s = mention(base, i, records);
      docs.add(s);
      bytes.add(Topics.MENTIONS_SCORED.valueSerde().serializer().serialize("", s));
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      VeilleConfig config = VeilleConfig.defaults().withBootstrapServers(kafka.bootstrapServers());
      TopicAdmin.createMissing(KafkaClients.admin(config, "bench-admin"), Topics.ALL, (short) 1);
      Map<String, Object> props = KafkaClients.producer(config, "bench-index");
      props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1); // KAFKA-15591 on a new topic
      try (var p = new KafkaProducer<byte[], byte[]>(props)) {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
          sent.add(p.send(new ProducerRecord<>(Topics.MENTIONS_SCORED.name(),
              docs.get(i).id().getBytes(StandardCharsets.UTF_8), bytes.get(i))));
        }
        for (var f : sent) {
          f.get();
        }
      }
      out.printf("broker up, %,d scored mentions on %s; %d runs of each case (+1 warm-up)%n", records,
          Topics.MENTIONS_SCORED.name(), runs);
      out.flush();
      double[] store = new double[runs];
      double[] bare = new double[runs];
      for (int run = -1; run < runs; run++) {
        double b = bareWriter(dir.resolve("bare-" + (run + 1)), docs, bytes);
        double s = throughStore(config, dir.resolve("store-" + (run + 1)), "bench-index-" + (run + 1));
        out.printf("%s: store %,.0f docs/s, bare IndexWriter %,.0f docs/s (ratio %.2f)%n",
            run < 0 ? "warm-up" : "run " + (run + 1), s, b, s / b);
        out.flush();
        if (run >= 0) {
          store[run] = s;
          bare[run] = b;
        }
      }
      double ms = median(store);
      double mb = median(bare);
      double[] ratios = new double[runs];
      for (int i = 0; i < runs; i++) {
        ratios[i] = store[i] / bare[i];
      }
      results.add("bench", "index_write", "records", records, "searching", searching ? 1 : 0, "throughput",
          Math.round(ms), "baseline", Math.round(mb), "ratio", median(ratios), "runs", runs, "spread", spread(ratios));
    }
  }

  private static double bareWriter(Path path, List<ScoredMention> docs, List<byte[]> bytes) throws Exception {
    try (FSDirectory d = FSDirectory.open(path);
        IndexWriter w = new IndexWriter(d, new IndexWriterConfig(MentionDocuments.indexAnalyzer()).setRAMBufferSizeMB(32))) {
      long t0 = System.nanoTime();
      for (int i = 0; i < docs.size(); i++) {
        // the same work the store must do: replace by id (a replay or a near-duplicate is one document)
        w.updateDocument(MentionDocuments.idTerm(docs.get(i).id()), MentionDocuments.document(docs.get(i), bytes.get(i)));
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      w.commit();
      return docs.size() / secs;
    }
  }

  /** The indexer application from the start of the topic: documents per second from its first to its last. */
  private double throughStore(VeilleConfig config, Path state, String appId) throws Exception {
    try (IndexApp app = IndexApp.start(config, IndexSettings.defaults().withApplicationId(appId), state, null)) {
      LocalIndex index = new LocalIndex(app.streams());
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      long first = 0;
      long startCount = 0;
      long lastSearch = 0;
      while (System.nanoTime() < deadline) {
        long n = indexed(app, index);
        long now = System.nanoTime();
        if (searching && n > 0 && now - lastSearch > 1_000_000_000L) {
          lastSearch = now;
          try (LocalIndex.Snapshot snap = index.snapshot()) {
            new MentionSearch(snap.searcher()).search(SearchRequest.of("panne", 10));
          } catch (RuntimeException e) {
            // rebalancing: the next second asks again
          }
        }
        if (first == 0 && n > 0) {
          first = now;
          startCount = n;
        }
        if (n >= records) {
          return (n - startCount) / Math.max((now - first) / 1e9, 1e-3);
        }
        Thread.sleep(5);
      }
      throw new IllegalStateException("the indexer did not index " + records + " mentions within 10 minutes");
    }
  }

  private static long indexed(IndexApp app, LocalIndex index) {
    if (app.streams().state() != KafkaStreams.State.RUNNING) {
      return 0;
    }
    try {
      return index.stats().values().stream().mapToLong(MentionIndexStore.Stats::indexed).sum();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private void queries(PrintWriter out, Results results, Path dir, List<ScoredMention> base) throws Exception {
    Path path = dir.resolve("query-index");
    long t0 = System.nanoTime();
    try (FSDirectory d = FSDirectory.open(path)) {
      try (IndexWriter w = new IndexWriter(d, new IndexWriterConfig(MentionDocuments.indexAnalyzer()).setRAMBufferSizeMB(64))) {
        for (int i = 0; i < mentions; i++) {
          ScoredMention s = mention(base, i, mentions);
          w.addDocument(MentionDocuments.document(s, Topics.MENTIONS_SCORED.valueSerde().serializer().serialize("", s)));
          if ((i + 1) % 200_000 == 0) {
            out.printf("indexed %,d / %,d mentions for the query latencies%n", i + 1, mentions);
            out.flush();
          }
        }
        w.commit();
      }
      out.printf("query index: %,d mentions in %.0f s, %,d MB on disk%n", mentions, (System.nanoTime() - t0) / 1e9,
          size(path) >> 20);
      try (DirectoryReader reader = DirectoryReader.open(d)) {
        MentionSearch search = new MentionSearch(new IndexSearcher(reader));
        // each kind alternates, query by query, with the same query counting every match (exactTotal=true: what
        // every search did before totals could stop at the threshold), so the two are measured under the same load
        latency(out, results, "term", search, i -> SearchRequest.of(TERMS[i % TERMS.length], 10)
            .withOrder(SearchRequest.Order.RELEVANCE));
        latency(out, results, "boolean", search, i -> SearchRequest.of(BOOLEANS[i % BOOLEANS.length], 10)
            .withOrder(SearchRequest.Order.RELEVANCE));
        latency(out, results, "phrase", search, i -> SearchRequest.of(PHRASES[i % PHRASES.length], 10)
            .withOrder(SearchRequest.Order.RELEVANCE));
        latency(out, results, "faceted", search, i -> SearchRequest.of(TERMS[i % TERMS.length], 10).withFacets(true));
        latency(out, results, "term_by_time", search, i -> SearchRequest.of(TERMS[i % TERMS.length], 10));
      }
    }
  }

  private void latency(PrintWriter out, Results results, String kind, MentionSearch search,
      java.util.function.IntFunction<SearchRequest> request) throws Exception {
    long hits = 0;
    long exactHits = 0;
    int capped = 0;
    for (int i = 0; i < Math.max(50, queries / 5); i++) {
      search.search(request.apply(i)); // warm-up
      search.search(request.apply(i).withExactTotal(true));
    }
    double[] ms = new double[queries];
    double[] exact = new double[queries];
    for (int i = 0; i < queries; i++) {
      SearchRequest r = request.apply(i);
      long t = System.nanoTime();
      MentionSearch.Page p = search.search(r);
      ms[i] = (System.nanoTime() - t) / 1e6;
      t = System.nanoTime();
      MentionSearch.Page e = search.search(r.withExactTotal(true));
      exact[i] = (System.nanoTime() - t) / 1e6;
      hits += p.total();
      exactHits += e.total();
      capped += p.totalExact() ? 0 : 1;
    }
    double p50 = percentile(ms, 0.50);
    double p99 = percentile(ms, 0.99);
    double e50 = percentile(exact, 0.50);
    double e99 = percentile(exact, 0.99);
    out.printf("%-12s p50 %6.1f ms  p99 %6.1f ms  | exact totals: p50 %6.1f ms  p99 %6.1f ms  (%d queries; %,d matches, "
        + "%,d counted on average; %d totals a lower bound)%n", kind, p50, p99, e50, e99, queries, exactHits / queries,
        hits / queries, capped);
    out.flush();
    results.add("bench", "index_query", "kind", kind, "mentions", mentions, "p50_ms", p50, "p99_ms", p99, "exact_p50_ms",
        e50, "exact_p99_ms", e99, "n", queries, "capped", capped);
  }

  static double percentile(double[] v, double q) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, Math.max(0, (int) Math.ceil(s.length * q) - 1))];
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  static double spread(double[] v) {
    double max = Arrays.stream(v).max().orElse(0);
    double min = Arrays.stream(v).min().orElse(0);
    double med = median(v);
    return med == 0 ? 0 : (max - min) / med;
  }

  private static long size(Path p) throws Exception {
    try (Stream<Path> s = Files.walk(p)) {
      return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path root) throws Exception {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
