package io.veille.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.veille.common.config.Secrets;
import io.veille.common.json.Json;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code veille search}: asks the search API of a running {@code veille streams} (or demo). {@code table} and
 * {@code json} print one page (and the cursor of the next); {@code csv} and {@code ndjson} export the whole result
 * set, streamed. Exit codes: 0 ok, 1 the API refused or is unreachable (its message is printed), 2 usage.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
    description = {"Search the mention index through the search API (same query syntax as watches).",
        "Examples: veille search 'panne OR outage' --watch ondyne-outage --sentiment negative --sort reach",
        "          veille search '#ondynedown' --format csv > outage.csv"})
public final class SearchCommand implements Callable<Integer> {
  @Parameters(arity = "0..1", paramLabel = "QUERY", description = "The query (watch syntax); none: every mention.")
  String query;

  @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8090",
      description = "The search API (default: ${DEFAULT-VALUE}).")
  String url;

  @Option(names = "--token", paramLabel = "REF",
      description = "The API's bearer token as a secret reference: env:NAME or file:/path (never the token itself).")
  String token;

  @Option(names = "--watch", split = ",", paramLabel = "ID") List<String> watches = new ArrayList<>();
  @Option(names = "--lang", split = ",", paramLabel = "LANG") List<String> langs = new ArrayList<>();
  @Option(names = "--source", split = ",", paramLabel = "SOURCE") List<String> sources = new ArrayList<>();
  @Option(names = "--sentiment", split = ",", paramLabel = "LABEL",
      description = "negative, neutral, positive") List<String> sentiments = new ArrayList<>();
  @Option(names = "--from", paramLabel = "INSTANT", description = "ISO-8601, inclusive") String from;
  @Option(names = "--to", paramLabel = "INSTANT", description = "ISO-8601, exclusive") String to;
  @Option(names = "--sort", paramLabel = "ORDER", description = "time, reach or relevance") String sort;
  @Option(names = "--size", paramLabel = "N", defaultValue = "20", description = "Hits per page (1-200).") int size;
  @Option(names = "--cursor", paramLabel = "CURSOR", description = "The 'next' of a previous page.") String cursor;
  @Option(names = "--facets", description = "Print the facet counts too.") boolean facets;
  @Option(names = "--exact-total", description = "Count every match (else past 1,000 the total is a lower bound).")
  boolean exactTotal;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "table (default), json (one page, as the API answers), csv or ndjson (the whole result set).")
  String format;

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @Override
  public Integer call() throws Exception {
    return run(System.out, System.err);
  }

  int run(PrintStream out, PrintStream err) throws Exception {
    String fmt = format.toLowerCase(Locale.ROOT);
    if (!List.of("table", "json", "csv", "ndjson").contains(fmt)) {
      err.println("veille search: --format must be table, json, csv or ndjson");
      return 2;
    }
    StringBuilder qs = new StringBuilder();
    param(qs, "q", query);
    watches.forEach(v -> param(qs, "watch", v));
    langs.forEach(v -> param(qs, "lang", v));
    sources.forEach(v -> param(qs, "source", v));
    sentiments.forEach(v -> param(qs, "sentiment", v));
    param(qs, "from", from);
    param(qs, "to", to);
    param(qs, "sort", sort);
    boolean export = fmt.equals("csv") || fmt.equals("ndjson");
    if (export) {
      param(qs, "format", fmt);
    } else {
      param(qs, "size", Integer.toString(size));
      param(qs, "cursor", cursor);
      if (exactTotal) {
        param(qs, "exactTotal", "true");
      }
      if (facets) {
        param(qs, "facets", "true");
      }
      if (fmt.equals("table")) {
        param(qs, "highlight", "false");
      }
    }
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + (export ? "/api/v1/export" : "/api/v1/search")
        + (qs.isEmpty() ? "" : "?" + qs))).GET();
    if (token != null) {
      req.header("Authorization", "Bearer " + Secrets.fromEnvironment().resolve("--token", token).reveal());
    }
    HttpResponse<InputStream> res;
    try {
      res = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (java.io.IOException e) {
      err.println("veille search: cannot reach the search API at " + base + " (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); is `veille streams` or `veille demo` running?");
      return 1;
    }
    try (InputStream body = res.body()) {
      if (res.statusCode() != 200) {
        String text = new String(body.readNBytes(16 * 1024), StandardCharsets.UTF_8);
        String why = text;
        try {
          why = Json.MAPPER.readTree(text).path("error").asText(text);
        } catch (Exception ignored) {
          // not JSON: print it as it is
        }
        err.println("veille search: HTTP " + res.statusCode() + ": " + why);
        return 1;
      }
      if (export) {
        res.headers().firstValue("X-Veille-Partial").ifPresent(p -> err.println("veille search: warning: PARTIAL export, "
            + p + " (the rest of the index did not answer; export again once it is back)"));
        try {
          body.transferTo(out);
        } catch (java.io.IOException e) {
          out.flush();
          err.println("veille search: the export broke off before its end (" + e.getClass().getSimpleName()
              + "): what was written is incomplete");
          return 1;
        }
        out.flush();
        return 0;
      }
      JsonNode page = Json.MAPPER.readTree(body);
      String warning = partialWarning(page);
      if (warning != null) {
        err.println(warning);
      }
      if (fmt.equals("json")) {
        out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(page));
        return 0;
      }
      table(out, page);
      return 0;
    }
  }

  /** The warning line of a partial answer (which partitions, which instances and why), null when complete. */
  static String partialWarning(JsonNode page) {
    if (!page.path("partial").asBoolean()) {
      return null;
    }
    List<String> why = new ArrayList<>();
    for (JsonNode i : page.path("instances")) {
      if (i.has("error")) {
        why.add(i.path("instance").asText() + " " + i.path("missing") + ": " + i.path("error").asText());
      }
    }
    if (page.has("unassigned")) {
      why.add(page.path("unassigned") + ": no active instance (rebalancing)");
    }
    return "veille search: warning: PARTIAL answer, partitions " + page.path("missing") + " did not answer"
        + (why.isEmpty() ? "" : " (" + String.join("; ", why) + ")") + "; totals, facets and pages cover the rest only";
  }

  static void table(PrintStream out, JsonNode page) {
    out.printf("%-20s %-10s %-4s %-8s %9s %-18s %s%n", "published", "source", "lang", "tone", "followers", "author", "text");
    for (JsonNode h : page.path("hits")) {
      JsonNode s = h.path("mention");
      JsonNode m = s.path("mention");
      String text = m.path("text").asText().replaceAll("\\s+", " ");
      out.printf("%-20s %-10s %-4s %-8s %9d %-18s %s%n", m.path("publishedAt").asText(), m.path("source").asText(),
          s.path("lang").asText(), s.path("sentiment").path("label").asText().toLowerCase(Locale.ROOT),
          m.path("author").path("followers").asLong(), cut(m.path("author").path("handle").asText(""), 18), cut(text, 100));
    }
    out.printf("%s%,d match(es)%s%n", "gte".equals(page.path("totalRelation").asText()) ? "at least " : "",
        page.path("total").asLong(),
        page.path("partial").asBoolean() ? " (PARTIAL: partitions " + page.path("missing") + " did not answer)" : "");
    if (page.has("facets")) {
      page.path("facets").fields().forEachRemaining(f -> {
        List<String> parts = new ArrayList<>();
        f.getValue().fields().forEachRemaining(e -> parts.add(e.getKey() + " " + e.getValue().asLong()));
        out.println("  " + f.getKey() + ": " + String.join(", ", parts.subList(0, Math.min(parts.size(), 12)))
            + (parts.size() > 12 ? ", ..." : ""));
      });
    }
    if (!page.path("next").isNull() && !page.path("next").isMissingNode()) {
      out.println("next page: --cursor " + page.path("next").asText());
    }
  }

  private static String cut(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }

  private static void param(StringBuilder qs, String name, String value) {
    if (value == null || value.isEmpty()) {
      return;
    }
    if (!qs.isEmpty()) {
      qs.append('&');
    }
    qs.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }
}
