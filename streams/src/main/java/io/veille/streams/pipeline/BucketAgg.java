package io.veille.streams.pipeline;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The running counts of one watch's bucket: exact totals, and its authors (64-bit hashes of their
 * keys, kept sorted) to count them once; and the detector's evidence, bounded: the posts' terms
 * (the {@value #TERMS} most frequent, Space-Saving counters), the {@value #MENTIONS} most-shared
 * posts (copies seen here plus the platform's shares) and the {@value #AUTHORS} largest authors.
 * Mutable: {@link #add} updates it in place (the aggregation reads a fresh copy from its store for
 * every update), and it travels as compact binary.
 */
public final class BucketAgg {
  private long total;
  private long negative;
  private long neutral;
  private long positive;
  private long reach;
  private long negativeReach;
  private long copies;
  private long[] authors;
  private int authorCount;

  static final int TERMS = 32;
  static final int MENTIONS = 12;
  static final int AUTHORS = 8;

  /** A post of the bucket, or the original of copies seen in it. */
  public static final class Post {
    public String id;
    public String source;
    public String text;
    public String url;
    public String author;
    public long followers;
    public long platformShares;
    public long copies;

    public long shares() {
      return copies + platformShares;
    }
  }

  /** An author of the bucket's posts or copies. */
  public static final class Writer {
    public String name;
    public long followers;
    public long mentions;
  }

  private final java.util.List<String> termKeys = new java.util.ArrayList<>();
  private final java.util.List<long[]> termCounts = new java.util.ArrayList<>();
  private final java.util.List<Post> posts = new java.util.ArrayList<>();
  private final java.util.List<Writer> writers = new java.util.ArrayList<>();

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

  /** The followers of the authors of negative mentions (copies included). */
  public long negativeReach() {
    return negativeReach;
  }

  public long copies() {
    return copies;
  }

  public int uniqueAuthors() {
    return authorCount;
  }

  /** The bucket's terms and their counts (Space-Saving: a count may include up to the smallest count's error). */
  public java.util.Map<String, Long> terms() {
    java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < termKeys.size(); i++) {
      m.put(termKeys.get(i), termCounts.get(i)[0]);
    }
    return m;
  }

  public java.util.List<Post> posts() {
    return java.util.Collections.unmodifiableList(posts);
  }

  public java.util.List<Writer> writers() {
    return java.util.Collections.unmodifiableList(writers);
  }

  private void addTerm(String t) {
    int i = termKeys.indexOf(t);
    if (i >= 0) {
      termCounts.get(i)[0]++;
    } else if (termKeys.size() < TERMS) {
      termKeys.add(t);
      termCounts.add(new long[] {1});
    } else {
      int min = 0;
      for (int k = 1; k < termCounts.size(); k++) {
        if (termCounts.get(k)[0] < termCounts.get(min)[0]) {
          min = k;
        }
      }
      termKeys.set(min, t);
      termCounts.get(min)[0]++;
    }
  }

  private void addPost(Contribution.Detail d, boolean copy) {
    Post p = null;
    for (Post q : posts) {
      if (q.id.equals(d.id())) {
        p = q;
        break;
      }
    }
    if (p == null) {
      long score = d.shares() + (copy ? 1 : 0);
      if (posts.size() >= MENTIONS) {
        Post least = posts.get(0);
        for (Post q : posts) {
          if (q.shares() < least.shares()) {
            least = q;
          }
        }
        if (least.shares() >= score) {
          return;
        }
        posts.remove(least);
      }
      p = new Post();
      p.id = d.id();
      posts.add(p);
    }
    p.source = d.source();
    p.text = d.text();
    p.url = d.url();
    p.author = d.author();
    p.followers = d.followers();
    p.platformShares = Math.max(p.platformShares, d.shares());
    if (copy) {
      p.copies++;
    }
  }

  private void addWriter(String name, long followers) {
    for (Writer w : writers) {
      if (w.name.equals(name)) {
        w.mentions++;
        w.followers = Math.max(w.followers, followers);
        return;
      }
    }
    if (writers.size() >= AUTHORS) {
      Writer least = writers.get(0);
      for (Writer w : writers) {
        if (w.followers < least.followers) {
          least = w;
        }
      }
      if (least.followers >= followers) {
        return;
      }
      writers.remove(least);
    }
    Writer w = new Writer();
    w.name = name;
    w.followers = followers;
    w.mentions = 1;
    writers.add(w);
  }

  /** Adds a contribution in place and returns this bucket. */
  public BucketAgg add(Contribution c) {
    Contribution.Detail d = c.detail();
    if (d != null) {
      addPost(d, c.kind() == Contribution.Kind.COPY);
      if (d.by() != null) {
        addWriter(d.by(), d.byFollowers());
      }
      if (c.kind() == Contribution.Kind.POST) {
        for (String t : d.terms()) {
          addTerm(t);
        }
      }
    }
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
    if (c.label() == io.veille.common.model.Sentiment.Label.NEGATIVE) {
      negativeReach += c.reach();
    }
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

  private int evidenceSize() {
    int n = 3;
    for (String t : termKeys) {
      n += Bin.size(t) + 8;
    }
    for (Post p : posts) {
      n += Bin.size(p.id) + Bin.size(p.source) + Bin.size(p.text) + Bin.size(p.url) + Bin.size(p.author) + 3 * 8;
    }
    for (Writer w : writers) {
      n += Bin.size(w.name) + 2 * 8;
    }
    return n;
  }

  /** Binary: seven longs, the author count, the sorted author hashes, then the evidence. */
  public static Serde<BucketAgg> serde() {
    Serializer<BucketAgg> ser = (topic, a) -> {
      if (a == null) {
        return null;
      }
      ByteBuffer b = ByteBuffer.allocate(7 * 8 + 4 + a.authorCount * 8 + a.evidenceSize());
      b.putLong(a.total).putLong(a.negative).putLong(a.neutral).putLong(a.positive).putLong(a.reach).putLong(a.copies)
          .putLong(a.negativeReach);
      b.putInt(a.authorCount);
      for (int i = 0; i < a.authorCount; i++) {
        b.putLong(a.authors[i]);
      }
      b.put((byte) a.termKeys.size());
      for (int i = 0; i < a.termKeys.size(); i++) {
        Bin.put(b, a.termKeys.get(i));
        b.putLong(a.termCounts.get(i)[0]);
      }
      b.put((byte) a.posts.size());
      for (Post p : a.posts) {
        Bin.put(b, p.id);
        Bin.put(b, p.source);
        Bin.put(b, p.text);
        Bin.put(b, p.url);
        Bin.put(b, p.author);
        b.putLong(p.followers).putLong(p.platformShares).putLong(p.copies);
      }
      b.put((byte) a.writers.size());
      for (Writer w : a.writers) {
        Bin.put(b, w.name);
        b.putLong(w.followers).putLong(w.mentions);
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
      long negativeReach = b.getLong();
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
      a.negativeReach = negativeReach;
      int terms = b.get();
      for (int i = 0; i < terms; i++) {
        a.termKeys.add(Bin.get(b));
        a.termCounts.add(new long[] {b.getLong()});
      }
      int posts = b.get();
      for (int i = 0; i < posts; i++) {
        Post p = new Post();
        p.id = Bin.get(b);
        p.source = Bin.get(b);
        p.text = Bin.get(b);
        p.url = Bin.get(b);
        p.author = Bin.get(b);
        p.followers = b.getLong();
        p.platformShares = b.getLong();
        p.copies = b.getLong();
        a.posts.add(p);
      }
      int writers = b.get();
      for (int i = 0; i < writers; i++) {
        Writer w = new Writer();
        w.name = Bin.get(b);
        w.followers = b.getLong();
        w.mentions = b.getLong();
        a.writers.add(w);
      }
      return a;
    };
    return Serdes.serdeFrom(ser, de);
  }
}
