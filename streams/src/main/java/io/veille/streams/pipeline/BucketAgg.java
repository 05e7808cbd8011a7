package io.veille.streams.pipeline;

import java.util.Set;
import java.util.TreeSet;

/** The running counts of one watch's bucket. Authors are kept to count them once. */
public record BucketAgg(long total, long negative, long neutral, long positive, long reach, long copies,
    Set<String> authors) {

  public static BucketAgg empty() {
    return new BucketAgg(0, 0, 0, 0, 0, 0, Set.of());
  }

  public BucketAgg add(Contribution c) {
    Set<String> a = authors;
    if (c.author() != null && !authors.contains(c.author())) {
      a = new TreeSet<>(authors);
      a.add(c.author());
    }
    if (c.kind() == Contribution.Kind.COPY) {
      return new BucketAgg(total, negative, neutral, positive, reach + c.reach(), copies + 1, a);
    }
    return switch (c.label()) {
      case NEGATIVE -> new BucketAgg(total + 1, negative + 1, neutral, positive, reach + c.reach(), copies, a);
      case NEUTRAL -> new BucketAgg(total + 1, negative, neutral + 1, positive, reach + c.reach(), copies, a);
      case POSITIVE -> new BucketAgg(total + 1, negative, neutral, positive + 1, reach + c.reach(), copies, a);
    };
  }
}
