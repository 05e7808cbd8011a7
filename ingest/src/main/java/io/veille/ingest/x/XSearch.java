package io.veille.ingest.x;

import com.fasterxml.jackson.databind.JsonNode;
import io.veille.ingest.http.HttpFailure;
import io.veille.ingest.spi.Item;
import io.veille.ingest.x.XCursor.Walk;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One page of a recent-search walk: {@code since_id} bounds the walk below, {@code next_token}
 * goes down page by page, the first page's {@code meta.newest_id} becomes the next {@code since_id}
 * once the walk is over (no next_token, or {@code limit} pages read).
 */
final class XSearch {
  /** The page's items, the walk still to do (null when over) and the newest id the walk reached. */
  record Step(List<Item> items, Walk walk, String top, boolean truncated) {}

  private final XSettings settings;
  private final XClient client;

  XSearch(XSettings settings, XClient client) {
    this.settings = settings;
    this.client = client;
  }

  String path(String sinceId, String nextToken) {
    return "/2/tweets/search/recent?query=" + URLEncoder.encode(settings.query(), StandardCharsets.UTF_8)
        + "&max_results=" + settings.pageSize() + "&" + XClient.TWEET_FIELDS
        + (sinceId == null ? "" : "&since_id=" + sinceId) + (nextToken == null ? "" : "&next_token=" + URLEncoder.encode(nextToken, StandardCharsets.UTF_8));
  }

  Step page(String sinceId, Walk walk, int limit) throws IOException, InterruptedException {
    JsonNode r;
    try {
      r = client.get(path(sinceId, walk == null ? null : walk.next()));
    } catch (HttpFailure e) {
      if (e.status() == 400 && sinceId != null && e.body().contains("since_id")) {
        // since_id older than the 7 days recent search covers: start again from the newest
        throw new SinceTooOld(e);
      }
      throw e;
    }
    Map<String, JsonNode> users = XMapper.users(r);
    List<Item> items = new ArrayList<>();
    for (JsonNode t : r.path("data")) {
      items.add(XMapper.map(t, users));
    }
    JsonNode meta = r.path("meta");
    String newest = meta.hasNonNull("newest_id") ? meta.get("newest_id").asText() : null;
    String top = walk != null ? walk.top() : newest;
    int pages = (walk == null ? 0 : walk.pages()) + 1;
    String next = meta.hasNonNull("next_token") ? meta.get("next_token").asText() : null;
    if (next != null && pages < limit) {
      return new Step(items, new Walk(next, top, pages), top, false);
    }
    return new Step(items, null, top, next != null);
  }

  /** since_id was refused as too old: the caller forgets it and starts from the newest. */
  static final class SinceTooOld extends IOException {
    SinceTooOld(HttpFailure cause) {
      super(cause.getMessage(), cause);
    }
  }
}
