package io.veille.deploy.scenario;

import java.util.List;

/**
 * What an {@link Episode} says and how it spreads: its scripted posts, its discussion threads, where
 * people post about it, and the texts of its fresh posts, news, comments and support replies.
 * {@link OutageScript} (the bad buzz) and {@link LaunchScript} (the product launch) are the two.
 * Texts come as drawn; {@link Episode} makes them distinct ({@link TextKeys}).
 */
interface EpisodeScript {
  /**
   * A scripted post that many reshare.
   *
   * @param minutes when, after the French onset
   * @param account the roster account (handle, or name where there are no handles)
   * @param reshares expected reshares at scale 1
   * @param medianDelayMinutes median delay of its reshares
   * @param virality how much more engagement than an ordinary post
   * @param listed whether the truth lists it among the episode's posts (viral or featured)
   */
  record Featured(int minutes, String source, String account, Lang lang, String text, double reshares,
      double medianDelayMinutes, double virality, boolean listed) {}

  /** A discussion thread that collects the episode's comments: minutes after the French onset, source, community, lang, text. */
  record Thread(int minutes, String source, String community, Lang lang, String text) {}

  /** The episode's name on its drafts ("outage", "launch"). */
  String name();

  BuzzModel.Shape shape();

  Cascades.Profile profile();

  List<Featured> featured();

  List<Thread> threads();

  /** Where fresh posts go, weights over {@link Episode#SOURCES}. */
  double[] sourceMix(Lang lang);

  /** A fresh post {@code minutes} after the onset of this language's wave. */
  String post(Rand rand, long minutes, Lang lang, String source);

  /** A news headline {@code minutes} after the onset of this language's wave. */
  String news(Rand rand, long minutes, Lang lang);

  /** A comment under one of the episode's threads (or another forum post of it). */
  String comment(Rand rand, Lang lang, String source);

  /** The support account's answer to {@code to}. */
  String supportReply(Rand rand, Lang lang, String source, Persona to);

  /** The fixed texts (scripted posts and threads), reserved before anything else is written. */
  default void reserve(TextKeys keys) {
    featured().forEach(f -> keys.reserve(f.text()));
    threads().forEach(t -> keys.reserve(t.text()));
  }
}
