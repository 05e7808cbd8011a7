package io.veille.ingest.hackernews;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veille.common.json.Json;
import io.veille.common.testing.StubHttp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The Algolia HN search_by_date endpoint over a fixed set of hits: the real response shape
 * (hits, nbHits, page, nbPages, hitsPerPage, params...), newest first, {@code numericFilters} on
 * created_at_i (>, >=, <, <=, comma = AND), {@code page} and {@code hitsPerPage}.
 */
final class FakeAlgolia {
  final List<ObjectNode> hits = new ArrayList<>();

  FakeAlgolia(String datasetFixture) throws IOException {
    this(datasetFixture, 0);
  }

  /** With every objectID (and parent_id) shifted by {@code idOffset}, so two tests on one broker never share ids. */
  FakeAlgolia(String datasetFixture, long idOffset) throws IOException {
    JsonNode d = Json.MAPPER.readTree(StubHttp.resource(datasetFixture));
    d.get("hits").forEach(h -> {
      ObjectNode o = (ObjectNode) h;
      if (idOffset != 0) {
        o.put("objectID", Long.toString(Long.parseLong(o.get("objectID").asText()) + idOffset));
        if (o.hasNonNull("parent_id")) {
          o.put("parent_id", o.get("parent_id").asLong() + idOffset);
        }
      }
      hits.add(o);
    });
  }

  void add(ObjectNode hit) {
    synchronized (hits) {
      hits.add(hit);
    }
  }

  StubHttp serve(StubHttp server) {
    return server.on("/api/v1/search_by_date", ex -> {
      Map<String, String> q = StubHttp.query(ex.getRequestURI());
      int page = Integer.parseInt(q.getOrDefault("page", "0"));
      int perPage = Integer.parseInt(q.getOrDefault("hitsPerPage", "20"));
      List<ObjectNode> matching;
      synchronized (hits) {
        matching = new ArrayList<>(hits.stream().filter(h -> matches(h, q.getOrDefault("numericFilters", ""))).toList());
      }
      matching.sort(Comparator.comparingLong((ObjectNode h) -> h.path("created_at_i").asLong()).reversed());
      ObjectNode out = Json.MAPPER.createObjectNode();
      out.put("exhaustiveNbHits", true);
      ArrayNode a = out.putArray("hits");
      matching.stream().skip((long) page * perPage).limit(perPage).forEach(a::add);
      out.put("hitsPerPage", perPage);
      out.put("nbHits", matching.size());
      out.put("nbPages", (matching.size() + perPage - 1) / perPage);
      out.put("page", page);
      out.put("params", ex.getRequestURI().getRawQuery());
      out.put("processingTimeMS", 1);
      out.put("query", q.getOrDefault("query", ""));
      StubHttp.send(ex, 200, "application/json; charset=utf-8", out.toString());
    });
  }

  static boolean matches(JsonNode hit, String filters) {
    long t = hit.path("created_at_i").asLong();
    for (String f : filters.split(",")) {
      f = f.trim();
      if (f.isEmpty()) {
        continue;
      }
      String[] ops = {">=", "<=", ">", "<", "="};
      for (String op : ops) {
        int i = f.indexOf(op);
        if (i > 0) {
          long v = Long.parseLong(f.substring(i + op.length()).trim());
          boolean ok = switch (op) {
            case ">=" -> t >= v;
            case "<=" -> t <= v;
            case ">" -> t > v;
            case "<" -> t < v;
            default -> t == v;
          };
          if (!ok) {
            return false;
          }
          break;
        }
      }
    }
    return true;
  }
}
