package io.veille.deploy.scenario;

import io.veille.deploy.scenario.Phrasebook.Topic;
import java.util.List;
import java.util.Optional;

/**
 * What follows a post: reshares (more for larger accounts), copies with small edits by other people,
 * an answer from the brand's support account during its opening hours, and comments under forum
 * posts. Each kind of conversation (everyday, the outage, the launch) has its own {@link Profile}.
 *
 * <p>Every copy must be one the pipeline recognises as such (see {@link TextKeys}): it comes within
 * {@link #COPY_HORIZON_SECONDS} of its original, keeps its original's copy key, and a text too
 * short to be compared is neither reshared nor copied. Replies get texts of their own.
 */
final class Cascades {

  /**
   * @param reshareRate expected reshares of a post by a 300-follower account (grows with the square root of followers)
   * @param reshareDelayMinutes median delay of a reshare
   * @param nearDuplicateChance chance that a post is copied by others with small edits
   * @param supportReplyChance chance that support answers a complaint or question (in opening hours)
   * @param commentsPerThread expected comments under a forum post
   * @param script the episode's texts for comments and support replies; null for everyday chatter
   */
  record Profile(double reshareRate, double reshareDelayMinutes, double nearDuplicateChance,
      double supportReplyChance, double commentsPerThread, EpisodeScript script) {
    /** The episode name the drafts carry, or null. */
    String episode() {
      return script == null ? null : script.name();
    }
  }

  static final Profile EVERYDAY = new Profile(0.09, 50, 0.03, 0.22, 1.4, null);
  static final Profile OUTAGE = new Profile(0.35, 30, 0.14, 0.05, 2.5, OutageScript.SCRIPT);
  static final Profile LAUNCH = new Profile(0.2, 40, 0.06, 0.15, 1.8, LaunchScript.SCRIPT);

  /**
   * Copies come at most this long after their original: well inside the pipeline's near-duplicate
   * window (24 hours by default), so that every reshare and near-duplicate meets its original.
   */
  static final long COPY_HORIZON_SECONDS = 20 * 3600;

  private static final List<String> SOCIAL = List.of("x", "bluesky", "mastodon", "facebook");

  private final AuthorPool pool;
  private final DraftLog log;
  private final Rand rand;

  Cascades(AuthorPool pool, DraftLog log, Rand rand) {
    this.pool = pool;
    this.log = log;
    this.rand = rand;
  }

  static boolean canReshare(String source) {
    return SOCIAL.contains(source);
  }

  /** Spreads an original post; {@code answerable} when it is a complaint or question support would answer. */
  void spread(Draft post, Profile p, boolean answerable) {
    reshares(post, p);
    if (Phrasebook.isSocial(post.source()) && post.author.isPerson() && rand.chance(p.nearDuplicateChance())
        && log.keys().isKeyed(post.text)) {
      nearDuplicates(post, p);
    }
    if (answerable && post.author.isPerson()) {
      supportReply(post, p);
    }
    if ((post.source().equals("reddit") || post.source().equals("hackernews")) && post.kind == Draft.Kind.ORIGINAL
        && post.text.contains("\n")) {
      comments(post, p.commentsPerThread(), 120, p);
    }
  }

  /**
   * Reshares of {@code post}: Poisson around {@code expected}, delays log-normal around the median
   * (within the copy horizon); none for a text too short to be recognised in its reshares.
   */
  void reshares(Draft post, double expected, double medianDelayMinutes, String episode) {
    int n = log.keys().isKeyed(post.text) ? rand.poisson(expected) : 0;
    for (int i = 0; i < n; i++) {
      long delay = Math.clamp(Math.round(rand.logNormal(StrictMath.log(medianDelayMinutes * 60), 0.9)), 20,
          COPY_HORIZON_SECONDS);
      Persona who = pool.otherPerson(rand, post.source(), rand.chance(0.92) ? post.lang : other(post.lang), post.author);
      log.add(post.at + delay, who, post.lang, TextVariants.reshare(rand, post, post.source(), post.lang),
          Draft.Kind.RESHARE, post, episode, 0.2, null);
      post.reshares++;
    }
  }

  /** Comments under a thread, spread over the hours after it. */
  void comments(Draft thread, double expected, double meanDelayMinutes, Profile p) {
    int n = rand.poisson(expected);
    for (int i = 0; i < n; i++) {
      long at = thread.at + 30 + Math.round(rand.exponential(meanDelayMinutes * 60));
      Persona who = pool.otherPerson(rand, thread.source(), thread.lang, thread.author);
      String text = p.script() == null
          ? Phrasebook.text(rand, log.keys(), at, Topic.COMMENT, thread.lang, who)
          : log.keys().distinct(rand, at, thread.lang, who, () -> p.script().comment(rand, thread.lang, thread.source()));
      log.add(at, who, thread.lang, text, Draft.Kind.REPLY, thread, p.episode(), 0.3, thread.community);
      thread.replies++;
    }
  }

  private void reshares(Draft post, Profile p) {
    if (!canReshare(post.source())) {
      return;
    }
    double expected = p.reshareRate() * StrictMath.sqrt(Math.max(10, post.author.followers()) / 300.0)
        * rand.logNormal(-0.25, 0.7);
    reshares(post, Math.min(80, expected), p.reshareDelayMinutes(), p.episode());
  }

  private void nearDuplicates(Draft post, Profile p) {
    int n = 1 + rand.poisson(p.episode() == null ? 0.4 : 1.2);
    for (int i = 0; i < n; i++) {
      long delay = Math.min(COPY_HORIZON_SECONDS, 60 + Math.round(rand.exponential(p.episode() == null ? 90 * 60 : 40 * 60)));
      String source = rand.chance(0.6) ? post.source() : rand.pick(SOCIAL);
      Persona who = pool.otherPerson(rand, source, post.lang, post.author);
      log.add(post.at + delay, who, post.lang, TextVariants.nearDuplicate(rand, log.keys(), post.text),
          Draft.Kind.NEAR_DUPLICATE, post, p.episode(), 1.0, null);
      post.copies++;
    }
  }

  private void supportReply(Draft post, Profile p) {
    Optional<Persona> support = pool.support(post.source(), post.lang);
    if (support.isEmpty() || !rand.chance(p.supportReplyChance())) {
      return;
    }
    long delay = Math.max(120, Math.round(rand.logNormal(StrictMath.log(25 * 60), 0.8)));
    long at = post.at + delay;
    int hour = java.time.Instant.ofEpochSecond(at).atZone(Rhythm.PARIS).getHour();
    if (hour < 8 || hour >= 22) {
      return; // support answers 8h-22h
    }
    Persona agent = support.get();
    String text = p.script() == null
        ? Phrasebook.text(rand, log.keys(), at, Topic.SUPPORT_REPLY, post.lang, agent, post.author, null)
        : log.keys().distinct(rand, at, post.lang, agent, () -> p.script().supportReply(rand, post.lang, post.source(), post.author));
    log.add(at, agent, post.lang, text, Draft.Kind.REPLY, post, p.episode(), 0.1, null);
    post.replies++;
  }

  private static Lang other(Lang l) {
    return l == Lang.FR ? Lang.EN : Lang.FR;
  }
}
