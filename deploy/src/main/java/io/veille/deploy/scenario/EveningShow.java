package io.veille.deploy.scenario;

import java.util.List;

/**
 * What viewers of "Le Grand Quiz" say: the game show Ondyne TV airs every evening at 20:00 (Paris),
 * and for its fifty minutes people post about it, mostly in French, mostly amused or happy, now and
 * then annoyed at the decoder (about the everyday share of complaints). A peak that belongs to the
 * watch's rhythm, every day: the detection scenarios' evening case ({@link DetectionScenarios}).
 */
final class EveningShow implements EpisodeScript {
  static final EveningShow SCRIPT = new EveningShow();
  static final String NAME = "evening-tv";
  /** Share of the show's posts in French. */
  static final double FRENCH_SHARE = 0.9;

  private final Cascades.Profile profile = new Cascades.Profile(0.09, 30, 0.03, 0.1, 1.4, this);

  private static final double[] SOURCE_MIX = {0.55, 0.17, 0.14, 0.14, 0, 0, 0};

  private static final List<String> FR_POSTS = List.of(
      "Le Grand Quiz sur Ondyne TV ce soir, la question sur {city} était impossible 😂",
      "Chaque soir à 20h devant le Grand Quiz d'Ondyne TV, c'est devenu un rituel {pos}",
      "Qui regarde le Grand Quiz sur Ondyne TV ? La candidate de {city} est trop forte",
      "Ondyne TV et le Grand Quiz, ma soirée parfaite {pos}",
      "Le présentateur du Grand Quiz sur Ondyne TV est en forme ce soir 😂",
      "J'avais la réponse avant le candidat ! #GrandQuiz sur Ondyne TV",
      "Le Grand Quiz ce soir sur Ondyne TV : {n} bonnes réponses sur 10 pour moi",
      "Grosse ambiance à la maison pour le Grand Quiz d'Ondyne TV {pos}",
      "La pub Ondyne pendant le Grand Quiz, on la connaît par cœur maintenant",
      "Le candidat de {city} au Grand Quiz d'Ondyne TV, quel champion {pos}",
      "Les enfants refusent d'aller au lit avant la fin du Grand Quiz sur Ondyne TV 😅",
      "Finale du Grand Quiz sur Ondyne TV, je stresse plus que le candidat",
      "Ondyne TV qui rame pile pendant la finale du Grand Quiz, évidemment {neg}",
      "Le décodeur Ondyne TV a planté juste avant le Grand Quiz, j'ai raté le début {neg}",
      "Question de culture générale ce soir au Grand Quiz d'Ondyne TV, j'ai séché sur {country}");
  private static final List<String> EN_POSTS = List.of(
      "Watching the Grand Quiz on Ondyne TV again tonight, my French is improving {pos}",
      "The Grand Quiz on Ondyne TV is my evening routine now",
      "Got {n} answers right on the Grand Quiz tonight, Ondyne TV keeps me humble 😂",
      "Ondyne TV froze right in the Grand Quiz final, of course {neg}");
  private static final List<String> FR_COMMENTS = List.of(
      "Pareil, la question sur {city} m'a eu",
      "Le présentateur est top",
      "Chez nous aussi c'est le rituel de 20h");
  private static final List<String> EN_COMMENTS = List.of("Same, that question was brutal");
  private static final List<String> FR_SUPPORT = List.of(
      "{to} Bonsoir {first}, désolés pour la coupure pendant le Grand Quiz. Un redémarrage du décodeur règle le souci en général. ^{agent}");
  private static final List<String> EN_SUPPORT = List.of(
      "{to} Hi {first}, sorry about the freeze. Restarting the TV box usually fixes it. ^{agent}");

  private EveningShow() {}

  @Override
  public String name() {
    return NAME;
  }

  /** Not an {@link Episode}: {@link DetectionScenarios} draws the show's rate every evening. */
  @Override
  public BuzzModel.Shape shape() {
    throw new UnsupportedOperationException("the evening show's rate is set by DetectionScenarios");
  }

  @Override
  public Cascades.Profile profile() {
    return profile;
  }

  @Override
  public List<Featured> featured() {
    return List.of();
  }

  @Override
  public List<Thread> threads() {
    return List.of();
  }

  @Override
  public double[] sourceMix(Lang lang) {
    return SOURCE_MIX;
  }

  @Override
  public String post(Rand rand, long minutes, Lang lang, String source) {
    String t = Phrasebook.fill(rand, rand.pick(lang == Lang.FR ? FR_POSTS : EN_POSTS), lang, source, null, null);
    return rand.chance(0.2) && Character.isUpperCase(t.charAt(0)) ? Character.toLowerCase(t.charAt(0)) + t.substring(1) : t;
  }

  @Override
  public String news(Rand rand, long minutes, Lang lang) {
    throw new UnsupportedOperationException("no news about the evening show");
  }

  @Override
  public String comment(Rand rand, Lang lang, String source) {
    return Phrasebook.fill(rand, rand.pick(lang == Lang.FR ? FR_COMMENTS : EN_COMMENTS), lang, source, null, null);
  }

  @Override
  public String supportReply(Rand rand, Lang lang, String source, Persona to) {
    return Phrasebook.fill(rand, rand.pick(lang == Lang.FR ? FR_SUPPORT : EN_SUPPORT), lang, source, to, null);
  }
}
