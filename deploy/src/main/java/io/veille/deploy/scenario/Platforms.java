package io.veille.deploy.scenario;

import java.text.Normalizer;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * Native ids and URLs as each source makes them, assigned in time order so they grow with time as
 * the real ones do: X and Mastodon snowflakes, Bluesky TIDs and at:// URIs, Reddit base-36 ids,
 * Hacker News item numbers, Facebook page_post ids, and article URLs for feeds. The mention id is
 * {@code source:nativeId}.
 */
final class Platforms {
  private static final long TWITTER_EPOCH_MS = 1_288_834_974_657L;
  private static final String TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz";

  private final Rand rand;
  private long sequence;
  private long redditPost = 36L * 36 * 36 * 36 * 36 * 36 * 2 + 1_000_003L; // 7-character base-36 ids
  private long redditComment = 36L * 36 * 36 * 36 * 36 * 36 * 10 + 7_000_019L;
  private long hackerNews = 46_120_000L;

  Platforms(Rand rand) {
    this.rand = rand;
  }

  /** Gives the draft its native id, mention id and URL. Drafts must come in time order. */
  void assign(Draft d) {
    long seq = sequence++;
    long ms = d.at * 1000 + rand.between(0, 1000);
    Persona a = d.author;
    switch (d.source()) {
      case "x" -> {
        long id = ((ms - TWITTER_EPOCH_MS) << 22) | (seq & 0x3F_FFFF);
        d.nativeId = Long.toString(id);
        d.url = "https://x.com/" + a.handle().substring(1) + "/status/" + id;
      }
      case "mastodon" -> {
        long id = (ms << 16) | (seq & 0xFFFF);
        String user = a.handle().substring(1, a.handle().indexOf('@', 1));
        d.nativeId = Long.toString(id);
        d.url = "https://" + a.home() + "/@" + user + "/" + id;
      }
      case "bluesky" -> {
        String tid = tid(ms * 1000 + rand.between(0, 1000), seq);
        d.nativeId = "at://" + a.id() + "/app.bsky.feed.post/" + tid;
        d.url = "https://bsky.app/profile/" + a.handle().substring(1) + "/post/" + tid;
      }
      case "reddit" -> {
        String community = d.community != null ? d.community : "france";
        if (d.kind == Draft.Kind.REPLY && d.parent != null && d.parent.source().equals("reddit")) {
          String cid = Long.toString(redditComment += 1 + rand.between(0, 40), 36);
          String post = d.parent.root().nativeId.substring(3);
          d.nativeId = "t1_" + cid;
          d.url = "https://www.reddit.com/r/" + community + "/comments/" + post + "/comment/" + cid + "/";
        } else {
          String pid = Long.toString(redditPost += 1 + rand.between(0, 25), 36);
          d.nativeId = "t3_" + pid;
          d.url = "https://www.reddit.com/r/" + community + "/comments/" + pid + "/" + slug(d.text, 6) + "/";
        }
      }
      case "hackernews" -> {
        hackerNews += 1 + rand.between(0, 60);
        d.nativeId = Long.toString(hackerNews);
        d.url = "https://news.ycombinator.com/item?id=" + hackerNews;
      }
      case "facebook" -> {
        long post = 122_000_000_000_000_000L + d.at * 10_000L + (seq % 10_000);
        d.nativeId = a.id() + "_" + post;
        d.url = "https://www.facebook.com/" + a.id() + "/posts/" + post;
      }
      case "rss" -> {
        ZonedDateTime day = ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(d.at), ZoneOffset.UTC);
        String path = String.format(Locale.ROOT, "%d/%02d/%02d/%s-%s", day.getYear(), day.getMonthValue(),
            day.getDayOfMonth(), slug(d.text, 8), Long.toString(seq, 36));
        d.url = "https://" + a.home() + "/" + path;
        d.nativeId = d.url;
      }
      default -> throw new IllegalStateException("unknown source " + d.source());
    }
    d.id = d.source() + ":" + d.nativeId;
  }

  /** How long after publication a connector would have fetched it, by source (seconds). */
  long fetchDelay(String source) {
    return switch (source) {
      case "x", "bluesky", "mastodon" -> rand.between(2, 60);
      case "reddit" -> rand.between(20, 300);
      case "hackernews" -> rand.between(30, 600);
      case "facebook" -> rand.between(60, 600);
      default -> rand.between(120, 1800); // feeds are polled
    };
  }

  /** A Bluesky TID: 13 characters of sortable base 32 (microseconds, then a clock id). */
  private static String tid(long micros, long seq) {
    long v = (micros << 10) | (seq & 0x3FF);
    v &= Long.MAX_VALUE;
    char[] out = new char[13];
    for (int i = 12; i >= 0; i--) {
      out[i] = TID_ALPHABET.charAt((int) (v & 31));
      v >>>= 5;
    }
    return new String(out);
  }

  static String slug(String text, int words) {
    String firstLine = text.lines().findFirst().orElse(text);
    String n = Normalizer.normalize(firstLine, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    String[] parts = n.replaceAll("[^a-z0-9]+", " ").strip().split(" ");
    StringBuilder sb = new StringBuilder();
    for (int i = 0, k = 0; i < parts.length && k < words; i++) {
      if (parts[i].isEmpty()) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append('-');
      }
      sb.append(parts[i]);
      k++;
    }
    return sb.length() == 0 ? "post" : sb.toString();
  }
}
