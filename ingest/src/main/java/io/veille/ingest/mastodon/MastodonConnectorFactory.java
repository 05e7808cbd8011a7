package io.veille.ingest.mastodon;

import io.veille.ingest.config.SourceSettings;
import io.veille.ingest.http.HttpFetcher;
import io.veille.ingest.spi.Connector;
import io.veille.ingest.spi.ConnectorFactory;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code type: mastodon}. Keys: {@code instance} (required, e.g. https://mastodon.social),
 * {@code hashtags} (list, without or with '#'), {@code timeline} (public or local; at least one of
 * hashtags and timeline), {@code local-only} (hashtags: only the instance's own posts, default false),
 * {@code mode} (poll or stream, default poll), {@code interval} (default 1m), {@code limit} (statuses
 * per page, 1-40, default 40), {@code access-token} (optional secret: env:VAR or file:/path; some
 * instances require one for public timelines or streaming), {@code streaming-url} (when the instance
 * streams from another host), {@code stream-idle-timeout} (default 60s), {@code timeout} (per HTTP
 * call, default 15s). One connector per hashtag and timeline: {@code <name>-tag-<tag>},
 * {@code <name>-public}, {@code <name>-local}.
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

  @Override
  public List<Connector> create(String name, SourceSettings s) {
    String instance = s.url("instance", null);
    if (instance == null) {
      throw s.error("instance", "required (e.g. https://mastodon.social)");
    }
    List<String> hashtags = s.list("hashtags", false);
    String timeline = s.optionalString("timeline", null);
    if (timeline != null && !timeline.equals("public") && !timeline.equals("local")) {
      throw s.error("timeline", "must be public or local, was '" + timeline + "'");
    }
    if (hashtags.isEmpty() && timeline == null) {
      throw s.error("hashtags", "give hashtags, a timeline (public or local), or both");
    }
    boolean localOnly = s.bool("local-only", false);
    String modeName = s.optionalString("mode", "poll").toLowerCase(Locale.ROOT);
    MastodonConnector.Mode mode = switch (modeName) {
      case "poll" -> MastodonConnector.Mode.POLL;
      case "stream" -> MastodonConnector.Mode.STREAM;
      default -> throw s.error("mode", "must be poll or stream, was '" + modeName + "'");
    };
    Duration interval = s.duration("interval", Duration.ofMinutes(1));
    int limit = s.integer("limit", 40, 1, 40);
    SourceSettings.Secret token = s.secret("access-token", false);
    String streamingUrl = s.url("streaming-url", null);
    Duration idle = s.duration("stream-idle-timeout", Duration.ofSeconds(60));
    HttpFetcher http = new HttpFetcher(s.duration("timeout", Duration.ofSeconds(15)), "Veille/0.1 (+https://github.com/veille)");

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
