package io.veille.ingest.mastodon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veille.common.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a Mastodon timeline connector is:
 *
 * <ul>
 *   <li>{@code since}: the newest status id published by the REST walk; the next walk asks {@code since_id};
 *   <li>{@code top} and {@code max}: a walk in progress, newest to oldest. {@code top} is the newest id of
 *       its first page (the next {@code since}), {@code max} the {@code max_id} of the next page;
 *   <li>{@code recent}: the last status ids published (bounded), which drops a status the stream and the
 *       REST catch-up both delivered.
 * </ul>
 */
record MastodonCursor(String since, String top, String max, List<String> recent) {
  static final int MAX_RECENT = 500;
  static final MastodonCursor EMPTY = new MastodonCursor(null, null, null, List.of());

  MastodonCursor {
    recent = List.copyOf(recent);
  }

  boolean walking() {
    return max != null;
  }

  static MastodonCursor parse(String s) throws IOException {
    if (s.isEmpty()) {
      return EMPTY;
    }
    JsonNode n = Json.MAPPER.readTree(s);
    if (n == null || !n.isObject()) {
      throw new IOException("mastodon cursor is not readable: " + s);
    }
    List<String> recent = new ArrayList<>();
    n.path("recent").forEach(e -> recent.add(e.asText()));
    return new MastodonCursor(text(n, "since"), text(n, "top"), text(n, "max"), recent);
  }

  String write() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    if (since != null) {
      o.put("since", since);
    }
    if (top != null) {
      o.put("top", top);
    }
    if (max != null) {
      o.put("max", max);
    }
    ArrayNode a = o.putArray("recent");
    recent.forEach(a::add);
    return o.toString();
  }

  static List<String> remember(List<String> recent, List<String> added) {
    return io.veille.ingest.spi.SeenKeys.appendNewest(recent, added, MAX_RECENT);
  }

  private static String text(JsonNode n, String f) {
    return n.hasNonNull(f) ? n.get(f).asText() : null;
  }
}
