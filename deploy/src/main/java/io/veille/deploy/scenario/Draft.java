package io.veille.deploy.scenario;

/**
 * A mention while the scenario is being written: who, when, what, and how it relates to others.
 * Ids, URLs, engagement and the final {@code Mention} are settled only when every draft exists and
 * they are in time order (see {@link ScenarioGenerator}).
 */
final class Draft {
  enum Kind { ORIGINAL, RESHARE, NEAR_DUPLICATE, REPLY }

  final long seq;
  final long at;
  final Persona author;
  final Lang lang;
  final String text;
  final Kind kind;
  /** The reshared original (RESHARE), the post answered (REPLY), the text copied (NEAR_DUPLICATE). */
  final Draft parent;
  /** The episode this draft belongs to ("outage", "launch"), or null for everyday chatter. */
  final String episode;
  /** Expected reach multiplier of engagement: 1 ordinary, larger for a viral post. */
  final double virality;
  /** For Reddit: the subreddit. */
  final String community;

  int reshares;
  int replies;
  int copies;

  /** Settled in time order by {@link Platforms}. */
  String nativeId;
  String id;
  String url;

  Draft(long seq, long at, Persona author, Lang lang, String text, Kind kind, Draft parent, String episode,
      double virality, String community) {
    this.seq = seq;
    this.at = at;
    this.author = author;
    this.lang = lang;
    this.text = text;
    this.kind = kind;
    this.parent = parent;
    this.episode = episode;
    this.virality = virality;
    this.community = community;
  }

  String source() {
    return author.source();
  }

  /** The post a reshare or reply ultimately belongs to (itself for an original). */
  Draft root() {
    Draft d = this;
    while (d.parent != null && d.kind != Kind.NEAR_DUPLICATE) {
      d = d.parent;
    }
    return d;
  }
}
