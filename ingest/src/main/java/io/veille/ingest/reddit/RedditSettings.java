package io.veille.ingest.reddit;

import io.veille.ingest.config.SourceSettings;
import io.veille.ingest.config.SourceSettings.Secret;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code type: reddit} block of ingest.yml, read and checked once.
 *
 * @param clientId OAuth app id (a secret reference, like the secret: it is not printed)
 * @param searches site-wide search queries polled with {@code sort=new} (posts)
 * @param subreddits subreddits whose new posts are polled
 * @param comments whether the subreddits' new comments are polled too
 * @param pageSize listing {@code limit} (1..100)
 * @param maxPages pages walked per poll cycle before accepting a gap (Reddit listings stop at ~1000 items)
 * @param backfillPages pages read on the very first start (how far back to begin)
 */
public record RedditSettings(Secret clientId, Secret clientSecret, String userAgent, String authUrl, String apiUrl,
    List<String> searches, List<String> subreddits, boolean comments, Duration interval, Duration timeout,
    int pageSize, int maxPages, int backfillPages) {

  static final Pattern SUBREDDIT = Pattern.compile("[A-Za-z0-9_]{2,21}");

  public static RedditSettings from(SourceSettings s) {
    Secret id = s.secret("client_id", true);
    Secret secret = s.secret("client_secret", true);
    String ua = s.optionalString("user_agent", "veille:io.veille:0.1 (social listening)");
    String auth = s.url("auth_url", "https://www.reddit.com/api/v1/access_token");
    String api = stripSlash(s.url("api_url", "https://oauth.reddit.com"));
    List<String> searches = s.list("search", false);
    List<String> subs = s.list("subreddits", false).stream().map(x -> x.startsWith("r/") ? x.substring(2) : x).toList();
    for (int i = 0; i < subs.size(); i++) {
      if (!SUBREDDIT.matcher(subs.get(i)).matches()) {
        throw s.error("subreddits[" + i + "]", "not a subreddit name: '" + subs.get(i) + "'");
      }
    }
    boolean comments = s.bool("comments", true);
    if (searches.isEmpty() && subs.isEmpty()) {
      throw s.error("search", "give at least one search query or one subreddit (subreddits:)");
    }
    return new RedditSettings(id, secret, ua, auth, api, searches, subs, comments,
        s.duration("interval", Duration.ofMinutes(2)), s.duration("timeout", Duration.ofSeconds(15)),
        s.integer("page_size", 100, 1, 100), s.integer("max_pages", 10, 1, 10), s.integer("backfill_pages", 1, 1, 10));
  }

  static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
