package io.veille.deploy.scenario;

import java.util.List;

/**
 * What the product launch says: Ondyne launches the Box Nova (fibre up to 8 Gb/s, Wi-Fi 7, the same
 * price for fibre customers) one morning. A sharp burst, mostly happy (about 80% positive, 15%
 * questions, a few grumbles), the brand's announcements and a few large accounts' reviews reshared
 * by many: a spike a detector must not take for a bad buzz. Its own words ("Box Nova", "#BoxNova",
 * "Wi-Fi 7", "8 Gb/s") appear nowhere else in the scenario.
 */
final class LaunchScript implements EpisodeScript {
  static final LaunchScript SCRIPT = new LaunchScript();
  static final String NAME = "launch";
  static final String HASHTAG = "#BoxNova";
  /** The terms that grow against the baseline, lower case. */
  static final List<String> KEY_TERMS = List.of("#boxnova", "box nova", "nova", "wi-fi 7", "8 gb/s", "8 gbps", "lance", "launch");

  private static final double POSITIVE = 0.82;
  private static final double NEUTRAL = 0.15;

  private LaunchScript() {}

  private static final double[] SOURCE_MIX_FR = {0.48, 0.20, 0.10, 0.08, 0.10, 0.02, 0.02};
  private static final double[] SOURCE_MIX_EN = {0.46, 0.06, 0.14, 0.10, 0.10, 0.03, 0.11};

  /** The brand's announcements and the reviews of a few large accounts, minutes after the French onset. */
  static final List<Featured> FEATURED = List.of(
      new Featured(0, "x", Brand.HANDLE_FR, Lang.FR,
          "📢 Nouveau : voici la Box Nova ! Fibre jusqu'à 8 Gb/s, Wi-Fi 7 et Ondyne TV en 4K, au même prix pour nos clients fibre. Disponible dès aujourd'hui ✨ #BoxNova",
          150, 35, 6.0, true),
      new Featured(3, "facebook", "Ondyne", Lang.FR,
          "La Box Nova est arrivée ✨ Fibre jusqu'à 8 Gb/s, Wi-Fi 7, Ondyne TV en 4K et toujours le même prix pour nos clients fibre. Découvrez-la dès aujourd'hui en boutique et dans l'appli Mon Ondyne.",
          60, 45, 4.0, true),
      new Featured(20, "x", Brand.HANDLE_EN, Lang.EN,
          "Say hello to the Ondyne Box Nova ✨ Up to 8 Gbps fibre, Wi-Fi 7 and 4K TV, at the same price for existing fibre customers. Available today. #BoxNova",
          40, 40, 3.0, true),
      new Featured(35, "x", "@techhexagone", Lang.FR,
          "Ondyne lance la Box Nova : Wi-Fi 7, jusqu'à 8 Gb/s et un prix inchangé pour les abonnés fibre. Notre prise en main 👉 #BoxNova",
          110, 50, 4.0, true),
      new Featured(50, "x", "@eurotechwire", Lang.EN,
          "French carrier Ondyne launches its Wi-Fi 7 Box Nova with up to 8 Gbps fibre, at unchanged prices for existing customers",
          50, 60, 3.0, true),
      new Featured(75, "x", "@linatech", Lang.FR,
          "J'ai testé la Box Nova d'Ondyne toute la matinée : 7,6 Gb/s en filaire, un Wi-Fi 7 impressionnant et une installation en 5 minutes. Franchement excellente 👏 #BoxNova",
          200, 45, 8.0, true),
      new Featured(110, "x", "@markellison_tech", Lang.EN,
          "Ondyne's new Box Nova looks great: Wi-Fi 7, 8 Gbps fibre and the same price. French ISPs keep raising the bar. #BoxNova",
          130, 55, 8.0, true));

  static final List<Thread> THREADS = List.of(
      new Thread(60, "reddit", "france", Lang.FR,
          "[Box Nova] Vos premiers retours sur la nouvelle box Ondyne ?\n\nElle est disponible depuis ce matin. Qui l'a déjà reçue ? Débit, Wi-Fi 7, installation, dites-nous tout ! #BoxNova"),
      new Thread(90, "hackernews", null, Lang.EN,
          "Ondyne Box Nova: Wi-Fi 7 and 8 Gbps symmetric fibre at the same price"),
      new Thread(120, "reddit", "paris", Lang.EN,
          "Ondyne's new Box Nova: worth asking for the upgrade?\n\nThe announcement says existing fibre customers get it at the same price. Anyone in Paris already got one?"));

  private static final List<String> FR_POSITIVE = List.of(
      "La Box Nova d'{brand} a l'air géniale, Wi-Fi 7 et 8 Gb/s au même prix {pos} #BoxNova",
      "Enfin le Wi-Fi 7 chez {brand} ! La Box Nova, je la veux {pos}",
      "Box Nova {brand} reçue, installée en 10 minutes, {speed} en filaire. Merci {at} {pos} #BoxNova",
      "{brand} qui lance la Box Nova sans augmenter le prix, chapeau {pos}",
      "Trop contente de la Box Nova {brand}, le wifi passe enfin partout dans l'appart {pos}",
      "Premier test de la Box Nova à {city} : rapide, silencieuse, superbe. Bravo {brand} {pos}",
      "La nouvelle box {brand} est magnifique et super rapide, j'adore #BoxNova",
      "Bravo {at} pour la Box Nova, enfin une box qui passe les murs {pos}",
      "Box Nova {brand} : 8 Gb/s et Wi-Fi 7 pour le même prix, excellente nouvelle {pos}",
      "Commande de la Box Nova faite dans l'appli Mon Ondyne, trop hâte de la recevoir {pos} #BoxNova",
      "Je viens de passer à la Box Nova {brand}, la différence avec la Box 5 est impressionnante {pos}",
      "Franchement la Box Nova d'{brand} est une très belle réussite {pos}",
      "Super nouvelle ce matin : la Box Nova {brand} est dispo à {city} {pos}",
      "Le design de la Box Nova {brand} est top, et en plus elle est rapide {pos} #BoxNova");
  private static final List<String> EN_POSITIVE = List.of(
      "{brand}'s new Box Nova looks amazing, Wi-Fi 7 at the same price {pos} #BoxNova",
      "Box Nova from {brand} arrived today, set up in 10 minutes and {speed} wired. Love it {pos}",
      "Great move by {brand}: the Box Nova with 8 Gbps fibre at the same price #BoxNova",
      "Just upgraded to the {brand} Box Nova in {city}, the wifi is excellent now {pos}",
      "Really impressed with the {brand} Box Nova so far, fast and quiet",
      "Wi-Fi 7 on a French ISP box, nice one {brand} {pos} #BoxNova",
      "The {brand} Box Nova is a great upgrade, happy customer here {pos}",
      "Love the new {brand} Box Nova, best router I've had in France {pos}");
  private static final List<String> FR_QUESTIONS = List.of(
      "Quelqu'un sait quand la Box Nova {brand} arrive à {city} ?",
      "La Box Nova d'{brand} marche avec le décodeur TV actuel ?",
      "Il faut changer de forfait pour avoir la Box Nova {brand} ou c'est automatique ?",
      "{at} la Box Nova est dispo pour les clients de {city} dès aujourd'hui ?",
      "Box Nova {brand} : on rend la Box 5 en boutique ou par la poste ?",
      "Vous prenez la Box Nova {brand} ou vous gardez la Box 5 ?");
  private static final List<String> EN_QUESTIONS = List.of(
      "Does the {brand} Box Nova work with the current TV box?",
      "When does the {brand} Box Nova ship to {city}? #BoxNova",
      "Do existing {brand} customers get the Box Nova automatically or do we have to ask?");
  private static final List<String> FR_GRUMBLES = List.of(
      "Box Nova {brand} : encore une nouvelle box alors que la Box 5 plante toujours, bof {neg}",
      "La Box Nova c'est bien joli mais {brand} ferait mieux de réparer sa Box 5 d'abord",
      "Pas dispo à {city}, évidemment. Merci {brand} pour la Box Nova que je n'aurai jamais {neg}");
  private static final List<String> EN_GRUMBLES = List.of(
      "Another new box from {brand} while my Box 5 still drops wifi every evening, meh");
  private static final List<String> FR_NEWS = List.of(
      "{brand} lance la Box Nova, compatible Wi-Fi 7 et jusqu'à 8 Gb/s",
      "Box Nova : {brand} muscle son offre fibre sans toucher aux prix",
      "Wi-Fi 7 : {brand} dégaine la Box Nova face à {competitor}",
      "Test de la Box Nova d'{brand} : rapide, silencieuse, convaincante");
  private static final List<String> EN_NEWS = List.of(
      "{brand} launches Box Nova with Wi-Fi 7 and 8 Gbps fibre",
      "Hands-on with {brand}'s Box Nova: fast, quiet and the same price");
  private static final List<String> FR_COMMENTS = List.of(
      "Reçue ce matin, installée en 10 minutes, rien à redire",
      "Le Wi-Fi 7 de la Box Nova {brand} change vraiment la vie dans un grand appart",
      "Je l'ai depuis 2h, {speed} en filaire, top",
      "Pas encore dispo à {city} d'après l'appli Mon Ondyne",
      "Elle est plus petite que la Box 5, et silencieuse",
      "Il faut demander l'échange dans l'appli Mon Ondyne, rubrique équipements",
      "Chez {brand} depuis {n} ans, la Box Nova est la meilleure box qu'ils aient faite");
  private static final List<String> EN_COMMENTS = List.of(
      "Got it this morning, setup took 10 minutes, very happy",
      "Wi-Fi 7 makes a real difference in a big flat",
      "Not available in {city} yet according to the Ondyne app",
      "Smaller than the Box 5 and totally silent",
      "8 Gbps symmetric for the same price is wild");
  private static final List<String> FR_SUPPORT = List.of(
      "{to} Bonjour {first} ! La Box Nova est disponible dès aujourd'hui dans l'appli Mon Ondyne, rubrique équipements 😊 ^{agent}",
      "{to} Hello {first}, oui : l'échange de votre Box 5 contre la Box Nova est gratuit pour les clients fibre Ondyne ! ^{agent}");
  private static final List<String> EN_SUPPORT = List.of(
      "{to} Hi {first}! The Box Nova is available today in the Mon Ondyne app, under Equipment 😊 ^{agent}");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public BuzzModel.Shape shape() {
    return BuzzModel.LAUNCH;
  }

  @Override
  public Cascades.Profile profile() {
    return Cascades.LAUNCH;
  }

  @Override
  public List<Featured> featured() {
    return FEATURED;
  }

  @Override
  public List<Thread> threads() {
    return THREADS;
  }

  @Override
  public double[] sourceMix(Lang lang) {
    return lang == Lang.FR ? SOURCE_MIX_FR : SOURCE_MIX_EN;
  }

  @Override
  public String post(Rand rand, long minutes, Lang lang, String source) {
    boolean fr = lang == Lang.FR;
    double x = rand.uniform();
    List<String> templates = x < POSITIVE ? (fr ? FR_POSITIVE : EN_POSITIVE)
        : x < POSITIVE + NEUTRAL ? (fr ? FR_QUESTIONS : EN_QUESTIONS)
        : (fr ? FR_GRUMBLES : EN_GRUMBLES);
    return Phrasebook.fill(rand, rand.pick(templates), lang, source, null, null);
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
