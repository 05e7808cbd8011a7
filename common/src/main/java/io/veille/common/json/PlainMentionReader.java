package io.veille.common.json;

import io.veille.common.model.Engagement;
import io.veille.common.model.InvalidRecordException;
import io.veille.common.model.Mention;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fastest tier of {@link MentionJson#read(byte[])}: a hand-written scanner for the plain form
 * of a record, as our own writer and most producers make it: one object, only the known fields,
 * strings without escapes, integers that fit a long. It returns null as soon as it sees anything
 * else (an escape, a raw control character, invalid UTF-8, an unknown field, a float, a syntax
 * error, trailing bytes...) and the caller reads the record with Jackson instead, so for every
 * input the result is the one Jackson's reader gives. What it accepts is a subset of what Jackson
 * accepts, decoded to the same strings and numbers; the checks are then the shared ones of
 * {@link MentionJson#build}.
 */
final class PlainMentionReader {
  /** The mapper's limit on string values; longer ones are left to Jackson, which reports them. */
  private static final int MAX_STRING_BYTES = 1_000_000;

  private static final int V = 0;
  private static final int ID = 1;
  private static final int SOURCE = 2;
  private static final int URL = 3;
  private static final int LANG = 4;
  private static final int TEXT = 5;
  private static final int PUBLISHED_AT = 6;
  private static final int FETCHED_AT = 7;
  private static final int AUTHOR = 8;
  private static final int ENGAGEMENT = 9;
  private static final int IN_REPLY_TO = 10;
  private static final int SHARED_FROM = 11;
  private static final byte[][] TOP = names("v", "id", "source", "url", "lang", "text", "publishedAt", "fetchedAt",
      "author", "engagement", "inReplyTo", "sharedFrom");

  private static final int A_ID = 0;
  private static final int A_HANDLE = 1;
  private static final int A_NAME = 2;
  private static final int A_FOLLOWERS = 3;
  private static final int A_VERIFIED = 4;
  private static final byte[][] AUTHOR_FIELDS = names("id", "handle", "name", "followers", "verified");

  private static final byte[][] ENGAGEMENT_FIELDS = names("likes", "shares", "replies");

  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

  private final byte[] b;
  private int i;
  /** Set when the input is outside the plain form: the caller falls back to Jackson. */
  private boolean unsure;

  private PlainMentionReader(byte[] b) {
    this.b = b;
  }

  /** The mention, or the first broken rule, or null when this reader is not sure. */
  static Mention read(byte[] json) {
    return new PlainMentionReader(json).mention();
  }

  private static byte[][] names(String... names) {
    byte[][] out = new byte[names.length][];
    for (int k = 0; k < names.length; k++) {
      out[k] = names[k].getBytes(StandardCharsets.US_ASCII);
    }
    return out;
  }

  private Mention mention() {
    int v = Mention.SCHEMA_VERSION;
    String id = null;
    String source = null;
    String url = null;
    String lang = null;
    String text = null;
    String publishedAt = null;
    String fetchedAt = null;
    MentionJson.RawAuthor author = null;
    Engagement engagement = null;
    String inReplyTo = null;
    String sharedFrom = null;
    ws();
    if (!take('{')) {
      return null;
    }
    ws();
    if (!take('}')) {
      int seen = 0;
      while (true) {
        int f = fieldName(TOP);
        if (f < 0 || (seen & (1 << f)) != 0) {
          return null; // unknown, or a duplicate key: Jackson's readers decide (and refuse duplicates)
        }
        seen |= 1 << f;
        switch (f) {
          case V -> {
            long l = integer();
            if (unsure) {
              return null;
            }
            v = (int) l;
          }
          case ID -> id = stringOrNull();
          case SOURCE -> source = stringOrNull();
          case URL -> url = stringOrNull();
          case LANG -> lang = stringOrNull();
          case TEXT -> text = stringOrNull();
          case PUBLISHED_AT -> publishedAt = stringOrNull();
          case FETCHED_AT -> fetchedAt = stringOrNull();
          case IN_REPLY_TO -> inReplyTo = stringOrNull();
          case SHARED_FROM -> sharedFrom = stringOrNull();
          case AUTHOR -> author = literal(NULL) ? null : author();
          case ENGAGEMENT -> {
            if (literal(NULL)) {
              engagement = null;
            } else {
              long[] counts = engagement();
              if (unsure) {
                return null;
              }
              try {
                engagement = new Engagement(counts[0], counts[1], counts[2]);
              } catch (InvalidRecordException e) {
                return null; // a negative count: Jackson's reader reports it in the order of the checks
              }
            }
          }
          default -> throw new IllegalStateException();
        }
        if (unsure || !endOfMember()) {
          return null;
        }
        if (b[i - 1] == '}') {
          break;
        }
      }
    }
    ws();
    if (i != b.length) {
      return null; // trailing bytes, valid or not: Jackson decides
    }
    return MentionJson.build(v, id, source, url, lang, text, publishedAt, fetchedAt, author, engagement, inReplyTo,
        sharedFrom, null);
  }

  private MentionJson.RawAuthor author() {
    if (!take('{')) {
      unsure = true;
      return null;
    }
    String id = null;
    String handle = null;
    String name = null;
    long followers = 0;
    boolean verified = false;
    ws();
    if (!take('}')) {
      int seen = 0;
      while (true) {
        int f = fieldName(AUTHOR_FIELDS);
        if (f < 0 || (seen & (1 << f)) != 0) {
          unsure = true;
          return null;
        }
        seen |= 1 << f;
        switch (f) {
          case A_ID -> id = stringOrNull();
          case A_HANDLE -> handle = stringOrNull();
          case A_NAME -> name = stringOrNull();
          case A_FOLLOWERS -> followers = literal(NULL) ? 0 : integer();
          case A_VERIFIED -> verified = !literal(NULL) && !literal(FALSE) && (literal(TRUE) || fail());
          default -> throw new IllegalStateException();
        }
        if (unsure || !endOfMember()) {
          unsure = true;
          return null;
        }
        if (b[i - 1] == '}') {
          break;
        }
      }
    }
    return new MentionJson.RawAuthor(id, handle, name, followers, verified);
  }

  private long[] engagement() {
    long[] counts = new long[3];
    if (!take('{')) {
      unsure = true;
      return counts;
    }
    ws();
    if (!take('}')) {
      int seen = 0;
      while (true) {
        int f = fieldName(ENGAGEMENT_FIELDS);
        if (f < 0 || (seen & (1 << f)) != 0) {
          unsure = true;
          return counts;
        }
        seen |= 1 << f;
        counts[f] = literal(NULL) ? 0 : integer();
        if (unsure || !endOfMember()) {
          unsure = true;
          return counts;
        }
        if (b[i - 1] == '}') {
          break;
        }
      }
    }
    return counts;
  }

  private boolean fail() {
    unsure = true;
    return false;
  }

  /** After a member's value: whitespace, then ',' (and the whitespace before the next name) or '}'. */
  private boolean endOfMember() {
    ws();
    if (i >= b.length) {
      return false;
    }
    byte c = b[i++];
    if (c == ',') {
      ws();
      return true;
    }
    return c == '}';
  }

  /** JSON whitespace, as Jackson reads it. */
  private void ws() {
    while (i < b.length) {
      byte c = b[i];
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        i++;
      } else {
        return;
      }
    }
  }

  private boolean take(char c) {
    if (i < b.length && b[i] == c) {
      i++;
      return true;
    }
    return false;
  }

  /** A literal, followed by whatever: what follows is checked by {@link #endOfMember}. */
  private boolean literal(byte[] lit) {
    int n = lit.length;
    if (i + n <= b.length && Arrays.equals(b, i, i + n, lit, 0, n)) {
      i += n;
      return true;
    }
    return false;
  }

  /** A plain ASCII name among {@code names}, the whitespace and the ':' after it; -1 otherwise. */
  private int fieldName(byte[][] names) {
    if (!take('"')) {
      return -1;
    }
    int start = i;
    while (i < b.length && b[i] != '"') {
      i++;
    }
    if (i >= b.length) {
      return -1;
    }
    int end = i++;
    int len = end - start;
    int found = -1;
    for (int k = 0; k < names.length; k++) {
      byte[] n = names[k];
      if (n.length == len && Arrays.equals(b, start, end, n, 0, len)) {
        found = k;
        break;
      }
    }
    // a known name has no escape, no control character, nothing but ASCII letters
    ws();
    if (found < 0 || !take(':')) {
      return -1;
    }
    ws();
    return found;
  }

  /** {@code null} or a plain string: no escape, no raw control character, valid UTF-8. */
  private String stringOrNull() {
    if (literal(NULL)) {
      return null;
    }
    if (!take('"')) {
      unsure = true;
      return null;
    }
    int start = i;
    boolean ascii = true;
    while (true) {
      if (i >= b.length) {
        unsure = true;
        return null;
      }
      byte c = b[i];
      if (c == '"') {
        break;
      }
      if (c == '\\' || (c >= 0 && c < 0x20)) {
        unsure = true;
        return null;
      }
      if (c < 0) {
        ascii = false;
      }
      i++;
    }
    int len = i - start;
    i++;
    if (len > MAX_STRING_BYTES) {
      unsure = true;
      return null;
    }
    if (ascii) {
      return new String(b, start, len, StandardCharsets.ISO_8859_1);
    }
    // the JDK decoder replaces malformed input with U+FFFD where Jackson fails: leave those to Jackson
    String s = new String(b, start, len, StandardCharsets.UTF_8);
    if (s.indexOf('\uFFFD') >= 0) {
      unsure = true;
      return null;
    }
    return s;
  }

  /** An integer of at most 18 digits, without leading zeros (Jackson's INT or LONG). */
  private long integer() {
    int start = i;
    boolean negative = take('-');
    int digitsStart = i;
    long value = 0;
    while (i < b.length && b[i] >= '0' && b[i] <= '9') {
      value = value * 10 + (b[i] - '0');
      i++;
    }
    int digits = i - digitsStart;
    if (digits == 0 || digits > 18 || (digits > 1 && b[digitsStart] == '0')
        || (i < b.length && (b[i] == '.' || b[i] == 'e' || b[i] == 'E'))) {
      i = start;
      unsure = true;
      return 0;
    }
    return negative ? -value : value;
  }
}
