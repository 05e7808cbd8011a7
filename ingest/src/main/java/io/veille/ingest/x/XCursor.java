package io.veille.ingest.x;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.veille.common.json.Json;

/**
 * Where an X connector stands, as JSON. {@code since}: the newest tweet id delivered (search: the
 * {@code since_id} of the next walk; stream: the last streamed id, where a gap-filling search
 * starts). {@code walk}: a search walk in progress ({@code next_token}, the newest id of its first
 * page, pages read). {@code floor}: stream only, the newest id the last gap-filling search returned;
 * streamed tweets at or below it were delivered by that search.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record XCursor(String since, String floor, Walk walk) {
  record Walk(String next, String top, int pages) {}

  static final XCursor START = new XCursor(null, null, null);

  static XCursor parse(String s) throws JsonProcessingException {
    return s == null || s.isEmpty() ? START : Json.MAPPER.readValue(s, XCursor.class);
  }

  String write() {
    try {
      return Json.MAPPER.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String max(String a, String b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return Long.parseLong(a) >= Long.parseLong(b) ? a : b;
  }
}
