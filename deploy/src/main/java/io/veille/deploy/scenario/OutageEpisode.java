package io.veille.deploy.scenario;

import io.veille.deploy.scenario.Persona.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the bad buzz: the scripted viral posts and their waves of reshares, the brand's
 * statements, the forum threads that collect comments, and fresh posts minute by minute following
 * the {@link BuzzModel}, each spreading with the {@link Cascades#OUTAGE} profile.
 */
final class OutageEpisode {
  static final String NAME = "outage";

  private static final List<String> SOURCES = List.of("x", "facebook", "bluesky", "mastodon", "reddit", "rss", "hackernews");
  private static final Map<Lang, double[]> SOURCE_MIX = new EnumMap<>(Map.of(
      Lang.FR, new double[] {0.50, 0.18, 0.10, 0.07, 0.12, 0.015, 0.0},
      Lang.EN, new double[] {0.48, 0.05, 0.12, 0.08, 0.12, 0.02, 0.10}));

  private final BuzzModel model;
  private final AuthorPool pool;
  private final DraftLog log;
  private final Cascades cascades;
  private final Rand rand;
  private final double scale;
  private final List<Draft> viral = new ArrayList<>();
  private final Map<String, Draft> threads = new java.util.HashMap<>();

  OutageEpisode(BuzzModel model, AuthorPool pool, DraftLog log, Cascades cascades, Rand rand, double scale) {
    this.model = model;
    this.pool = pool;
    this.log = log;
    this.cascades = cascades;
    this.rand = rand;
    this.scale = scale;
  }

  /** Writes the episode; returns the viral posts (for the ground truth). */
  List<Draft> generate() {
    long onset = model.onset().getEpochSecond();
    for (OutageScript.Viral v : OutageScript.VIRAL) {
      Persona who = pool.named(v.source(), v.account());
      Draft d = log.add(onset + 60L * v.minutes() + rand.between(0, 60), who, v.lang(), v.text(),
          Draft.Kind.ORIGINAL, null, NAME, 12.0, null);
      cascades.reshares(d, v.reshares() * scale, v.meanDelayMinutes() * 0.7, NAME);
      viral.add(d);
    }
    for (OutageScript.Statement s : OutageScript.STATEMENTS) {
      Persona who = pool.named("x", s.account());
      Draft d = log.add(onset + 60L * s.minutes() + rand.between(0, 60), who, s.lang(), s.text(),
          Draft.Kind.ORIGINAL, null, NAME, 3.0, null);
      cascades.reshares(d, 40 * scale, 40, NAME);
    }
    for (OutageScript.Thread th : OutageScript.THREADS) {
      Persona who = pool.person(rand, th.source(), th.lang());
      Draft d = log.add(onset + 60L * th.minutes() + rand.between(0, 60), who, th.lang(), th.text(),
          Draft.Kind.ORIGINAL, null, NAME, 4.0, th.community());
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
    return viral;
  }

  private void post(long at, Lang lang) {
    long since = (at - (lang == Lang.FR ? model.onset() : model.englishOnset()).getEpochSecond()) / 60;
    OutageScript.Phase phase = OutageScript.phase(since);
    String source = SOURCES.get(rand.weighted(SOURCE_MIX.get(lang)));
    if (source.equals("rss")) {
      List<Persona> media = pool.roster(Kind.MEDIA, "rss", lang);
      Persona who = rand.pick(media);
      log.add(at, who, lang, OutageScript.news(rand, phase, lang), Draft.Kind.ORIGINAL, null, NAME, 1.0, null);
      return;
    }
    Draft thread = threads.get(source + "/" + lang);
    if ((source.equals("reddit") || source.equals("hackernews")) && thread != null && thread.at < at) {
      Persona who = pool.otherPerson(rand, source, lang, thread.author);
      log.add(at, who, lang, OutageScript.comment(rand, lang, source), Draft.Kind.REPLY, thread, NAME, 0.3,
          thread.community);
      thread.replies++;
      return;
    }
    if (source.equals("reddit") || source.equals("hackernews")) {
      source = "x"; // before the threads open, people post on X
    }
    Persona who = pool.person(rand, source, lang);
    Draft d = log.original(at, who, lang, OutageScript.post(rand, phase, lang, source), NAME);
    cascades.spread(d, Cascades.OUTAGE, true);
  }
}
