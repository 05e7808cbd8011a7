package io.veille.streams.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veille.common.json.Json;
import io.veille.common.topic.Topics;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole mention index as one instance sees it: Kafka Streams' metadata says which instance holds which partition
 * as an active task; this instance's partitions are answered from its {@link LocalIndex}, the others by the instance
 * that holds them, over the internal API ({@code POST /api/v1/internal/...}, the same bearer token), each asked for
 * exactly the partitions the metadata gives it (so a partition moving in a rebalance is counted once or reported
 * missing, never twice). The answers are merged exactly:
 *
 * <ul>
 *   <li>pages: each part returns its top {@code size} after the cursor with their sort values; the merge keeps the
 *       first {@code size} in the request's order (ties by mention id), so a cursor is the same on every instance and
 *       page N+1 fans out with it;</li>
 *   <li>relevance: two phases, the query's term and field statistics from every part, then every part scores with
 *       their sums ({@link IndexStats}), so scores are those of one index over every partition;</li>
 *   <li>totals, facets and timelines: sums of the parts' counts; a total is exact only if every part's is (one
 *       part that stopped counting makes the sum a lower bound, {@code gte});</li>
 *   <li>exports: every part streams its matches in order (one snapshot each) and they are merged as they come.</li>
 * </ul>
 *
 * Bounded: connect and answer timeouts ({@code index.fanout.timeout}), {@value #MAX_PART_BYTES} bytes per answer,
 * {@value #MAX_LINE_BYTES} bytes per exported mention. A partition no instance holds (rebalancing), an instance that
 * does not answer in time or whose partitions are restoring: the answer says so ({@link Coverage}), never a silent
 * subset.
 */
public final class IndexCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IndexCluster.class);
  public static final String INTERNAL = "/api/v1/internal/";
  public static final String INTERNAL_SEARCH = INTERNAL + "search";
  public static final String INTERNAL_TIMELINE = INTERNAL + "timeline";
  public static final String INTERNAL_EXPORT = INTERNAL + "export";
  public static final String INTERNAL_STATS = INTERNAL + "stats";
  static final int MAX_PART_BYTES = 64 << 20;
  static final int MAX_LINE_BYTES = 8 << 20;
  static final String PARTITIONS_HEADER = "X-Veille-Partitions";
  static final String MISSING_HEADER = "X-Veille-Missing";
  private static final int EXPORT_QUEUE = 256;

  private final LocalIndex local;
  private final String self;
  private final int partitions;
  private final String token;
  private final Duration timeout;
  private final HttpClient http;
  private final ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("index-fanout-", 0).factory());

  /**
   * @param self this instance's {@code host:port} as in its {@code application.server}
   * @param partitions how many partitions the index has
   * @param token the bearer token of the other instances' APIs (the same as this one's), null: none
   */
  public IndexCluster(LocalIndex local, String self, int partitions, String token, Duration timeout) {
    this.local = local;
    this.self = self;
    this.partitions = partitions;
    this.token = token;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
  }

  /** This instance's {@code host:port}. */
  public String self() {
    return self;
  }

  // ---- layout and coverage ----------------------------------------------------------------------------------

  /** Which instance holds which partition now, per Streams' metadata; the partitions none holds. */
  record Layout(Map<String, Set<Integer>> owners, Set<Integer> unassigned, String problem) {
    boolean remote(String self) {
      return owners.keySet().stream().anyMatch(k -> !k.equals(self));
    }
  }

  Layout layout() {
    Map<String, Set<Integer>> owners = new TreeMap<>();
    String problem = null;
    try {
      for (StreamsMetadata m : local.streams().streamsMetadataForStore(IndexTopology.STORE)) {
        Set<Integer> ps = new TreeSet<>();
        m.topicPartitions().forEach(tp -> {
          if (tp.topic().equals(Topics.MENTIONS_SCORED.name())) {
            ps.add(tp.partition());
          }
        });
        if (!ps.isEmpty()) {
          owners.computeIfAbsent(m.host() + ":" + m.port(), k -> new TreeSet<>()).addAll(ps);
        }
      }
    } catch (RuntimeException e) {
      problem = "no metadata of the index's instances (" + local.streams().state() + "): " + e.getMessage();
    }
    Set<Integer> seen = new TreeSet<>();
    for (Set<Integer> ps : owners.values()) {
      ps.removeIf(p -> !seen.add(p)); // claimed twice while the metadata changes: asked once
    }
    owners.values().removeIf(Set::isEmpty);
    Set<Integer> unassigned = new TreeSet<>();
    for (int p = 0; p < partitions; p++) {
      if (!seen.contains(p)) {
        unassigned.add(p);
      }
    }
    return new Layout(owners, unassigned, problem);
  }

  /** What one instance answered: the partitions it was asked for, those it answered, and why not the others. */
  public record Part(String instance, Set<Integer> asked, Set<Integer> answered, String error) {
    public Part {
      asked = Set.copyOf(asked);
      answered = Set.copyOf(answered);
    }

    Set<Integer> missing() {
      Set<Integer> m = new TreeSet<>(asked);
      m.removeAll(answered);
      return m;
    }
  }

  /** Which partitions an answer covers, which are missing (and why), per instance. */
  public record Coverage(Set<Integer> partitions, Set<Integer> missing, Set<Integer> unassigned, List<Part> parts) {
    public boolean partial() {
      return !missing.isEmpty();
    }

    /** Nothing answered though something should have: the index is not ready anywhere (503). */
    public boolean unavailable() {
      return partitions.isEmpty();
    }

    /** The reasons, for a 503 or a header (at most three). */
    public String why() {
      List<String> w = new ArrayList<>();
      if (!unassigned.isEmpty()) {
        w.add("partitions " + unassigned + " have no active instance (rebalancing)");
      }
      for (Part p : parts) {
        if (!p.missing().isEmpty()) {
          w.add(p.instance() + ": partitions " + p.missing() + (p.error() == null ? " restoring" : " " + p.error()));
        }
      }
      return String.join("; ", w.stream().limit(3).toList());
    }

    /** Adds {@code partitions}, {@code partial}, {@code missing}, {@code unassigned} and {@code instances}. */
    public void write(Map<String, Object> body) {
      body.put("partitions", new TreeSet<>(partitions));
      body.put("partial", partial());
      if (partial()) {
        body.put("missing", new TreeSet<>(missing));
        if (!unassigned.isEmpty()) {
          body.put("unassigned", new TreeSet<>(unassigned));
        }
      }
      List<Map<String, Object>> instances = new ArrayList<>();
      for (Part p : parts) {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("instance", p.instance());
        i.put("partitions", new TreeSet<>(p.answered()));
        if (!p.missing().isEmpty()) {
          i.put("missing", p.missing());
          i.put("error", p.error() == null ? "restoring or rebalancing" : p.error());
        }
        instances.add(i);
      }
      body.put("instances", instances);
    }

    static Coverage of(Layout layout, List<Part> parts) {
      Set<Integer> answered = new TreeSet<>();
      Set<Integer> missing = new TreeSet<>(layout.unassigned());
      for (Part p : parts) {
        answered.addAll(p.answered());
        missing.addAll(p.missing());
      }
      missing.removeAll(answered);
      return new Coverage(answered, missing, layout.unassigned(), List.copyOf(parts));
    }
  }

  /** A merged answer and what it covers. */
  public record Merged<T>(T value, Coverage coverage) {}

  // ---- asking every part ------------------------------------------------------------------------------------

  private record Answer<T>(Part part, T value, String badRequest) {}

  @FunctionalInterface
  private interface LocalWork<T> {
    T apply(LocalIndex.Snapshot s) throws IOException;
  }

  @FunctionalInterface
  private interface Read<T> {
    T apply(JsonNode answer) throws IOException;
  }

  /** Asks every instance of {@code layout} for its partitions: this one locally, the others at {@code path}. */
  private <T> List<Answer<T>> ask(Layout layout, String path, ObjectNode request, LocalWork<T> work, Read<T> read)
      throws IOException {
    Map<String, Future<Answer<T>>> remote = new LinkedHashMap<>();
    for (Map.Entry<String, Set<Integer>> e : layout.owners().entrySet()) {
      if (!e.getKey().equals(self)) {
        ObjectNode body = request.deepCopy();
        ArrayNode ps = body.putArray("partitions");
        e.getValue().forEach(ps::add);
        remote.put(e.getKey(), pool.submit(() -> remote(e.getKey(), e.getValue(), path, body, read)));
      }
    }
    List<Answer<T>> out = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
    try {
      Set<Integer> mine = layout.owners().get(self);
      if (mine != null) {
        out.add(local(mine, work));
      }
      for (Map.Entry<String, Future<Answer<T>>> e : remote.entrySet()) {
        Set<Integer> asked = layout.owners().get(e.getKey());
        try {
          out.add(e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        } catch (TimeoutException ex) {
          e.getValue().cancel(true);
          out.add(failed(e.getKey(), asked, "no answer within " + timeout.toMillis() + " ms"));
        } catch (ExecutionException ex) {
          out.add(failed(e.getKey(), asked, "failed: " + ex.getCause()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking the other instances", e);
    } finally {
      remote.values().forEach(f -> f.cancel(true)); // those not done: a local failure or an interruption
    }
    for (Answer<T> a : out) {
      if (a.badRequest() != null) {
        throw new IllegalArgumentException(a.badRequest());
      }
    }
    return out;
  }

  private <T> Answer<T> local(Set<Integer> mine, LocalWork<T> work) throws IOException {
    try (LocalIndex.Snapshot s = local.snapshot(mine)) {
      if (s.partitions().isEmpty()) {
        return new Answer<>(new Part(self, mine, Set.of(), s.problems().isEmpty() ? null
            : SearchApi.abbreviate(s.problems().get(0))), null, null);
      }
      return new Answer<>(new Part(self, mine, s.partitions(), null), work.apply(s), null);
    } catch (InvalidStateStoreException | AlreadyClosedException e) {
      return failed(self, mine, "closed: " + e.getMessage());
    }
  }

  private static <T> Answer<T> failed(String instance, Set<Integer> asked, String why) {
    return new Answer<>(new Part(instance, asked, Set.of(), why), null, null);
  }

  private HttpRequest post(String instance, String path, ObjectNode body, Duration requestTimeout) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + instance + path)).timeout(requestTimeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b.build();
  }

  private <T> Answer<T> remote(String instance, Set<Integer> asked, String path, ObjectNode body, Read<T> read) {
    try {
      HttpResponse<InputStream> res = http.send(post(instance, path, body, timeout), HttpResponse.BodyHandlers.ofInputStream());
      byte[] bytes;
      try (InputStream in = res.body()) {
        bytes = in.readNBytes(MAX_PART_BYTES + 1);
      }
      if (bytes.length > MAX_PART_BYTES) {
        return failed(instance, asked, "answer larger than " + MAX_PART_BYTES + " bytes");
      }
      JsonNode j;
      try {
        j = Json.MAPPER.readTree(bytes);
      } catch (IOException e) {
        return failed(instance, asked, "HTTP " + res.statusCode() + ", not JSON");
      }
      if (res.statusCode() == 400) {
        return new Answer<>(new Part(instance, asked, Set.of(), "refused the request"), null, j.path("error").asText());
      }
      if (res.statusCode() != 200) {
        return failed(instance, asked, "HTTP " + res.statusCode() + ": " + SearchApi.abbreviate(j.path("error").asText()));
      }
      Set<Integer> answered = ints(j.path("partitions"));
      answered.retainAll(asked);
      return new Answer<>(new Part(instance, asked, answered, null), answered.isEmpty() ? null : read.apply(j), null);
    } catch (HttpTimeoutException e) {
      return failed(instance, asked, "no answer within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(instance, asked, "no answer within " + timeout.toMillis() + " ms");
    } catch (IOException | RuntimeException e) {
      LOG.debug("instance {} did not answer {}: {}", instance, path, e.toString());
      return failed(instance, asked, "unreachable (" + e.getClass().getSimpleName() + ")");
    }
  }

  static Set<Integer> ints(JsonNode a) {
    Set<Integer> s = new TreeSet<>();
    if (a.isArray()) {
      a.forEach(n -> s.add(n.asInt()));
    }
    return s;
  }

  static ObjectNode request(Map<String, List<String>> params, IndexStats stats) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    ObjectNode p = o.putObject("params");
    params.forEach((k, vs) -> {
      ArrayNode a = p.putArray(k);
      vs.forEach(a::add);
    });
    if (stats != null) {
      o.set("stats", stats.toJson());
    }
    return o;
  }

  private static List<Part> parts(List<? extends Answer<?>> answers) {
    return answers.stream().map(a -> (Part) a.part()).toList();
  }

  // ---- search, timeline, export -----------------------------------------------------------------------------

  /**
   * The global statistics of {@code r}'s query when parts of the index are elsewhere (relevance order only), with
   * the parts that did not give theirs; null when this instance holds every answering partition.
   */
  private Merged<IndexStats> stats(SearchRequest r, Layout layout, Map<String, List<String>> params) throws IOException {
    if (r.order() != SearchRequest.Order.RELEVANCE || !layout.remote(self)) {
      return null;
    }
    List<Answer<IndexStats>> answers = ask(layout, INTERNAL_STATS, request(params, null),
        s -> new MentionSearch(s.searcher()).stats(r), j -> IndexStats.fromJson(j.path("stats")));
    List<IndexStats> parts = answers.stream().map(Answer::value).filter(v -> v != null).toList();
    return new Merged<>(IndexStats.sum(parts), Coverage.of(layout, parts(answers)));
  }

  /** The partitions missing from the first phase stay missing: the scores could not count them. */
  private static Coverage withStats(Layout layout, List<Part> parts, Merged<IndexStats> stats) {
    if (stats == null || !stats.coverage().partial()) {
      return Coverage.of(layout, parts);
    }
    List<Part> out = new ArrayList<>();
    for (Part p : parts) {
      Part first = stats.coverage().parts().stream().filter(q -> q.instance().equals(p.instance())).findFirst().orElse(null);
      if (first != null && !first.missing().isEmpty()) {
        Set<Integer> answered = new TreeSet<>(p.answered());
        answered.removeAll(first.missing());
        out.add(new Part(p.instance(), p.asked(), answered, "statistics: " + first.error()));
      } else {
        out.add(p);
      }
    }
    return Coverage.of(layout, out);
  }

  /** One page of {@code r} over the whole index; {@code params} are the request's, forwarded as they are. */
  public Merged<MentionSearch.Page> search(SearchRequest r, Map<String, List<String>> params) throws IOException {
    MentionSearch.query(r); // a bad query is a 400 before anyone is asked
    Layout layout = layout();
    Merged<IndexStats> stats = stats(r, layout, params);
    IndexStats global = stats == null ? null : stats.value();
    List<Answer<MentionSearch.Page>> answers = ask(layout, INTERNAL_SEARCH, request(params, global),
        s -> new MentionSearch(s.searcher(), global).search(r), IndexCluster::readPage);
    long total = 0;
    boolean exact = true;
    List<MentionSearch.Hit> hits = new ArrayList<>();
    List<Map<String, Map<String, Long>>> facets = new ArrayList<>();
    for (Answer<MentionSearch.Page> a : answers) {
      if (a.value() != null) {
        total += a.value().total();
        exact &= a.value().totalExact(); // a lower bound in any part makes the sum a lower bound
        hits.addAll(a.value().hits());
        facets.add(a.value().facets());
      }
    }
    Comparator<Cursor> order = Cursor.comparator(r.order());
    hits.sort((x, y) -> order.compare(x.position(), y.position()));
    List<MentionSearch.Hit> page = List.copyOf(hits.subList(0, Math.min(r.size(), hits.size())));
    Cursor next = page.size() == r.size() ? page.get(page.size() - 1).position() : null;
    MentionSearch.Page merged = new MentionSearch.Page(total, exact, page, next,
        r.facets() ? MentionSearch.mergeFacets(facets) : Map.of());
    return new Merged<>(merged, withStats(layout, parts(answers), stats));
  }

  private static MentionSearch.Page readPage(JsonNode j) throws IOException {
    List<MentionSearch.Hit> hits = new ArrayList<>();
    for (JsonNode h : j.path("hits")) {
      JsonNode score = h.get("score");
      JsonNode hl = h.get("highlight");
      hits.add(new MentionSearch.Hit(h.path("id").asText(), score == null || score.isNull() ? null : (float) score.asDouble(),
          Json.MAPPER.writeValueAsBytes(h.path("mention")), hl == null || hl.isNull() ? null : hl.asText(),
          Cursor.decode(h.path("position").asText())));
    }
    Map<String, Map<String, Long>> facets = new LinkedHashMap<>();
    j.path("facets").fields().forEachRemaining(f -> {
      Map<String, Long> m = new LinkedHashMap<>();
      f.getValue().fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
      facets.put(f.getKey(), m);
    });
    // an answer without a relation (an older instance) counted exactly
    return new MentionSearch.Page(j.path("total").asLong(), !"gte".equals(j.path("totalRelation").asText("eq")), hits,
        null, facets);
  }

  /** The timeline of {@code r} over the whole index: every part's counts per bucket, summed. */
  public Merged<List<MentionSearch.Bucket>> timeline(SearchRequest r, Duration bucket, Map<String, List<String>> params)
      throws IOException {
    MentionSearch.checkTimeline(r, bucket);
    MentionSearch.query(r);
    Layout layout = layout();
    List<Answer<Map<Long, long[]>>> answers = ask(layout, INTERNAL_TIMELINE, request(params, null),
        s -> new MentionSearch(s.searcher()).timelineCounts(r, bucket), IndexCluster::readCounts);
    Map<Long, long[]> sum = new HashMap<>();
    for (Answer<Map<Long, long[]>> a : answers) {
      if (a.value() != null) {
        a.value().forEach((b, c) -> {
          long[] o = sum.computeIfAbsent(b, x -> new long[3]);
          for (int i = 0; i < 3; i++) {
            o[i] += c[i];
          }
        });
      }
    }
    return new Merged<>(MentionSearch.buckets(r, bucket, sum), Coverage.of(layout, parts(answers)));
  }

  /** Timeline counts as the internal API writes them: {@code [[bucket, negative, neutral, positive], ...]}. */
  static ArrayNode countsJson(Map<Long, long[]> counts) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    counts.forEach((b, c) -> a.addArray().add(b).add(c[0]).add(c[1]).add(c[2]));
    return a;
  }

  private static Map<Long, long[]> readCounts(JsonNode j) {
    Map<Long, long[]> m = new HashMap<>();
    for (JsonNode b : j.path("counts")) {
      if (m.size() > MentionSearch.MAX_BUCKETS * 4) {
        throw new IllegalArgumentException("the matches span more than " + MentionSearch.MAX_BUCKETS + " buckets");
      }
      m.put(b.get(0).asLong(), new long[] {b.get(1).asLong(), b.get(2).asLong(), b.get(3).asLong()});
    }
    return m;
  }

  /**
   * Opens an export of {@code r} over the whole index: every part's matches, merged in {@code r}'s order as they
   * stream. Its coverage is known before the first mention; a part that fails or stalls later ends the export with
   * an {@link IOException} (the client sees a truncated answer, not a silently shorter one). Close it.
   */
  public MergedExport export(SearchRequest r, Map<String, List<String>> params) throws IOException {
    MentionSearch.query(r);
    Layout layout = layout();
    Merged<IndexStats> stats = stats(r, layout, params);
    IndexStats global = stats == null ? null : stats.value();
    ObjectNode request = request(params, global);
    List<Source> sources = new ArrayList<>();
    List<Part> parts = new ArrayList<>();
    Map<String, Future<RemoteSource>> remote = new LinkedHashMap<>();
    for (Map.Entry<String, Set<Integer>> e : layout.owners().entrySet()) {
      if (!e.getKey().equals(self)) {
        ObjectNode body = request.deepCopy();
        ArrayNode ps = body.putArray("partitions");
        e.getValue().forEach(ps::add);
        remote.put(e.getKey(), pool.submit(() -> openRemote(e.getKey(), e.getValue(), body)));
      }
    }
    try {
      Set<Integer> mine = layout.owners().get(self);
      if (mine != null) {
        LocalIndex.Snapshot s = local.snapshot(mine);
        if (s.partitions().isEmpty()) {
          s.close();
          parts.add(new Part(self, mine, Set.of(), s.problems().isEmpty() ? null : SearchApi.abbreviate(s.problems().get(0))));
        } else {
          sources.add(new LocalSource(s, new MentionSearch(s.searcher(), global).exportIterator(r)));
          parts.add(new Part(self, mine, s.partitions(), null));
        }
      }
      long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
      for (Map.Entry<String, Future<RemoteSource>> e : remote.entrySet()) {
        Set<Integer> asked = layout.owners().get(e.getKey());
        try {
          RemoteSource rs = e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          if (rs.badRequest != null) {
            throw new IllegalArgumentException(rs.badRequest);
          }
          parts.add(rs.part);
          if (rs.in != null) {
            sources.add(rs);
          }
        } catch (TimeoutException ex) {
          e.getValue().cancel(true);
          parts.add(new Part(e.getKey(), asked, Set.of(), "no answer within " + timeout.toMillis() + " ms"));
        } catch (ExecutionException ex) {
          parts.add(new Part(e.getKey(), asked, Set.of(), "failed: " + ex.getCause()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      sources.forEach(Source::close);
      throw new IOException("interrupted while opening the export", e);
    } catch (RuntimeException e) {
      sources.forEach(Source::close);
      remote.values().forEach(IndexCluster::closeOpened);
      throw e;
    }
    return new MergedExport(sources, withStats(layout, parts, stats), Cursor.comparator(r.order()));
  }

  private static void closeOpened(Future<RemoteSource> f) {
    if (!f.cancel(true) && f.state() == Future.State.SUCCESS && f.resultNow().in != null) {
      f.resultNow().close();
    }
  }

  private RemoteSource openRemote(String instance, Set<Integer> asked, ObjectNode body) {
    try {
      HttpResponse<InputStream> res = http.send(post(instance, INTERNAL_EXPORT, body, timeout),
          HttpResponse.BodyHandlers.ofInputStream());
      if (res.statusCode() != 200) {
        String why;
        try (InputStream in = res.body()) {
          byte[] b = in.readNBytes(16 * 1024);
          why = Json.MAPPER.readTree(b).path("error").asText();
        } catch (IOException e) {
          why = "";
        }
        if (res.statusCode() == 400) {
          return new RemoteSource(new Part(instance, asked, Set.of(), "refused the request"), null, why);
        }
        return new RemoteSource(new Part(instance, asked, Set.of(), "HTTP " + res.statusCode() + ": "
            + SearchApi.abbreviate(why)), null, null);
      }
      Set<Integer> answered = new TreeSet<>();
      for (String p : res.headers().firstValue(PARTITIONS_HEADER).orElse("").split(",")) {
        if (!p.isBlank()) {
          answered.add(Integer.parseInt(p.strip()));
        }
      }
      answered.retainAll(asked);
      RemoteSource rs = new RemoteSource(new Part(instance, asked, answered, null), res.body(), null);
      rs.start();
      return rs;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new RemoteSource(new Part(instance, asked, Set.of(), "interrupted"), null, null);
    } catch (HttpTimeoutException e) {
      return new RemoteSource(new Part(instance, asked, Set.of(), "no answer within " + timeout.toMillis() + " ms"), null, null);
    } catch (IOException | RuntimeException e) {
      return new RemoteSource(new Part(instance, asked, Set.of(), "unreachable (" + e.getClass().getSimpleName() + ")"),
          null, null);
    }
  }

  /** One part of an export: its current mention, its position. */
  private interface Source extends AutoCloseable {
    boolean next() throws IOException;

    Cursor position();

    BytesRef json();

    @Override
    void close();
  }

  private static final class LocalSource implements Source {
    private final LocalIndex.Snapshot snapshot;
    private final MentionSearch.Export export;

    LocalSource(LocalIndex.Snapshot snapshot, MentionSearch.Export export) {
      this.snapshot = snapshot;
      this.export = export;
    }

    @Override
    public boolean next() throws IOException {
      return export.next();
    }

    @Override
    public Cursor position() {
      return export.position();
    }

    @Override
    public BytesRef json() {
      return export.json();
    }

    @Override
    public void close() {
      snapshot.close();
    }
  }

  /** Another instance's export, read ahead by a virtual thread into a bounded queue. */
  private final class RemoteSource implements Source {
    private static final Object END = new Object();
    final Part part;
    final InputStream in;
    final String badRequest;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(EXPORT_QUEUE);
    private Future<?> reader;
    private Object[] current;

    RemoteSource(Part part, InputStream in, String badRequest) {
      this.part = part;
      this.in = in;
      this.badRequest = badRequest;
    }

    void start() {
      reader = pool.submit(() -> {
        try (InputStream body = new BufferedInputStream(in, 64 * 1024)) {
          byte[] line;
          while ((line = readLine(body)) != null) {
            int tab = indexOf(line, (byte) '\t');
            if (tab < 0) {
              throw new IOException("a line without its position");
            }
            Cursor c = Cursor.decode(new String(line, 0, tab, StandardCharsets.US_ASCII));
            queue.put(new Object[] {c, new BytesRef(line, tab + 1, line.length - tab - 1)});
          }
          queue.put(END);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
          queue.clear();
          queue.offer(new IOException("instance " + part.instance() + " broke off its export: " + e.getMessage(), e));
        }
        return null;
      });
    }

    @Override
    public boolean next() throws IOException {
      Object o;
      try {
        o = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      if (o == null) {
        throw new IOException("instance " + part.instance() + " sent nothing for " + timeout.toMillis() + " ms");
      }
      if (o instanceof IOException e) {
        throw e;
      }
      if (o == END) {
        current = null;
        return false;
      }
      current = (Object[]) o;
      return true;
    }

    @Override
    public Cursor position() {
      return (Cursor) current[0];
    }

    @Override
    public BytesRef json() {
      return (BytesRef) current[1];
    }

    @Override
    public void close() {
      if (reader != null) {
        reader.cancel(true);
      }
      try {
        in.close();
      } catch (IOException | RuntimeException e) {
        LOG.debug("closing an export of {}: {}", part.instance(), e.toString());
      }
    }
  }

  /** A line of at most {@value #MAX_LINE_BYTES} bytes without its {@code \n}; null at the end. */
  static byte[] readLine(InputStream in) throws IOException {
    byte[] buf = new byte[1024];
    int n = 0;
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        return Arrays.copyOf(buf, n);
      }
      if (n == buf.length) {
        if (n >= MAX_LINE_BYTES) {
          throw new IOException("a line longer than " + MAX_LINE_BYTES + " bytes");
        }
        buf = Arrays.copyOf(buf, Math.min(MAX_LINE_BYTES, n * 2));
      }
      buf[n++] = (byte) b;
    }
    if (n > 0) {
      throw new IOException("the export ended in the middle of a line");
    }
    return null;
  }

  private static int indexOf(byte[] a, byte x) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == x) {
        return i;
      }
    }
    return -1;
  }

  /** Every part's export merged in order: {@link #next}, then {@link #json}. */
  public static final class MergedExport implements AutoCloseable {
    private final List<Source> sources;
    private final Coverage coverage;
    private final PriorityQueue<Source> heads;
    private Source current;
    private boolean started;

    private MergedExport(List<Source> sources, Coverage coverage, Comparator<Cursor> order) {
      this.sources = sources;
      this.coverage = coverage;
      this.heads = new PriorityQueue<>(Math.max(1, sources.size()), (a, b) -> order.compare(a.position(), b.position()));
    }

    public Coverage coverage() {
      return coverage;
    }

    public boolean next() throws IOException {
      if (!started) {
        started = true;
        for (Source s : sources) {
          if (s.next()) {
            heads.add(s);
          }
        }
      } else if (current != null && current.next()) {
        heads.add(current);
      }
      current = heads.poll();
      return current != null;
    }

    /** The current mention's JSON (valid until the next {@link #next}). */
    public BytesRef json() {
      return current.json();
    }

    @Override
    public void close() {
      sources.forEach(Source::close);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    http.shutdownNow();
  }
}
