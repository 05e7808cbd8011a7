package io.veille.ingest.facebook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.veille.common.json.Json;
import io.veille.ingest.facebook.FacebookCursor.Mark;
import io.veille.ingest.facebook.FacebookCursor.Post;
import io.veille.ingest.facebook.FacebookCursor.Walk;
import io.veille.ingest.http.HttpFailure;
import io.veille.ingest.http.HttpFetcher;
import io.veille.ingest.spi.Connector;
import io.veille.ingest.spi.Item;
import io.veille.ingest.spi.Page;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Facebook page through the Graph API with its page token: its new posts ({@code /{page}/posts}
 * with {@code since=} the newest {@code created_time} seen), then the new comments of its most
 * recent posts ({@code /{post}/comments}, newest first, stopping at each post's mark). One Graph
 * page per poll; the phase and the {@code after} cursor are in the stored cursor, so a restart in
 * the middle resumes on the right page.
 */
final class FacebookPageConnector implements Connector {
  private static final Logger LOG = LoggerFactory.getLogger(FacebookPageConnector.class);
  /** Graph's throttling codes (app, user, page, API-level): answered as 400/403 but transient. */
  private static final Pattern THROTTLED = Pattern.compile("\"code\"\\s*:\\s*(4|17|32|613|80001)\\b|\"is_transient\"\\s*:\\s*true");
  static final String POST_FIELDS = "id,message,created_time,permalink_url,from,shares,"
      + "reactions.limit(0).summary(true),comments.limit(0).summary(true)";
  static final String COMMENT_FIELDS = "id,message,created_time,permalink_url,from,like_count,comment_count,parent{id}";

  private final String id;
  private final FacebookSettings settings;
  private final HttpFetcher http;
  private final InstantSource clock;
  private JsonNode pageNode;
  private Instant pageNodeAt = Instant.MIN;

  FacebookPageConnector(String id, FacebookSettings settings, HttpFetcher http, InstantSource clock) {
    this.id = id;
    this.settings = settings;
    this.http = http;
    this.clock = clock;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String source() {
    return FacebookMapper.SOURCE;
  }

  @Override
  public Page poll(String cursor) throws Exception {
    FacebookCursor c;
    try {
      c = FacebookCursor.parse(cursor);
    } catch (JsonProcessingException e) {
      LOG.warn("facebook {}: stored cursor unreadable ({}), starting afresh", id, e.getOriginalMessage());
      c = FacebookCursor.START;
    }
    if (c.phase() < 0 || c.phase() >= c.posts().size()) {
      return posts(c);
    }
    return comments(c);
  }

  private Page posts(FacebookCursor c) throws IOException, InterruptedException {
    if (pageNode == null || clock.instant().isAfter(pageNodeAt.plus(Duration.ofHours(1)))) {
      pageNode = get("/" + settings.pageId() + "?fields=id,name,username,followers_count,fan_count");
      pageNodeAt = clock.instant();
    }
    Walk walk = c.walk();
    String q = "/" + settings.pageId() + "/posts?fields=" + enc(POST_FIELDS) + "&limit=" + settings.pageSize()
        + (c.m() == null ? "" : "&since=" + c.m().t()) + (walk == null ? "" : "&after=" + enc(walk.after()));
    JsonNode r = get(q);
    List<Item> items = new ArrayList<>();
    List<Post> found = new ArrayList<>();
    Step step = step(r, c.m(), walk, c.m() == null ? settings.backfillPages() : settings.maxPages(), (node, t) -> {
      found.add(new Post(node.path("id").asText(), t == null ? 0 : t, new Mark(t == null ? 0 : t - 1, List.of())));
      if (node.path("message").asText("").isBlank() && t != null) {
        LOG.trace("facebook {}: post {} has no text, skipped", id, node.path("id").asText());
      } else {
        items.add(FacebookMapper.post(node, pageNode));
      }
    });
    List<Post> posts = new ArrayList<>();
    if (settings.comments()) {
      // the most recent posts (by creation: a new post's comment mark starts just before it)
      List<Post> all = new ArrayList<>(c.posts());
      found.stream().filter(p -> !p.id().isEmpty() && p.c() > 0 && all.stream().noneMatch(x -> x.id().equals(p.id())))
          .forEach(all::add);
      all.sort(java.util.Comparator.comparingLong(Post::c).reversed());
      posts.addAll(all.subList(0, Math.min(all.size(), settings.commentPosts())));
    }
    if (step.next() != null) {
      return new Page(items, new FacebookCursor(c.m(), posts, -1, step.next()).write(), Duration.ZERO);
    }
    boolean commentsNext = !posts.isEmpty();
    return new Page(items, new FacebookCursor(step.mark(), posts, commentsNext ? 0 : -1, null).write(),
        commentsNext ? Duration.ZERO : settings.interval());
  }

  private Page comments(FacebookCursor c) throws IOException, InterruptedException {
    Post post = c.posts().get(c.phase());
    Walk walk = c.walk();
    String q = "/" + post.id() + "/comments?fields=" + enc(COMMENT_FIELDS) + "&filter=stream&order=reverse_chronological"
        + "&limit=" + settings.pageSize() + (walk == null ? "" : "&after=" + enc(walk.after()));
    JsonNode r;
    try {
      r = get(q);
    } catch (HttpFailure e) {
      if (e.status() != 404 && !(e.status() == 400 && e.body().contains("\"code\":100"))) {
        throw e;
      }
      LOG.info("facebook {}: post {} is gone, no longer watching its comments", id, post.id());
      List<Post> rest = new ArrayList<>(c.posts());
      rest.remove(c.phase());
      return next(List.of(), c.m(), rest, c.phase());
    }
    List<Item> items = new ArrayList<>();
    Step step = step(r, post.m(), walk, settings.maxPages(), (node, t) -> {
      if (!node.path("message").asText("").isBlank() || t == null) {
        items.add(FacebookMapper.comment(node, post.id(), pageNode));
      }
    });
    if (step.next() != null) {
      return new Page(items, new FacebookCursor(c.m(), c.posts(), c.phase(), step.next()).write(), Duration.ZERO);
    }
    List<Post> posts = new ArrayList<>(c.posts());
    posts.set(c.phase(), new Post(post.id(), post.c(), step.mark()));
    return next(items, c.m(), posts, c.phase() + 1);
  }

  private Page next(List<Item> items, Mark m, List<Post> posts, int phase) {
    if (phase >= posts.size()) {
      return new Page(items, new FacebookCursor(m, posts, -1, null).write(), settings.interval());
    }
    return new Page(items, new FacebookCursor(m, posts, phase, null).write(), Duration.ZERO);
  }

  /** A newest-first page: what is new against {@code mark}, the walk's next step or the new mark. */
  record Step(Walk next, Mark mark) {}

  interface Visitor {
    void accept(JsonNode node, Long epochSecond);
  }

  private static Step step(JsonNode r, Mark mark, Walk walk, int limit, Visitor newItem) throws HttpFailure {
    JsonNode data = r.path("data");
    if (!data.isArray()) {
      throw new HttpFailure("facebook: the answer has no data array", 200, true, null, null);
    }
    Set<String> seen = mark == null ? Set.of() : new HashSet<>(mark.ids());
    boolean reachedOld = false;
    long topT = Long.MIN_VALUE;
    List<String> topIds = new ArrayList<>();
    for (JsonNode n : data) {
      Instant at = FacebookMapper.time(n.path("created_time"));
      Long t = at == null ? null : at.getEpochSecond();
      String nid = n.path("id").asText("");
      if (mark != null && (seen.contains(nid) || (t != null && t < mark.t()))) {
        reachedOld = true;
        continue;
      }
      if (t != null && t > topT) {
        topT = t;
        topIds.clear();
      }
      if (t != null && t == topT || t == null) {
        topIds.add(nid);
      }
      newItem.accept(n, t);
    }
    Mark pageTop = topT == Long.MIN_VALUE ? mark : new Mark(topT, mark != null && mark.t() == topT
        ? concat(mark.ids(), topIds) : topIds);
    Mark top = walk != null ? walk.top() : pageTop;
    int pages = (walk == null ? 0 : walk.pages()) + 1;
    JsonNode paging = r.path("paging");
    String after = paging.hasNonNull("next") ? paging.path("cursors").path("after").asText(null) : null;
    if (!reachedOld && after != null && pages < limit) {
      return new Step(new Walk(after, top, pages), null);
    }
    return new Step(null, top);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    b.stream().filter(x -> !out.contains(x)).forEach(out::add);
    return out;
  }

  private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
    String url = settings.apiUrl() + "/" + settings.apiVersion() + pathAndQuery
        + (pathAndQuery.contains("?") ? "&" : "?") + "access_token=" + enc(settings.pageToken().reveal());
    HttpFetcher.Response r;
    try {
      r = http.get(url, Map.of());
    } catch (HttpFailure e) {
      if (!e.retriable() && THROTTLED.matcher(e.body()).find()) {
        throw new HttpFailure("facebook " + id + ": Graph API throttling: " + e.getMessage(), e.status(), true,
            Duration.ofMinutes(1), e, e.body());
      }
      throw e;
    }
    try {
      return Json.MAPPER.readTree(r.body());
    } catch (JsonProcessingException e) {
      throw new HttpFailure("GET " + HttpFetcher.redact(url) + ": response is not JSON", r.status(), true, null, e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
