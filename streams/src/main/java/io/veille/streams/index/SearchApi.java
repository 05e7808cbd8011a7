package io.veille.streams.index;

import com.fasterxml.jackson.databind.JsonNode;
import io.veille.common.config.Durations;
import io.veille.common.http.Exchange;
import io.veille.common.http.HttpService;
import io.veille.common.json.Json;
import io.veille.common.json.JsonSerde;
import io.veille.common.model.Mention;
import io.veille.common.model.ScoredMention;
import io.veille.streams.watch.InvalidWatchException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search HTTP API (JSON) over the whole index: a public request fans out through {@link IndexCluster} to every
 * instance holding partitions of it; the internal endpoints ({@code POST /api/v1/internal/...}) answer the other
 * instances' fan-out from this instance's part ({@link LocalIndex}), for the partitions asked only.
 *
 * <ul>
 *   <li>{@code GET /api/v1/search}: {@code q} (the watch syntax), {@code watch}, {@code lang}, {@code source},
 *       {@code sentiment} (each: comma-separated or repeated, any of them), {@code from}/{@code to} (ISO-8601,
 *       {@code [from, to)}), {@code sort} ({@code time}, {@code reach}, {@code relevance}), {@code size} (1-200,
 *       default 20), {@code cursor} (the previous page's {@code next}), {@code facets}, {@code highlight},
 *       {@code exactTotal} ({@code true}/{@code false}); the answer's {@code total} is exact ({@code totalRelation}
 *       {@code eq}) up to {@value SearchRequest#TOTAL_THRESHOLD} matches, past it a lower bound ({@code gte})
 *       unless {@code exactTotal} or {@code facets};</li>
 *   <li>{@code GET /api/v1/timeline}: the same filters and {@code bucket} (default {@code 1h}, at least 1s, at most
 *       {@value MentionSearch#MAX_BUCKETS} buckets): per bucket, the matches per sentiment;</li>
 *   <li>{@code GET /api/v1/export}: the same filters and {@code format} ({@code ndjson}, default, or {@code csv}):
 *       every match, streamed.</li>
 * </ul>
 *
 * A query that does not parse, an unknown parameter or a value out of bounds is a 400 naming the problem (and, for a
 * query, the parser's line and column); a missing bearer token a 401; an index that cannot answer anywhere now a 503.
 * An answer that misses partitions (restoring, rebalancing, an instance unreachable or too slow) says so:
 * {@code partial: true}, the {@code missing} partitions, and per instance what it answered and why not
 * ({@code instances}); an export says it in {@code X-Veille-Partial} before its first line.
 */
public final class SearchApi {
  private static final Logger LOG = LoggerFactory.getLogger(SearchApi.class);
  public static final String SEARCH = "/api/v1/search";
  public static final String TIMELINE = "/api/v1/timeline";
  public static final String EXPORT = "/api/v1/export";
  static final int MAX_VALUE_CHARS = 200;
  static final Set<String> FILTERS = Set.of("q", "watch", "lang", "source", "sentiment", "from", "to", "sort");
  static final Set<String> SEARCH_PARAMS = union(FILTERS, Set.of("size", "cursor", "facets", "highlight", "exactTotal"));
  static final Set<String> TIMELINE_PARAMS = union(FILTERS, Set.of("bucket"));
  static final Set<String> EXPORT_PARAMS = union(FILTERS, Set.of("format"));
  private static final Pattern COLUMN = Pattern.compile("column (\\d+)");
  private static final JsonSerde<ScoredMention> SERDE = new JsonSerde<>(ScoredMention.class);

  static final int MAX_INTERNAL_BODY = 4 << 20;

  private final IndexCluster cluster;
  private final LocalIndex index;
  private final byte[] token;
  private final Map<String, HttpService.Route> routes;

  /**
   * @param cluster the whole index, which public searches fan out to
   * @param index this instance's part, which the internal endpoints answer from
   * @param token the bearer token clients (and the other instances) must send, null: none
   */
  public SearchApi(IndexCluster cluster, LocalIndex index, String token) {
    this.cluster = cluster;
    this.index = index;
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    this.routes = Map.of(SEARCH, ex -> guarded(ex, SEARCH_PARAMS, this::search), TIMELINE,
        ex -> guarded(ex, TIMELINE_PARAMS, this::timeline), EXPORT, ex -> guarded(ex, EXPORT_PARAMS, this::export),
        IndexCluster.INTERNAL_SEARCH, ex -> internal(ex, SEARCH_PARAMS, this::internalSearch),
        IndexCluster.INTERNAL_TIMELINE, ex -> internal(ex, TIMELINE_PARAMS, this::internalTimeline),
        IndexCluster.INTERNAL_EXPORT, ex -> internal(ex, EXPORT_PARAMS, this::internalExport),
        IndexCluster.INTERNAL_STATS, ex -> internal(ex, union(SEARCH_PARAMS, EXPORT_PARAMS), this::internalStats));
  }

  /** Every path the API answers. */
  public static final List<String> PATHS = List.of(SEARCH, TIMELINE, EXPORT, IndexCluster.INTERNAL_SEARCH,
      IndexCluster.INTERNAL_TIMELINE, IndexCluster.INTERNAL_EXPORT, IndexCluster.INTERNAL_STATS);

  /** The routes, for {@link HttpService#start}. */
  public Map<String, HttpService.Route> routes() {
    return routes;
  }

  /** Starts the API on its own server. */
  public HttpService start(String host, int port) throws IOException {
    return HttpService.start(host, port, HttpService.Limits.DEFAULT, routes());
  }

  @FunctionalInterface
  interface Handler {
    void handle(Exchange ex, Params p) throws IOException;
  }

  /** An internal request: its parameters, the partitions asked for, their snapshot, the global statistics. */
  @FunctionalInterface
  interface InternalHandler {
    void handle(Exchange ex, Params p, LocalIndex.Snapshot s, IndexStats stats) throws IOException;
  }

  private void guarded(Exchange ex, Set<String> known, Handler h) throws IOException {
    if (!ex.method().equals("GET")) {
      ex.answerHeader("Allow", "GET").error(405, "use GET");
      return;
    }
    if (token != null && !authorized(ex.header("Authorization"))) {
      ex.answerHeader("WWW-Authenticate", "Bearer").error(401, "a bearer token is required (Authorization: Bearer ...)");
      return;
    }
    try {
      h.handle(ex, new Params(ex.queryParameters(), known));
    } catch (InvalidWatchException e) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", "q: " + e.reason());
      Matcher m = COLUMN.matcher(e.reason());
      if (m.find()) {
        body.put("column", Integer.parseInt(m.group(1)));
      }
      ex.json(400, body);
    } catch (IllegalArgumentException e) {
      ex.error(400, e.getMessage());
    } catch (InvalidStateStoreException | AlreadyClosedException e) {
      ex.answerHeader("Retry-After", "1").error(503, "the index is not available here right now (" + e.getMessage()
          + "); retry shortly");
    }
  }

  /**
   * The internal API another instance fans out to: {@code POST} with {@code {"params": {...}, "partitions": [...],
   * "stats": {...}}}; answers for those of the partitions this instance holds as active tasks, and says which.
   */
  private void internal(Exchange ex, Set<String> known, InternalHandler h) throws IOException {
    if (!ex.method().equals("POST")) {
      ex.answerHeader("Allow", "POST").error(405, "use POST");
      return;
    }
    if (token != null && !authorized(ex.header("Authorization"))) {
      ex.answerHeader("WWW-Authenticate", "Bearer").error(401, "a bearer token is required (Authorization: Bearer ...)");
      return;
    }
    JsonNode req;
    try {
      req = Json.MAPPER.readTree(ex.body(MAX_INTERNAL_BODY));
    } catch (Exchange.Refused e) {
      ex.error(e.status(), e.getMessage());
      return;
    } catch (IOException e) {
      ex.error(400, "the body is not JSON");
      return;
    }
    try {
      if (req == null || !req.path("params").isObject() || !req.path("partitions").isArray()) {
        throw new IllegalArgumentException("the body must hold params and partitions");
      }
      Map<String, List<String>> params = new LinkedHashMap<>();
      req.get("params").fields().forEachRemaining(e -> {
        List<String> vs = new ArrayList<>();
        e.getValue().forEach(v -> vs.add(v.asText()));
        params.put(e.getKey(), vs);
      });
      Set<Integer> partitions = IndexCluster.ints(req.get("partitions"));
      if (partitions.isEmpty() || partitions.size() > 10_000) {
        throw new IllegalArgumentException("partitions: from 1 to 10000 of them");
      }
      IndexStats stats = req.has("stats") ? IndexStats.fromJson(req.get("stats")) : null;
      Params p = new Params(params, known);
      try (LocalIndex.Snapshot s = index.snapshot(partitions)) {
        if (s.partitions().isEmpty()) {
          ex.answerHeader("Retry-After", "1").error(503, "none of partitions " + partitions + " is ready here: "
              + String.join("; ", s.problems().stream().limit(3).toList()));
          return;
        }
        h.handle(ex, p, s, stats);
      }
    } catch (IllegalArgumentException e) {
      ex.error(400, e.getMessage());
    } catch (InvalidStateStoreException | AlreadyClosedException e) {
      ex.answerHeader("Retry-After", "1").error(503, "the index is not available here right now (" + e.getMessage() + ")");
    }
  }

  private boolean authorized(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(token, header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
  }

  private static SearchRequest searchRequest(Params p) {
    return p.request(p.integer("size", 20, 1, SearchRequest.MAX_SIZE), p.cursor(), p.bool("facets"), p.bool("highlight"))
        .withExactTotal(p.bool("exactTotal"));
  }

  private static Map<String, Object> hitJson(MentionSearch.Hit h, SearchRequest r, boolean internal) throws IOException {
    Map<String, Object> hit = new LinkedHashMap<>();
    hit.put("id", h.id());
    if (h.score() != null) {
      hit.put("score", h.score());
    }
    if (r.highlight()) {
      hit.put("highlight", h.highlight());
    }
    if (internal) {
      hit.put("position", h.position().encode());
    }
    hit.put("mention", Json.MAPPER.readTree(h.json()));
    return hit;
  }

  private void search(Exchange ex, Params p) throws IOException {
    SearchRequest r = searchRequest(p);
    IndexCluster.Merged<MentionSearch.Page> m = cluster.search(r, p.values());
    if (unavailable(ex, m.coverage())) {
      return;
    }
    MentionSearch.Page page = m.value();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("total", page.total());
    body.put("totalRelation", page.totalRelation());
    List<Map<String, Object>> hits = new ArrayList<>();
    for (MentionSearch.Hit h : page.hits()) {
      hits.add(hitJson(h, r, false));
    }
    body.put("hits", hits);
    body.put("next", page.next() == null ? null : page.next().encode());
    if (r.facets()) {
      body.put("facets", page.facets());
    }
    m.coverage().write(body);
    ex.json(200, body);
  }

  private void internalSearch(Exchange ex, Params p, LocalIndex.Snapshot s, IndexStats stats) throws IOException {
    SearchRequest r = searchRequest(p);
    MentionSearch.Page page = new MentionSearch(s.searcher(), stats).search(r);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("total", page.total());
    body.put("totalRelation", page.totalRelation());
    List<Map<String, Object>> hits = new ArrayList<>();
    for (MentionSearch.Hit h : page.hits()) {
      hits.add(hitJson(h, r, true));
    }
    body.put("hits", hits);
    if (r.facets()) {
      body.put("facets", page.facets());
    }
    localCoverage(body, s);
    ex.json(200, body);
  }

  private void internalStats(Exchange ex, Params p, LocalIndex.Snapshot s, IndexStats ignored) throws IOException {
    SearchRequest r = p.request(1, null, false, false);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("stats", new MentionSearch(s.searcher()).stats(r).toJson());
    localCoverage(body, s);
    ex.json(200, body);
  }

  private void timeline(Exchange ex, Params p) throws IOException {
    Duration bucket = p.duration("bucket", Duration.ofHours(1));
    SearchRequest r = p.request(1, null, false, false);
    IndexCluster.Merged<List<MentionSearch.Bucket>> m = cluster.timeline(r, bucket, p.values());
    if (unavailable(ex, m.coverage())) {
      return;
    }
    List<Map<String, Object>> buckets = new ArrayList<>();
    for (MentionSearch.Bucket b : m.value()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("start", b.start().toString());
      o.put("negative", b.negative());
      o.put("neutral", b.neutral());
      o.put("positive", b.positive());
      o.put("total", b.total());
      buckets.add(o);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("bucket", bucket.toString());
    body.put("buckets", buckets);
    m.coverage().write(body);
    ex.json(200, body);
  }

  private void internalTimeline(Exchange ex, Params p, LocalIndex.Snapshot s, IndexStats ignored) throws IOException {
    Duration bucket = p.duration("bucket", Duration.ofHours(1));
    SearchRequest r = p.request(1, null, false, false);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("counts", IndexCluster.countsJson(new MentionSearch(s.searcher()).timelineCounts(r, bucket)));
    localCoverage(body, s);
    ex.json(200, body);
  }

  private void export(Exchange ex, Params p) throws IOException {
    String format = p.one("format", "ndjson").toLowerCase(Locale.ROOT);
    if (!format.equals("ndjson") && !format.equals("csv")) {
      throw new IllegalArgumentException("format must be ndjson or csv (was '" + abbreviate(format) + "')");
    }
    SearchRequest r = p.request(1, null, false, false);
    MentionSearch.query(r); // a bad query is a 400 before anything is sent
    try (IndexCluster.MergedExport e = cluster.export(r, p.values())) {
      IndexCluster.Coverage c = e.coverage();
      if (unavailable(ex, c)) {
        return;
      }
      ex.answerHeader(IndexCluster.PARTITIONS_HEADER, join(c.partitions()));
      if (c.partial()) {
        ex.answerHeader("X-Veille-Partial", "missing partitions " + new TreeSet<>(c.missing()) + ": "
            + headerSafe(c.why()));
      }
      boolean csv = format.equals("csv");
      OutputStream out = ex.stream(200, csv ? "text/csv; charset=utf-8" : "application/x-ndjson");
      long n = 0;
      try {
        if (csv) {
          out.write(CSV_HEADER);
        }
        while (e.next()) {
          BytesRef json = e.json();
          if (csv) {
            out.write(csvLine(SERDE.fromBytes(java.util.Arrays.copyOfRange(json.bytes, json.offset, json.offset + json.length))));
          } else {
            out.write(json.bytes, json.offset, json.length);
            out.write('\n');
          }
          n++;
        }
        out.close();
        LOG.debug("exported {} mentions as {}", n, format);
      } catch (IOException | RuntimeException err) {
        LOG.info("export aborted after {} mentions: {}", n, err.toString());
        ex.abort(err);
      }
    }
  }

  /** This instance's part of an export, each line its position, a tab and the mention: {@code <cursor>\t<json>}. */
  private void internalExport(Exchange ex, Params p, LocalIndex.Snapshot s, IndexStats stats) throws IOException {
    SearchRequest r = p.request(1, null, false, false);
    MentionSearch.Export e = new MentionSearch(s.searcher(), stats).exportIterator(r);
    ex.answerHeader(IndexCluster.PARTITIONS_HEADER, join(s.partitions()));
    ex.answerHeader(IndexCluster.MISSING_HEADER, join(s.missing()));
    OutputStream out = ex.stream(200, "application/x-ndjson");
    try {
      while (e.next()) {
        out.write(e.position().encode().getBytes(StandardCharsets.US_ASCII));
        out.write('\t');
        BytesRef json = e.json();
        out.write(json.bytes, json.offset, json.length);
        out.write('\n');
      }
      out.close();
    } catch (IOException | RuntimeException err) {
      LOG.info("internal export aborted: {}", err.toString());
      ex.abort(err);
    }
  }

  private static String join(Set<Integer> s) {
    return String.join(",", new TreeSet<>(s).stream().map(String::valueOf).toList());
  }

  private static String headerSafe(String s) {
    String t = s.replaceAll("[^\\x20-\\x7e]", "?");
    return t.length() <= 500 ? t : t.substring(0, 497) + "...";
  }

  /** 503 when no partition answered anywhere (restoring, rebalancing, or no other instance reachable). */
  private static boolean unavailable(Exchange ex, IndexCluster.Coverage c) throws IOException {
    if (c.unavailable()) {
      ex.answerHeader("Retry-After", "1").error(503, "the index is not ready (restoring or rebalancing): " + c.why());
      return true;
    }
    return false;
  }

  private static void localCoverage(Map<String, Object> body, LocalIndex.Snapshot s) {
    body.put("partitions", new TreeSet<>(s.partitions()));
    body.put("missing", new TreeSet<>(s.missing()));
  }

  static final byte[] CSV_HEADER = ("id,publishedAt,source,lang,sentiment,sentimentScore,watches,author,followers,verified,"
      + "likes,shares,replies,copies,url,text\r\n").getBytes(StandardCharsets.UTF_8);

  static byte[] csvLine(ScoredMention s) {
    Mention m = s.mention();
    StringBuilder b = new StringBuilder(256);
    cell(b, m.id()).append(',');
    cell(b, m.publishedAt().toString()).append(',');
    cell(b, m.source()).append(',');
    cell(b, s.lang()).append(',');
    cell(b, MentionDocuments.label(s.sentiment().label())).append(',');
    b.append(s.sentiment().score()).append(',');
    cell(b, String.join(" ", s.watchIds())).append(',');
    cell(b, m.author() == null ? "" : m.author().handle() != null ? m.author().handle() : m.author().id()).append(',');
    b.append(m.reach()).append(',');
    b.append(m.author() != null && m.author().verified()).append(',');
    b.append(m.engagement().likes()).append(',').append(m.engagement().shares()).append(',')
        .append(m.engagement().replies()).append(',');
    b.append(s.copies()).append(',');
    cell(b, m.url() == null ? "" : m.url()).append(',');
    cell(b, m.text()).append("\r\n");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** RFC 4180 quoting; a cell starting with = + - @ is prefixed with ' so a spreadsheet does not run it. */
  private static StringBuilder cell(StringBuilder b, String v) {
    String s = v == null ? "" : v;
    if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !s.startsWith("-0") && !isNumber(s)) {
      s = "'" + s;
    }
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
      return b.append('"').append(s.replace("\"", "\"\"")).append('"');
    }
    return b.append(s);
  }

  private static boolean isNumber(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> s = new TreeSet<>(a);
    s.addAll(b);
    return Set.copyOf(s);
  }

  /** The query parameters of one request, checked against the endpoint's list and bounded. */
  static final class Params {
    private final Map<String, List<String>> values;

    Map<String, List<String>> values() {
      return values;
    }

    Params(Map<String, List<String>> values, Set<String> known) {
      for (String k : values.keySet()) {
        if (!known.contains(k)) {
          throw new IllegalArgumentException("unknown parameter '" + abbreviate(k) + "' (known: "
              + String.join(", ", new TreeSet<>(known)) + ")");
        }
      }
      this.values = values;
    }

    String one(String name, String def) {
      List<String> v = values.get(name);
      if (v == null || v.isEmpty()) {
        return def;
      }
      if (v.size() > 1) {
        throw new IllegalArgumentException(name + ": give it once");
      }
      String s = v.get(0);
      int max = name.equals("q") ? 4_000 : name.equals("cursor") ? Cursor.MAX_CHARS : MAX_VALUE_CHARS;
      if (s.length() > max) {
        throw new IllegalArgumentException(name + ": longer than " + max + " characters");
      }
      return s.isBlank() ? def : s;
    }

    List<String> many(String name) {
      List<String> out = new ArrayList<>();
      for (String v : values.getOrDefault(name, List.of())) {
        for (String part : v.split(",")) {
          String t = part.strip();
          if (t.isEmpty()) {
            continue;
          }
          if (t.length() > MAX_VALUE_CHARS) {
            throw new IllegalArgumentException(name + ": a value longer than " + MAX_VALUE_CHARS + " characters");
          }
          out.add(t);
          if (out.size() > SearchRequest.MAX_VALUES) {
            throw new IllegalArgumentException(name + ": at most " + SearchRequest.MAX_VALUES + " values");
          }
        }
      }
      return out;
    }

    int integer(String name, int def, int min, int max) {
      String s = one(name, null);
      if (s == null) {
        return def;
      }
      try {
        int v = Integer.parseInt(s.strip());
        if (v < min || v > max) {
          throw new NumberFormatException();
        }
        return v;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + ": a whole number from " + min + " to " + max + " (was '" + abbreviate(s) + "')");
      }
    }

    boolean bool(String name) {
      String s = one(name, "false").strip().toLowerCase(Locale.ROOT);
      return switch (s) {
        case "true", "1", "yes" -> true;
        case "false", "0", "no" -> false;
        default -> throw new IllegalArgumentException(name + ": true or false (was '" + abbreviate(s) + "')");
      };
    }

    Instant instant(String name) {
      String s = one(name, null);
      if (s == null) {
        return null;
      }
      try {
        return Instant.parse(s.strip());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(name + ": an ISO-8601 instant such as 2026-11-18T17:00:00Z (was '" + abbreviate(s) + "')");
      }
    }

    Duration duration(String name, Duration def) {
      String s = one(name, null);
      if (s == null) {
        return def;
      }
      Duration d;
      try {
        d = Durations.parse(s.strip());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(name + ": a duration such as 1m, 1h or 1d (was '" + abbreviate(s) + "')");
      }
      if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofDays(31)) > 0) {
        throw new IllegalArgumentException(name + ": between 1s and 31d (was " + s + ")");
      }
      return d;
    }

    Cursor cursor() {
      String c = one("cursor", null);
      return c == null ? null : Cursor.decode(c.strip());
    }

    SearchRequest.Order order() {
      String s = one("sort", null);
      if (s == null) {
        return null;
      }
      try {
        return SearchRequest.Order.valueOf(s.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("sort: time, reach or relevance (was '" + abbreviate(s) + "')");
      }
    }

    SearchRequest request(int size, Cursor cursor, boolean facets, boolean highlight) {
      List<String> sentiments = many("sentiment");
      for (String s : sentiments) {
        if (!Set.of("negative", "neutral", "positive").contains(s.toLowerCase(Locale.ROOT))) {
          throw new IllegalArgumentException("sentiment: negative, neutral or positive (was '" + abbreviate(s) + "')");
        }
      }
      SearchRequest.Order order = order();
      if (order == null && cursor != null) {
        order = cursor.order();
      }
      return new SearchRequest(one("q", null), many("watch"), many("lang"), many("source"), sentiments, instant("from"),
          instant("to"), order, size, cursor, facets, highlight);
    }
  }

}
