package io.veille.ingest.rss;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veille.common.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What a feed's connector remembers between polls: the validators of the last response (ETag,
 * Last-Modified) for a conditional GET, a hash of the last body (for servers without validators),
 * and the hashed keys of the items already published: every item of the last document plus the
 * most recent others, at least {@link #MIN_SEEN}.
 */
record RssCursor(String etag, String lastModified, String bodyHash, List<String> seen) {
  static final int MIN_SEEN = 500;
  static final RssCursor EMPTY = new RssCursor(null, null, null, List.of());

  RssCursor {
    seen = List.copyOf(seen);
  }

  static RssCursor parse(String s) throws IOException {
    if (s.isEmpty()) {
      return EMPTY;
    }
    JsonNode n = Json.MAPPER.readTree(s);
    if (n == null || !n.isObject()) {
      throw new IOException("rss cursor is not readable: " + s);
    }
    List<String> seen = new ArrayList<>();
    n.path("seen").forEach(e -> seen.add(e.asText()));
    return new RssCursor(text(n, "etag"), text(n, "lastModified"), text(n, "hash"), seen);
  }

  String write() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    if (etag != null) {
      o.put("etag", etag);
    }
    if (lastModified != null) {
      o.put("lastModified", lastModified);
    }
    if (bodyHash != null) {
      o.put("hash", bodyHash);
    }
    ArrayNode a = o.putArray("seen");
    seen.forEach(a::add);
    return o.toString();
  }

  /** The keys of the current document first, then the previous ones not in it, bounded. */
  static List<String> remember(List<String> inDocument, List<String> previous) {
    LinkedHashSet<String> all = new LinkedHashSet<>(inDocument);
    all.addAll(previous);
    List<String> l = new ArrayList<>(all);
    int max = Math.max(MIN_SEEN, inDocument.size());
    return l.size() <= max ? l : l.subList(0, max);
  }

  private static String text(JsonNode n, String f) {
    return n.hasNonNull(f) ? n.get(f).asText() : null;
  }
}
