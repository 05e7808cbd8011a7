package io.veille.deploy.scenario;

import io.veille.deploy.scenario.Persona.Kind;
import io.veille.deploy.scenario.Phrasebook.Topic;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everyday conversation about the brand: fresh posts drawn slot by slot (five minutes) from the
 * {@link Rhythm}, in French (about two thirds) and English, on every source, with the mix of topics
 * each source carries; each post then spreads through {@link Cascades}.
 */
final class Chatter {
  /** Fresh posts per average weekday at scale 1, before reshares, copies and replies. */
  static final double POSTS_PER_DAY = 800;
  static final double FRENCH_SHARE = 0.64;
  private static final long SLOT_SECONDS = 300;

  private static final List<String> SOURCES = List.of("x", "facebook", "bluesky", "mastodon", "reddit", "rss", "hackernews");
  private static final Map<Lang, double[]> SOURCE_MIX = new EnumMap<>(Map.of(
      Lang.FR, new double[] {0.38, 0.24, 0.14, 0.12, 0.08, 0.025, 0.015},
      Lang.EN, new double[] {0.44, 0.08, 0.17, 0.11, 0.12, 0.03, 0.05}));
  private static final List<Topic> SOCIAL_TOPICS = List.of(
      Topic.PRAISE, Topic.COMPLAINT, Topic.QUESTION, Topic.CHATTER, Topic.COMPETITOR, Topic.DEAL, Topic.NOISE,
      Topic.NEWS, Topic.BRAND_POST);
  private static final double[] SOCIAL_TOPIC_WEIGHTS = {0.21, 0.26, 0.16, 0.16, 0.07, 0.03, 0.07, 0.015, 0.01};

  private final AuthorPool pool;
  private final DraftLog log;
  private final Cascades cascades;
  private final Rand rand;
  private final double scale;

  Chatter(AuthorPool pool, DraftLog log, Cascades cascades, Rand rand, double scale) {
    this.pool = pool;
    this.log = log;
    this.cascades = cascades;
    this.rand = rand;
    this.scale = scale;
  }

  /** Writes the everyday conversation of {@code [from, to)}. */
  void generate(Instant from, Instant to) {
    long start = from.getEpochSecond();
    double dayFactor = 1.0;
    long day = -1;
    for (long slot = start; slot < to.getEpochSecond(); slot += SLOT_SECONDS) {
      long d = (slot - start) / 86_400;
      if (d != day) {
        day = d;
        dayFactor = rand.logNormal(0, 0.08); // some days are busier than others
      }
      Instant mid = Instant.ofEpochSecond(slot + SLOT_SECONDS / 2);
      for (Lang lang : Lang.values()) {
        double share = lang == Lang.FR ? FRENCH_SHARE : 1 - FRENCH_SHARE;
        double expected = POSTS_PER_DAY * scale * share * dayFactor * Rhythm.weight(mid, lang) * SLOT_SECONDS / 86_400.0;
        int n = rand.poisson(expected);
        for (int i = 0; i < n; i++) {
          post(slot + rand.between(0L, SLOT_SECONDS), lang);
        }
      }
    }
  }

  private void post(long at, Lang lang) {
    String source = SOURCES.get(rand.weighted(SOURCE_MIX.get(lang)));
    switch (source) {
      case "rss" -> {
        Persona media = pickRoster(Kind.MEDIA, "rss", lang);
        Draft d = log.original(at, media, lang, Phrasebook.text(rand, log.keys(), at, Topic.NEWS, lang, media), null);
        cascades.spread(d, Cascades.EVERYDAY, false);
      }
      case "reddit" -> {
        Persona who = pool.person(rand, source, lang);
        Topic topic = rand.chance(0.85) ? Topic.FORUM_POST : Topic.NOISE;
        Draft d = log.add(at, who, lang, Phrasebook.text(rand, log.keys(), at, topic, lang, who), Draft.Kind.ORIGINAL, null, null, 1.0,
            subreddit(lang, topic));
        cascades.spread(d, Cascades.EVERYDAY, false);
      }
      case "hackernews" -> {
        Persona who = pool.person(rand, source, lang);
        Draft d = log.original(at, who, lang, Phrasebook.text(rand, log.keys(), at, Topic.TECH, lang, who), null);
        cascades.spread(d, Cascades.EVERYDAY, false);
      }
      default -> social(at, source, lang);
    }
  }

  private void social(long at, String source, Lang lang) {
    Topic topic = SOCIAL_TOPICS.get(rand.weighted(SOCIAL_TOPIC_WEIGHTS));
    Persona who = switch (topic) {
      case NEWS -> pickRoster(Kind.MEDIA, source, lang);
      case BRAND_POST -> pickRoster(Kind.BRAND, source, lang);
      default -> rand.chance(0.01) ? pickRoster(Kind.INFLUENCER, source, lang) : null;
    };
    if (who == null) {
      who = pool.person(rand, source, lang);
      if (topic == Topic.NEWS || topic == Topic.BRAND_POST) {
        topic = Topic.CHATTER;
      }
    }
    Draft d = log.original(at, who, lang, Phrasebook.text(rand, log.keys(), at, topic, lang, who), null);
    cascades.spread(d, Cascades.EVERYDAY, topic == Topic.COMPLAINT || topic == Topic.QUESTION
        || (topic == Topic.PRAISE && rand.chance(0.3)));
  }

  private Persona pickRoster(Kind kind, String source, Lang lang) {
    List<Persona> candidates = pool.roster(kind, source, lang);
    if (candidates.isEmpty()) {
      return null;
    }
    double[] w = new double[candidates.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = candidates.get(i).activity();
    }
    return candidates.get(rand.weighted(w));
  }

  private String subreddit(Lang lang, Topic topic) {
    if (topic == Topic.NOISE) {
      return lang == Lang.FR ? "AskFrance" : "namenerds";
    }
    return lang == Lang.FR ? rand.pick(new String[] {"france", "ondyne", "AskFrance", "vosfinances"})
        : rand.pick(new String[] {"expats", "paris", "france", "telecom"});
  }
}
