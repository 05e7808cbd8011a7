package io.veille.ingest.facebook;

import io.veille.ingest.config.SourceSettings;
import io.veille.ingest.config.SourceSettings.Secret;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A {@code type: facebook} block of ingest.yml: one page the user manages, read with its page
 * access token.
 *
 * @param commentPosts how many of the page's most recent posts have their new comments polled
 */
public record FacebookSettings(String pageId, Secret pageToken, String apiUrl, String apiVersion, boolean comments,
    int commentPosts, Duration interval, Duration timeout, int pageSize, int maxPages, int backfillPages) {

  static final Pattern PAGE = Pattern.compile("[A-Za-z0-9.]{1,100}");
  static final Pattern VERSION = Pattern.compile("v\\d{1,2}\\.\\d");

  public static FacebookSettings from(SourceSettings s) {
    String page = s.string("page_id");
    if (!PAGE.matcher(page).matches()) {
      throw s.error("page_id", "not a page id or username: '" + page + "'");
    }
    Secret token = s.secret("page_token", true);
    String api = s.url("api_url", "https://graph.facebook.com");
    api = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
    String version = s.optionalString("api_version", "v19.0");
    if (!VERSION.matcher(version).matches()) {
      throw s.error("api_version", "must look like v19.0, was '" + version + "'");
    }
    return new FacebookSettings(page, token, api, version, s.bool("comments", true), s.integer("comment_posts", 10, 0, 100),
        s.duration("interval", Duration.ofMinutes(5)), s.duration("timeout", Duration.ofSeconds(15)),
        s.integer("page_size", 25, 1, 100), s.integer("max_pages", 10, 1, 100), s.integer("backfill_pages", 1, 1, 100));
  }
}
