package io.veille.ingest.reddit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.veille.ingest.http.HttpFailure;
import io.veille.ingest.reddit.RedditCursor.Mark;
import io.veille.ingest.reddit.RedditCursor.Walk;
import io.veille.ingest.spi.Connector;
import io.veille.ingest.spi.Item;
import io.veille.ingest.spi.Page;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Reddit listing (a subreddit's new posts, its new comments, or a search sorted by new), read
 * newest-first: each poll reads one page; a walk goes down with {@code after} until it meets the
 * previous walk's high-water mark, then the mark moves to the walk's newest item. A restart in the
 * middle of a walk resumes at the stored {@code after}.
 */
final class RedditFeedConnector implements Connector {
  private static final Logger LOG = LoggerFactory.getLogger(RedditFeedConnector.class);

  enum Feed { NEW, COMMENTS, SEARCH }

  private final String id;
  private final Feed feed;
  private final String target;
  private final RedditSettings settings;
  private final RedditClient client;

  /** @param target the subreddit (NEW, COMMENTS) or the query (SEARCH) */
  RedditFeedConnector(String id, Feed feed, String target, RedditSettings settings, RedditClient client) {
    this.id = id;
    this.feed = feed;
    this.target = target;
    this.settings = settings;
    this.client = client;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String source() {
    return RedditMapper.SOURCE;
  }

  String path(String after) {
    String q = "limit=" + settings.pageSize() + "&raw_json=1" + (after == null ? "" : "&after=" + enc(after));
    return switch (feed) {
      case NEW -> "/r/" + target + "/new?" + q;
      case COMMENTS -> "/r/" + target + "/comments?" + q;
      case SEARCH -> "/search?q=" + enc(target) + "&sort=new&type=link&" + q;
    };
  }

  @Override
  public Page poll(String cursor) throws Exception {
    Duration pause = client.pause();
    if (!pause.isZero()) {
      return Page.empty(cursor, pause);
    }
    RedditCursor c;
    try {
      c = RedditCursor.parse(cursor);
    } catch (JsonProcessingException e) {
      LOG.warn("reddit {}: stored cursor unreadable ({}), starting afresh", id, e.getOriginalMessage());
      c = RedditCursor.START;
    }
    Walk walk = c.walk();
    JsonNode listing = client.get(path(walk == null ? null : walk.after()));
    JsonNode data = listing.path("data");
    JsonNode children = data.path("children");
    if (!"Listing".equals(listing.path("kind").asText()) || !children.isArray()) {
      throw new HttpFailure("reddit " + id + ": the answer is not a Listing", 200, true, null, null);
    }
    Set<String> hwNames = c.hw() == null ? Set.of() : new HashSet<>(c.hw().n());
    List<Item> items = new ArrayList<>();
    boolean reachedOld = false;
    long topT = Long.MIN_VALUE;
    List<JsonNode> page = new ArrayList<>();
    children.forEach(page::add);
    for (JsonNode child : page) {
      JsonNode d = child.path("data");
      String name = d.path("name").asText("");
      Long t = d.path("created_utc").isNumber() ? Math.round(d.path("created_utc").asDouble() * 1000) : null;
      if (t != null) {
        topT = Math.max(topT, t);
      }
      boolean old = c.hw() != null && (hwNames.contains(name) || (t != null && t < c.hw().t()));
      if (old) {
        reachedOld = true;
        continue;
      }
      if (reachedOld) {
        continue; // below the mark: seen by an earlier walk
      }
      String skip = RedditMapper.skipReason(child);
      if (skip != null) {
        LOG.trace("reddit {}: skipping {} ({})", id, name, skip);
        continue;
      }
      items.add(RedditMapper.map(child));
    }
    Mark top = walk != null ? walk.top() : pageMark(page, topT, c.hw());
    int pages = (walk == null ? 0 : walk.pages()) + 1;
    int limit = c.hw() == null ? settings.backfillPages() : settings.maxPages();
    String next = data.path("after").isTextual() ? data.path("after").asText() : null;
    if (!reachedOld && next != null && pages < limit) {
      return new Page(items, new RedditCursor(c.hw(), new Walk(next, top, pages)).write(), Duration.ZERO);
    }
    if (!reachedOld && next != null && c.hw() != null) {
      LOG.warn("reddit {}: more than {} pages of new items since the last poll; older ones are skipped "
          + "(poll more often: interval)", id, limit);
    }
    return new Page(items, new RedditCursor(top, null).write(), settings.interval());
  }

  /** The mark a walk starting with this page leaves: its newest instant and the names at it (or without one). */
  private static Mark pageMark(List<JsonNode> page, long topT, Mark previous) {
    if (topT == Long.MIN_VALUE) {
      return previous;
    }
    if (previous != null && topT < previous.t()) {
      return previous;
    }
    List<String> names = new ArrayList<>();
    if (previous != null && topT == previous.t()) {
      names.addAll(previous.n());
    }
    for (JsonNode child : page) {
      JsonNode d = child.path("data");
      JsonNode created = d.path("created_utc");
      if (!created.isNumber() || Math.round(created.asDouble() * 1000) == topT) {
        String n = d.path("name").asText("");
        if (!n.isEmpty() && !names.contains(n)) {
          names.add(n);
        }
      }
    }
    return new Mark(topT, names);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
