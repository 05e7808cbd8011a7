package io.veille.ingest.reddit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.veille.common.json.Json;
import java.util.List;

/**
 * Where a feed stands, stored as JSON: the high-water mark of the last finished walk ({@code hw}:
 * newest {@code created_utc} in ms and the fullnames at that instant, so equal timestamps are
 * neither lost nor repeated) and, in the middle of a walk down the listing, the {@code after}
 * token of the next page with the mark the walk will leave behind. Bounded by one page of names.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RedditCursor(Mark hw, Walk walk) {

  /** The newest instant reached and the fullnames seen at it. */
  record Mark(long t, List<String> n) {
    Mark {
      n = n == null ? List.of() : List.copyOf(n);
    }
  }

  /** A walk in progress: the next page's {@code after}, the mark it ends with, pages read so far. */
  record Walk(String after, Mark top, int pages) {}

  static final RedditCursor START = new RedditCursor(null, null);

  static RedditCursor parse(String s) throws JsonProcessingException {
    return s == null || s.isEmpty() ? START : Json.MAPPER.readValue(s, RedditCursor.class);
  }

  String write() {
    try {
      return Json.MAPPER.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
