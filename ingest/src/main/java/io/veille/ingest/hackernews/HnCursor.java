package io.veille.ingest.hackernews;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veille.common.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the Hacker News connector is, as stored by the runner with each page:
 *
 * <ul>
 *   <li>{@code since}: every hit created before this second (minus the overlap) is published;
 *   <li>{@code top}, {@code until}, {@code page}: a walk in progress. {@code top} is the newest
 *       {@code created_at_i} of the walk's first page (the next {@code since}); the next request
 *       asks {@code since <= created_at_i <= until}, page {@code page} (keyset pagination, so hits
 *       indexed meanwhile do not shift the pages);
 *   <li>{@code seen}: the last objectIDs published (bounded), which drops the hits of a boundary
 *       second or of the overlap that were already published.
 * </ul>
 */
record HnCursor(long since, Long top, Long until, int page, List<String> seen) {
  static final int MAX_SEEN = 1000;

  HnCursor {
    seen = List.copyOf(seen);
  }

  boolean walking() {
    return top != null;
  }

  static HnCursor start(long since) {
    return new HnCursor(since, null, null, 0, List.of());
  }

  static HnCursor parse(String s) throws IOException {
    JsonNode n = Json.MAPPER.readTree(s);
    if (n == null || !n.isObject() || !n.path("since").canConvertToLong()) {
      throw new IOException("hackernews cursor is not readable: " + s);
    }
    List<String> seen = new ArrayList<>();
    n.path("seen").forEach(e -> seen.add(e.asText()));
    return new HnCursor(n.get("since").asLong(), n.hasNonNull("top") ? n.get("top").asLong() : null,
        n.hasNonNull("until") ? n.get("until").asLong() : null, n.path("page").asInt(0), seen);
  }

  String write() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("since", since);
    if (top != null) {
      o.put("top", top);
    }
    if (until != null) {
      o.put("until", until);
    }
    if (page > 0) {
      o.put("page", page);
    }
    ArrayNode a = o.putArray("seen");
    seen.forEach(a::add);
    return o.toString();
  }

  /** The seen list with {@code added} appended, keeping the newest {@link #MAX_SEEN}. */
  static List<String> remember(List<String> seen, List<String> added) {
    return io.veille.ingest.spi.SeenKeys.appendNewest(seen, added, MAX_SEEN);
  }
}
