package io.veille.ingest.facebook;

import io.veille.ingest.http.HttpFetcher;
import io.veille.ingest.spi.SourceKey;
import io.veille.ingest.spi.SourceSettings;
import io.veille.ingest.spi.SourceSettings.Secret;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A {@code type: facebook} block of ingest.yml: one page the user manages, read with its page
 * access token.
 *
 * @param maxBody the most bytes a response body may hold
 * @param commentPosts how many of the page's most recent posts have their new comments polled
 */
public record FacebookSettings(String pageId, Secret pageToken, String apiUrl, String apiVersion, boolean comments,
    int commentPosts, Duration interval, Duration timeout, long maxBody, int pageSize, int maxPages, int backfillPages) {

  static final Pattern PAGE = Pattern.compile("[A-Za-z0-9.]{1,100}");
  static final Pattern VERSION = Pattern.compile("v\\d{1,2}\\.\\d");

  static final SourceKey<String> PAGE_ID = SourceKey.string("page_id", "the page's id or username (quote a numeric id)");
  static final SourceKey<Secret> PAGE_TOKEN = SourceKey.secret("page_token", true,
      "a page access token with pages_read_engagement and pages_read_user_content");
  static final SourceKey<String> API_VERSION = SourceKey.string("api_version", "v19.0", "the Graph API version (vNN.N)");
  static final SourceKey<Boolean> COMMENTS = SourceKey.bool("comments", true, "also read new comments");
  static final SourceKey<Integer> COMMENT_POSTS = SourceKey.integer("comment_posts", 10, 0, 100,
      "the most recent posts whose new comments are read");
  static final SourceKey<Duration> INTERVAL = SourceKey.duration("interval", Duration.ofMinutes(5), "time between walks");
  static final SourceKey<Integer> PAGE_SIZE = SourceKey.integer("page_size", 25, 1, 100, "Graph page limit");
  static final SourceKey<Integer> MAX_PAGES = SourceKey.integer("max_pages", 10, 1, 100, "pages per walk before accepting a gap");
  static final SourceKey<Integer> BACKFILL_PAGES = SourceKey.integer("backfill_pages", 1, 1, 100,
      "how far back the very first start goes");
  static final SourceKey<Duration> TIMEOUT = SourceKey.duration("timeout", Duration.ofSeconds(15),
      "per HTTP call, the body included");
  static final SourceKey<Long> MAX_BODY = HttpFetcher.maxBodyKey("max_body");
  static final SourceKey<String> API_URL = SourceKey.url("api_url", "https://graph.facebook.com", "the Graph API's base URL");
  static final java.util.List<SourceKey<?>> KEYS = java.util.List.of(PAGE_ID, PAGE_TOKEN, API_VERSION, COMMENTS, COMMENT_POSTS,
      INTERVAL, PAGE_SIZE, MAX_PAGES, BACKFILL_PAGES, TIMEOUT, MAX_BODY, API_URL);

  public static FacebookSettings from(SourceSettings s) {
    String page = s.get(PAGE_ID);
    if (!PAGE.matcher(page).matches()) {
      throw s.error("page_id", "not a page id or username: '" + page + "'");
    }
    Secret token = s.get(PAGE_TOKEN);
    String api = s.get(API_URL);
    api = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
    String version = s.get(API_VERSION);
    if (!VERSION.matcher(version).matches()) {
      throw s.error("api_version", "must look like v19.0, was '" + version + "'");
    }
    return new FacebookSettings(page, token, api, version, s.get(COMMENTS), s.get(COMMENT_POSTS), s.get(INTERVAL),
        s.get(TIMEOUT), s.get(MAX_BODY), s.get(PAGE_SIZE), s.get(MAX_PAGES), s.get(BACKFILL_PAGES));
  }
}
