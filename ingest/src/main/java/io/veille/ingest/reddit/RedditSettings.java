package io.veille.ingest.reddit;

import io.veille.ingest.http.HttpFetcher;
import io.veille.ingest.spi.SourceKey;
import io.veille.ingest.spi.SourceSettings;
import io.veille.ingest.spi.SourceSettings.Secret;
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
 * @param maxBody the most bytes a response body may hold
 * @param pageSize listing {@code limit} (1..100)
 * @param maxPages pages walked per poll cycle before accepting a gap (Reddit listings stop at ~1000 items)
 * @param backfillPages pages read on the very first start (how far back to begin)
 */
public record RedditSettings(Secret clientId, Secret clientSecret, String userAgent, String authUrl, String apiUrl,
    List<String> searches, List<String> subreddits, boolean comments, Duration interval, Duration timeout, long maxBody,
    int pageSize, int maxPages, int backfillPages) {

  static final Pattern SUBREDDIT = Pattern.compile("[A-Za-z0-9_]{2,21}");

  static final SourceKey<Secret> CLIENT_ID = SourceKey.secret("client_id", true, "the app's client id");
  static final SourceKey<Secret> CLIENT_SECRET = SourceKey.secret("client_secret", true, "the app's secret");
  static final SourceKey<String> USER_AGENT = SourceKey.string("user_agent", "veille:io.veille:0.1 (social listening)",
      "a descriptive user agent, as Reddit asks (platform:app id:version (by /u/name))");
  static final SourceKey<List<String>> SUBREDDITS = SourceKey.list("subreddits", false,
      "new posts of each (r/ optional); and new comments unless comments: false");
  static final SourceKey<Boolean> COMMENTS = SourceKey.bool("comments", true, "also read the subreddits' new comments");
  static final SourceKey<List<String>> SEARCH = SourceKey.list("search", false, "site-wide searches sorted by new (posts)");
  static final SourceKey<Duration> INTERVAL = SourceKey.duration("interval", Duration.ofMinutes(2), "time between walks");
  static final SourceKey<Integer> PAGE_SIZE = SourceKey.integer("page_size", 100, 1, 100, "listing limit");
  static final SourceKey<Integer> MAX_PAGES = SourceKey.integer("max_pages", 10, 1, 10,
      "pages per walk before accepting a gap (listings stop near 1000)");
  static final SourceKey<Integer> BACKFILL_PAGES = SourceKey.integer("backfill_pages", 1, 1, 10,
      "how far back the very first start goes");
  static final SourceKey<Duration> TIMEOUT = SourceKey.duration("timeout", Duration.ofSeconds(15),
      "per HTTP call, the body included");
  static final SourceKey<Long> MAX_BODY = HttpFetcher.maxBodyKey("max_body");
  static final SourceKey<String> AUTH_URL = SourceKey.url("auth_url", "https://www.reddit.com/api/v1/access_token",
      "the token endpoint");
  static final SourceKey<String> API_URL = SourceKey.url("api_url", "https://oauth.reddit.com", "the API's base URL");
  static final List<SourceKey<?>> KEYS = List.of(CLIENT_ID, CLIENT_SECRET, USER_AGENT, SUBREDDITS, COMMENTS, SEARCH, INTERVAL,
      PAGE_SIZE, MAX_PAGES, BACKFILL_PAGES, TIMEOUT, MAX_BODY, AUTH_URL, API_URL);

  public static RedditSettings from(SourceSettings s) {
    Secret id = s.get(CLIENT_ID);
    Secret secret = s.get(CLIENT_SECRET);
    String ua = s.get(USER_AGENT);
    String auth = s.get(AUTH_URL);
    String api = stripSlash(s.get(API_URL));
    List<String> searches = s.get(SEARCH);
    List<String> subs = s.get(SUBREDDITS).stream().map(x -> x.startsWith("r/") ? x.substring(2) : x).toList();
    for (int i = 0; i < subs.size(); i++) {
      if (!SUBREDDIT.matcher(subs.get(i)).matches()) {
        throw s.error("subreddits[" + i + "]", "not a subreddit name: '" + subs.get(i) + "'");
      }
    }
    boolean comments = s.get(COMMENTS);
    if (searches.isEmpty() && subs.isEmpty()) {
      throw s.error("search", "give at least one search query or one subreddit (subreddits:)");
    }
    return new RedditSettings(id, secret, ua, auth, api, searches, subs, comments,
        s.get(INTERVAL), s.get(TIMEOUT), s.get(MAX_BODY), s.get(PAGE_SIZE), s.get(MAX_PAGES), s.get(BACKFILL_PAGES));
  }

  static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
