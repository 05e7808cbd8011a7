package io.veille.streams.pipeline;

import io.veille.common.model.Sentiment;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What one mention adds to one watch's bucket: a unique post (with its sentiment) or a copy
 * (reshare / near-duplicate, counted apart), its author (as a 64-bit hash of its key, for unique
 * authors; {@link #NO_AUTHOR} when none) and its reach; and, for the detector's evidence, a
 * {@link Detail} (bounded: see its limits).
 */
public record Contribution(Kind kind, Sentiment.Label label, long author, long reach, Detail detail) {
  public enum Kind { POST, COPY }

  /** The author hash of a mention without an author. */
  public static final long NO_AUTHOR = 0;

  public Contribution(Kind kind, Sentiment.Label label, long author, long reach) {
    this(kind, label, author, reach, null);
  }

  /**
   * The evidence part: the post this contribution is (a copy: the original it copies) — id,
   * source, text (at most {@link #MAX_TEXT} characters), url, author and followers, the platform's
   * share count — who wrote this contribution ({@code by}, {@code byFollowers}; for a post, its
   * author), and the post's terms and hashtags (at most {@link #MAX_TERMS}; none for a copy).
   */
  public record Detail(String id, String source, String text, String url, String author, long followers, long shares,
      String by, long byFollowers, List<String> terms) {
    public Detail {
      text = clip(text, MAX_TEXT);
      url = url != null && url.length() > MAX_URL ? null : url;
      author = clip(author, MAX_NAME);
      by = clip(by, MAX_NAME);
      terms = terms == null ? List.of() : List.copyOf(terms.subList(0, Math.min(MAX_TERMS, terms.size())));
    }
  }

  public static final int MAX_TEXT = 200;
  public static final int MAX_URL = 512;
  public static final int MAX_NAME = 64;
  public static final int MAX_TERMS = 10;

  private static final Kind[] KINDS = Kind.values();
  private static final Sentiment.Label[] LABELS = Sentiment.Label.values();
  static final int BYTES = 2 + 8 + 8 + 1;

  static String clip(String s, int max) {
    if (s == null || s.length() <= max) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, end) + "…";
  }

  /** A 64-bit hash of an author key (FNV-1a over UTF-8, then mixed), never {@link #NO_AUTHOR}; null gives NO_AUTHOR. */
  public static long authorHash(String key) {
    if (key == null) {
      return NO_AUTHOR;
    }
    long h = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h == NO_AUTHOR ? 1 : h;
  }

  /** Compact binary: kind, label, author hash, reach, then a detail flag and the detail's fields. */
  public static Serde<Contribution> serde() {
    Serializer<Contribution> ser = (topic, c) -> {
      if (c == null) {
        return null;
      }
      Detail d = c.detail();
      int size = BYTES;
      if (d != null) {
        size += Bin.size(d.id()) + Bin.size(d.source()) + Bin.size(d.text()) + Bin.size(d.url()) + Bin.size(d.author())
            + Bin.size(d.by()) + 3 * 8 + 1;
        for (String t : d.terms()) {
          size += Bin.size(t);
        }
      }
      ByteBuffer b = ByteBuffer.allocate(size);
      b.put((byte) c.kind().ordinal()).put((byte) c.label().ordinal()).putLong(c.author()).putLong(c.reach());
      b.put((byte) (d == null ? 0 : 1));
      if (d != null) {
        Bin.put(b, d.id());
        Bin.put(b, d.source());
        Bin.put(b, d.text());
        Bin.put(b, d.url());
        Bin.put(b, d.author());
        b.putLong(d.followers()).putLong(d.shares());
        Bin.put(b, d.by());
        b.putLong(d.byFollowers());
        b.put((byte) d.terms().size());
        for (String t : d.terms()) {
          Bin.put(b, t);
        }
      }
      return b.array();
    };
    Deserializer<Contribution> de = (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        Kind kind = KINDS[b.get()];
        Sentiment.Label label = LABELS[b.get()];
        long author = b.getLong();
        long reach = b.getLong();
        Detail d = null;
        if (b.get() == 1) {
          String id = Bin.get(b);
          String source = Bin.get(b);
          String text = Bin.get(b);
          String url = Bin.get(b);
          String by0 = Bin.get(b);
          long followers = b.getLong();
          long shares = b.getLong();
          String by = Bin.get(b);
          long byFollowers = b.getLong();
          int n = b.get();
          List<String> terms = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            terms.add(Bin.get(b));
          }
          d = new Detail(id, source, text, url, by0, followers, shares, by, byFollowers, terms);
        }
        return new Contribution(kind, label, author, reach, d);
      } catch (BufferUnderflowException | ArrayIndexOutOfBoundsException e) {
        throw new SerializationException("not a bucket contribution (" + bytes.length + " bytes)", e);
      }
    };
    return Serdes.serdeFrom(ser, de);
  }
}
