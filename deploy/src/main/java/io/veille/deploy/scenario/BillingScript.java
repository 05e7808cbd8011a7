package io.veille.deploy.scenario;

import java.util.List;

/**
 * What the detection scenarios' bad buzz says ({@link DetectionScenarios}): Ondyne took this month's
 * bill twice from many customers' bank accounts. Angry complaints (about 85% of the posts), questions
 * ("anyone else?"), a few headlines and forum comments, the support's apologies. Its own words
 * ("prélevé deux fois", "double prélèvement", "charged twice") appear nowhere in the everyday
 * conversation, so a signal's evidence can name them.
 */
final class BillingScript implements EpisodeScript {
  static final BillingScript SCRIPT = new BillingScript();
  static final String NAME = "billing";
  /** The terms that grow against the baseline, lower case. */
  static final List<String> KEY_TERMS = List.of("prélevé", "prélèvement", "deux fois", "double", "charged", "twice",
      "remboursement", "refund");
  static final List<String> HASHTAGS = List.of("#OndyneRembourse");

  /** More reshares and copies than everyday posts (people pass the "check your account" posts on), support answers a few. */
  private final Cascades.Profile profile = new Cascades.Profile(0.2, 35, 0.1, 0.08, 2.0, this);

  private static final double[] SOURCE_MIX_FR = {0.46, 0.24, 0.12, 0.1, 0.06, 0.01, 0.01};
  private static final double[] SOURCE_MIX_EN = {0.5, 0.1, 0.16, 0.1, 0.1, 0.02, 0.02};

  private static final List<String> FR_POSTS = List.of(
      "{at} mon abonnement a été prélevé deux fois ce mois-ci, c'est inadmissible, vous rendez l'argent quand ? {neg}",
      "Double prélèvement {brand} sur mon compte ce matin, je suis à découvert à cause de vous, c'est honteux {neg}",
      "Moi aussi prélevée deux fois par {brand} !! Et le service client ne répond pas, c'est nul {neg}",
      "{brand} prélève deux fois la facture et personne pour expliquer, quelle honte {neg}",
      "Scandale : {brand} a débité ma facture en double, 2 x 39,99€, je suis furieux {neg}",
      "Vérifiez vos comptes, {brand} prélève les factures en double en ce moment, c'est scandaleux {neg}",
      "Prélevé deux fois par {brand}, {wait} d'attente au téléphone et toujours rien. Inadmissible",
      "C'est une blague {brand} ? Facture prélevée deux fois, plus un rond sur mon compte {neg}",
      "{support} double prélèvement sur ma facture, je suis furieuse, je veux être remboursée aujourd'hui {neg}",
      "Le double prélèvement {brand} m'a mis à découvert, frais bancaires en prime. Honteux",
      "Ma mère aussi a été prélevée deux fois par {brand}, c'est lamentable {neg}",
      "Franchement {brand} prélever deux fois les clients sans prévenir, c'est lamentable {neg}",
      "{brand} m'a débité deux fois ce mois-ci et le remboursement n'arrive pas. Nul, vraiment nul",
      "Double facture {brand} à {city} aussi, service client injoignable, ras-le-bol {neg}",
      "Deux prélèvements {brand} le même jour, mon loyer est rejeté. Merci beaucoup {neg}",
      "Prélèvement en double chez {brand} : des heures au téléphone pour rien, quelle honte",
      "Qui d'autre a été prélevé deux fois par {brand} ? Je veux mon argent, c'est du vol {neg} #OndyneRembourse");
  private static final List<String> EN_POSTS = List.of(
      "{brand} charged my bill twice this month, absolutely terrible {neg}",
      "Double charged by {brand}, now I'm overdrawn. Terrible service {neg}",
      "{at} you took my payment twice, when do I get my money back? Awful, just awful",
      "Check your bank accounts, {brand} is billing people twice right now, what a disgrace {neg}",
      "Two {brand} payments taken this month and nobody answers. Furious",
      "{support} I was charged twice for my plan, this is unacceptable, refund me today {neg}",
      "{brand} double billing left me overdrawn in {city}, I hate this {neg}");
  private static final List<String> FR_NEWS = List.of(
      "{brand} : des clients prélevés deux fois, l'opérateur promet un remboursement",
      "Double prélèvement chez {brand} : colère des abonnés, l'opérateur évoque un incident de facturation",
      "Facturation : {brand} reconnaît une erreur et va rembourser les prélèvements en double");
  private static final List<String> EN_NEWS = List.of(
      "{brand} customers charged twice after billing error, refunds promised");
  private static final List<String> FR_COMMENTS = List.of(
      "Pareil, prélevé deux fois ce matin",
      "Même chose ici, et {price} de frais bancaires en plus",
      "Fais opposition auprès de ta banque, c'est plus rapide qu'eux",
      "Chez moi aussi à {city}, double prélèvement",
      "Le service client dit que ça sera remboursé sous 10 jours, on verra");
  private static final List<String> EN_COMMENTS = List.of(
      "Same here, charged twice this morning",
      "Ask your bank to reverse it, much faster than waiting for them",
      "Happened to me too in {city}");
  private static final List<String> FR_SUPPORT = List.of(
      "{to} Bonjour {first}, un incident de facturation a provoqué des doubles prélèvements. Le remboursement est en cours, toutes nos excuses. ^{agent}",
      "{to} Bonjour, nous sommes désolés : le second prélèvement sera remboursé sous 48 h. ^{agent}");
  private static final List<String> EN_SUPPORT = List.of(
      "{to} Hi {first}, a billing error charged some customers twice. Refunds are on their way, sorry about this. ^{agent}");

  private BillingScript() {}

  @Override
  public String name() {
    return NAME;
  }

  /** Not an {@link Episode}: {@link DetectionScenarios} draws its rate itself. */
  @Override
  public BuzzModel.Shape shape() {
    throw new UnsupportedOperationException("the billing episode's rate is set by each detection case");
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
    return lang == Lang.FR ? SOURCE_MIX_FR : SOURCE_MIX_EN;
  }

  @Override
  public String post(Rand rand, long minutes, Lang lang, String source) {
    String t = Phrasebook.fill(rand, rand.pick(lang == Lang.FR ? FR_POSTS : EN_POSTS), lang, source, null, null);
    return rand.chance(0.2) && Character.isUpperCase(t.charAt(0)) ? Character.toLowerCase(t.charAt(0)) + t.substring(1) : t;
  }

  @Override
  public String news(Rand rand, long minutes, Lang lang) {
    return Phrasebook.fill(rand, rand.pick(lang == Lang.FR ? FR_NEWS : EN_NEWS), lang, "rss", null, null);
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
