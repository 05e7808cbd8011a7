package io.veille.streams.detect;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A watch's usual frequency of each term, for the signals' evidence: SigniTrend's exponentially
 * weighted mean and variance of a term's count per bucket (Schubert, Weiler and Kriegel, KDD 2014),
 * kept for at most {@link #CAPACITY} terms (the one with the lowest mean is forgotten first).
 * Buckets in which a term did not occur are applied lazily, in closed form, when the term is next
 * read or counted. The buckets' post counts are kept the same way (under a reserved key, never
 * forgotten), so that a term's expectation follows the window's volume: over a window of {@code k}
 * buckets with {@code posts} posts, against a usual {@code k·meanPosts}, the scale is
 * {@code posts / max(1, k·meanPosts)} and the significance
 * {@code (count - k·mean·scale) / (sqrt(k·variance·scale) + 1)}: a term the watch always has (its
 * brand, in every post) stays low however large the surge, a new one in a surge scores its count.
 */
public final class TermBaseline {
  public static final int CAPACITY = 256;
  private static final byte VERSION = 1;

  private final double alpha;
  private final Map<String, double[]> terms = new HashMap<>();
  /** The reserved key of the post counts (terms are printable text, never a NUL). */
  static final String POSTS = "\u0000posts";

  /** @param memoryBuckets the memory of the averages, in buckets (e.g. 6 hours of one-minute buckets: 360) */
  public TermBaseline(double memoryBuckets) {
    this.alpha = 1 / Math.max(1, memoryBuckets);
  }

  public int size() {
    return terms.size() - (terms.containsKey(POSTS) ? 1 : 0);
  }

  /** Learns one complete bucket's term counts and its number of posts. */
  public void learn(long bucket, Map<String, Long> counts, long posts) {
    learnOne(bucket, POSTS, posts);
    learn(bucket, counts);
  }

  private double scale(long bucket, int k, long windowPosts) {
    return windowPosts / Math.max(1, k * decayed(POSTS, bucket)[0]);
  }


  /** The term's expected count over {@code k} buckets ending before {@code bucket} that hold {@code posts} posts. */
  public double expected(String term, long bucket, int k, long posts) {
    return expected(term, bucket, k) * scale(bucket, k, posts);
  }

  /** The term's significance for {@code count} occurrences over {@code k} buckets holding {@code posts} posts. */
  public double score(String term, long count, long bucket, int k, long posts) {
    double[] d = decayed(term, bucket);
    double scale = scale(bucket, k, posts);
    return (count - k * d[0] * scale) / (Math.sqrt(k * d[1] * scale) + 1);
  }

  /** The key's mean and variance as of the bucket before {@code bucket} (zeros for an unknown key). */
  private double[] decayed(String key, long bucket) {
    double[] s = terms.get(key);
    if (s == null) {
      return new double[] {0, 0, bucket, 0};
    }
    double[] d = s.clone();
    decay(d, bucket - 1);
    return d;
  }


  /** Learns one complete bucket's counts (bucket index: start / bucket length). */
  public void learn(long bucket, Map<String, Long> counts) {
    for (var e : counts.entrySet()) {
      learnOne(bucket, e.getKey(), e.getValue());
    }
  }

  private void learnOne(long bucket, String key, long count) {
    double[] s = terms.get(key);
    if (s == null) {
      if (size() >= CAPACITY && !key.equals(POSTS)) {
        evictLeast();
      }
      s = new double[] {0, 0, bucket, 0};
      terms.put(key, s);
    }
    decay(s, bucket - 1);
    double diff = count - s[0];
    double incr = alpha * diff;
    s[0] += incr;
    s[1] = (1 - alpha) * (s[1] + diff * incr);
    s[2] = bucket;
    s[3] = rank(s);
  }

  /**
   * A term's rank for forgetting: the log of its mean as of any common bucket, up to a constant
   * (its mean there is {@code s[0]·(1-alpha)^(bucket - s[2])}), so decay does not change it and
   * finding the least term is a scan of numbers, not a decay of every term.
   */
  private double rank(double[] s) {
    return s[0] <= 0 ? Double.NEGATIVE_INFINITY : Math.log(s[0]) - s[2] * Math.log1p(-alpha);
  }

  /** The term's expected count over {@code k} buckets ending before {@code bucket}. */
  public double expected(String term, long bucket, int k) {
    return k * decayed(term, bucket)[0];
  }




  /** Applies the buckets after the term's last one up to {@code bucket} as buckets without it. */
  private void decay(double[] s, long bucket) {
    long m = bucket - (long) s[2];
    if (m <= 0) {
      return;
    }
    double q = Math.pow(1 - alpha, m);
    s[1] = q * (s[1] + s[0] * s[0] * (1 - q));
    s[0] = q * s[0];
    s[2] = bucket;
  }

  private void evictLeast() {
    String least = null;
    double low = Double.POSITIVE_INFINITY;
    for (var e : terms.entrySet()) {
      double r = e.getValue()[3];
      if ((least == null || r < low) && !e.getKey().equals(POSTS)) {
        low = r;
        least = e.getKey();
      }
    }
    terms.remove(least);
  }

  public byte[] toBytes() {
    List<byte[]> keys = new ArrayList<>(terms.size());
    int size = 1 + 8 + 2;
    List<Map.Entry<String, double[]>> entries = new ArrayList<>(terms.entrySet());
    entries.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
    for (var e : entries) {
      byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
      keys.add(k);
      size += 2 + k.length + 3 * 8;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put(VERSION).putDouble(alpha).putShort((short) entries.size());
    for (int i = 0; i < entries.size(); i++) {
      byte[] k = keys.get(i);
      double[] s = entries.get(i).getValue();
      b.putShort((short) k.length).put(k).putDouble(s[0]).putDouble(s[1]).putDouble(s[2]);
    }
    return b.array();
  }

  public static TermBaseline fromBytes(byte[] bytes) {
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      if (b.get() != VERSION) {
        throw new SerializationException("not a term baseline (version " + bytes[0] + ", expected " + VERSION + ")");
      }
      TermBaseline t = new TermBaseline(1 / b.getDouble());
      int n = b.getShort();
      for (int i = 0; i < n; i++) {
        byte[] k = new byte[b.getShort()];
        b.get(k);
        double[] v = {b.getDouble(), b.getDouble(), b.getDouble(), 0};
        v[3] = t.rank(v);
        t.terms.put(new String(k, StandardCharsets.UTF_8), v);
      }
      return t;
    } catch (BufferUnderflowException | NegativeArraySizeException e) {
      throw new SerializationException("not a term baseline (" + bytes.length + " bytes)", e);
    }
  }
}
