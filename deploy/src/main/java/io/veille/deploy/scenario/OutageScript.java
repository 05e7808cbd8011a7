package io.veille.deploy.scenario;

import java.util.List;

/**
 * What the bad buzz says: a network outage at Ondyne. Its own vocabulary ("panne", "plus de
 * réseau", "#OndyneDown", "service client injoignable", "remboursement"; "outage", "down again",
 * "refund"), by phase, the scripted posts that go viral, and the brand's statements. The everyday
 * {@link Phrasebook} never uses these words, so a detector can explain the spike by them.
 */
final class OutageScript implements EpisodeScript {
  static final OutageScript SCRIPT = new OutageScript();
  static final String NAME = "outage";

  private OutageScript() {}

  static final String HASHTAG = "#OndyneDown";
  /** The terms that grow against the baseline, lower case, as a detector would report them. */
  static final List<String> KEY_TERMS = List.of(
      "#ondynedown", "panne", "plus de réseau", "réseau", "injoignable", "remboursement", "#panneondyne",
      "outage", "down", "refund", "no signal", "unreachable");

  /** Where outage posts go, over {@link Episode#SOURCES}: X first, forums, and no Hacker News in French. */
  private static final double[] SOURCE_MIX_FR = {0.50, 0.18, 0.10, 0.07, 0.12, 0.015, 0.0};
  private static final double[] SOURCE_MIX_EN = {0.48, 0.05, 0.12, 0.08, 0.12, 0.02, 0.10};

  /** The first confused minutes, the angry evening and night, the next morning, and after the recovery. */
  enum Phase { EARLY, PEAK, MORNING, AFTER }

  /** A post that goes viral: when (minutes after the French onset), where, who, what, reshares at scale 1, their mean delay. */
  private static Featured viral(int minutes, String source, String account, Lang lang, String text, int reshares,
      double meanDelayMinutes) {
    return new Featured(minutes, source, account, lang, text, reshares, meanDelayMinutes * 0.7, 12.0, true);
  }

  /** The scripted posts that most people reshared: the truth's viral posts. */
  static final List<Featured> VIRAL = List.of(
      viral(22, "x", "@julesvrn", Lang.FR,
          "Plus de réseau ni d'internet chez moi depuis 20 min… c'est général chez Ondyne ? 👀 #OndyneDown", 420, 45),
      viral(48, "x", "@lefilinfo", Lang.FR,
          "🔴 INFO - Panne géante du réseau Ondyne : appels, SMS et internet coupés dans plusieurs régions. #OndyneDown", 380, 60),
      viral(65, "x", Brand.SUPPORT_FR, Lang.FR,
          "Un incident technique perturbe actuellement nos services mobile et internet. Nos équipes sont mobilisées pour rétablir la situation au plus vite. Toutes nos excuses. #OndyneDown", 160, 50),
      viral(75, "x", "@kevdubrac", Lang.FR,
          "Les clients Ondyne qui redémarrent leur box pour la 14e fois ce soir 🙃 #OndyneDown", 520, 50),
      viral(100, "x", "@maitreconso", Lang.FR,
          "Panne Ondyne : oui, vous pouvez demander un remboursement au prorata de la durée de la coupure. Gardez des preuves (captures, heures). Thread 🧵 #OndyneDown", 260, 110),
      viral(110, "facebook", "Le Fil Info", Lang.FR,
          "Panne géante chez Ondyne : des millions d'abonnés privés de réseau mobile et d'internet, le service client injoignable. Ce que l'on sait.", 240, 90),
      viral(130, "bluesky", "@sarahbenali.bsky.social", Lang.FR,
          "3 heures sans réseau, service client injoignable, et leur dernier post c'est une promo 🤡 #OndyneDown", 150, 60),
      viral(160, "x", "@markellison_tech", Lang.EN,
          "Major outage at French carrier Ondyne: mobile and fibre down across France for hours, emergency calls affected. #OndyneDown", 300, 70),
      viral(190, "x", "@priyainparis", Lang.EN,
          "Ondyne down again?! No signal, no wifi, customer service unreachable. How is this a thing in 2026 #OndyneDown", 240, 60),
      viral(220, "x", "@signalreport", Lang.EN,
          "French carrier Ondyne hit by nationwide outage; millions without mobile service. #OndyneDown", 200, 80),
      viral(250, "bluesky", "@danwhitford.bsky.social", Lang.EN,
          "The Ondyne outage in France is a good reminder: your status page should not be hosted on the network it reports on. #OndyneDown", 110, 90),
      viral(880, "x", "@lefilinfo", Lang.FR,
          "Panne Ondyne : toujours pas de réseau pour de nombreux abonnés ce matin, l'opérateur promet un geste commercial #OndyneDown", 150, 80));

  /** A statement of the brand on X: minutes after the French onset, account, language, text; reshared about 40 times. */
  private static Featured statement(int minutes, String account, Lang lang, String text) {
    return new Featured(minutes, "x", account, lang, text, 40, 40, 3.0, false);
  }

  static final List<Featured> STATEMENTS = List.of(
      statement(185, Brand.HANDLE_FR, Lang.FR,
          "Point de situation 21h : l'incident provient d'un équipement de cœur de réseau. Le rétablissement progressif est en cours. Merci pour votre patience."),
      statement(240, Brand.SUPPORT_EN, Lang.EN,
          "We're aware of an outage affecting mobile and internet services across France. Our teams are working to restore service. Sorry for the disruption."),
      statement(860, Brand.HANDLE_FR, Lang.FR,
          "Le service est rétabli pour 90 % de nos clients. Les derniers foyers concernés retrouveront le réseau dans la matinée. Un geste commercial sera appliqué sur votre prochaine facture."),
      statement(1200, Brand.HANDLE_FR, Lang.FR,
          "Le service est entièrement rétabli. Nous mesurons la gêne occasionnée et vous présentons à nouveau toutes nos excuses. Un geste commercial sera appliqué automatiquement."),
      statement(1230, Brand.HANDLE_EN, Lang.EN,
          "Service is now fully restored. We're sorry for the disruption; a credit will be applied to your next bill automatically."));

  /** The French and English discussion threads that collect comments. */
  static final List<Thread> THREADS = List.of(
      new Thread(35, "reddit", "france", Lang.FR,
          "[Mégathread] Panne Ondyne : plus de réseau ni d'internet\n\nOn centralise ici. Précisez votre ville et ce qui marche (mobile, fibre, fixe). #OndyneDown"),
      new Thread(170, "reddit", "paris", Lang.EN,
          "Ondyne outage megathread\n\nNo signal and no internet for a lot of us since 6pm. Post your area and what's working."),
      new Thread(175, "hackernews", null, Lang.EN,
          "Ondyne (French ISP) outage: mobile and fibre down nationwide"));

  private static final List<String> FR_EARLY = List.of(
      "C'est moi ou plus de réseau chez {brand} ?",
      "Plus d'internet ni de réseau d'un coup, vous aussi {at} ?",
      "Box qui clignote rouge et plus de 4G, il se passe quoi {at} ?",
      "plus de réseau à {city} là, c'est général ?",
      "Appel coupé en plein milieu et plus de réseau depuis, chez {brand} aussi ?",
      "Panne {brand} ? Plus rien qui passe ici",
      "Plus de réseau, plus de wifi… {brand} vous avez une panne ?",
      "Quelqu'un chez {brand} à {city} ? Plus de réseau depuis 10 min");
  private static final List<String> FR_PEAK = List.of(
      "Toujours plus de réseau ni d'internet. {at} c'est pour quand ? #OndyneDown",
      "Panne générale chez {brand}, service client injoignable évidemment 🤡 #OndyneDown",
      "{wait} d'attente au service client pour entendre « nous rencontrons un incident ». Merci {at} #OndyneDown",
      "Je télétravaille demain, plus de réseau, plus de fibre, je fais comment ? #OndyneDown",
      "Je veux un remboursement pour cette panne {at}, c'est inadmissible #OndyneDown",
      "Impossible d'appeler les urgences avec {brand} ce soir, vous vous rendez compte ?? #OndyneDown",
      "Plus de réseau depuis 18h à {city}. Aucune info. #OndyneDown",
      "La panne {brand} dure depuis des heures et pas un mot clair sur leur compte. Com de crise niveau 0",
      "#OndyneDown ça fait des heures que mes parents n'ont plus ni fixe ni portable",
      "Je résilie dès que le réseau revient. Panne + service client injoignable = fin de l'histoire {at} #OndyneDown",
      "On exige un remboursement pour la panne {brand}. #OndyneDown #PanneOndyne",
      "Toute la famille sur le partage de connexion du seul forfait {competitor} de la maison 😂 #OndyneDown",
      "Plus de réseau, plus de télé, plus d'internet. {brand} vous êtes où ?? #PanneOndyne",
      "Service client injoignable, appli qui charge pas, site en rade. Belle gestion de la panne {at}",
      "Nuuuul. Panne géante et zéro communication. #OndyneDown",
      "Panne {brand} : même les SMS passent plus. On est en 2026 #OndyneDown",
      "le service client {brand} est injoignable depuis 2h, on fait comment ?? #PanneOndyne",
      "Ma box redémarre en boucle, plus de réseau sur le tel, c'est la panne totale chez {brand} #OndyneDown",
      "J'ai passé la soirée à redémarrer ma box pour rien, c'était une panne générale 🤦 #OndyneDown",
      "Remboursement intégral du mois, c'est le minimum {at} #OndyneDown");
  private static final List<String> FR_MORNING = List.of(
      "Toujours pas de réseau ce matin, {brand} vous abusez #OndyneDown",
      "Réveil sans réseau ni internet. Panne toujours pas réglée chez {brand}. Je vais bosser comment ?",
      "Le réseau revient petit à petit à {city}, mais toujours pas d'internet sur la box #OndyneDown",
      "Pas de réseau pour le télétravail ce matin, merci {at} #OndyneDown",
      "Service client toujours injoignable ce matin pour parler du remboursement #PanneOndyne",
      "Nuit sans réseau, matin sans réseau. Panne {brand} jour 2 #OndyneDown");
  private static final List<String> FR_AFTER = List.of(
      "Le réseau est revenu ! Maintenant on attend le remboursement {at} #OndyneDown",
      "Un geste commercial pour la panne d'hier ? Un jour offert ? Sérieusement {at} 🤡",
      "{n}h de panne et on nous propose un avoir de 5€. Et le remboursement ? #OndyneDown",
      "Bilan de la panne {brand} : une nuit sans réseau, 2h au téléphone, 0 explication",
      "La panne d'hier m'a fait rater un entretien. Merci {brand}. Réclamation envoyée.",
      "Plainte collective contre {brand} après la panne, qui est partant ? #OndyneDown",
      "Après la panne d'hier je regarde les offres de {competitor}, désolé {brand}",
      "Toujours pas de réponse à ma demande de remboursement pour la panne {at} #PanneOndyne");
  private static final List<String> EN_EARLY = List.of(
      "Is {brand} down? No signal and no internet here in {city} #OndyneDown",
      "No signal, no wifi. {brand} outage or just me?",
      "{brand} down again?! No signal and the box is blinking red #OndyneDown");
  private static final List<String> EN_PEAK = List.of(
      "{brand} down again?! No signal, no wifi, customer service unreachable #OndyneDown",
      "Massive outage at {brand} tonight, the whole of France apparently. #OndyneDown",
      "Been without mobile and internet for hours, {at} any ETA?? #OndyneDown",
      "{brand} outage: can't even call emergency services. This is serious. #OndyneDown",
      "Can't reach {brand} support and the status page won't load either. #OndyneDown",
      "Anyone else in {city} hit by the {brand} outage? Expat group chat is on fire #OndyneDown",
      "Working remotely from France on an {brand} connection. Currently tethering from a café. #OndyneDown",
      "Down again. Third time this year. I want a refund {at} #OndyneDown",
      "The {brand} outage has been going on for hours now. Zero updates in English. #OndyneDown",
      "My French in-laws have no phone at all because of the {brand} outage #OndyneDown");
  private static final List<String> EN_MORNING = List.of(
      "Still no signal this morning. {brand} outage day 2 #OndyneDown",
      "Signal coming back in {city} after the {brand} outage, internet still down",
      "Woke up to no internet again. {brand}, seriously? #OndyneDown");
  private static final List<String> EN_AFTER = List.of(
      "{brand} offering a €5 credit for a {n}-hour outage. I'd like a proper refund please #OndyneDown",
      "Service is back. Still waiting on that refund, {at} #OndyneDown",
      "After yesterday's outage I'm shopping around. {competitor} anyone? #OndyneDown");
  private static final List<String> FR_NEWS = List.of(
      "Panne géante chez {brand} : des milliers de clients privés de réseau mobile et d'internet",
      "{brand} : une panne massive touche le réseau mobile et la fibre dans toute la France",
      "Panne {brand} : le service client injoignable, les abonnés exaspérés",
      "Panne {brand} : l'opérateur évoque un « incident sur un équipement de cœur de réseau »",
      "Panne {brand} : quels recours et quel remboursement pour les abonnés ?",
      "Panne {brand} : les appels d'urgence perturbés, le gouvernement demande des explications");
  private static final List<String> FR_NEWS_AFTER = List.of(
      "Panne {brand} : le réseau revient progressivement, l'opérateur promet un geste commercial",
      "Après la panne géante, {brand} promet un geste commercial à tous ses abonnés",
      "Panne {brand} : quels recours et quel remboursement pour les abonnés ?");
  private static final List<String> EN_NEWS = List.of(
      "French carrier {brand} hit by nationwide outage affecting mobile and fibre customers",
      "{brand} outage: millions in France without mobile service, emergency calls disrupted",
      "{brand} blames core network equipment failure for France-wide outage");
  private static final List<String> EN_NEWS_AFTER = List.of(
      "{brand} restores service after day-long outage, promises compensation",
      "After the outage: what {brand} customers in France can claim");
  private static final List<String> FR_COMMENTS = List.of(
      "Pareil à {city}, plus rien depuis 18h",
      "Ici aussi, box rouge et plus de réseau",
      "Le service client sonne dans le vide",
      "Quelqu'un a une info officielle ? Leur compte dit juste « incident en cours »",
      "Pour le remboursement, l'UFC dit que c'est au prorata de la coupure",
      "{city} : mobile OK depuis 5 min, fibre toujours en panne",
      "Même les appels d'urgence passent pas, c'est grave là",
      "Je suis chez {competitor}, tout marche, courage à vous");
  private static final List<String> EN_COMMENTS = List.of(
      "Same in {city}, nothing since 6pm",
      "Ondyne is one of the big French ISPs, so this is a huge chunk of the country offline. Probably core routing.",
      "Bad config push, my money is on a config push. It always is.",
      "Their status page is hosted on their own network, so it's down too. Classic.",
      "Emergency calls failing is the really serious part, the regulator will be all over this.",
      "Reminds me of the Rogers outage in Canada in 2022.",
      "Mobile is back in {city}, fibre still down",
      "No official word in English yet, their French account says 'incident en cours'");
  private static final List<String> FR_SUPPORT = List.of(
      "{to} Bonjour {first}, un incident technique touche actuellement nos services. Nos équipes sont mobilisées, toutes nos excuses. ^{agent}",
      "{to} Bonjour, nous sommes désolés : l'incident est en cours de résolution. Un geste commercial sera proposé. ^{agent}");
  private static final List<String> EN_SUPPORT = List.of(
      "{to} Hi {first}, we're aware of the outage and working on it. Sorry for the disruption. ^{agent}");

  /** The phase at {@code minutes} after the onset of this language's wave. */
  static Phase phase(long minutes) {
    return minutes < 40 ? Phase.EARLY : minutes < 12 * 60 ? Phase.PEAK : minutes < 15 * 60 ? Phase.MORNING : Phase.AFTER;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public BuzzModel.Shape shape() {
    return BuzzModel.OUTAGE;
  }

  @Override
  public Cascades.Profile profile() {
    return Cascades.OUTAGE;
  }

  @Override
  public List<Featured> featured() {
    List<Featured> all = new java.util.ArrayList<>(VIRAL);
    all.addAll(STATEMENTS);
    return all;
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
    Phase phase = phase(minutes);
    List<String> templates = lang == Lang.FR
        ? switch (phase) { case EARLY -> FR_EARLY; case PEAK -> FR_PEAK; case MORNING -> FR_MORNING; case AFTER -> FR_AFTER; }
        : switch (phase) { case EARLY -> EN_EARLY; case PEAK -> EN_PEAK; case MORNING -> EN_MORNING; case AFTER -> EN_AFTER; };
    String t = Phrasebook.fill(rand, rand.pick(templates), lang, source, null, null);
    return rand.chance(0.2) && Character.isUpperCase(t.charAt(0)) ? Character.toLowerCase(t.charAt(0)) + t.substring(1) : t;
  }

  @Override
  public String news(Rand rand, long minutes, Lang lang) {
    Phase phase = phase(minutes);
    boolean after = phase == Phase.MORNING || phase == Phase.AFTER;
    List<String> templates = lang == Lang.FR ? (after ? FR_NEWS_AFTER : FR_NEWS) : (after ? EN_NEWS_AFTER : EN_NEWS);
    return Phrasebook.fill(rand, rand.pick(templates), lang, "rss", null, null);
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
