package io.veille.streams.pipeline;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The running counts of one watch's bucket: exact totals, and its authors (64-bit hashes of their
 * keys, kept sorted) to count them once. Mutable: {@link #add} updates it in place (the aggregation
 * reads a fresh copy from its store for every update), and it travels as compact binary.
 */
public final class BucketAgg {
  private long total;
  private long negative;
  private long neutral;
  private long positive;
  private long reach;
  private long copies;
  private long[] authors;
  private int authorCount;

  private BucketAgg(long[] authors, int authorCount) {
    this.authors = authors;
    this.authorCount = authorCount;
  }

  public static BucketAgg empty() {
    return new BucketAgg(new long[4], 0);
  }

  public long total() {
    return total;
  }

  public long negative() {
    return negative;
  }

  public long neutral() {
    return neutral;
  }

  public long positive() {
    return positive;
  }

  public long reach() {
    return reach;
  }

  public long copies() {
    return copies;
  }

  public int uniqueAuthors() {
    return authorCount;
  }

  /** Adds a contribution in place and returns this bucket. */
  public BucketAgg add(Contribution c) {
    if (c.author() != Contribution.NO_AUTHOR) {
      int i = Arrays.binarySearch(authors, 0, authorCount, c.author());
      if (i < 0) {
        int at = -i - 1;
        if (authorCount == authors.length) {
          authors = Arrays.copyOf(authors, Math.max(4, authorCount * 2));
        }
        System.arraycopy(authors, at, authors, at + 1, authorCount - at);
        authors[at] = c.author();
        authorCount++;
      }
    }
    reach += c.reach();
    if (c.kind() == Contribution.Kind.COPY) {
      copies++;
      return this;
    }
    total++;
    switch (c.label()) {
      case NEGATIVE -> negative++;
      case NEUTRAL -> neutral++;
      case POSITIVE -> positive++;
    }
    return this;
  }

  /** Binary: six longs, the author count, the sorted author hashes. */
  public static Serde<BucketAgg> serde() {
    Serializer<BucketAgg> ser = (topic, a) -> {
      if (a == null) {
        return null;
      }
      ByteBuffer b = ByteBuffer.allocate(6 * 8 + 4 + a.authorCount * 8);
      b.putLong(a.total).putLong(a.negative).putLong(a.neutral).putLong(a.positive).putLong(a.reach).putLong(a.copies);
      b.putInt(a.authorCount);
      for (int i = 0; i < a.authorCount; i++) {
        b.putLong(a.authors[i]);
      }
      return b.array();
    };
    Deserializer<BucketAgg> de = (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      ByteBuffer b = ByteBuffer.wrap(bytes);
      long total = b.getLong();
      long negative = b.getLong();
      long neutral = b.getLong();
      long positive = b.getLong();
      long reach = b.getLong();
      long copies = b.getLong();
      int n = b.getInt();
      long[] authors = new long[n + 4];
      for (int i = 0; i < n; i++) {
        authors[i] = b.getLong();
      }
      BucketAgg a = new BucketAgg(authors, n);
      a.total = total;
      a.negative = negative;
      a.neutral = neutral;
      a.positive = positive;
      a.reach = reach;
      a.copies = copies;
      return a;
    };
    return Serdes.serdeFrom(ser, de);
  }
}
