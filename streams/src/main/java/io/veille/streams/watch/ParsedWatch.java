package io.veille.streams.watch;

import io.veille.common.model.Watch;
import java.util.Objects;
import org.apache.lucene.search.Query;

/**
 * A watch with its query parsed and checked: the user's query over the mention fields, plus the
 * watch's languages and sources as filter clauses. {@code query} is what the watch index runs.
 */
public record ParsedWatch(Watch watch, Query query) {
  public ParsedWatch {
    Objects.requireNonNull(watch, "watch");
    Objects.requireNonNull(query, "query");
  }

  public String id() {
    return watch.id();
  }
}
