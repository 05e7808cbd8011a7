package io.veille.streams.index;

import java.time.Instant;
import java.util.List;

/**
 * One search of the mention index, checked: the query (null: every mention), filters (any of the values, per
 * field), a half-open time range {@code [from, to)}, the order, a page size and where the page starts.
 *
 * @param cursor where this page starts (the previous page's {@code next}), null for the first page
 * @param exactTotal count every match even past {@link #TOTAL_THRESHOLD} (slower: no early termination); a search
 *     with facets visits every match anyway, so its total is always exact
 */
public record SearchRequest(String q, List<String> watches, List<String> langs, List<String> sources,
    List<String> sentiments, Instant from, Instant to, Order order, int size, Cursor cursor, boolean facets,
    boolean highlight, boolean exactTotal) {

  public static final int MAX_SIZE = 200;
  public static final int MAX_VALUES = 50;
  /**
   * Matches counted exactly before a search may stop counting ({@code total} is then a lower bound, relation
   * {@code gte}) and skip the matches that cannot make the page.
   */
  public static final int TOTAL_THRESHOLD = 1_000;

  /** Result orders: newest first, largest audience first, best match first. Ties: mention id. */
  public enum Order { TIME, REACH, RELEVANCE }

  public SearchRequest {
    watches = List.copyOf(watches == null ? List.of() : watches);
    langs = List.copyOf(langs == null ? List.of() : langs);
    sources = List.copyOf(sources == null ? List.of() : sources);
    sentiments = List.copyOf(sentiments == null ? List.of() : sentiments);
    for (List<String> l : List.of(watches, langs, sources, sentiments)) {
      if (l.size() > MAX_VALUES) {
        throw new IllegalArgumentException("at most " + MAX_VALUES + " values per filter");
      }
    }
    if (order == null) {
      order = q == null ? Order.TIME : Order.RELEVANCE;
    }
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException("size must be between 1 and " + MAX_SIZE + " (was " + size + ")");
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException("from must be before to");
    }
    if (cursor != null && cursor.order() != order) {
      throw new IllegalArgumentException("the cursor belongs to a search sorted by " + cursor.order().name().toLowerCase()
          + ", not by " + order.name().toLowerCase());
    }
  }

  /** A request whose total may stop counting at {@link #TOTAL_THRESHOLD}. */
  public SearchRequest(String q, List<String> watches, List<String> langs, List<String> sources,
      List<String> sentiments, Instant from, Instant to, Order order, int size, Cursor cursor, boolean facets,
      boolean highlight) {
    this(q, watches, langs, sources, sentiments, from, to, order, size, cursor, facets, highlight, false);
  }

  /** A search for {@code q} with no filter, newest first. */
  public static SearchRequest of(String q, int size) {
    return new SearchRequest(q, null, null, null, null, null, null, Order.TIME, size, null, false, false, false);
  }

  public SearchRequest after(Cursor next) {
    return new SearchRequest(q, watches, langs, sources, sentiments, from, to, order, size, next, facets, highlight,
        exactTotal);
  }

  public SearchRequest withOrder(Order o) {
    return new SearchRequest(q, watches, langs, sources, sentiments, from, to, o, size, null, facets, highlight,
        exactTotal);
  }

  public SearchRequest withFacets(boolean on) {
    return new SearchRequest(q, watches, langs, sources, sentiments, from, to, order, size, cursor, on, highlight,
        exactTotal);
  }

  public SearchRequest withHighlight(boolean on) {
    return new SearchRequest(q, watches, langs, sources, sentiments, from, to, order, size, cursor, facets, on,
        exactTotal);
  }

  public SearchRequest withSize(int n) {
    return new SearchRequest(q, watches, langs, sources, sentiments, from, to, order, n, cursor, facets, highlight,
        exactTotal);
  }

  public SearchRequest withExactTotal(boolean on) {
    return new SearchRequest(q, watches, langs, sources, sentiments, from, to, order, size, cursor, facets, highlight,
        on);
  }

  /** Matches to count exactly before the search may stop counting. */
  int totalHitsThreshold() {
    return exactTotal || facets ? Integer.MAX_VALUE : Math.max(TOTAL_THRESHOLD, size);
  }
}
