package io.veille.streams.watch;

/**
 * Bounds a watch query before the Lucene parser sees it: a parser is recursive, and a query such
 * as 5,000 nested parentheses overflows its stack (and, written to the compacted watch topic, would
 * stop every start). Cheap, one pass, no regex. Regular expressions ({@code /.../}) and ranges
 * ({@code [a TO b]}, {@code {a TO b}}) are not watch syntax: they are refused here with a hint, as
 * their cost has no bound the wildcard rules can give.
 */
final class QueryBounds {
  private QueryBounds() {}

  static final int MAX_LENGTH = 4_000;
  static final int MAX_DEPTH = 32;
  static final int MAX_TERMS = 256;
  static final int MAX_SLOP = 50;

  /** Throws with the limit and the position, quoting at most a short excerpt. */
  static void check(String id, String q) {
    check(id, q, false);
  }

  /** As {@link #check(String, String)}; {@code ranges}: {@code [a TO b]} and {@code {a TO b}} are let through. */
  static void check(String id, String q, boolean ranges) {
    if (q.length() > MAX_LENGTH) {
      throw new InvalidWatchException(id, "query of " + q.length() + " characters is over the limit of " + MAX_LENGTH);
    }
    int depth = 0;
    int terms = 0;
    boolean inTerm = false;
    boolean inPhrase = false;
    for (int i = 0; i < q.length(); i++) {
      char c = q.charAt(i);
      if (c == '\\') {
        i++;
        if (!inTerm && !inPhrase) {
          inTerm = true;
          terms++;
        }
        continue;
      }
      if (inPhrase) {
        if (c == '"') {
          inPhrase = false;
          i = slop(id, q, i + 1) - 1;
        }
        continue;
      }
      switch (c) {
        case '"' -> {
          inPhrase = true;
          inTerm = false;
          terms++;
        }
        case '(' -> {
          inTerm = false;
          if (++depth > MAX_DEPTH) {
            throw new InvalidWatchException(id, "parentheses nested more than " + MAX_DEPTH + " deep at position " + i
                + " (" + excerpt(q, i) + ")");
          }
        }
        case ')' -> {
          inTerm = false;
          depth = Math.max(0, depth - 1);
        }
        case '/' -> {
          if (!inTerm) {
            throw new InvalidWatchException(id, "regular expressions (/.../, at position " + i + ") are not supported in "
                + "watch queries; use words, \"phrases\" or a wildcard such as ondyne*");
          }
        }
        case '[', '{' -> {
          if (!inTerm && !ranges) {
            throw new InvalidWatchException(id, "range queries ([a TO b], at position " + i + ") are not supported in "
                + "watch queries; quote the brackets or leave them out");
          }
        }
        case ' ', '\t', '\n', '\r' -> inTerm = false;
        default -> {
          if (!inTerm) {
            inTerm = true;
            if (++terms > MAX_TERMS) {
              throw new InvalidWatchException(id, "query has more than " + MAX_TERMS + " terms and operators (at position "
                  + i + "); split it into several watches");
            }
          }
        }
      }
    }
  }

  /** After a closing quote: an optional {@code ~N}, bounded. Returns where scanning resumes. */
  private static int slop(String id, String q, int at) {
    if (at < q.length() && q.charAt(at) == '~') {
      int j = at + 1;
      long n = 0;
      while (j < q.length() && Character.isDigit(q.charAt(j)) && n <= MAX_SLOP) {
        n = n * 10 + (q.charAt(j) - '0');
        j++;
      }
      if (n > MAX_SLOP) {
        throw new InvalidWatchException(id, "proximity ~" + n + (j < q.length() && Character.isDigit(q.charAt(j)) ? "..." : "")
            + " at position " + at + " is over the limit of ~" + MAX_SLOP);
      }
      return j;
    }
    return at;
  }

  static String excerpt(String q, int at) {
    int from = Math.max(0, at - 20);
    int to = Math.min(q.length(), at + 20);
    return (from > 0 ? "..." : "") + q.substring(from, to) + (to < q.length() ? "..." : "");
  }

  /** A query for a message: at most 80 characters. */
  static String abbreviate(String q) {
    return q.length() <= 80 ? q : q.substring(0, 77) + "...";
  }
}
