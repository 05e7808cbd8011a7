package io.veille.streams.pipeline;

import io.veille.common.model.Sentiment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What one mention adds to one watch's bucket: a unique post (with its sentiment) or a copy
 * (reshare / near-duplicate, counted apart), its author (as a 64-bit hash of its key, for unique
 * authors; {@link #NO_AUTHOR} when none) and its reach.
 */
public record Contribution(Kind kind, Sentiment.Label label, long author, long reach) {
  public enum Kind { POST, COPY }

  /** The author hash of a mention without an author. */
  public static final long NO_AUTHOR = 0;

  private static final Kind[] KINDS = Kind.values();
  private static final Sentiment.Label[] LABELS = Sentiment.Label.values();
  static final int BYTES = 2 + 8 + 8;

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

  /** A compact fixed-size binary serde (kind, label, author hash, reach). */
  public static Serde<Contribution> serde() {
    Serializer<Contribution> ser = (topic, c) -> c == null ? null : ByteBuffer.allocate(BYTES)
        .put((byte) c.kind().ordinal()).put((byte) c.label().ordinal()).putLong(c.author()).putLong(c.reach()).array();
    Deserializer<Contribution> de = (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      ByteBuffer b = ByteBuffer.wrap(bytes);
      return new Contribution(KINDS[b.get()], LABELS[b.get()], b.getLong(), b.getLong());
    };
    return Serdes.serdeFrom(ser, de);
  }
}
