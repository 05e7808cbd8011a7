package io.veille.streams.watch;

import io.veille.common.json.MentionJson;
import io.veille.common.model.Author;
import io.veille.common.model.Mention;
import io.veille.common.model.Watch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Watches and mentions for the matching tests and the matching benchmark (a test can't read deploy's
 * scenario, so a sample of it is a resource here).
 *
 * <p>Two sets of watches, one watch in ten with a wildcard in each. {@link #brandWatches} are the
 * earlier matching benchmark's: one brand each, so that few match a mention. {@link #watches} mix
 * three families, so that many do: the shapes of
 * {@code veille bench pipeline} (word pairs over the scenario's vocabulary, with a proximity
 * phrase), the generated brands of the earlier matching benchmark ({@code brandN}, {@code #brandNdown},
 * {@code author:brandN_fr}), and random boolean trees over both vocabularies with phrases, slops,
 * exclusions, boosts, fields and the watch's own languages and sources.
 */
final class WatchCorpus {
  /** {@code veille bench pipeline}'s vocabulary (BenchPipelineCommand.watches). */
  static final String[] WORDS = {"ondyne", "panne", "fibre", "box", "reseau", "appli", "facture", "boutique", "technicien",
      "offre", "forfait", "debit", "outage", "support", "service", "client", "telvana", "mobea", "kapsa", "alturo", "refund",
      "network", "down", "merci", "nul", "top", "remboursement", "injoignable", "orange", "free", "wifi", "tv", "mobile",
      "5g", "installation", "contrat", "resiliation", "prix", "promo", "app"};
  /** Wildcards over that vocabulary (at least two letters before the wildcard). */
  static final String[] WILDCARDS = {"rembours*", "ondyne*", "factur*", "pann*", "pa?ne", "tel*", "servi*", "ref?nd",
      "injoign*", "resil*", "conn*", "mob*", "brand1*", "brand2?", "fib?e", "tech*", "abonn*", "rés*", "appl?", "inter*"};
  static final String[] SOURCES = {"x", "facebook", "bluesky", "reddit", "mastodon", "hackernews", "rss"};

  private WatchCorpus() {}

  /** 3,000 mentions of the demo scenario with distinct texts (every third; ids, sources, languages and authors kept). */
  static List<Mention> scenarioSample() {
    List<Mention> out = new ArrayList<>();
    try (InputStream in = WatchCorpus.class.getResourceAsStream("/watch/scenario-sample.jsonl.gz");
        BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        out.add(MentionJson.read(line));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Texts built from both vocabularies, with hashtags and handles, so that the brand watches match too. */
  static List<Mention> generatedMentions(int n, int brands, long seed) {
    Random rnd = new Random(seed);
    String[] extra = {"chez", "le", "la", "encore", "depuis", "ce", "matin", "again", "#PanneOndyne", "#OndyneDown", "l'appli",
        "réseau", "pannes", "Remboursé", "télé", "services", "clients", "factures", "résiliation", "ballet", "yacht", "!!!"};
    List<Mention> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StringBuilder sb = new StringBuilder();
      int len = 3 + rnd.nextInt(14);
      for (int w = 0; w < len; w++) {
        int k = rnd.nextInt(10);
        String b = "brand" + (1 + rnd.nextInt(brands));
        String word = switch (k) {
          case 0 -> b;
          case 1 -> rnd.nextBoolean() ? "#" + capital(b) + "Down" : "@" + b + "_fr";
          case 2, 3 -> extra[rnd.nextInt(extra.length)];
          default -> rnd.nextInt(4) == 0 ? capital(WORDS[rnd.nextInt(WORDS.length)]) : WORDS[rnd.nextInt(WORDS.length)];
        };
        sb.append(word).append(' ');
      }
      String lang = switch (rnd.nextInt(4)) {
        case 0 -> null;
        case 1 -> "en";
        default -> "fr";
      };
      Mention m = Mention.of("gen:" + i, SOURCES[rnd.nextInt(SOURCES.length)], sb.toString().trim(), Instant.EPOCH).withLang(lang);
      if (rnd.nextInt(3) > 0) {
        String handle = rnd.nextInt(3) == 0 ? "@ondyne_fr" : "@brand" + (1 + rnd.nextInt(brands)) + "_fr";
        m = m.withAuthor(new Author("a" + rnd.nextInt(1000), handle, null, 10, false));
      }
      out.add(m);
    }
    return out;
  }

  /** {@code n} valid watches, ids {@code w0..w(n-1)}; watch {@code i} with {@code i % 10 == 0} has a wildcard. */
  static List<Watch> watches(int n, long seed) {
    Random rnd = new Random(seed);
    List<Watch> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String brand = "brand" + (i + 1);
      Set<String> langs = Set.of();
      Set<String> sources = Set.of();
      String q = switch (i % 10) {
        case 0 -> wildcard(rnd, brand);
        case 1 -> w(i) + " AND (" + w(i * 7 + 3) + " OR \"" + w(i * 13 + 5) + " " + w(i * 3 + 1) + "\"~3)";
        case 2 -> brand + " OR #" + brand + "down OR author:" + brand + "_fr";
        case 3 -> "(" + word(rnd) + " OR " + word(rnd) + ") AND " + (rnd.nextBoolean() ? brand : word(rnd));
        case 4 -> "\"" + word(rnd) + " " + word(rnd) + "\"~" + rnd.nextInt(4) + " -" + word(rnd);
        case 5 -> "\"service client\"~3 AND " + word(rnd) + " AND lang:" + (rnd.nextBoolean() ? "fr" : "en");
        case 6 -> "+" + word(rnd) + " +" + word(rnd) + " -" + word(rnd);
        case 7 -> tree(rnd, 3, brand);
        case 8 -> switch (rnd.nextInt(3)) {
          case 0 -> "source:" + SOURCES[rnd.nextInt(SOURCES.length)] + " AND (" + word(rnd) + " OR " + word(rnd) + ")";
          case 1 -> "hashtag:" + (rnd.nextBoolean() ? "ondynedown" : brand + "down") + " OR " + word(rnd);
          default -> "author:@" + (rnd.nextBoolean() ? "ondyne_fr" : brand + "_fr") + " " + word(rnd) + "^2";
        };
        default -> {
          langs = rnd.nextBoolean() ? Set.of("fr") : Set.of("fr", "en");
          int s = rnd.nextInt(SOURCES.length);
          sources = rnd.nextBoolean() ? Set.of() : Set.of(SOURCES[s], SOURCES[(s + 1 + rnd.nextInt(SOURCES.length - 1)) % SOURCES.length]);
          yield word(rnd) + " " + word(rnd) + " " + (rnd.nextBoolean() ? brand : word(rnd));
        }
      };
      out.add(new Watch("w" + i, null, q, langs, sources, null, null));
    }
    return out;
  }

  /**
   * The earlier matching benchmark's watches (WatchMatcherThroughput): each has its own brand word
   * plus shared outage vocabulary; {@code w0} and every tenth use a wildcard.
   */
  static List<Watch> brandWatches(int n) {
    Random rnd = new Random(42);
    String[] outage = {"panne", "outage", "down", "\"plus de réseau\"", "injoignable", "rembours*", "refund", "coupure"};
    List<Watch> out = new ArrayList<>();
    out.add(new Watch("w0", null, "(ondyne* OR author:ondyne*) -ballet -yacht", Set.of("fr", "en"), Set.of(), null, null));
    for (int i = 1; i < n; i++) {
      String brand = "brand" + i;
      String q = switch (i % 10) {
        case 0 -> brand + "* AND (" + outage[rnd.nextInt(outage.length)] + ")";
        case 1, 2, 3 -> brand + " OR #" + brand + "down OR author:" + brand + "_fr";
        case 4, 5 -> "(" + outage[rnd.nextInt(outage.length)] + " OR " + outage[rnd.nextInt(outage.length)] + ") AND " + brand;
        case 6, 7 -> "\"" + brand + " box\"~3 -ballet";
        default -> "\"service client\"~3 AND " + brand + " AND lang:fr";
      };
      out.add(new Watch("w" + i, null, q, Set.of(), Set.of(), null, null));
    }
    return out;
  }

  /** {@link #watches} ("mixed") or {@link #brandWatches} ("brands"). */
  static List<Watch> watches(String set, int n) {
    return switch (set) {
      case "mixed" -> watches(n, n);
      case "brands" -> brandWatches(n);
      default -> throw new IllegalArgumentException("no watch set '" + set + "' (mixed, brands)");
    };
  }

  private static String wildcard(Random rnd, String brand) {
    String wc = WILDCARDS[rnd.nextInt(WILDCARDS.length)];
    return switch (rnd.nextInt(7)) {
      case 0 -> wc;
      case 1 -> wc + " AND " + word(rnd);
      case 2 -> "(" + wc + " OR " + word(rnd) + ") -" + word(rnd);
      case 3 -> "\"" + word(rnd) + " " + word(rnd) + "\"~2 AND " + wc;
      case 4 -> brand + "* AND (" + WILDCARDS[rnd.nextInt(WILDCARDS.length)] + ")";
      case 5 -> rnd.nextBoolean() ? "author:ondyne*" : "hashtag:" + wc;
      default -> wc + " AND " + WILDCARDS[rnd.nextInt(WILDCARDS.length)] + " -" + word(rnd);
    };
  }

  /** A random boolean tree: AND, OR, NOT, +, -, groups, phrases, boosts (never exclusions alone). */
  private static String tree(Random rnd, int depth, String brand) {
    if (depth == 0 || rnd.nextInt(3) == 0) {
      return switch (rnd.nextInt(5)) {
        case 0 -> "\"" + word(rnd) + " " + word(rnd) + "\"" + (rnd.nextBoolean() ? "~" + rnd.nextInt(5) : "");
        case 1 -> word(rnd) + "^" + (1 + rnd.nextInt(3));
        case 2 -> brand;
        default -> word(rnd);
      };
    }
    String a = tree(rnd, depth - 1, brand);
    String b = tree(rnd, depth - 1, brand);
    return switch (rnd.nextInt(5)) {
      case 0 -> "(" + a + " AND " + b + ")";
      case 1 -> "(" + a + " OR " + b + ")";
      case 2 -> "(" + a + " " + b + " -" + word(rnd) + ")";
      case 3 -> "(+" + a + " " + b + ")";
      default -> "(" + a + " NOT " + word(rnd) + ")";
    };
  }

  private static String word(Random rnd) {
    return WORDS[rnd.nextInt(WORDS.length)];
  }

  private static String w(int i) {
    return WORDS[Math.floorMod(i, WORDS.length)];
  }

  private static String capital(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
