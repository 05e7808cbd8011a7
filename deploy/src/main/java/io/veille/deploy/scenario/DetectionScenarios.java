package io.veille.deploy.scenario;

import io.veille.common.model.Mention;
import io.veille.common.model.Signal.Kind;
import io.veille.common.model.Signal.Severity;
import io.veille.deploy.scenario.Phrasebook.Topic;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntToDoubleFunction;

/**
 * The mention-level detection scenarios (issue 17): the brand Ondyne's everyday conversation for
 * {@link Spec#learningDays} days with its daily and weekly rhythm, Le Grand Quiz on Ondyne TV every
 * evening at 20:00 included, then, on the next day, one case each: nothing more (steady, and its
 * evening show), a sudden 3x, 5x or 10x bad buzz (customers charged twice), a slow burn (the same
 * buzz rising over six hours), a negative-share surge at constant volume (the same people, more of
 * them complaining), one complaint by an account with two million followers, and a harmless product
 * launch (the bundled scenario's Box Nova). Each case comes with its truth: when its episode starts,
 * peaks and ends, and what a detector should raise.
 *
 * <p>Every case has the same mentions before {@link #fork()} (09:00 Paris on the case day): the
 * learning days are generated once, and a test can feed them to a detector once and branch from
 * there. A pure function of its {@link Spec}.
 *
 * <p>The steady conversation is ordinary people (from a handful of followers to about 250,000), the
 * brand's own posts, a few neutral news items a day and the evening show. Large accounts say
 * nothing negative about the brand on steady days: one of them complaining is an event of its own,
 * the huge-reach case.
 */
public final class DetectionScenarios {
  /** The cases, each a few hours on the day after the learning days. */
  public enum Case {
    /** Nothing happens: the learning days and the case day raise nothing. */
    STEADY("steady"),
    /**
     * The steady days again, judged on their evenings: Le Grand Quiz on Ondyne TV airs every day at
     * 20:00 from the first one and the brand's volume about doubles for 50 minutes; part of the rhythm.
     */
    EVENING_TV("evening-tv"),
    /** At 14:07, fresh posts jump to three times the usual, for an hour, then fade over 30 minutes: complaints. */
    SURGE_3X("surge-3x"),
    SURGE_5X("surge-5x"),
    SURGE_10X("surge-10x"),
    /** From 11:00 the complaints rise steadily, to three times the usual at 17:00, hold an hour, fade by 19:00. */
    SLOW_BURN("slow-burn"),
    /** From 15:00 to 16:30, seven in ten of the people who post anyway complain instead: the volume does not change. */
    NEGATIVE_SHARE("negative-share"),
    /** At 16:00, one complaint by an account with about 2 million followers, reshared by many. */
    HUGE_REACH("huge-reach"),
    /** At 10:00, the Box Nova launch: a sharp, mostly positive spike; at most an info signal, no negative one. */
    LAUNCH("launch");

    public final String id;

    Case(String id) {
      this.id = id;
    }

    /** The case named {@code id} ("surge-3x"...). */
    public static Case of(String id) {
      for (Case c : values()) {
        if (c.id.equals(id)) {
          return c;
        }
      }
      throw new IllegalArgumentException("no detection case '" + id + "' (cases: " + ids() + ")");
    }

    public static String ids() {
      StringBuilder sb = new StringBuilder();
      for (Case c : values()) {
        sb.append(sb.length() == 0 ? "" : ", ").append(c.id);
      }
      return sb.toString();
    }
  }

  /**
   * What to generate.
   *
   * @param seed the random seed
   * @param learningDays steady days before the case day, 1 to {@value #MAX_LEARNING_DAYS}
   * @param postsPerDay fresh posts (before reshares, copies and replies) on an average weekday; the
   *     default {@value #POSTS_PER_DAY} gives 10-30 an hour at night and about 200 (250 mentions) at the
   *     evening peak
   */
  public record Spec(long seed, int learningDays, double postsPerDay) {
    public static final int MAX_LEARNING_DAYS = 30;

    public Spec {
      if (learningDays < 1 || learningDays > MAX_LEARNING_DAYS) {
        throw new IllegalArgumentException("learning days must be between 1 and " + MAX_LEARNING_DAYS + " (was "
            + learningDays + ")");
      }
      if (!(postsPerDay >= 100 && postsPerDay <= 50_000)) {
        throw new IllegalArgumentException("posts per day must be between 100 and 50000 (was " + postsPerDay + ")");
      }
    }

    /** Fourteen learning days at the default volume. */
    public static Spec of(long seed) {
      return new Spec(seed, LEARNING_DAYS, POSTS_PER_DAY);
    }
  }

  public static final long DEFAULT_SEED = 42;
  public static final int LEARNING_DAYS = 14;
  public static final double POSTS_PER_DAY = 2400;
  /** Monday 2 November 2026, midnight UTC, as the bundled scenario. */
  public static final Instant START = ScenarioSpec.DEFAULT_START;
  /** A sudden surge is detected within this long of its onset (three one-minute buckets). */
  public static final Duration DETECT_WITHIN = Duration.ofMinutes(3);

  static final LocalTime FORK = LocalTime.of(9, 0);
  static final LocalTime END = LocalTime.of(7, 0);
  static final LocalTime SURGE = LocalTime.of(14, 7);
  static final int SURGE_PLATEAU_MINUTES = 60;
  static final int SURGE_FADE_MINUTES = 30;
  static final LocalTime SLOW_BURN = LocalTime.of(11, 0);
  static final int SLOW_RISE_MINUTES = 360;
  static final int SLOW_HOLD_MINUTES = 60;
  static final int SLOW_FADE_MINUTES = 60;
  static final LocalTime NEGATIVE_SHARE = LocalTime.of(15, 0);
  static final int NEGATIVE_SHARE_MINUTES = 90;
  static final double NEGATIVE_SHARE_REPLACED = 0.7;
  static final LocalTime HUGE_REACH = LocalTime.of(16, 0, 20);
  static final LocalTime LAUNCH = LocalTime.of(10, 0);
  static final LocalTime SHOW = LocalTime.of(20, 0);
  static final int SHOW_MINUTES = 55;
  /** The show's fresh posts per minute at its height at the default volume (the evening's own: about 2.9). */
  static final double SHOW_PER_MINUTE = 3.5;

  /** People in the author pool (the bundled scenario has 3,000 for a third of the volume). */
  static final int PEOPLE = 8000;
  /** Of the brand's everyday conversation, French (the rest is English). */
  static final double FRENCH_SHARE = Chatter.FRENCH_SHARE;
  /** Of the bad buzz, French. */
  static final double BUZZ_FRENCH_SHARE = 0.75;
  static final double NEWS_PER_DAY = 5;
  static final double BRAND_POSTS_PER_DAY = 3;
  private static final long SLOT_SECONDS = 300;

  /** The account of the huge-reach case: a comedian with two million followers on X. */
  static final Persona STAR = new Persona("x", Lang.FR, Persona.Kind.INFLUENCER, "98127364501", "@julesmarchal",
      "Jules Marchal", 2_050_000, true, 1, null);
  static final String STAR_TEXT = "Trois semaines sans internet chez @ondyne_fr, quatre rendez-vous technicien annulés "
      + "et un service client qui me répond par des messages automatiques. Honteux. Je paie pour quoi exactement ? 😡";
  static final double STAR_RESHARES = 60;

  private static final List<String> SOURCES = AuthorPool.SOURCES;
  /** People's sources (news feeds are the media's): x, facebook, bluesky, mastodon, reddit, rss (none), hackernews. */
  private static final double[] PEOPLE_FR = {0.39, 0.25, 0.14, 0.12, 0.085, 0, 0.015};
  private static final double[] PEOPLE_EN = {0.45, 0.08, 0.18, 0.11, 0.13, 0, 0.05};
  private static final List<Topic> SOCIAL_TOPICS = List.of(
      Topic.PRAISE, Topic.COMPLAINT, Topic.QUESTION, Topic.CHATTER, Topic.COMPETITOR, Topic.DEAL, Topic.NOISE);
  private static final double[] SOCIAL_TOPIC_WEIGHTS = {0.22, 0.27, 0.17, 0.17, 0.07, 0.03, 0.07};
  /**
   * Neutral headlines. No city in them and no rubric before them ({@link Phrasebook#vary} would add
   * "{city} :"): the lexicon reads the city of Angers as anger and "(Lyon):" as a frowning "):", and a
   * negative headline by a million-reader outlet is an event, not a steady day.
   */
  private static final List<String> NEWS_FR = List.of(
      "{brand} ouvre {n} nouvelles boutiques",
      "{brand} recrute {n}00 techniciens fibre d'ici l'été",
      "Télévision : {brand} ajoute {n} chaînes à Ondyne TV",
      "{brand} teste la 5G en bande 26 GHz dans {n} villes",
      "Fibre : {brand} raccorde {n}0 000 foyers supplémentaires",
      "{brand} publiera ses résultats trimestriels jeudi",
      "{brand} nomme une nouvelle directrice du réseau",
      "{brand} propose l'eSIM sur toutes ses offres mobiles");
  private static final List<String> NEWS_EN = List.of(
      "{brand} opens {n} new stores",
      "{brand} to hire {n}00 fibre technicians by the summer",
      "{brand} adds {n} channels to Ondyne TV",
      "{brand} rolls out eSIM across its mobile plans");
  /** The brand's own posts, without a city for the same reason. */
  private static final List<String> BRAND_FR = List.of(
      "📢 Nouveau : le forfait 5G 100 Go passe à 130 Go, sans changer de prix. Merci de votre fidélité {pos}",
      "Le saviez-vous ? Avec l'appli Mon Ondyne, suivez votre conso en temps réel 📱",
      "La fibre Ondyne arrive dans {n}0 nouvelles communes ce mois-ci 🚀",
      "Besoin d'aide ? Notre équipe {support} vous répond 7j/7 de 8h à 22h",
      "Ondyne TV : {n} nouvelles chaînes incluses dès lundi 📺",
      "Jeu concours 🎁 : tentez de gagner une Box 5 en commentant avec votre meilleure astuce wifi !");
  private static final List<String> BRAND_EN = List.of(
      "New: our 5G 100GB plan now comes with 130GB at the same price {pos}",
      "Need help in English? {support} is here every day, 8am-10pm");
  private static final DateTimeFormatter NEWS_DATE_FR =
      DateTimeFormatter.ofPattern("d MMMM", Locale.FRENCH).withZone(Rhythm.PARIS);
  private static final DateTimeFormatter NEWS_DATE_EN =
      DateTimeFormatter.ofPattern("MMMM d", Locale.ENGLISH).withZone(Rhythm.PARIS);
  private static final DateTimeFormatter NEWS_TIME =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(Rhythm.PARIS);
  private static final List<String> NEWS_SOURCES = List.of("rss", "x", "bluesky", "mastodon", "facebook");

  private final Spec spec;
  private final long finishSeed;
  private final long caseSeed;
  private final World world;

  private DetectionScenarios(Spec spec) {
    this.spec = spec;
    Rand root = new Rand(spec.seed());
    Rand authors = root.split();
    Rand chatter = root.split();
    this.finishSeed = root.split().between(0L, Long.MAX_VALUE);
    this.caseSeed = root.split().between(0L, Long.MAX_VALUE);
    this.world = new World(AuthorPool.create(authors, PEOPLE), chatter);
  }

  /** The scenarios of {@code spec}; the learning days are generated here, each case by {@link #generate(Case)}. */
  public static DetectionScenarios of(Spec spec) {
    return new DetectionScenarios(spec);
  }

  public static DetectionScenarios of(long seed) {
    return of(Spec.of(seed));
  }

  public Spec spec() {
    return spec;
  }

  public Instant start() {
    return START;
  }

  /** The case day (the day after the learning days), in Paris. */
  public LocalDate caseDay() {
    return START.atZone(Rhythm.PARIS).toLocalDate().plusDays(spec.learningDays());
  }

  /** 09:00 Paris on the case day: before it, every case has the same mentions. */
  public Instant fork() {
    return paris(caseDay(), FORK);
  }

  /** 07:00 Paris the morning after the case day: the end of every case. */
  public Instant end() {
    return paris(caseDay().plusDays(1), END);
  }

  /** The scale of the volume against the bundled scenario's (which has {@value Chatter#POSTS_PER_DAY} posts a day). */
  double scale() {
    return spec.postsPerDay() / Chatter.POSTS_PER_DAY;
  }

  private static Instant paris(LocalDate day, LocalTime time) {
    return ZonedDateTime.of(day, time, Rhythm.PARIS).toInstant();
  }

  /** The usual fresh posts per minute at {@code t} (both languages), as the everyday conversation draws them. */
  double usualPerMinute(Instant t) {
    return spec.postsPerDay() / 1440.0
        * (FRENCH_SHARE * Rhythm.weight(t, Lang.FR) + (1 - FRENCH_SHARE) * Rhythm.weight(t, Lang.EN));
  }

  /**
   * One case: the learning days and the case day, its mentions in time order, its truth. One at a
   * time: the cases share the learning days' drafts, which each generation settles again.
   */
  public DetectionCase generate(Case c) {
    DraftLog log = world.log.fork();
    Rand rand = new Rand(caseSeed + c.ordinal());
    Cascades cascades = new Cascades(world.pool, log, rand.split());
    LocalDate day = caseDay();
    Set<Draft> replaced = new HashSet<>();
    List<SurgeWindow> windows = new ArrayList<>();
    switch (c) {
      case STEADY -> windows.add(new SurgeWindow(c.id, START, START, end(), SurgeWindow.Expectation.nothing()));
      case SURGE_3X, SURGE_5X, SURGE_10X -> {
        double factor = c == Case.SURGE_3X ? 3 : c == Case.SURGE_5X ? 5 : 10;
        Instant onset = paris(day, SURGE);
        int minutes = SURGE_PLATEAU_MINUTES + SURGE_FADE_MINUTES;
        buzz(log, cascades, rand, onset, minutes, m -> (factor - 1) * (m < SURGE_PLATEAU_MINUTES ? 1.0
            : (minutes - m) / (double) SURGE_FADE_MINUTES));
        windows.add(new SurgeWindow(c.id, onset, onset, onset.plusSeconds(60L * (minutes - 1)), badBuzz()));
      }
      case SLOW_BURN -> {
        Instant onset = paris(day, SLOW_BURN);
        int minutes = SLOW_RISE_MINUTES + SLOW_HOLD_MINUTES + SLOW_FADE_MINUTES;
        buzz(log, cascades, rand, onset, minutes, m -> 2.0 * (m < SLOW_RISE_MINUTES ? m / (double) SLOW_RISE_MINUTES
            : m < SLOW_RISE_MINUTES + SLOW_HOLD_MINUTES ? 1.0 : (minutes - m) / (double) SLOW_FADE_MINUTES));
        windows.add(new SurgeWindow(c.id, onset, onset.plusSeconds(60L * SLOW_RISE_MINUTES),
            onset.plusSeconds(60L * (minutes - 1)), badBuzz()));
      }
      case NEGATIVE_SHARE -> {
        Instant from = paris(day, NEGATIVE_SHARE);
        Instant to = from.plusSeconds(60L * NEGATIVE_SHARE_MINUTES);
        Cascades.Profile everyday = new Cascades.Profile(Cascades.EVERYDAY.reshareRate(),
            Cascades.EVERYDAY.reshareDelayMinutes(), Cascades.EVERYDAY.nearDuplicateChance(),
            Cascades.EVERYDAY.supportReplyChance(), Cascades.EVERYDAY.commentsPerThread(), BillingScript.SCRIPT);
        for (Draft d : world.replaceable) {
          if (d.at >= from.getEpochSecond() && d.at < to.getEpochSecond() && rand.chance(NEGATIVE_SHARE_REPLACED)) {
            replaced.add(d);
            Draft complaint = log.original(d.at, d.author, d.lang, log.keys().distinct(rand, d.at, d.lang, d.author,
                () -> BillingScript.SCRIPT.post(rand, 0, d.lang, d.source())), BillingScript.NAME);
            cascades.spread(complaint, everyday, true);
          }
        }
        windows.add(new SurgeWindow(c.id, from, from, to.minusSeconds(60),
            SurgeWindow.Expectation.signal(Severity.INFO, Kind.NEGATIVE_SURGE)));
      }
      case HUGE_REACH -> {
        Instant at = paris(day, HUGE_REACH);
        Draft d = log.add(at.getEpochSecond(), STAR, Lang.FR, STAR_TEXT, Draft.Kind.ORIGINAL, null, c.id, 6.0, null);
        cascades.reshares(d, STAR_RESHARES, 25, c.id);
        Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
        windows.add(new SurgeWindow(c.id, minute, minute, minute,
            SurgeWindow.Expectation.signal(Severity.INFO, Kind.NEGATIVE_SURGE)));
      }
      case EVENING_TV -> windows.addAll(world.evenings);
      case LAUNCH -> {
        BuzzModel model = new BuzzModel(paris(day, LAUNCH), scale(), BuzzModel.LAUNCH);
        List<Draft> featured = new Episode(LaunchScript.SCRIPT, model, world.pool, log, cascades, rand, scale()).generate();
        windows.add(new SurgeWindow(c.id, model.onset(), model.peak(), model.end(), SurgeWindow.Expectation.atMostInfo()));
        return finish(c, log, replaced, windows, model, featured);
      }
      default -> throw new IllegalStateException("unknown case " + c);
    }
    return finish(c, log, replaced, windows, null, List.of());
  }

  /** The bad buzz: a negative surge or a volume spike, paging (at least WARNING). */
  private static SurgeWindow.Expectation badBuzz() {
    return SurgeWindow.Expectation.signal(Severity.WARNING, Kind.NEGATIVE_SURGE, Kind.VOLUME_SPIKE);
  }

  /**
   * The bad buzz's fresh posts from {@code onset} for {@code minutes}: in minute {@code m}, {@code
   * extra(m)} times the usual posts of that minute on top of them, each spreading as the buzz does.
   */
  private void buzz(DraftLog log, Cascades cascades, Rand rand, Instant onset, int minutes,
      IntToDoubleFunction extra) {
    Cascades.Profile profile = BillingScript.SCRIPT.profile();
    for (int m = 0; m < minutes; m++) {
      Instant minute = onset.plusSeconds(60L * m);
      double rate = extra.applyAsDouble(m) * usualPerMinute(minute);
      for (Lang lang : Lang.values()) {
        int n = rand.poisson(rate * (lang == Lang.FR ? BUZZ_FRENCH_SHARE : 1 - BUZZ_FRENCH_SHARE));
        for (int i = 0; i < n; i++) {
          long at = minute.getEpochSecond() + rand.between(0, 60);
          String source = SOURCES.get(rand.weighted(BillingScript.SCRIPT.sourceMix(lang)));
          if (source.equals("rss")) {
            Persona media = rand.pick(world.pool.roster(Persona.Kind.MEDIA, "rss", lang));
            log.add(at, media, lang, log.keys().distinct(rand, at, lang, media,
                () -> BillingScript.SCRIPT.news(rand, 0, lang)), Draft.Kind.ORIGINAL, null, BillingScript.NAME, 1.0, null);
            continue;
          }
          String s = source.equals("reddit") || source.equals("hackernews") ? "x" : source;
          Persona who = world.pool.person(rand, s, lang);
          Draft d = log.original(at, who, lang, log.keys().distinct(rand, at, lang, who,
              () -> BillingScript.SCRIPT.post(rand, 0, lang, s)), BillingScript.NAME);
          cascades.spread(d, profile, true);
        }
      }
    }
  }

  private DetectionCase finish(Case c, DraftLog log, Set<Draft> replaced, List<SurgeWindow> windows, BuzzModel launch,
      List<Draft> featured) {
    List<Draft> drafts = new ArrayList<>();
    Set<Draft> dropped = new HashSet<>(replaced);
    for (Draft d : log.all()) {
      if (d.parent != null && dropped.contains(d.parent)) {
        dropped.add(d); // a replaced post's reshares, copies and replies go with it
      }
      if (!dropped.contains(d)) {
        drafts.add(d);
      }
    }
    List<Mention> mentions = new Finisher(new Rand(finishSeed)).finishInTimeOrder(drafts, START, end());
    return new DetectionCase(c, description(c), fork(),
        c == Case.SURGE_3X || c == Case.SURGE_5X || c == Case.SURGE_10X || c == Case.HUGE_REACH ? DETECT_WITHIN : null,
        mentions, truth(c, mentions, drafts, windows, launch, featured));
  }

  static String description(Case c) {
    return switch (c) {
      case STEADY -> "Steady days: the brand's everyday conversation with its daily and weekly rhythm (its evening "
          + "show included), nothing else.";
      case SURGE_3X, SURGE_5X, SURGE_10X -> "A bad buzz (customers charged twice): from 14:07 Paris, fresh posts jump to "
          + c.id.substring(6) + " the usual for an hour, then fade over 30 minutes; mostly angry complaints.";
      case SLOW_BURN -> "A slow burn: complaints about a double charge rise steadily from 11:00 Paris to three times the "
          + "usual volume at 17:00, hold an hour and fade by 19:00.";
      case NEGATIVE_SHARE -> "A negative-share surge at constant volume: from 15:00 to 16:30 Paris, seven in ten of the "
          + "people who post about the brand anyway complain about a double charge instead.";
      case HUGE_REACH -> "One complaint at 16:00 Paris by an account with 2,050,000 followers, reshared by many.";
      case EVENING_TV -> "The steady days' evenings: Le Grand Quiz on Ondyne TV airs every day at 20:00 Paris from the "
          + "first one, and the brand's volume about doubles for 50 minutes. Part of the rhythm: no signal.";
      case LAUNCH -> "The Box Nova launch at 10:00 Paris: a sharp, mostly positive spike. At most an info signal, no "
          + "negative signal.";
    };
  }

  private ScenarioTruth truth(Case c, List<Mention> mentions, List<Draft> drafts, List<SurgeWindow> windows,
      BuzzModel launch, List<Draft> featured) {
    Map<String, Integer> byLanguage = new HashMap<>();
    Map<String, Integer> bySource = new HashMap<>();
    int reshares = 0;
    int replies = 0;
    int absent = 0;
    for (Mention m : mentions) {
      if (m.lang() == null) {
        absent++;
      } else {
        byLanguage.merge(m.lang(), 1, Integer::sum);
      }
      bySource.merge(m.source(), 1, Integer::sum);
      reshares += m.isReshare() ? 1 : 0;
      replies += m.inReplyTo() != null ? 1 : 0;
    }
    int nearDuplicates = 0;
    int n = 0;
    int fr = 0;
    int episodeReshares = 0;
    String episode = switch (c) {
      case SURGE_3X, SURGE_5X, SURGE_10X, SLOW_BURN, NEGATIVE_SHARE -> BillingScript.NAME;
      default -> c.id;
    };
    List<String> viral = new ArrayList<>();
    for (Draft d : drafts) {
      if (d.id == null) {
        continue;
      }
      nearDuplicates += d.kind == Draft.Kind.NEAR_DUPLICATE ? 1 : 0;
      if (episode.equals(d.episode)) {
        n++;
        fr += d.lang == Lang.FR ? 1 : 0;
        episodeReshares += d.kind == Draft.Kind.RESHARE ? 1 : 0;
        if (d.author == STAR && d.kind == Draft.Kind.ORIGINAL) {
          viral.add(d.id);
        }
      }
    }
    SurgeWindow w = windows.get(0);
    ScenarioTruth.BadBuzz badBuzz = null;
    ScenarioTruth.Launch launchTruth = null;
    switch (c) {
      case SURGE_3X, SURGE_5X, SURGE_10X, SLOW_BURN, NEGATIVE_SHARE, HUGE_REACH -> badBuzz = new ScenarioTruth.BadBuzz(
          c.id, description(c), w.start(), w.peak(), w.start(), w.peak(), w.end(), n, fr, n - fr, episodeReshares,
          c == Case.HUGE_REACH ? List.of("service client", "technicien", "honteux") : BillingScript.KEY_TERMS,
          c == Case.HUGE_REACH ? List.of() : BillingScript.HASHTAGS, viral);
      case LAUNCH -> {
        List<String> ids = new ArrayList<>();
        featured.forEach(d -> {
          if (d.id != null) {
            ids.add(d.id);
          }
        });
        launchTruth = new ScenarioTruth.Launch("Box Nova launch", description(c), launch.onset(), launch.peak(),
            launch.end(), n, fr, n - fr, episodeReshares, LaunchScript.KEY_TERMS, List.of(LaunchScript.HASHTAG), ids);
      }
      default -> { }
    }
    int days = (int) Math.ceil(Duration.between(START, end()).toHours() / 24.0);
    return new ScenarioTruth(spec.seed(), days, START, end(), scale(), Brand.NAME, mentions.size(), reshares,
        nearDuplicates, replies, absent, byLanguage, bySource, badBuzz, launchTruth, windows);
  }

  /**
   * The brand's everyday conversation from {@link #START} to the end of the case day: drawn once,
   * shared by every case (each case writes on a {@link DraftLog#fork() fork} of its log).
   */
  private final class World {
    final AuthorPool pool;
    final DraftLog log = new DraftLog();
    /** People's own posts that are not complaints, for the negative-share case to turn into complaints. */
    final List<Draft> replaceable = new ArrayList<>();
    /** The evening show's windows, one per day. */
    final List<SurgeWindow> evenings = new ArrayList<>();
    private final Rand rand;
    private final Cascades cascades;

    World(AuthorPool pool, Rand rand) {
      this.pool = pool;
      this.rand = rand;
      this.cascades = new Cascades(pool, log, rand.split());
      LaunchScript.SCRIPT.reserve(log.keys());
      log.keys().reserve(STAR_TEXT);
      generate(START, end());
      shows();
    }

    /** Le Grand Quiz every evening: a quick rise at 20:00, about 45 minutes at its height, over by 20:55. */
    private void shows() {
      Cascades.Profile profile = EveningShow.SCRIPT.profile();
      for (LocalDate d = START.atZone(Rhythm.PARIS).toLocalDate(); !d.isAfter(caseDay()); d = d.plusDays(1)) {
        Instant show = paris(d, SHOW);
        if (show.isBefore(START)) {
          continue;
        }
        double height = SHOW_PER_MINUTE * spec.postsPerDay() / POSTS_PER_DAY * rand.logNormal(0, 0.15);
        for (int m = 0; m < SHOW_MINUTES; m++) {
          double f = m < 3 ? (m + 1) / 3.0 : m < 45 ? 1.0 : (SHOW_MINUTES - m) / 10.0;
          for (int i = rand.poisson(height * f); i > 0; i--) {
            long at = show.getEpochSecond() + 60L * m + rand.between(0, 60);
            Lang lang = rand.chance(EveningShow.FRENCH_SHARE) ? Lang.FR : Lang.EN;
            String source = SOURCES.get(rand.weighted(EveningShow.SCRIPT.sourceMix(lang)));
            Persona who = pool.person(rand, source, lang);
            Draft post = log.original(at, who, lang, log.keys().distinct(rand, at, lang, who,
                () -> EveningShow.SCRIPT.post(rand, 0, lang, source)), EveningShow.NAME);
            cascades.spread(post, profile, true);
          }
        }
        evenings.add(new SurgeWindow(Case.EVENING_TV.id, show, show.plusSeconds(180),
            show.plusSeconds(60L * (SHOW_MINUTES - 1)), SurgeWindow.Expectation.nothing()));
      }
    }

    private void generate(Instant from, Instant to) {
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
          int n = rand.poisson(spec.postsPerDay() * share * dayFactor * Rhythm.weight(mid, lang) * SLOT_SECONDS / 86_400.0);
          for (int i = 0; i < n; i++) {
            person(slot + rand.between(0L, SLOT_SECONDS), lang);
          }
        }
        double daytime = Rhythm.weight(mid, Lang.FR) * SLOT_SECONDS / 86_400.0;
        for (int i = rand.poisson(NEWS_PER_DAY * daytime); i > 0; i--) {
          news(slot + rand.between(0L, SLOT_SECONDS));
        }
        int hour = mid.atZone(Rhythm.PARIS).getHour();
        if (hour >= 8 && hour < 21) {
          for (int i = rand.poisson(BRAND_POSTS_PER_DAY * SLOT_SECONDS / (13 * 3600.0)); i > 0; i--) {
            brandPost(slot + rand.between(0L, SLOT_SECONDS));
          }
        }
      }
    }

    private void person(long at, Lang lang) {
      String source = SOURCES.get(rand.weighted(lang == Lang.FR ? PEOPLE_FR : PEOPLE_EN));
      Persona who = pool.person(rand, source, lang);
      switch (source) {
        case "reddit" -> {
          Topic topic = rand.chance(0.85) ? Topic.FORUM_POST : Topic.NOISE;
          Draft d = log.add(at, who, lang, Phrasebook.text(rand, log.keys(), at, topic, lang, who), Draft.Kind.ORIGINAL,
              null, null, 1.0, subreddit(lang, topic));
          cascades.spread(d, Cascades.EVERYDAY, false);
        }
        case "hackernews" -> {
          Draft d = log.original(at, who, lang, Phrasebook.text(rand, log.keys(), at, Topic.TECH, lang, who), null);
          cascades.spread(d, Cascades.EVERYDAY, false);
        }
        default -> {
          Topic topic = SOCIAL_TOPICS.get(rand.weighted(SOCIAL_TOPIC_WEIGHTS));
          Draft d = log.original(at, who, lang, Phrasebook.text(rand, log.keys(), at, topic, lang, who), null);
          if (topic != Topic.COMPLAINT && topic != Topic.NOISE) {
            replaceable.add(d);
          }
          cascades.spread(d, Cascades.EVERYDAY, topic == Topic.COMPLAINT || topic == Topic.QUESTION
              || (topic == Topic.PRAISE && rand.chance(0.3)));
        }
      }
    }

    private void news(long at) {
      Lang lang = rand.chance(0.75) ? Lang.FR : Lang.EN;
      List<Persona> media = new ArrayList<>();
      for (String source : NEWS_SOURCES) {
        media.addAll(pool.roster(Persona.Kind.MEDIA, source, lang));
      }
      double[] w = new double[media.size()];
      for (int i = 0; i < w.length; i++) {
        w[i] = media.get(i).activity();
      }
      Persona who = media.get(rand.weighted(w));
      Draft d = log.original(at, who, lang, dated(at, lang, NEWS_FR, NEWS_EN, who), null);
      cascades.spread(d, Cascades.EVERYDAY, false);
    }

    /** A text of these templates with a copy key of its own: as drawn, else after its date, else after its date and time. */
    private String dated(long at, Lang lang, List<String> fr, List<String> en, Persona who) {
      Instant when = Instant.ofEpochSecond(at);
      String date = (lang == Lang.FR ? NEWS_DATE_FR : NEWS_DATE_EN).format(when);
      return log.keys().distinct(level -> {
        String t = Phrasebook.fill(rand, rand.pick(lang == Lang.FR ? fr : en), lang, who.source(), null, null);
        return level < 0 ? t : date + (level >= 3 ? " " + NEWS_TIME.format(when) : "") + " – " + t;
      });
    }

    private void brandPost(long at) {
      Lang lang = rand.chance(0.8) ? Lang.FR : Lang.EN;
      List<Persona> brand = new ArrayList<>();
      for (String source : List.of("x", "facebook", "bluesky", "mastodon")) {
        brand.addAll(pool.roster(Persona.Kind.BRAND, source, lang));
      }
      Persona who = rand.pick(brand);
      Draft d = log.original(at, who, lang, dated(at, lang, BRAND_FR, BRAND_EN, who), null);
      cascades.spread(d, Cascades.EVERYDAY, false);
    }

    private String subreddit(Lang lang, Topic topic) {
      if (topic == Topic.NOISE) {
        return lang == Lang.FR ? "AskFrance" : "namenerds";
      }
      return lang == Lang.FR ? rand.pick(new String[] {"france", "ondyne", "AskFrance", "vosfinances"})
          : rand.pick(new String[] {"expats", "paris", "france", "telecom"});
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "detection scenarios (seed %d, %d learning days, %.0f posts a day)", spec.seed(),
        spec.learningDays(), spec.postsPerDay());
  }
}
