package io.veille.streams.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.veille.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.Locale;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.util.BytesRef;

/**
 * Where a page of results ends: the sort values of its last hit (time, reach, score, and the mention id that breaks
 * ties), so the next page is a {@code searchAfter}, never a deep offset. Values, not Lucene doc ids: a cursor holds
 * across refreshes, across the partitions of one instance and across instances.
 */
public record Cursor(SearchRequest.Order order, long published, long followers, float score, String id) {
  static final int MAX_CHARS = 2_000;

  public Cursor {
    if (order == null || id == null) {
      throw new IllegalArgumentException("cursor: order and id are required");
    }
  }

  /** The cursor after {@code last}, a hit of a search sorted by {@code order}. */
  static Cursor after(SearchRequest.Order order, FieldDoc last) {
    Object[] f = last.fields;
    return switch (order) {
      case TIME -> new Cursor(order, (Long) f[0], 0, 0, ((BytesRef) f[1]).utf8ToString());
      case REACH -> new Cursor(order, (Long) f[1], (Long) f[0], 0, ((BytesRef) f[2]).utf8ToString());
      case RELEVANCE -> new Cursor(order, 0, 0, (Float) f[0], ((BytesRef) f[1]).utf8ToString());
    };
  }

  /** The Lucene {@code after} of this cursor. */
  FieldDoc fieldDoc() {
    BytesRef idRef = new BytesRef(id);
    return switch (order) {
      case TIME -> new FieldDoc(Integer.MAX_VALUE, Float.NaN, new Object[] {published, idRef});
      case REACH -> new FieldDoc(Integer.MAX_VALUE, Float.NaN, new Object[] {followers, published, idRef});
      case RELEVANCE -> new FieldDoc(Integer.MAX_VALUE, score, new Object[] {score, idRef});
    };
  }

  /**
   * The order of {@code order}'s sort as Lucene applies it ({@link MentionSearch#sort}): newest first, largest reach
   * first, best score first; ties by mention id in UTF-8 byte order. Merges pages of several instances.
   */
  static Comparator<Cursor> comparator(SearchRequest.Order order) {
    Comparator<Cursor> id = (a, b) -> new BytesRef(a.id).compareTo(new BytesRef(b.id));
    return switch (order) {
      case TIME -> Comparator.comparingLong(Cursor::published).reversed().thenComparing(id);
      case REACH -> Comparator.comparingLong(Cursor::followers).reversed()
          .thenComparing(Comparator.comparingLong(Cursor::published).reversed()).thenComparing(id);
      case RELEVANCE -> ((Comparator<Cursor>) (a, b) -> Float.compare(b.score, a.score)).thenComparing(id);
    };
  }

  /** The cursor as an opaque URL-safe string. */
  public String encode() {
    ArrayNode a = Json.MAPPER.createArrayNode().add(order.name().toLowerCase(Locale.ROOT)).add(published).add(followers)
        .add(score).add(id);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(a.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Reads a cursor this API wrote; anything else is an {@link IllegalArgumentException} saying so. */
  public static Cursor decode(String s) {
    if (s.length() > MAX_CHARS) {
      throw new IllegalArgumentException("cursor longer than " + MAX_CHARS + " characters");
    }
    try {
      JsonNode a = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(s));
      if (!a.isArray() || a.size() != 5 || !a.get(4).isTextual()) {
        throw new IllegalArgumentException("not a cursor");
      }
      return new Cursor(SearchRequest.Order.valueOf(a.get(0).asText().toUpperCase(Locale.ROOT)), a.get(1).asLong(),
          a.get(2).asLong(), (float) a.get(3).asDouble(), a.get(4).asText());
    } catch (Exception e) {
      throw new IllegalArgumentException("cursor: not one this API wrote (pass the 'next' of the previous page as it is)");
    }
  }
}
