package io.veille.deploy.scenario;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everyday conversation about the brand, in French and English: templates per topic with slots
 * ({brand}, {product}, {city}, {pos} for a happy emoji...) filled at random, plus the small
 * decorations of social media (a hashtag, an emoji, no capital letter). The bad buzz has its own
 * words in {@link OutageScript}; nothing here says "panne générale" or "#OndyneDown".
 */
final class Phrasebook {

  enum Topic { PRAISE, COMPLAINT, QUESTION, CHATTER, COMPETITOR, DEAL, BRAND_POST, NEWS, NOISE, TECH, FORUM_POST, COMMENT, SUPPORT_REPLY }

  private static final Map<Topic, Map<Lang, List<String>>> TEMPLATES = new EnumMap<>(Topic.class);

  private static void put(Topic topic, Lang lang, String... templates) {
    TEMPLATES.computeIfAbsent(topic, t -> new EnumMap<>(Lang.class)).put(lang, List.of(templates));
  }

  static {
    put(Topic.PRAISE, Lang.FR,
        "Passé chez {brand} il y a un mois, franchement rien à redire {pos}",
        "merci {support} au top ! problème réglé en 10 min {pos}",
        "{Product} c'est le jour et la nuit avec mon ancien opérateur",
        "Installation de la fibre {brand} ce matin, technicien super sympa et {speed} en download {pos}",
        "Je râle souvent mais là {at} assure, {product} nickel",
        "Bon j'avoue, l'appli Mon Ondyne est bien foutue",
        "Le service client {brand} m'a rappelé dans l'heure. Comme quoi ça arrive ! {pos}",
        "{speed} sur la fibre {brand}, j'ai jamais vu ça chez moi {pos} #fibre",
        "Ça fait {n} ans que je suis chez {brand} et toujours aucun souci, je recommande",
        "Roaming inclus en {country} avec {brand}, j'ai même pas eu à y penser {pos}",
        "trop contente de ma nouvelle box {brand} {pos}{pos}",
        "Petit big up à {support} qui a géré mon changement d'adresse en 2 minutes",
        "La 5G {brand} à {city} est vraiment bonne, impressionnée",
        "{Product} à ce prix-là, y'a pas mieux en ce moment",
        "Franchement {at} vous avez bien bossé sur la nouvelle appli, c'est fluide {pos}",
        "Ma mère a enfin un forfait qu'elle comprend, merci {brand} 😂",
        "Je viens de résilier {competitor} pour {brand}, et j'aurais dû le faire avant",
        "Conseiller en boutique {brand} à {city} au top, patient et pas du tout commercial",
        "Zéro coupure depuis l'install il y a {n} mois, {brand} je vous aime {pos}",
        "le wifi de la Box 5 passe enfin jusqu'au fond du jardin 🙌",
        "J'étais sceptique mais {product} vaut vraiment le coup",
        "Colis reçu en 24h avec la box, branchée, ça marche. Parfait {at}",
        "Service client {brand} : 5 étoiles. Oui oui, c'est possible {pos}");
    put(Topic.PRAISE, Lang.EN,
        "Switched to {brand} last month and honestly no complaints {pos}",
        "Shoutout to {support}, sorted my issue in 10 minutes {pos}",
        "{speed} on {brand} fibre in a Paris flat, not bad at all {pos}",
        "{Product} is actually great value, didn't expect that",
        "Got my French SIM from {brand} in 15 minutes, the shop staff even spoke English {pos}",
        "Credit where it's due: {at} support was quick and friendly today",
        "Been with {brand} for {n} years as an expat in {city}, never had a real problem",
        "The {brand} app is surprisingly well designed, everything in English too",
        "Roaming in the UK included with {brand}, lovely surprise {pos}",
        "Just moved to {city} and {brand} had my fibre installed within a week, impressed",
        "My {brand} wifi finally reaches the balcony {pos}",
        "Cancelled {competitor} and went with {brand}, should have done it sooner",
        "{brand} customer service actually called me back. Wild. {pos}");
    put(Topic.COMPLAINT, Lang.FR,
        "Ça fait 3 semaines que j'attends le technicien {brand}, c'est pas terrible...",
        "{at} ma box redémarre toute seule 4 fois par soir, vous comptez faire quelque chose ? {neg}",
        "Le débit de {product} ce soir c'est nuuuul {neg}",
        "Encore une hausse de {price} sur mon forfait {brand} sans prévenir. Sympa.",
        "{support} ça fait {wait} que je suis en attente au téléphone, sérieux ?",
        "Facture {brand} à {price} de plus ce mois-ci et personne sait m'expliquer pourquoi {neg}",
        "L'appli Mon Ondyne plante dès que je veux voir ma conso, bravo {neg}",
        "franchement {brand} c'est plus ce que c'était",
        "Je paie la fibre {brand} pour avoir {slow} le soir. C'est une blague ?",
        "Ma box {brand} est en panne depuis hier, on me propose un échange sous 10 jours... {neg}",
        "Toujours pas reçu mon remboursement du mois de septembre {at} 🙄",
        "Le wifi de la Box 5 qui décroche toutes les 10 minutes, c'est un sport",
        "Ondyne TV qui rame pendant le match, évidemment {neg}",
        "3e fois que j'explique mon problème à un conseiller différent {brand}, j'en peux plus",
        "La 5G {brand} à {city} ? Même pas la 4G dans mon quartier {neg}",
        "Résiliation chez {brand} : un parcours du combattant. On vous tient par le portefeuille hein",
        "{at} vous pouvez arrêter de m'appeler pour me vendre une box que j'ai déjà ?",
        "Mon forfait {brand} affiche hors forfait alors que j'ai rien fait, on m'explique ?",
        "Le décodeur {brand} qui met 2 minutes à s'allumer, en 2026 {neg}",
        "Rdv technicien {brand} annulé pour la 2e fois le matin même. Merci pour le jour de congé posé 👍",
        "C'est moi ou le débit {brand} baisse tous les soirs vers 21h ?",
        "j'ai demandé la portabilité depuis {competitor} il y a 10 jours et toujours rien {neg}");
    put(Topic.COMPLAINT, Lang.EN,
        "{at} my box keeps rebooting every evening, any fix for this? {neg}",
        "{brand} fibre speeds tonight are a joke, {slow} {neg}",
        "Been on hold with {brand} for {wait}, still nothing",
        "Why did my {brand} bill go up by {price} without any notice?",
        "The {brand} app crashes every time I try to check my data usage {neg}",
        "Third technician appointment cancelled by {brand}. I took a day off for this.",
        "Cancelling {brand} is a nightmare, they make it so hard on purpose",
        "Wifi on the {brand} Box 5 drops every 10 minutes, great for video calls {neg}",
        "{brand} 5G in {city}? Barely get 4G in my street",
        "Trying to get a refund from {brand} for an overcharge since September. Nothing.",
        "Dear {at}, please stop calling me to sell me things I already have",
        "Porting my number from {competitor} to {brand} has taken 10 days so far {neg}");
    put(Topic.QUESTION, Lang.FR,
        "Quelqu'un a testé {product} ? ça vaut le coup ?",
        "{support} bonjour, comment on change le mot de passe wifi sur la Box 5 ?",
        "Vous êtes chez qui pour la fibre ? J'hésite entre {brand} et {competitor}",
        "Est-ce que le forfait {brand} marche bien en {country} ? je pars la semaine pro",
        "{at} c'est normal que ma box clignote en orange ?",
        "Des avis sur la fibre {brand} à {city} ?",
        "Comment on récupère son code RIO chez {brand} déjà ?",
        "Question bête : la box {brand} fait aussi répéteur wifi ou faut acheter le truc à côté ?",
        "Quelqu'un sait si {brand} propose l'eSIM pour les montres ?",
        "{support} je déménage le 15, je fais comment pour transférer ma ligne ?",
        "Vous avez eu la hausse de prix {brand} vous aussi ou c'est que moi ?",
        "Ondyne TV ça vaut quoi par rapport à {competitor} ?",
        "Le forfait à 9,99€ de {brand} c'est vraiment sans engagement ?",
        "Des gens chez {brand} qui ont le décodeur TV ? Il chauffe beaucoup chez vous ?");
    put(Topic.QUESTION, Lang.EN,
        "Anyone in {city} with {brand} fibre? Worth it?",
        "{support} how do I change the wifi password on the Box 5?",
        "Moving to France next month, is {brand} a good option for an English speaker?",
        "Does the {brand} plan work in the UK without extra charges?",
        "{at} is it normal that my box blinks orange?",
        "{brand} or {competitor} for a student in {city}? Mostly need mobile data",
        "Does {brand} support eSIM on the Apple Watch?",
        "Anyone know how to get your RIO code from {brand} to switch providers?");
    put(Topic.CHATTER, Lang.FR,
        "La pub {brand} avec le chien qui danse, je la vois 15 fois par jour 😂",
        "Mon père vient de découvrir l'appli Mon Ondyne. Il m'appelle toutes les 5 minutes.",
        "Bon ben me voilà chez {brand} maintenant, on verra bien",
        "Le stand {brand} au salon de {city} avait des goodies sympas",
        "{brand} sponsorise le club de basket de {city} maintenant ? Je savais pas",
        "Ils ont refait la boutique {brand} de {city}, c'est tout blanc maintenant",
        "Ma coloc est chez {brand}, moi chez {competitor}, on compare nos débits tous les soirs 😅",
        "Le nouveau logo {brand} vous en pensez quoi ?",
        "Recu le courrier {brand} pour la box, rdv installation jeudi",
        "Réunion de famille : le débat {brand} vs {competitor} est relancé",
        "J'ai croisé la camionnette {brand} dans ma rue, enfin la fibre ?",
        "Carte SIM {brand} reçue, portabilité prévue demain");
    put(Topic.CHATTER, Lang.EN,
        "That {brand} ad with the dancing dog is everywhere in Paris {pos}",
        "Signed up with {brand} today, let's see how it goes",
        "The {brand} shop near my place in {city} got a makeover",
        "Flatmate is on {brand}, I'm on {competitor}, the speed test wars continue",
        "Got my {brand} SIM in the post, porting my number tomorrow",
        "French telecoms are a different world. Anyway, I'm with {brand} now");
    put(Topic.COMPETITOR, Lang.FR,
        "{competitor} ou {brand} pour la fibre ? j'ai besoin d'avis",
        "Passé de {brand} à {competitor} : moins cher mais le service client est pire",
        "{competitor} baisse ses prix, {brand} va suivre vous pensez ?",
        "Test de débit chez moi : {brand} {speed}, {competitor} à peine la moitié",
        "Je compare {brand}, {competitor} et Mobéa depuis une heure, j'ai mal à la tête",
        "{competitor} me propose 6 mois offerts pour quitter {brand}, je craque ?");
    put(Topic.COMPETITOR, Lang.EN,
        "{competitor} or {brand} for fibre in {city}? Need advice",
        "Left {brand} for {competitor}: cheaper, but support is worse",
        "Speed test at home: {brand} {speed}, {competitor} about half that");
    put(Topic.DEAL, Lang.FR,
        "🔥 Bon plan : {product} {brand} à -50% pendant 1 an, jusqu'à dimanche",
        "Vente privée {brand} : forfait 5G 100 Go à 9,99€/mois, sans engagement #bonplan",
        "Box {brand} à 19,99€ les 6 premiers mois, ça vaut le coup ? #bonplan",
        "Code promo {brand} qui traîne : 3 mois de Ondyne TV offerts");
    put(Topic.DEAL, Lang.EN,
        "Deal: {brand} 5G 100GB plan for €9.99/month, no commitment",
        "{brand} fibre at €19.99 for 6 months, decent deal for {city}");
    put(Topic.BRAND_POST, Lang.FR,
        "📢 Nouveau : le forfait 5G 100 Go passe à 130 Go, sans changer de prix. Merci de votre fidélité {pos}",
        "Le saviez-vous ? Avec l'appli Mon Ondyne, suivez votre conso en temps réel 📱",
        "Ce week-end, rendez-vous dans nos boutiques de {city} pour découvrir la Box 5 ✨",
        "La fibre Ondyne arrive dans {n}0 nouvelles communes ce mois-ci 🚀",
        "Besoin d'aide ? Notre équipe {support} vous répond 7j/7 de 8h à 22h",
        "Ondyne TV : 15 nouvelles chaînes incluses dès lundi 📺",
        "Jeu concours 🎁 : tentez de gagner une Box 5 en commentant avec votre meilleure astuce wifi !");
    put(Topic.BRAND_POST, Lang.EN,
        "New: our 5G 100GB plan now comes with 130GB at the same price {pos}",
        "Need help in English? {support} is here every day, 8am-10pm",
        "Welcome to France! Get your Ondyne SIM in any of our shops in {city}");
    put(Topic.NEWS, Lang.FR,
        "Télécoms : {brand} revendique {n}00 000 nouveaux abonnés fibre au troisième trimestre",
        "{brand} annonce une hausse de {price} sur certains forfaits à partir de janvier",
        "Fibre : {brand} et {competitor} s'affrontent sur le terrain des prix",
        "Classement des débits : {brand} troisième, {competitor} en tête",
        "{brand} ouvre un nouveau centre de relation client à {city}",
        "Le PDG d'{brand} défend sa stratégie face à l'arrivée de Mobéa",
        "Enquête : le service client des opérateurs, {brand} dans la moyenne",
        "{brand} teste la 5G en bande 26 GHz à {city}",
        "Les box internet les plus économes en énergie : la Box 5 d'{brand} bien placée",
        "{brand} recrute {n}00 techniciens fibre d'ici l'été, dont une partie à {city}",
        "Forfaits mobiles : {brand} lance une offre à {price} de moins pour les moins de 26 ans",
        "{brand} et {competitor} signent un accord de partage de réseau dans les zones rurales",
        "Résultats trimestriels : le chiffre d'affaires d'{brand} progresse de {n} %",
        "Fibre à {city} : {brand} promet le raccordement de {n}0 000 foyers supplémentaires",
        "Télévision : {brand} ajoute {n} chaînes à son offre Ondyne TV",
        "{brand} condamné à rembourser des frais de résiliation jugés abusifs par l'UFC",
        "Box internet : {brand} présente une Box 6 compatible Wi-Fi 7 pour le printemps");
    put(Topic.NEWS, Lang.EN,
        "French carrier {brand} adds {n}00,000 fibre subscribers in Q3",
        "{brand} to raise some plan prices by {price} from January",
        "Price war in France: {brand} and {competitor} cut fibre prices",
        "{brand} tests 26 GHz 5G in {city}",
        "Which French mobile operator is best for expats? {brand}, {competitor} and Mobéa compared",
        "{brand} revenue up {n}% as fibre growth offsets mobile price war",
        "{brand} and {competitor} agree to share rural mobile masts",
        "{brand} previews Wi-Fi 7 Box 6 for spring launch",
        "{brand} to hire {n}00 fibre technicians, many in {city}");
    put(Topic.NOISE, Lang.FR,
        "Ma fille Ondyne a fait ses premiers pas aujourd'hui 🥹",
        "Le ballet « Ondyne » à l'Opéra de {city} ce soir, magnifique {pos}",
        "Sortie en mer sur l'Ondyne ce week-end, mer d'huile ⛵",
        "Les nageuses du club des Ondynes de {city} championnes régionales ! 🏊‍♀️",
        "Quelqu'un connaît le parfum Ondyne de Maison Lérac ? On me l'a offert",
        "Notre chatte Ondyne a encore volé le jambon 😾",
        "Rue de l'Ondyne fermée à la circulation demain pour travaux",
        "Relu « Ondyne et le lac gelé » avec les enfants, toujours aussi beau",
        "Ondyne, prénom d'origine germanique : fête le 12 juin, si vous cherchez des idées",
        "Expo « Ondyne et les naïades » au musée de {city} jusqu'en janvier, à voir",
        "Le voilier Ondyne a gagné la régate de {city} dimanche 🏆",
        "On a appelé la chienne Ondyne, les enfants ont voté 🐶",
        "Concert de la chorale Ondyne samedi à l'église de {city}, entrée libre",
        "Le gîte « L'Ondyne » près de {city}, super week-end, je recommande");
    put(Topic.NOISE, Lang.EN,
        "Finally beat Ondyne, the water spirit boss in Tidefall. Took me 40 tries",
        "The yacht Ondyne just came into the harbour at Nice, what a boat ⛵",
        "New single \"Ondyne\" by The Pale Lanterns is on repeat today",
        "Baby name shortlist: Ondyne, Margaux, Elise. Thoughts?",
        "Ondyne skincare serum review: nice texture, way overpriced",
        "Ondyne from the Tidefall DLC is the hardest boss in the game, change my mind",
        "Reading \"Ondyne of the Frozen Lake\" to my kids for the {n}th time",
        "Our new puppy is called Ondyne, the kids insisted 🐶",
        "The Ondyne sailing team just won the {city} regatta");
    put(Topic.TECH, Lang.EN,
        "Ondyne's fibre network is mostly GPON with a 10G-PON rollout in big cities, if anyone's curious",
        "French ISPs give you a public IPv4 and IPv6 by default, Ondyne included. Spoiled compared to the US.",
        "The Ondyne Box 5 runs a Linux-based firmware; someone got a shell on it through the UART port last year",
        "Interesting that {brand} still does CGNAT on mobile but not on fibre",
        "I pay €29 for symmetric 1 Gbit with {brand} in {city}. Fibre in France is absurdly cheap.",
        "Anyone know if {brand} peers directly at France-IX? Latency to Paris is great here",
        "The Ondyne TV box is an Android TV fork, works fine with a custom launcher",
        "{brand} published their transparency report, interesting numbers on lawful intercept requests");
    put(Topic.TECH, Lang.FR,
        "La Box 5 d'{brand} gère enfin le mode bridge correctement depuis la dernière mise à jour",
        "Pour info {brand} fournit une IPv6 fixe avec un /56, pratique pour l'auto-hébergement",
        "Quelqu'un a réussi à remplacer la box {brand} par un routeur perso en fibre ?");
    put(Topic.FORUM_POST, Lang.FR,
        "[Fibre] Mon retour après {n} mois chez {brand} à {city}\n\nGlobalement content : {speed} en filaire, quelques micro-coupures au début réglées par un changement de box. Service client long à joindre mais efficace. Posez vos questions !",
        "Hausse de prix {brand} : vous partez ou vous restez ?\n\nJe viens de recevoir le mail, +{price}/mois. {competitor} fait moins cher mais j'ai peur de perdre en qualité. Vous faites quoi ?",
        "Box {brand} qui chauffe énormément, normal ?\n\nElle est brûlante au toucher le soir, dans un meuble ouvert pourtant. Quelqu'un a eu le problème à {city} ?",
        "Conseil opérateur pour étudiant à {city}\n\nJ'hésite entre {brand} et {competitor}, surtout pour le mobile. Budget 15€ max.",
        "Résilier {brand} sans frais après un déménagement ?\n\nJe pars dans une zone pas fibrée, le service client me dit que je dois payer les {n} mois restants. C'est légal ?",
        "{brand} ou {competitor} pour une famille de {n} ?\n\nOn a besoin de la fibre et de {n} lignes mobiles. Les offres se valent, donc c'est le service qui va décider.",
        "Installation fibre {brand} à {city} : ça se passe comment ?\n\nLe technicien vient dans {n} jours. Il faut prévoir quoi ? Ça prend la journée ?",
        "Débit {brand} divisé par deux le soir à {city}, normal ?\n\n{speed} le matin, beaucoup moins vers 21h. Je suis en Box 5, en filaire.");
    put(Topic.FORUM_POST, Lang.EN,
        "Six months with {brand} in {city} as an expat, AMA\n\nFibre is fast ({speed}), support is slow but they have English speakers if you ask. Happy overall.",
        "Which French mobile carrier for a {n}-month stay?\n\nLooking at {brand} and {competitor}. Mostly need data and calls to the UK.",
        "{brand} charged me {price} twice this month, how do I dispute it?\n\nMy French is basic and the phone menu is a maze. Any tips?",
        "Setting up {brand} fibre in {city}: what to expect?\n\nTechnician comes on day {n}. Do I need to be home all day? Anything I should prepare?",
        "{brand} vs {competitor} for a family of {n} in {city}\n\nWe need fibre plus a few mobile lines. Current quotes are close, so service quality decides.",
        "Getting my deposit back from {brand} after leaving France\n\nReturned the box {n} weeks ago, still waiting. Is this normal?");
    put(Topic.COMMENT, Lang.FR,
        "Pareil chez moi, aucun souci depuis {n} ans",
        "Chez moi c'est l'inverse, service client au top mais débit moyen",
        "Tente de redémarrer la box en débranchant 30 secondes, ça a marché pour moi",
        "Je suis chez {competitor}, pas mieux honnêtement",
        "Regarde du côté de l'UFC, ils ont une lettre type pour ça",
        "+1, même problème à {city}",
        "Pour le prix ça reste correct",
        "Passe par le chat dans l'appli, c'est beaucoup plus rapide que le téléphone",
        "J'ai eu exactement ça il y a {n} mois, changement de box et plus rien",
        "À {city} la fibre {brand} marche très bien, après ça dépend des quartiers",
        "Envoie un recommandé, c'est le seul truc qui les fait bouger",
        "Moi je suis passé chez {competitor} l'an dernier, aucun regret",
        "Ça dépend vraiment des zones, chez mes parents c'est catastrophique",
        "Le support sur {at} répond assez vite en général",
        "Vérifie que t'es pas en wifi 2,4 GHz, ça change tout",
        "Si t'es encore sous engagement, négocie plutôt que de partir",
        "Ils m'ont fait un geste de {price} sur la facture après avoir râlé",
        "Perso j'ai {speed} en filaire, en wifi c'est une autre histoire");
    put(Topic.COMMENT, Lang.EN,
        "Same here, no issues for {n} years",
        "Try unplugging the box for 30 seconds, fixed it for me",
        "I'm with {competitor}, not better honestly",
        "Use the chat in the app, much faster than calling",
        "+1, same problem in {city}",
        "For the price it's still decent",
        "Had exactly this {n} months ago, they swapped the box and it's been fine",
        "Send a registered letter, it's the only thing that works with French telcos",
        "Depends a lot on the area, {city} is great for me",
        "Ask for someone who speaks English, they do have them",
        "Moved to {competitor} last year, no regrets",
        "Check you're not on the 2.4 GHz wifi, makes a huge difference",
        "I get {speed} wired, wifi is another story");
    put(Topic.SUPPORT_REPLY, Lang.FR,
        "{to} Bonjour {first}, désolés pour la gêne. Pouvez-vous nous écrire en MP avec votre numéro de contrat ? On regarde ça. ^{agent}",
        "{to} Bonjour, merci pour votre message ! Un conseiller vous recontacte dans la journée. ^{agent}",
        "{to} Hello {first} ! Merci pour ce retour, ça fait plaisir à toute l'équipe 😊 ^{agent}",
        "{to} Bonjour, avez-vous essayé de redémarrer la box (débrancher 30 s) ? Sinon écrivez-nous en privé. ^{agent}",
        "{to} Bonjour {first}, nous sommes navrés de ce délai. Je vous envoie un MP pour avancer. ^{agent}");
    put(Topic.SUPPORT_REPLY, Lang.EN,
        "{to} Hi {first}, sorry about this. Could you DM us your account number? We'll take a look. ^{agent}",
        "{to} Thanks for the kind words, {first}! ^{agent}",
        "{to} Hi, have you tried restarting the box (unplug for 30s)? If not, DM us and we'll help. ^{agent}");
  }

  private static final String[] POS_FR = {"👍", "😍", "🙏", "👌", "💪", "🥰", "✨", ":)", "😊", "🔥"};
  private static final String[] NEG_FR = {"😡", "🙄", "😤", "😒", "🤬", "😩", ":(", "👎", "🤡", "😑"};
  private static final String[] TAGS_FR = {"#fibre", "#box", "#Ondyne", "#forfait", "#telecom", "#galère", "#5G", "#wifi"};
  private static final String[] TAGS_EN = {"#fibre", "#France", "#Ondyne", "#expatlife", "#5G", "#wifi", "#telecom"};
  private static final String[] SPEEDS = {"940 Mb/s", "1,2 Gb/s", "850 Mb/s", "2 Gb/s", "600 Mb/s", "7 Gb/s"};
  private static final String[] SPEEDS_EN = {"940 Mbps", "1.2 Gbps", "850 Mbps", "2 Gbps", "600 Mbps"};
  private static final String[] SLOW = {"3 Mb/s", "12 Mb/s", "à peine 20 Mb/s", "5 Mb/s"};
  private static final String[] SLOW_EN = {"3 Mbps", "12 Mbps", "barely 20 Mbps"};
  private static final String[] PRICES = {"2€", "3€", "4€", "5€"};
  private static final String[] WAITS_FR = {"45 min", "1h", "1h20", "35 minutes", "50 min"};
  private static final String[] WAITS_EN = {"45 minutes", "an hour", "over an hour", "35 minutes"};
  private static final String[] AGENTS = {"Léa", "Malik", "Sandra", "Tom", "Inès", "Yohan", "Clémence", "Paul"};
  private static final String[] OPENERS_FR = {
      "Bon, ", "Franchement, ", "Sérieux, ", "Alors ", "Perso ", "Honnêtement, ", "Bref, ", "Hmm ", "Au fait, ",
      "Bon ben ", "Ok alors ", "Petit thread : ", "Dites, ", "Juste pour dire : "};
  private static final String[] CLOSERS_FR = {
      " mdr", " lol", " 😅", " voilà voilà", " bref.", " (encore)", " #jdcjdr", " ptdr", "…", " !!", " 🤷", " je dis ça je dis rien",
      " merci d'avance", " on verra bien", " voilà"};
  private static final String[] OPENERS_EN = {
      "Honestly ", "Ok so ", "PSA: ", "Not gonna lie, ", "So ", "Update: ", "Hot take: ", "Genuinely ", "Well, ", "Fun fact: "};
  private static final String[] CLOSERS_EN = {" lol", " 🙃", " tbh", " smh", " fml", "...", " !!", " 🤷", " ngl", " cheers", " anyway"};
  private static final String[] PEOPLE_CONTEXT_FR = {
      "À {city},", "Ici à {city},", "Depuis {city},", "Chez moi à {city},", "Côté {city},", "De mon côté à {city},",
      "Au bureau à {city},", "Chez mes parents à {city},", "En déplacement à {city},", "Dans mon quartier à {city},"};
  private static final String[] PEOPLE_CONTEXT_EN = {
      "Here in {city},", "In {city},", "Over in {city},", "From {city},", "At home in {city},", "Visiting {city},",
      "At the office in {city},"};
  private static final String[] MEDIA_CONTEXT_FR = {
      "{city} :", "Télécoms |", "Économie :", "En bref :", "Flash éco :", "Régions ({city}) :", "À la une :"};
  private static final String[] MEDIA_CONTEXT_EN = {"{city}:", "Telecoms:", "Business |", "In brief:", "Europe tech:", "France ({city}):"};
  private static final String[] BRAND_CONTEXT_FR = {"Clients de {city} :", "{city} :", "Info clients :", "À {city} et partout en France :"};
  private static final String[] BRAND_CONTEXT_EN = {"Customers in {city}:", "{city}:", "Heads-up:"};
  private static final Pattern SLOT = Pattern.compile("\\{([A-Za-z]+)}");

  private Phrasebook() {}

  /** A fresh text on a topic, for a post by {@code author} at {@code at}, with a copy key of its own. */
  static String text(Rand rand, TextKeys keys, long at, Topic topic, Lang lang, Persona author) {
    return text(rand, keys, at, topic, lang, author, null, null);
  }

  /** A reply (support or comment) to {@code to}; {@code agent} signs support replies. */
  static String text(Rand rand, TextKeys keys, long at, Topic topic, Lang lang, Persona author, Persona to, String agent) {
    List<String> templates = TEMPLATES.get(topic).get(lang);
    if (templates == null) {
      templates = TEMPLATES.get(topic).get(lang == Lang.FR ? Lang.EN : Lang.FR);
    }
    String template = rand.pick(templates);
    return keys.distinct(level -> {
      String t = fill(rand, template, lang, author.source(), to, agent);
      return decorate(rand, level < 0 ? t : vary(rand, t, lang, author, at, level), topic, lang, author);
    });
  }

  /**
   * {@code text} made different from the texts it met, as people make theirs: where they are
   * ("À Lyon, ...", "Here in Nice, ..."), from {@code level} 8 on also when ("vers 14h20, ..."); a
   * news headline gets a rubric, a brand post its audience, a support reply a case number.
   */
  static String vary(Rand rand, String text, Lang lang, Persona author, long at, int level) {
    boolean fr = lang == Lang.FR;
    if (author.kind() == Persona.Kind.SUPPORT) {
      String ref = (fr ? "Dossier " : "Case ") + rand.between(10_000, 100_000) + (fr ? " :" : ":");
      int greeting = firstGreeting(text);
      return greeting < 0 ? ref + " " + text : text.substring(0, greeting) + ref + " " + text.substring(greeting);
    }
    String[] contexts = switch (author.kind()) {
      case MEDIA -> fr ? MEDIA_CONTEXT_FR : MEDIA_CONTEXT_EN;
      case BRAND -> fr ? BRAND_CONTEXT_FR : BRAND_CONTEXT_EN;
      default -> fr ? PEOPLE_CONTEXT_FR : PEOPLE_CONTEXT_EN;
    };
    String prefix = fill(rand, rand.pick(contexts), lang, author.source(), null, null);
    if (level >= 8) {
      ZonedDateTime local = Instant.ofEpochSecond(at).atZone(Rhythm.PARIS);
      prefix += String.format(Locale.ROOT, fr ? " vers %dh%02d," : " around %d:%02d,", local.getHour(),
          local.getMinute());
    }
    String rest = !author.isPerson() && author.kind() != Persona.Kind.INFLUENCER || startsWithName(text)
        ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    return prefix + " " + rest;
  }

  private static int firstGreeting(String text) {
    int best = -1;
    for (String g : new String[] {"Bonjour", "Hello", "Hi", "Thanks"}) {
      int i = text.indexOf(g);
      if (i >= 0 && (best < 0 || i < best)) {
        best = i;
      }
    }
    return best;
  }

  static String fill(Rand rand, String template, Lang lang, String source, Persona to, String agent) {
    boolean fr = lang == Lang.FR;
    Matcher m = SLOT.matcher(template);
    StringBuilder sb = new StringBuilder(template.length() + 40);
    while (m.find()) {
      String slot = m.group(1);
      String value = switch (slot) {
        case "brand" -> rand.chance(0.12) ? "ondyne" : Brand.NAME;
        case "at" -> brandHandle(source, lang);
        case "support" -> supportHandle(source, lang);
        case "product" -> rand.pick(fr ? Brand.PRODUCTS_FR : Brand.PRODUCTS_EN);
        case "Product" -> capitalize(rand.pick(fr ? Brand.PRODUCTS_FR : Brand.PRODUCTS_EN));
        case "competitor" -> rand.pick(Brand.COMPETITORS);
        case "city" -> rand.pick(fr ? Brand.CITIES_FR : Brand.CITIES_EN);
        case "country" -> rand.pick(Brand.COUNTRIES_FR);
        case "speed" -> rand.pick(fr ? SPEEDS : SPEEDS_EN);
        case "slow" -> rand.pick(fr ? SLOW : SLOW_EN);
        case "price" -> rand.pick(PRICES);
        case "wait" -> rand.pick(fr ? WAITS_FR : WAITS_EN);
        case "n" -> Integer.toString(rand.between(2, 10));
        case "pos" -> rand.pick(POS_FR);
        case "neg" -> rand.pick(NEG_FR);
        case "to" -> to == null ? "" : to.mention();
        case "first" -> to == null ? "" : to.firstName();
        case "agent" -> agent == null ? rand.pick(AGENTS) : agent;
        default -> throw new IllegalStateException("unknown slot {" + slot + "} in: " + template);
      };
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    String out = sb.toString().replace(" ,", ",").replace("  ", " ").strip();
    return lang == Lang.FR ? elide(out) : out;
  }

  /**
   * People's habits: an opening word or a closing one, no capital letter, and on social media a
   * hashtag or an extra emoji. Accounts of the brand and of the media write their texts as they are.
   */
  private static String decorate(Rand rand, String text, Topic topic, Lang lang, Persona author) {
    if (!author.isPerson() || topic == Topic.SUPPORT_REPLY) {
      return text;
    }
    boolean fr = lang == Lang.FR;
    boolean social = isSocial(author.source());
    boolean forum = text.contains("\n");
    String t = text;
    if (!forum && rand.chance(social ? 0.3 : 0.2)) {
      String opener = opener(rand, topic, fr);
      t = opener + (startsWithName(t) ? t : Character.toLowerCase(t.charAt(0)) + t.substring(1));
    }
    if (!forum && rand.chance(social ? 0.25 : 0.15)) {
      t = t + rand.pick(fr ? CLOSERS_FR : CLOSERS_EN);
    }
    if (rand.chance(fr ? 0.25 : 0.15) && Character.isUpperCase(t.charAt(0)) && !startsWithName(t)) {
      t = Character.toLowerCase(t.charAt(0)) + t.substring(1);
    }
    if (social && rand.chance(0.18) && topic != Topic.NOISE) {
      t = t + " " + rand.pick(fr ? TAGS_FR : TAGS_EN);
    }
    if (social && rand.chance(0.12)) {
      t = t + " " + rand.pick(topic == Topic.COMPLAINT ? NEG_FR : POS_FR);
    }
    return t;
  }

  private static String opener(Rand rand, Topic topic, boolean fr) {
    if (rand.chance(0.3)) {
      String special = switch (topic) {
        case COMPLAINT -> fr ? "Coup de gueule : " : "Rant: ";
        case QUESTION -> fr ? "Petite question : " : "Quick question: ";
        case PRAISE -> fr ? "Petit retour : " : "Quick one: ";
        default -> null;
      };
      if (special != null) {
        return special;
      }
    }
    return rand.pick(fr ? OPENERS_FR : OPENERS_EN);
  }

  private static boolean startsWithName(String t) {
    return t.startsWith("@") || t.startsWith(Brand.NAME) || t.startsWith("Ondyne") || t.startsWith("I ") || t.startsWith("I'")
        || t.startsWith("Box") || t.startsWith("UK") || t.startsWith("Paris")
        || Brand.COMPETITORS.stream().anyMatch(t::startsWith) || Brand.CITIES_FR.stream().anyMatch(t::startsWith);
  }

  /** "de Ondyne" -> "d'Ondyne", "que Ondyne" -> "qu'Ondyne", "de le" -> "du", as French writes it. */
  static String elide(String s) {
    return s.replace(" de le ", " du ").replace(" à le ", " au ").replace(" de Ondyne", " d'Ondyne").replace(" de ondyne", " d'ondyne")
        .replace(" que Ondyne", " qu'Ondyne").replace(" le Ondyne", " l'Ondyne")
        .replace("De Ondyne", "D'Ondyne");
  }

  static boolean isSocial(String source) {
    return switch (source) {
      case "x", "bluesky", "mastodon", "facebook" -> true;
      default -> false;
    };
  }

  static String brandHandle(String source, Lang lang) {
    return switch (source) {
      case "x" -> lang == Lang.FR ? Brand.HANDLE_FR : Brand.HANDLE_EN;
      case "bluesky" -> "@ondyne.fr";
      case "mastodon" -> "@ondyne@mastodon.social";
      default -> Brand.NAME;
    };
  }

  static String supportHandle(String source, Lang lang) {
    return switch (source) {
      case "x" -> lang == Lang.FR ? Brand.SUPPORT_FR : Brand.SUPPORT_EN;
      case "bluesky" -> "@aide.ondyne.fr";
      default -> lang == Lang.FR ? "le service client Ondyne" : "Ondyne support";
    };
  }

  static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
