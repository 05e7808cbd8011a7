package io.veille.ingest.mastodon;

import io.veille.ingest.spi.SourceKey;
import io.veille.ingest.spi.SourceSettings;
import io.veille.ingest.http.HttpFetcher;
import io.veille.ingest.spi.Connector;
import io.veille.ingest.spi.ConnectorFactory;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code type: mastodon}; its keys are declared below ({@link #keys()}): at least one of hashtags and
 * timeline. One connector per hashtag and timeline: {@code <name>-tag-<tag>}, {@code <name>-public},
 * {@code <name>-local}.
 */
public final class MastodonConnectorFactory implements ConnectorFactory {
  @Override
  public String type() {
    return "mastodon";
  }

  @Override
  public String description() {
    return "Mastodon hashtag and public timelines of an instance, polled with since_id or streamed (server-sent events)";
  }

  static final SourceKey<String> INSTANCE = SourceKey.url("instance", null, "the instance, e.g. https://mastodon.social (required)");
  static final SourceKey<List<String>> HASHTAGS = SourceKey.list("hashtags", false, "hashtags to follow, with or without '#'");
  static final SourceKey<String> TIMELINE = SourceKey.choice("timeline", null, List.of("public", "local"),
      "also the instance's public or local timeline");
  static final SourceKey<Boolean> LOCAL_ONLY = SourceKey.bool("local-only", false, "hashtags: only the instance's own posts");
  static final SourceKey<String> MODE = SourceKey.choice("mode", "poll", List.of("poll", "stream"),
      "poll the timelines with since_id, or stream them (server-sent events) and catch up through REST");
  static final SourceKey<Duration> INTERVAL = SourceKey.duration("interval", Duration.ofMinutes(1), "poll mode: time between walks");
  static final SourceKey<Integer> LIMIT = SourceKey.integer("limit", 40, 1, 40, "statuses per page");
  static final SourceKey<SourceSettings.Secret> ACCESS_TOKEN = SourceKey.secret("access-token", false,
      "an access token (some instances require one for timelines and streaming)");
  static final SourceKey<String> STREAMING_URL = SourceKey.url("streaming-url", null,
      "stream mode: the streaming host, if the instance streams from another one");
  static final SourceKey<Duration> STREAM_IDLE = SourceKey.duration("stream-idle-timeout", Duration.ofSeconds(60),
      "stream mode: reconnect when not even a heartbeat came for this long");
  static final SourceKey<Duration> TIMEOUT = SourceKey.duration("timeout", Duration.ofSeconds(15),
      "per HTTP call, the body included (stream mode: to connect and get the headers)");
  static final SourceKey<Long> MAX_BODY = HttpFetcher.maxBodyKey("max-body");

  @Override
  public List<SourceKey<?>> keys() {
    return List.of(INSTANCE, HASHTAGS, TIMELINE, LOCAL_ONLY, MODE, INTERVAL, LIMIT, ACCESS_TOKEN, STREAMING_URL, STREAM_IDLE, TIMEOUT, MAX_BODY);
  }

  @Override
  public List<Connector> create(String name, SourceSettings s) {
    String instance = s.get(INSTANCE);
    if (instance == null) {
      throw s.error("instance", "required (e.g. https://mastodon.social)");
    }
    List<String> hashtags = s.get(HASHTAGS);
    String timeline = s.get(TIMELINE);
    if (hashtags.isEmpty() && timeline == null) {
      throw s.error("hashtags", "give hashtags, a timeline (public or local), or both");
    }
    boolean localOnly = s.get(LOCAL_ONLY);
    String modeName = s.get(MODE);
    MastodonConnector.Mode mode = switch (modeName) {
      case "poll" -> MastodonConnector.Mode.POLL;
      case "stream" -> MastodonConnector.Mode.STREAM;
      default -> throw s.error("mode", "must be poll or stream, was '" + modeName + "'");
    };
    Duration interval = s.get(INTERVAL);
    int limit = s.get(LIMIT);
    SourceSettings.Secret token = s.get(ACCESS_TOKEN);
    String streamingUrl = s.get(STREAMING_URL);
    Duration idle = s.get(STREAM_IDLE);
    HttpFetcher http = new HttpFetcher(s.get(TIMEOUT), "Veille/0.1 (+https://github.com/veille)")
        .withMaxBody(s.get(MAX_BODY), MAX_BODY.name());

    List<MastodonConnector.Timeline> timelines = new ArrayList<>();
    for (int i = 0; i < hashtags.size(); i++) {
      String tag = hashtags.get(i).startsWith("#") ? hashtags.get(i).substring(1) : hashtags.get(i);
      if (!tag.matches("[\\p{L}\\p{N}_]+")) {
        throw s.error("hashtags[" + i + "]", "not a hashtag: '" + hashtags.get(i) + "' (letters, digits and _ only)");
      }
      timelines.add(MastodonConnector.Timeline.hashtag(tag, localOnly));
    }
    if (timeline != null) {
      timelines.add(MastodonConnector.Timeline.publicTimeline(timeline.equals("local")));
    }
    List<Connector> out = new ArrayList<>();
    for (MastodonConnector.Timeline t : timelines) {
      String id = name + "-" + (t.kind().equals("tag") ? "tag-" + t.tag().toLowerCase(Locale.ROOT) : t.kind());
      out.add(new MastodonConnector(new MastodonConnector.Settings(id, instance, streamingUrl, t, mode, interval, limit,
          token, idle, Duration.ofSeconds(2), 10_000), http, InstantSource.system()));
    }
    return out;
  }
}
