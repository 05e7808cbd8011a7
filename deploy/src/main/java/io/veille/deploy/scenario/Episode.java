package io.veille.deploy.scenario;

import io.veille.deploy.scenario.Persona.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an episode of its {@link EpisodeScript} (the bad buzz, the launch): the scripted posts and
 * their waves of reshares, the forum threads that collect comments, and fresh posts minute by
 * minute following the {@link BuzzModel}, each spreading with the script's {@link Cascades.Profile}.
 */
final class Episode {
  static final List<String> SOURCES = List.of("x", "facebook", "bluesky", "mastodon", "reddit", "rss", "hackernews");

  private final EpisodeScript script;
  private final BuzzModel model;
  private final AuthorPool pool;
  private final DraftLog log;
  private final Cascades cascades;
  private final Rand rand;
  private final double scale;
  private final List<Draft> listed = new ArrayList<>();
  private final Map<String, Draft> threads = new HashMap<>();

  Episode(EpisodeScript script, BuzzModel model, AuthorPool pool, DraftLog log, Cascades cascades, Rand rand, double scale) {
    this.script = script;
    this.model = model;
    this.pool = pool;
    this.log = log;
    this.cascades = cascades;
    this.rand = rand;
    this.scale = scale;
  }

  /** Writes the episode; returns the scripted posts the truth lists. */
  List<Draft> generate() {
    String name = script.name();
    long onset = model.onset().getEpochSecond();
    for (EpisodeScript.Featured f : script.featured()) {
      Persona who = pool.named(f.source(), f.account());
      Draft d = log.add(onset + 60L * f.minutes() + rand.between(0, 60), who, f.lang(), f.text(),
          Draft.Kind.ORIGINAL, null, name, f.virality(), null);
      cascades.reshares(d, f.reshares() * scale, f.medianDelayMinutes(), name);
      if (f.listed()) {
        listed.add(d);
      }
    }
    for (EpisodeScript.Thread th : script.threads()) {
      Persona who = pool.person(rand, th.source(), th.lang());
      Draft d = log.add(onset + 60L * th.minutes() + rand.between(0, 60), who, th.lang(), th.text(),
          Draft.Kind.ORIGINAL, null, name, 4.0, th.community());
      threads.put(th.source() + "/" + th.lang(), d);
    }
    for (long t = onset; t < model.horizon().getEpochSecond(); t += 60) {
      Instant minute = Instant.ofEpochSecond(t);
      for (Lang lang : Lang.values()) {
        int n = rand.poisson(model.rate(lang, minute));
        for (int i = 0; i < n; i++) {
          post(t + rand.between(0, 60), lang);
        }
      }
    }
    return listed;
  }

  private void post(long at, Lang lang) {
    long since = (at - (lang == Lang.FR ? model.onset() : model.englishOnset()).getEpochSecond()) / 60;
    String source = SOURCES.get(rand.weighted(script.sourceMix(lang)));
    TextKeys keys = log.keys();
    if (source.equals("rss")) {
      Persona who = rand.pick(pool.roster(Kind.MEDIA, "rss", lang));
      log.add(at, who, lang, keys.distinct(rand, at, lang, who, () -> script.news(rand, since, lang)),
          Draft.Kind.ORIGINAL, null, script.name(), 1.0, null);
      return;
    }
    Draft thread = threads.get(source + "/" + lang);
    if ((source.equals("reddit") || source.equals("hackernews")) && thread != null && thread.at < at) {
      Persona who = pool.otherPerson(rand, source, lang, thread.author);
      String s = source;
      log.add(at, who, lang, keys.distinct(rand, at, lang, who, () -> script.comment(rand, lang, s)), Draft.Kind.REPLY,
          thread, script.name(), 0.3, thread.community);
      thread.replies++;
      return;
    }
    if (source.equals("reddit") || source.equals("hackernews")) {
      source = "x"; // before the threads open, people post on X
    }
    Persona who = pool.person(rand, source, lang);
    String s = source;
    Draft d = log.original(at, who, lang, keys.distinct(rand, at, lang, who, () -> script.post(rand, since, lang, s)),
        script.name());
    cascades.spread(d, script.profile(), true);
  }
}
