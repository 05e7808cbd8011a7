package io.veille.deploy.scenario;

import io.veille.common.model.Engagement;
import io.veille.common.model.Mention;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Turns the drafts into mentions: keeps those inside the scenario, puts them in time order, gives
 * them ids and URLs, engagement consistent with what was observed (an original has at least as many
 * shares and replies as the scenario holds), leaves {@code lang} out on about 15% (the pipeline
 * detects it), and sets the fetch time.
 */
final class Finisher {
  static final double LANG_ABSENT = 0.15;

  private final Rand rand;
  private final Platforms platforms;

  Finisher(Rand rand) {
    this.rand = rand;
    this.platforms = new Platforms(rand.split());
  }

  /** The drafts in {@code [from, to)} as mentions, sorted by time (then by creation order). */
  List<Mention> finish(List<Draft> drafts, Instant from, Instant to) {
    List<Draft> kept = new ArrayList<>();
    for (Draft d : drafts) {
      if (d.at >= from.getEpochSecond() && d.at < to.getEpochSecond()) {
        kept.add(d);
      }
    }
    kept.sort(Comparator.comparingLong((Draft d) -> d.at).thenComparingLong(d -> d.seq));
    for (Draft d : kept) {
      platforms.assign(d);
    }
    List<Mention> out = new ArrayList<>(kept.size());
    for (Draft d : kept) {
      out.add(mention(d));
    }
    return out;
  }

  /**
   * As {@link #finish}, but each draft is settled and made a mention before the next is looked at,
   * so a mention depends only on the drafts before it in time: two draft lists that agree before an
   * instant give the same mentions before it (what {@link DetectionScenarios}' cases need). The
   * random draws come in another order than {@link #finish}'s, so the two give different mentions.
   */
  List<Mention> finishInTimeOrder(List<Draft> drafts, Instant from, Instant to) {
    List<Draft> kept = new ArrayList<>();
    for (Draft d : drafts) {
      if (d.at >= from.getEpochSecond() && d.at < to.getEpochSecond()) {
        kept.add(d);
      }
    }
    kept.sort(Comparator.comparingLong((Draft d) -> d.at).thenComparingLong(d -> d.seq));
    List<Mention> out = new ArrayList<>(kept.size());
    for (Draft d : kept) {
      platforms.assign(d);
      out.add(mention(d));
    }
    return out;
  }

  private Mention mention(Draft d) {
    Instant published = Instant.ofEpochSecond(d.at);
    String lang = rand.chance(LANG_ABSENT) ? null : d.lang.code;
    String sharedFrom = d.kind == Draft.Kind.RESHARE ? d.parent.id : null;
    String inReplyTo = d.kind == Draft.Kind.REPLY ? d.parent.id : null;
    return new Mention(Mention.SCHEMA_VERSION, d.id, d.source(), d.url, lang, d.text, published,
        published.plusSeconds(platforms.fetchDelay(d.source())), d.author.author(), engagement(d),
        inReplyTo, sharedFrom, Map.of());
  }

  private Engagement engagement(Draft d) {
    String source = d.source();
    if (source.equals("rss")) {
      return Engagement.NONE;
    }
    if (d.kind == Draft.Kind.RESHARE) {
      return new Engagement(rand.poisson(0.3), 0, 0);
    }
    if (source.equals("hackernews")) {
      long points = d.replies > 0 || d.text.length() < 90 ? 2 + Math.round(rand.logNormal(StrictMath.log(30), 1.0)) : 0;
      return new Engagement(points, 0, d.replies);
    }
    if (source.equals("reddit")) {
      long score = Math.round(rand.logNormal(StrictMath.log(d.kind == Draft.Kind.REPLY ? 4 : 25), 1.1) * d.virality);
      return new Engagement(score, 0, Math.max(d.replies, Math.round(score * rand.uniform(0.1, 0.6))));
    }
    double followers = Math.max(5, d.author.followers());
    double rate = rand.logNormal(StrictMath.log(0.004), 0.9) * (d.kind == Draft.Kind.REPLY ? 0.2 : 1.0);
    long likes = Math.min(400_000, Math.round(followers * rate * d.virality) + rand.poisson(1.2));
    long shares = Math.max(d.reshares + Math.round(d.reshares * rand.uniform(0.2, 2.0)),
        Math.round(likes * rand.uniform(0.03, 0.2)));
    long replies = Math.max(d.replies, Math.round(likes * rand.uniform(0.02, 0.12)));
    return new Engagement(likes, shares, replies);
  }
}
