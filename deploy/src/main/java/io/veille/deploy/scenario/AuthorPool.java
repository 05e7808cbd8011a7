package io.veille.deploy.scenario;

import io.veille.deploy.scenario.Persona.Kind;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The accounts of the scenario: a few thousand ordinary people per source and language, followers
 * log-normal from a handful to tens of thousands and activity heavy-tailed (a few people post a lot),
 * plus a fixed roster of media, influencers and the brand's own accounts, up to about 2M followers.
 */
final class AuthorPool {
  static final List<String> SOURCES = List.of("x", "facebook", "bluesky", "mastodon", "reddit", "rss", "hackernews");

  private static final String[] FR_FIRST = {
      "Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Julie", "Emma", "Clara", "Lucie", "Anaïs", "Marine",
      "Nadia", "Sophie", "Élodie", "Amandine", "Yasmine", "Océane", "Pauline", "Justine", "Thomas", "Nicolas",
      "Julien", "Maxime", "Antoine", "Kevin", "Romain", "Mehdi", "Hugo", "Lucas", "Théo", "Karim", "Sébastien",
      "Florian", "Quentin", "Adrien", "Benoît", "Jérôme", "Yannick", "Loïc", "Mathis", "Rayan", "Bastien"};
  private static final String[] FR_LAST = {
      "Martin", "Bernard", "Dubois", "Durand", "Lefebvre", "Moreau", "Laurent", "Girard", "Roux", "Fournier",
      "Morel", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier",
      "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Benali", "Haddad",
      "Nguyen", "Da Silva", "Lemoine", "Le Gall", "Marchand", "Colin", "Vidal", "Caron", "Picard", "Renaud"};
  private static final String[] EN_FIRST = {
      "James", "Emily", "Olivia", "Jack", "Harry", "Sophie", "Chloe", "Daniel", "Megan", "Ryan", "Lauren",
      "Matt", "Jess", "Tom", "Hannah", "Ben", "Katie", "Sam", "Alex", "Chris", "Rachel", "Mike", "Priya",
      "Aisha", "David", "Laura", "Nick", "Zoe", "Ethan", "Grace", "Liam", "Amy", "Josh", "Ella", "Sean"};
  private static final String[] EN_LAST = {
      "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
      "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Clarke", "Patel", "Hughes",
      "Murphy", "O'Brien", "Kelly", "Harris", "Lewis", "Cooper", "Ward", "Baker", "Khan", "Miller", "Reed"};
  private static final String[] PSEUDOS_FR = {
      "Kiki 🌻", "Papa Ours", "La Geekette", "Mister Fibre", "Cafécrème", "Le Chti Geek", "Lapin Bleu",
      "Tata Suzanne", "Zébulon", "La Râleuse", "Frenchie 🇫🇷", "Minouche", "Gros Lolo", "Cycliste du dimanche"};
  private static final String[] PSEUDOS_EN = {
      "coffee & code ☕", "Rainy Day Dad", "Frog in Paris 🐸", "expat_life", "Night Owl", "Baguette Boy",
      "just a nerd", "Wandering Kate ✈️", "Big Dave", "sleepy gamer"};
  private static final String[] INSTANCES_FR = {"piaille.fr", "mastodon.social", "framapiaf.org", "mamot.fr", "mastodon.xyz"};
  private static final String[] INSTANCES_EN = {"mastodon.social", "mastodon.online", "fosstodon.org", "hachyderm.io", "mas.to"};

  /** Ordinary people per source and language, by source share of the whole population. */
  private static final Map<String, Double> PEOPLE_SHARE = share(
      "x", 0.33, "facebook", 0.2, "bluesky", 0.14, "mastodon", 0.12, "reddit", 0.14, "hackernews", 0.07);

  private final Map<String, Map<Lang, Bucket>> people = new LinkedHashMap<>();
  private final List<Persona> roster = new ArrayList<>();
  private final Set<String> taken = new HashSet<>();

  private AuthorPool() {}

  /** A pool of about {@code size} ordinary people plus the fixed roster. */
  static AuthorPool create(Rand rand, int size) {
    AuthorPool pool = new AuthorPool();
    pool.addRoster();
    for (String source : SOURCES) {
      Map<Lang, Bucket> bySource = new EnumMap<>(Lang.class);
      for (Lang lang : Lang.values()) {
        bySource.put(lang, new Bucket());
      }
      pool.people.put(source, bySource);
    }
    for (Map.Entry<String, Double> e : PEOPLE_SHARE.entrySet()) {
      int n = (int) Math.round(size * e.getValue());
      for (int i = 0; i < n; i++) {
        Lang lang = e.getKey().equals("hackernews") ? (rand.chance(0.15) ? Lang.FR : Lang.EN)
            : rand.chance(0.64) ? Lang.FR : Lang.EN;
        pool.people.get(e.getKey()).get(lang).add(pool.newPerson(rand, e.getKey(), lang));
      }
    }
    return pool;
  }

  /** An ordinary person of this source and language, drawn by activity. */
  Persona person(Rand rand, String source, Lang lang) {
    Bucket b = people.get(source).get(lang);
    if (b.isEmpty()) {
      b = people.get(source).get(lang == Lang.FR ? Lang.EN : Lang.FR);
    }
    return b.draw(rand);
  }

  /** An ordinary person other than {@code not} (for reshares, copies and replies). */
  Persona otherPerson(Rand rand, String source, Lang lang, Persona not) {
    for (int i = 0; i < 8; i++) {
      Persona p = person(rand, source, lang);
      if (!p.equals(not)) {
        return p;
      }
    }
    return person(rand, source, lang);
  }

  /** The roster accounts of a kind on a source and language (may be empty). */
  List<Persona> roster(Kind kind, String source, Lang lang) {
    List<Persona> out = new ArrayList<>();
    for (Persona p : roster) {
      if (p.kind() == kind && p.source().equals(source) && p.lang() == lang) {
        out.add(p);
      }
    }
    return out;
  }

  /** The roster account on {@code source} with this handle (or name, for feeds and pages). */
  Persona named(String source, String handleOrName) {
    for (Persona p : roster) {
      if (p.source().equals(source) && (handleOrName.equals(p.handle()) || handleOrName.equals(p.name()))) {
        return p;
      }
    }
    throw new IllegalArgumentException("no roster account " + handleOrName);
  }

  /** The account that answers customers on this source, if the brand has one there. */
  Optional<Persona> support(String source, Lang lang) {
    List<Persona> s = roster(Kind.SUPPORT, source, lang);
    return s.isEmpty() ? Optional.empty() : Optional.of(s.get(0));
  }

  private Persona newPerson(Rand rand, String source, Lang lang) {
    boolean fr = lang == Lang.FR;
    String first = rand.pick(fr ? FR_FIRST : EN_FIRST);
    String last = rand.pick(fr ? FR_LAST : EN_LAST);
    String name = rand.chance(0.18) ? rand.pick(fr ? PSEUDOS_FR : PSEUDOS_EN) : first + " " + last;
    long followers = Math.min(250_000, Math.round(rand.logNormal(StrictMath.log(source.equals("facebook") ? 260 : 170), 1.5)));
    boolean verified = followers > 20_000 && rand.chance(0.3);
    double activity = rand.logNormal(0, 1.0);
    String base = slug(first) + (rand.chance(0.5) ? "_" : "") + slug(last).substring(0, Math.min(4, slug(last).length()));
    String home = null;
    String id;
    String handle;
    switch (source) {
      case "x" -> {
        handle = unique("@" + base + (rand.chance(0.5) ? rand.between(1, 99) : ""), rand);
        id = Long.toString(rand.between(100_000_000L, 1_800_000_000_000_000_000L));
      }
      case "mastodon" -> {
        home = rand.pick(fr ? INSTANCES_FR : INSTANCES_EN);
        handle = unique("@" + base, rand) + "@" + home;
        id = Long.toString(rand.between(100_000_000_000_000L, 113_000_000_000_000_000L));
      }
      case "bluesky" -> {
        handle = unique("@" + base.replace("_", ""), rand) + ".bsky.social";
        id = "did:plc:" + base32(rand, 24);
      }
      case "reddit" -> {
        handle = unique("u/" + capitalize(base) + (rand.chance(0.6) ? rand.between(1, 9999) : ""), rand);
        id = "t2_" + Long.toString(rand.between(1_000_000L, 2_000_000_000L), 36);
      }
      case "hackernews" -> {
        handle = unique(rand.chance(0.15) ? "throwaway" + rand.between(100, 99999) : base.replace("_", ""), rand);
        id = handle;
      }
      case "facebook" -> {
        handle = null;
        id = Long.toString(rand.between(100_000_000_000_000L, 100_090_000_000_000L));
      }
      default -> throw new IllegalArgumentException("no people on " + source);
    }
    return new Persona(source, lang, Kind.PERSON, id, handle, name, followers, verified, activity, home);
  }

  private String unique(String handle, Rand rand) {
    String h = handle;
    while (!taken.add(h.toLowerCase(Locale.ROOT))) {
      h = handle + rand.between(2, 999);
    }
    return h;
  }

  private void addRoster() {
    // the brand itself
    add("x", Lang.FR, Kind.BRAND, "1187654321", Brand.HANDLE_FR, "Ondyne", 212_000, true, 1, null);
    add("x", Lang.EN, Kind.BRAND, "1187654399", Brand.HANDLE_EN, "Ondyne (English)", 38_400, true, 1, null);
    add("x", Lang.FR, Kind.SUPPORT, "1201876543", Brand.SUPPORT_FR, "Ondyne Aide", 52_300, true, 1, null);
    add("x", Lang.EN, Kind.SUPPORT, "1201876599", Brand.SUPPORT_EN, "Ondyne Help", 9_850, true, 1, null);
    add("facebook", Lang.FR, Kind.BRAND, "100064123456789", null, "Ondyne", 486_000, true, 1, null);
    add("facebook", Lang.FR, Kind.SUPPORT, "100064123456790", null, "Ondyne - Service client", 61_000, true, 1, null);
    add("bluesky", Lang.FR, Kind.BRAND, "did:plc:ondyne2f7qk3xw5yt6mzr4a", "@ondyne.fr", "Ondyne", 23_700, false, 1, null);
    add("bluesky", Lang.FR, Kind.SUPPORT, "did:plc:ondyneaide6h2jv9c3n8p1", "@aide.ondyne.fr", "Ondyne Aide", 4_100, false, 1, null);
    add("mastodon", Lang.FR, Kind.BRAND, "109311222333444555", "@ondyne@mastodon.social", "Ondyne", 6_900, false, 1, "mastodon.social");
    // French media and influencers
    add("x", Lang.FR, Kind.MEDIA, "48120345", "@lefilinfo", "Le Fil Info", 1_240_000, true, 3, null);
    add("x", Lang.FR, Kind.MEDIA, "301445123", "@techhexagone", "Tech Hexagone", 312_000, true, 2, null);
    add("x", Lang.FR, Kind.MEDIA, "902334551", "@consoalerte", "Conso Alerte", 96_500, true, 1, null);
    add("x", Lang.FR, Kind.INFLUENCER, "770112093", "@julesvrn", "Jules Vernhes", 861_000, true, 1, null);
    add("x", Lang.FR, Kind.INFLUENCER, "655019222", "@kevdubrac", "Kévin Dubrac", 642_000, true, 1, null);
    add("x", Lang.FR, Kind.INFLUENCER, "1022345987", "@linatech", "Lina | Tech", 418_000, false, 1, null);
    add("x", Lang.FR, Kind.INFLUENCER, "845500213", "@maitreconso", "Maître Conso ⚖️", 143_000, true, 1, null);
    add("bluesky", Lang.FR, Kind.INFLUENCER, "did:plc:sbenali7kq2w9x4c5v8n3m1", "@sarahbenali.bsky.social", "Sarah Benali", 94_800, false, 1, null);
    add("bluesky", Lang.FR, Kind.MEDIA, "did:plc:lefilinfo3x8w2q7r5t1y9u4", "@lefilinfo.bsky.social", "Le Fil Info", 181_000, false, 1, null);
    add("mastodon", Lang.FR, Kind.MEDIA, "109455667788990011", "@techhexagone@mamot.fr", "Tech Hexagone", 24_300, false, 1, "mamot.fr");
    add("facebook", Lang.FR, Kind.MEDIA, "100050998877665", null, "Le Fil Info", 2_110_000, true, 2, null);
    add("facebook", Lang.FR, Kind.INFLUENCER, "100072334455667", null, "Bons Plans Télécom", 85_200, false, 2, null);
    // English media and influencers
    add("x", Lang.EN, Kind.MEDIA, "14820977", "@signalreport", "The Signal Report", 952_000, true, 2, null);
    add("x", Lang.EN, Kind.MEDIA, "388120456", "@eurotechwire", "EuroTech Wire", 221_000, true, 2, null);
    add("x", Lang.EN, Kind.INFLUENCER, "22871345", "@markellison_tech", "Mark Ellison", 611_000, true, 1, null);
    add("x", Lang.EN, Kind.INFLUENCER, "1345098712", "@priyainparis", "Priya in Paris", 182_000, false, 1, null);
    add("bluesky", Lang.EN, Kind.INFLUENCER, "did:plc:dwhitford4m8n2b6v9c3x7z5", "@danwhitford.bsky.social", "Dan Whitford", 75_300, false, 1, null);
    add("mastodon", Lang.EN, Kind.MEDIA, "109877665544332211", "@netops@hachyderm.io", "NetOps Weekly", 31_200, false, 1, "hachyderm.io");
    add("facebook", Lang.EN, Kind.INFLUENCER, "100081112223334", null, "Expats in France", 121_000, false, 1, null);
    // news sites (feeds): followers = estimated readership
    add("rss", Lang.FR, Kind.MEDIA, "https://www.lefil-info.example/rss", "lefil-info.example", "Le Fil Info", 1_240_000, false, 3, "www.lefil-info.example");
    add("rss", Lang.FR, Kind.MEDIA, "https://www.techhexagone.example/feed", "techhexagone.example", "Tech Hexagone", 312_000, false, 3, "www.techhexagone.example");
    add("rss", Lang.FR, Kind.MEDIA, "https://www.echo-numerique.example/feed.xml", "echo-numerique.example", "L'Écho Numérique", 158_000, false, 2, "www.echo-numerique.example");
    add("rss", Lang.FR, Kind.MEDIA, "https://www.reseaux-co.example/rss", "reseaux-co.example", "Réseaux & Co", 64_000, false, 2, "www.reseaux-co.example");
    add("rss", Lang.FR, Kind.MEDIA, "https://www.quotidien-rhone.example/rss/eco", "quotidien-rhone.example", "Le Quotidien du Rhône", 210_000, false, 1, "www.quotidien-rhone.example");
    add("rss", Lang.FR, Kind.MEDIA, "https://blog.mesconsos.example/feed", "mesconsos.example", "Mes Consos (blog)", 12_000, false, 1, "blog.mesconsos.example");
    add("rss", Lang.EN, Kind.MEDIA, "https://www.signalreport.example/feed", "signalreport.example", "The Signal Report", 952_000, false, 3, "www.signalreport.example");
    add("rss", Lang.EN, Kind.MEDIA, "https://www.eurotechwire.example/rss", "eurotechwire.example", "EuroTech Wire", 221_000, false, 2, "www.eurotechwire.example");
    add("rss", Lang.EN, Kind.MEDIA, "https://www.connexion-daily.example/feed", "connexion-daily.example", "Connexion Daily", 88_000, false, 2, "www.connexion-daily.example");
    add("rss", Lang.EN, Kind.MEDIA, "https://www.telecomledger.example/rss.xml", "telecomledger.example", "Telecom Ledger", 47_000, false, 1, "www.telecomledger.example");
  }

  private void add(String source, Lang lang, Kind kind, String id, String handle, String name,
      long followers, boolean verified, double activity, String home) {
    if (handle != null) {
      taken.add(handle.toLowerCase(Locale.ROOT));
    }
    roster.add(new Persona(source, lang, kind, id, handle, name, followers, verified, activity, home));
  }

  private static String slug(String s) {
    String n = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    return n.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String base32(Rand rand, int n) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(rand.between(0, 32)));
    }
    return sb.toString();
  }

  private static Map<String, Double> share(Object... kv) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (Double) kv[i + 1]);
    }
    return m;
  }

  /** People of one source and language, drawn by activity (cumulative weights, binary search). */
  private static final class Bucket {
    private final List<Persona> items = new ArrayList<>();
    private double[] cumulative = new double[0];

    void add(Persona p) {
      items.add(p);
      double[] c = java.util.Arrays.copyOf(cumulative, items.size());
      c[items.size() - 1] = (items.size() > 1 ? cumulative[items.size() - 2] : 0) + p.activity();
      cumulative = c;
    }

    boolean isEmpty() {
      return items.isEmpty();
    }

    Persona draw(Rand rand) {
      double x = rand.uniform() * cumulative[cumulative.length - 1];
      int i = java.util.Arrays.binarySearch(cumulative, x);
      return items.get(i >= 0 ? Math.min(i + 1, items.size() - 1) : -i - 1);
    }
  }
}
