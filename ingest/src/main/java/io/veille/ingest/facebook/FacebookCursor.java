package io.veille.ingest.facebook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.veille.common.json.Json;
import java.util.List;

/**
 * Where a page stands, as JSON. {@code m}: the posts' high-water mark (newest {@code created_time}
 * in epoch seconds, sent as {@code since=}, and the ids at that second). {@code posts}: the most
 * recent posts whose comments are watched, each with its comments' mark. {@code phase}: -1 while
 * the posts are read, else the index of the post whose comments are read. {@code walk}: the
 * {@code after} cursor of the next page in the current phase. Bounded by {@code comment_posts}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record FacebookCursor(Mark m, List<Post> posts, int phase, Walk walk) {

  record Mark(long t, List<String> ids) {
    Mark {
      ids = ids == null ? List.of() : List.copyOf(ids);
    }
  }

  /** A watched post: its id, its creation (epoch seconds) and its comments' mark. */
  record Post(String id, long c, Mark m) {}

  record Walk(String after, Mark top, int pages) {}

  FacebookCursor {
    posts = posts == null ? List.of() : List.copyOf(posts);
  }

  static final FacebookCursor START = new FacebookCursor(null, List.of(), -1, null);

  static FacebookCursor parse(String s) throws JsonProcessingException {
    return s == null || s.isEmpty() ? START : Json.MAPPER.readValue(s, FacebookCursor.class);
  }

  String write() {
    try {
      return Json.MAPPER.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
