package io.veille.ingest.mastodon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.veille.common.json.Json;
import io.veille.common.model.InvalidRecordException;
import io.veille.ingest.spi.SourceSettings.Secret;
import io.veille.ingest.http.HttpFetcher;
import io.veille.ingest.spi.Connector;
import io.veille.ingest.spi.Item;
import io.veille.ingest.spi.Page;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Mastodon timeline of one instance: a hashtag, the federated public timeline or the local one.
 *
 * <p><b>poll</b> mode walks the timeline with {@code since_id}: the first page of a walk holds the
 * newest statuses after the cursor; while pages are full it goes on with {@code max_id} (from the
 * {@code Link: rel="next"} header) down to {@code since_id}, one page per poll, so a restart resumes at
 * the page after the last committed one. The first run starts at the newest page (no history).
 *
 * <p><b>stream</b> mode opens the streaming API (server-sent events), then catches up through the REST
 * walk from the cursor (so nothing posted while it was down is lost), then publishes the {@code update}
 * events as they come. A stream that ends, breaks, falls silent or overflows its buffer is thrown as
 * a (retriable) failure once what it delivered is handed out, and reopened, with a catch-up again, by
 * the poll after the runner's {@code RetryPolicy} delay (no backoff of its own); a refused stream
 * (401, 404...) is fatal. A status both paths delivered is published once (the cursor's recent ids).
 */
public final class MastodonConnector implements Connector {
  private static final Logger LOG = LoggerFactory.getLogger(MastodonConnector.class);
  private static final Pattern NEXT_MAX_ID = Pattern.compile("<([^>]*[?&]max_id=([^&>]+)[^>]*)>\\s*;\\s*rel=\"?next\"?");

  public enum Mode { POLL, STREAM }

  /** Which timeline: a hashtag (optionally local posts only), the public or the local timeline. */
  public record Timeline(String kind, String tag, boolean localOnly) {
    public static Timeline hashtag(String tag, boolean localOnly) {
      return new Timeline("tag", tag.startsWith("#") ? tag.substring(1) : tag, localOnly);
    }

    public static Timeline publicTimeline(boolean localOnly) {
      return new Timeline(localOnly ? "local" : "public", null, localOnly);
    }

    String restPath() {
      return kind.equals("tag") ? "/api/v1/timelines/tag/" + enc(tag) + (localOnly ? "?local=true" : "")
          : "/api/v1/timelines/public" + (localOnly ? "?local=true" : "");
    }

    String streamPath() {
      return kind.equals("tag") ? "/api/v1/streaming/hashtag" + (localOnly ? "/local" : "") + "?tag=" + enc(tag)
          : "/api/v1/streaming/public" + (localOnly ? "/local" : "");
    }
  }

  /** Everything one timeline connector needs; see {@link MastodonConnectorFactory} for the keys. */
  public record Settings(String id, String instanceUrl, String streamingUrl, Timeline timeline, Mode mode,
      Duration interval, int limit, Secret token, Duration streamIdleTimeout, Duration streamWait, int streamBuffer) {
    public Settings {
      Objects.requireNonNull(id);
      instanceUrl = trimSlash(instanceUrl);
      streamingUrl = streamingUrl == null ? instanceUrl : trimSlash(streamingUrl);
    }
  }

  private final Settings settings;
  private final HttpFetcher http;
  private final InstantSource clock;
  private final String host;
  // stream mode only: the open stream, whether the REST catch-up since it opened is done, and the
  // events buffered during the catch-up that it did not already cover
  private SseStream stream;
  private boolean caughtUp;
  private final List<SseStream.Event> pending = new ArrayList<>();

  public MastodonConnector(Settings settings, HttpFetcher http, InstantSource clock) {
    this.settings = settings;
    this.http = http;
    this.clock = clock;
    this.host = URI.create(settings.instanceUrl()).getHost();
  }

  @Override
  public String id() {
    return settings.id();
  }

  @Override
  public String source() {
    return StatusMapping.SOURCE;
  }

  @Override
  public Page poll(String cursor) throws IOException, InterruptedException {
    MastodonCursor c = MastodonCursor.parse(cursor);
    return settings.mode() == Mode.STREAM ? pollStream(c) : pollRest(c);
  }

  // ---- REST walk ---------------------------------------------------------------------------

  Page pollRest(MastodonCursor c) throws IOException, InterruptedException {
    String url = restUrl(c);
    HttpFetcher.Response r = http.get(url, headers("application/json"));
    JsonNode page;
    try {
      page = Json.MAPPER.readTree(r.body());
    } catch (JsonProcessingException e) {
      throw new IOException("GET " + HttpFetcher.redact(url) + ": the response is not JSON: " + e.getOriginalMessage());
    }
    if (page == null || !page.isArray()) {
      throw new IOException("GET " + HttpFetcher.redact(url) + ": expected a JSON array of statuses");
    }
    Set<String> recent = new HashSet<>(c.recent());
    List<String> added = new ArrayList<>();
    List<Item> items = new ArrayList<>();
    String newest = null;
    String oldest = null;
    for (int i = page.size() - 1; i >= 0; i--) { // newest first on the wire: publish the oldest first
      JsonNode s = page.get(i);
      String sid = StatusMapping.statusId(s);
      if (sid != null) {
        newest = StatusIds.max(newest, sid);
        oldest = StatusIds.min(oldest, sid);
        if (c.since() != null && StatusIds.ORDER.compare(sid, c.since()) <= 0) {
          continue; // at or below since_id: published by an earlier walk
        }
      }
      map(s, sid, "page item " + i, recent, added, items);
    }
    List<String> remembered = MastodonCursor.remember(c.recent(), added);
    MastodonCursor next;
    boolean more;
    if (c.since() == null && !c.walking()) {
      next = new MastodonCursor(newest, null, null, remembered); // first run: the newest page, no history
      more = false;
    } else {
      String top = c.top() != null ? c.top() : StatusIds.max(newest, c.since());
      String nextMax = nextMaxId(r.header("link").orElse(null));
      more = page.size() >= settings.limit() && oldest != null;
      next = more
          ? new MastodonCursor(c.since(), top, nextMax != null ? nextMax : oldest, remembered)
          : new MastodonCursor(top, null, null, remembered);
    }
    LOG.trace("mastodon {}: {} status(es), {} new, {}", id(), page.size(), items.size(), more ? "more pages" : "walk done");
    return new Page(items, next.write(), more ? Duration.ZERO : settings.interval());
  }

  String restUrl(MastodonCursor c) {
    String path = settings.timeline().restPath();
    StringBuilder u = new StringBuilder(settings.instanceUrl()).append(path).append(path.contains("?") ? '&' : '?')
        .append("limit=").append(settings.limit());
    if (c.since() != null) {
      u.append("&since_id=").append(enc(c.since()));
    }
    if (c.max() != null) {
      u.append("&max_id=").append(enc(c.max()));
    }
    return u.toString();
  }

  static String nextMaxId(String link) {
    if (link == null) {
      return null;
    }
    Matcher m = NEXT_MAX_ID.matcher(link);
    return m.find() ? java.net.URLDecoder.decode(m.group(2), StandardCharsets.UTF_8) : null;
  }

  // ---- streaming ---------------------------------------------------------------------------

  Page pollStream(MastodonCursor c) throws IOException, InterruptedException {
    if (stream != null && stream.isEmpty() && pending.isEmpty()) { // what arrived before a failure is published first
      String problem = stream.problem(settings.streamIdleTimeout());
      if (problem != null) {
        dropStream();
        throw new IOException(problem);
      }
    }
    if (stream == null) {
      stream = SseStream.open(http.client(), settings.streamingUrl() + settings.timeline().streamPath(), http.timeout(),
          headers("text/event-stream"), settings.streamBuffer(), clock);
      caughtUp = false;
      pending.clear();
      LOG.info("mastodon {}: stream open, catching up from since_id {}", id(), c.since());
    }
    if (!caughtUp) {
      Page p = pollRest(c);
      MastodonCursor n = MastodonCursor.parse(p.nextCursor());
      if (!n.walking()) {
        caughtUp = true;
        // what the stream sent during the catch-up and the catch-up already covered is dropped here
        for (SseStream.Event e : stream.drainAll()) {
          String sid = "update".equals(e.type()) ? idOf(e.data()) : null;
          if (sid == null || n.since() == null || StatusIds.ORDER.compare(sid, n.since()) > 0) {
            pending.add(e);
          }
        }
        LOG.debug("mastodon {}: caught up at {}, streaming", id(), n.since());
      }
      return new Page(p.items(), p.nextCursor(), Duration.ZERO);
    }
    List<SseStream.Event> events = new ArrayList<>(pending);
    pending.clear();
    if (events.isEmpty()) {
      events = stream.drain(500, settings.streamWait());
    }
    Set<String> recent = new HashSet<>(c.recent());
    List<String> added = new ArrayList<>();
    List<Item> items = new ArrayList<>();
    String since = c.since();
    int n = 0;
    for (SseStream.Event e : events) {
      n++;
      if (!"update".equals(e.type())) {
        LOG.trace("mastodon {}: skipped a '{}' event", id(), e.type());
        continue; // delete, status.update (an edit of a post already published), filters_changed...
      }
      JsonNode s;
      try {
        s = Json.MAPPER.readTree(e.data());
      } catch (JsonProcessingException ex) {
        items.add(Item.rejected(e.data(), "", "stream event is not JSON: " + ex.getOriginalMessage(), "stream event " + n));
        continue;
      }
      String sid = StatusMapping.statusId(s);
      if (map(s, sid, "stream event " + n, recent, added, items) && sid != null) {
        since = StatusIds.max(since, sid);
      }
    }
    MastodonCursor next = new MastodonCursor(since, null, null, MastodonCursor.remember(c.recent(), added));
    return new Page(items, next.write(), Duration.ZERO);
  }

  private static String idOf(String data) {
    try {
      return StatusMapping.statusId(Json.MAPPER.readTree(data));
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private void dropStream() {
    if (stream != null) {
      stream.close();
      stream = null;
    }
    caughtUp = false;
    pending.clear();
  }

  @Override
  public void close() {
    dropStream();
  }

  // ---- shared ------------------------------------------------------------------------------

  /** Maps one status into {@code items} unless already published; true when it was new. */
  private boolean map(JsonNode s, String sid, String position, Set<String> recent, List<String> added, List<Item> items) {
    String key = sid != null ? sid : "raw:" + sha256(String.valueOf(s));
    if (!recent.add(key)) {
      return false;
    }
    added.add(key);
    String where = sid != null ? "status " + sid : position;
    try {
      items.add(Item.of(StatusMapping.map(s, host)));
    } catch (InvalidRecordException e) {
      items.add(Item.rejected(String.valueOf(s), e, where));
    } catch (RuntimeException e) {
      items.add(Item.rejected(String.valueOf(s), "", "cannot map the status: " + e, where));
    }
    return true;
  }

  private Map<String, String> headers(String accept) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Accept", accept);
    if (settings.token() != null) {
      h.put("Authorization", "Bearer " + settings.token().reveal());
    }
    return h;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String trimSlash(String s) {
    return s != null && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
