package io.veille.streams.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veille.common.model.Author;
import io.veille.common.model.Mention;
import io.veille.common.model.Watch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Hand-written French and English cases for every feature of the watch language. Each case is
 * checked twice: through the monitor ({@link WatchMatcher#match}) and through the explanation, which
 * must agree.
 */
class WatchMatcherTest {
  private static final Instant T = Instant.parse("2026-11-10T18:00:00Z");

  private final WatchMatcher matcher = new WatchMatcher();
  private int seq;

  static Watch watch(String id, String query) {
    return new Watch(id, null, query, Set.of(), Set.of(), null, null);
  }

  Mention mention(String text) {
    return Mention.of("test:" + (++seq), "x", text, T);
  }

  Mention mention(String text, String lang, String source, String handle) {
    Mention m = Mention.of("test:" + (++seq), source, text, T).withLang(lang);
    return handle == null ? m : m.withAuthor(new Author(null, handle, null, 10, false));
  }

  /** Registers the query alone and answers whether it matches, checking that explain agrees. */
  boolean matches(Watch w, Mention m, String detectedLang) {
    matcher.put(w);
    boolean monitor = matcher.match(m, detectedLang).contains(w.id());
    WatchExplanation why = WatchExplainer.explain(w, m, detectedLang);
    assertThat(why.matched()).as("explain agrees with the monitor for %s on '%s'", w.query(), m.text()).isEqualTo(monitor);
    matcher.remove(w.id());
    return monitor;
  }

  void assertMatch(String query, String... texts) {
    for (String t : texts) {
      assertThat(matches(watch("w", query), mention(t), null)).as("'%s' should match '%s'", query, t).isTrue();
    }
  }

  void assertNoMatch(String query, String... texts) {
    for (String t : texts) {
      assertThat(matches(watch("w", query), mention(t), null)).as("'%s' should not match '%s'", query, t).isFalse();
    }
  }

  @Test
  void termsIgnoreCase() {
    assertMatch("ondyne", "ONDYNE encore en panne", "Chez Ondyne, rien", "I'm with ondyne now");
    assertMatch("OUTAGE", "major outage tonight");
    assertNoMatch("ondyne", "Telvana encore en panne");
  }

  @Test
  void booleanOperators() {
    assertMatch("panne AND ondyne", "Panne géante chez Ondyne", "ondyne: panne");
    assertNoMatch("panne AND ondyne", "Panne géante chez Telvana", "Ondyne marche bien");
    assertMatch("telvana OR mobéa", "Je passe chez Telvana", "Mobéa baisse ses prix");
    assertNoMatch("telvana OR mobéa", "Kapsa Télécom aussi");
    assertMatch("outage refund", "no refund for the outage", "refund please");
    assertMatch("ondyne NOT ballet", "Ondyne en panne");
    assertNoMatch("ondyne NOT ballet", "le ballet « Ondyne » à l'Opéra de Metz");
    assertNoMatch("ondyne -yacht -boat", "The yacht Ondyne just came into the harbour");
    assertMatch("+ondyne +down", "Ondyne down again?!");
    assertNoMatch("+ondyne +down", "Ondyne up again");
  }

  @Test
  void phrasesAndProximity() {
    assertMatch("\"service client\"", "Le service client est injoignable", "SERVICE CLIENT au top");
    assertNoMatch("\"service client\"", "client du service", "le service de relation client");
    assertMatch("\"service client\"~3", "le service de relation client", "service client", "Services clients injoignables");
    assertNoMatch("\"service client\"~3", "le service est lent, et au bout de dix minutes le client raccroche");
    assertMatch("\"customer service\"~2", "customer support and service", "Customer Service unreachable");
    assertNoMatch("\"customer service\"", "customer support and service");
    assertMatch("\"plus de réseau\"", "Plus de reseau depuis ce matin");
  }

  @Test
  void wildcardsAreNormalisedButNotStemmed() {
    assertMatch("rembours*", "toujours pas de remboursement", "je veux être remboursé", "REMBOURSEZ-MOI");
    assertNoMatch("rembours*", "la bourse a chuté");
    assertMatch("Rembours*", "remboursement");
    assertMatch("télé*", "Plus de télé", "TELECOM");
    assertMatch("ondyne*", "#OndyneDown", "@ondyne_fr", "Franchement @ondyne.fr", "#ondynedown");
    assertMatch("ref?nd", "I want a refund");
    assertMatch("l'appli*", "l'application plante");
  }

  @Test
  void grouping() {
    String q = "(panne OR outage OR down) AND (ondyne OR ondynedown) -ballet";
    assertMatch(q, "Panne chez Ondyne", "Ondyne down again", "outage #OndyneDown");
    assertNoMatch(q, "Panne chez Telvana", "Ondyne, c'est top", "ballet Ondyne, panne de lumière");
  }

  @Test
  void fieldFilters() {
    Watch lang = watch("w", "ondyne AND lang:en");
    assertThat(matches(lang, mention("Ondyne is down", "en", "x", null), null)).isTrue();
    assertThat(matches(lang, mention("Ondyne en panne", "fr", "x", null), null)).isFalse();
    assertThat(matches(lang, mention("Ondyne is down", null, "x", null), "en")).as("detected language").isTrue();
    assertThat(matches(lang, mention("Ondyne is down", null, "x", null), null)).as("unknown language").isFalse();
    assertThat(matches(watch("w", "ondyne AND lang:und"), mention("Ondyne", null, "x", null), null)).isTrue();

    Watch source = watch("w", "ondyne AND (source:reddit OR source:Mastodon)");
    assertThat(matches(source, mention("Ondyne", "fr", "reddit", null), null)).isTrue();
    assertThat(matches(source, mention("Ondyne", "fr", "mastodon", null), null)).isTrue();
    assertThat(matches(source, mention("Ondyne", "fr", "x", null), null)).isFalse();

    for (String q : List.of("author:@OndyneHelp", "author:ondynehelp", "author:\"@ondynehelp\"", "author:ondyne*")) {
      assertThat(matches(watch("w", q), mention("Hi Megan, sorry about this", "en", "x", "@OndyneHelp"), null))
          .as(q).isTrue();
      assertThat(matches(watch("w", q), mention("Hi Megan, sorry about this", "en", "x", "@megan_tayl47"), null))
          .as(q).isFalse();
    }
    assertThat(matches(watch("w", "author:@ondyne_fr"), mention("Bonjour", "fr", "x", "ondyne_fr"), null))
        .as("a handle stored without @").isTrue();
    assertThat(matches(watch("w", "author:ondyne_fr"), mention("Bonjour @ondyne_fr", "fr", "x", null), null))
        .as("no author").isFalse();
  }

  @Test
  void watchLanguagesAndSourcesRestrictTheQuery() {
    Watch fr = new Watch("fr-only", null, "ondyne", Set.of("fr"), Set.of(), null, null);
    assertThat(matches(fr, mention("Ondyne en panne", "fr", "x", null), null)).isTrue();
    assertThat(matches(fr, mention("Ondyne is down", "en", "x", null), null)).isFalse();
    assertThat(matches(fr, mention("Ondyne en panne", null, "x", null), "fr")).as("detected").isTrue();
    assertThat(matches(fr, mention("Ondyne en panne", "fr", "x", null), "en")).as("the mention's own language wins").isTrue();
    assertThat(matches(fr, mention("Ondyne en panne", null, "x", null), null)).as("unknown").isFalse();

    Watch bilingual = new Watch("fr-en", null, "ondyne", Set.of("fr", "en"), Set.of("x", "bluesky"), null, null);
    assertThat(matches(bilingual, mention("Ondyne", "en", "bluesky", null), null)).isTrue();
    assertThat(matches(bilingual, mention("Ondyne", "fr", "x", null), null)).isTrue();
    assertThat(matches(bilingual, mention("Ondyne", "de", "x", null), null)).isFalse();
    assertThat(matches(bilingual, mention("Ondyne", "fr", "reddit", null), null)).isFalse();
  }

  @Test
  void frenchElision() {
    assertMatch("appli", "l'appli plante encore", "L’appli Mon Ondyne", "J'adore l'APPLI");
    assertMatch("l'appli", "une appli", "d'appli");
    assertMatch("\"appli ondyne\"", "l'appli d'Ondyne", "L'appli Ondyne");
    assertMatch("opérateur", "Changer d'opérateur", "jusqu'opérateur");
    assertMatch("ondyne", "Rue de l'Ondyne", "qu'Ondyne réponde");
  }

  @Test
  void accentsFold() {
    assertMatch("réseau", "plus de reseau", "Plus de RÉSEAU", "réseau");
    assertMatch("reseau", "réseau coupé");
    assertMatch("télécom", "Kapsa Telecom", "KAPSA TÉLÉCOM");
    assertMatch("mobéa", "Mobea");
    assertMatch("injoignable", "Service client INJOIGNABLE");
  }

  @Test
  void pluralsMeetTheirSingular() {
    assertMatch("panne", "pannes", "#Panne", "PANNES à répétition", "la panne");
    assertMatch("pannes", "panne", "#panne");
    assertMatch("réseau", "réseaux");
    assertMatch("réseaux", "reseau");
    assertMatch("service", "services");
    assertMatch("services", "service");
    assertMatch("outage", "outages", "#Outage");
    assertMatch("outages", "outage");
    assertMatch("refund", "refunds");
    assertMatch("company", "companies");
    assertMatch("journal", "journaux");
    assertMatch("appli", "applis");
    assertNoMatch("panne", "panneau", "pan");
  }

  @Test
  void hashtagsAreWordsAndWholeTags() {
    assertMatch("panne", "#Panne générale");
    assertMatch("ondynedown", "#OndyneDown", "#ondynedown", "#ONDYNEDOWN");
    assertMatch("#OndyneDown", "#ondynedown", "ondynedown", "#OndyneDown");
    assertMatch("#ondynedown", "#OndyneDown");
    assertMatch("ondyne", "#OndyneDown", "#PanneOndyne", "@OndyneHelp", "@ondyne_fr", "@aide.ondyne.fr merci", "ondyne.fr");
    assertMatch("\"ondyne down\"", "#OndyneDown", "ondyne down again");
    assertMatch("\"panne ondyne\"", "#PanneOndyne");
    assertMatch("nuvia AND down", "#NuviaDown");
    assertMatch("hashtag:ondynedown", "#OndyneDown", "#ondynedown");
    assertMatch("hashtag:#OndyneDown", "#ondynedown");
    assertNoMatch("hashtag:ondynedown", "ondynedown sans dièse", "#OndyneDownAgain");
    assertNoMatch("ondyne", "#ondynedown", "#panneondyne");
  }

  @Test
  void invalidQueriesAreRejectedWithTheParsersMessage() {
    assertThatThrownBy(() -> WatchQuery.validate(watch("ondyne-outage", "panne AND (")))
        .isInstanceOf(InvalidWatchException.class)
        .hasMessageStartingWith("watch ondyne-outage: query does not parse: Cannot parse 'panne AND (': Encountered \"<EOF>\"")
        .satisfies(e -> assertThat(((InvalidWatchException) e).watchId()).isEqualTo("ondyne-outage"));
    assertThatThrownBy(() -> WatchQuery.validate(watch("q", "\"service client")))
        .hasMessageStartingWith("watch q: query does not parse: Cannot parse '\"service client'");
    assertThatThrownBy(() -> WatchQuery.validate(watch("lead", "*ondyne")))
        .hasMessage("watch lead: query does not parse: Cannot parse '*ondyne': '*' or '?' not allowed as first character in WildcardQuery");
    assertThatThrownBy(() -> WatchQuery.validate(watch("short", "o*")))
        .hasMessage("watch short: wildcard 'o*' needs at least 2 letters before * or ?");
    assertThatThrownBy(() -> WatchQuery.validate(watch("all", "*:*")))
        .hasMessage("watch all: '*:*' matches every mention: say what to look for");
    assertThatThrownBy(() -> WatchQuery.validate(watch("neg", "-ballet -yacht")))
        .hasMessageStartingWith("watch neg: query '-ballet -yacht' can never match: it only excludes");
    assertThatThrownBy(() -> WatchQuery.validate(watch("neg2", "ondyne AND (NOT ballet)")))
        .hasMessageContaining("can never match");
    assertThatThrownBy(() -> WatchQuery.validate(watch("empty", "...")))
        .hasMessage("watch empty: query '...' has no word to look for");
    assertThatThrownBy(() -> WatchQuery.validate(watch("field", "ondyne AND langue:fr")))
        .hasMessage("watch field: unknown field 'langue:' (known: author, hashtag, lang, source, text)");
  }

  @Test
  void anInvalidWatchNeverReplacesAValidOne() {
    matcher.put(watch("w", "panne"));
    assertThatThrownBy(() -> matcher.put(watch("w", "panne AND ("))).isInstanceOf(InvalidWatchException.class);
    assertThat(matcher.watches()).extracting(Watch::query).containsExactly("panne");
    assertThat(matcher.match(mention("pannes"), null)).containsExactly("w");
  }

  @Test
  void putReplacesAndRemoveDeletes() {
    matcher.put(watch("b-outage", "panne OR outage"));
    matcher.put(watch("a-brand", "ondyne"));
    matcher.put(watch("c-competitors", "telvana OR mobéa"));
    assertThat(matcher.size()).isEqualTo(3);
    assertThat(matcher.match(mention("Panne chez Ondyne, je pars chez Telvana"), "fr"))
        .containsExactly("a-brand", "b-outage", "c-competitors");

    matcher.put(watch("b-outage", "\"no signal\""));
    assertThat(matcher.size()).isEqualTo(3);
    assertThat(matcher.match(mention("Panne chez Ondyne"), "fr")).containsExactly("a-brand");
    assertThat(matcher.match(mention("No signal since noon"), "en")).containsExactly("b-outage");

    assertThat(matcher.remove("a-brand")).isTrue();
    assertThat(matcher.remove("a-brand")).isFalse();
    assertThat(matcher.match(mention("Panne chez Ondyne"), "fr")).isEmpty();
    assertThat(matcher.watches()).extracting(Watch::id).containsExactly("b-outage", "c-competitors");
  }

  @Test
  void putAllRegistersTheValidOnesAndReturnsTheOthers() {
    List<InvalidWatchException> rejected = matcher.putAll(List.of(
        watch("ok1", "ondyne"), watch("bad", "ondyne AND ("), watch("ok2", "telvana")));
    assertThat(rejected).extracting(InvalidWatchException::watchId).containsExactly("bad");
    assertThat(matcher.watches()).extracting(Watch::id).containsExactly("ok1", "ok2");
  }

  @Test
  void explainSaysWhatMatched() {
    Watch w = new Watch("ondyne-outage", null, "(panne OR outage) AND (ondyne OR \"service client\"~3) -ballet",
        Set.of("fr"), Set.of(), null, null);
    WatchExplanation yes = WatchExplainer.explain(w, mention("Pannes en série, le service de relation client ne répond pas #OndyneDown", null, "x", null), "fr");
    assertThat(yes.matched()).isTrue();
    assertThat(yes.watchId()).isEqualTo("ondyne-outage");
    assertThat(yes.hits()).extracting(WatchExplanation.Hit::field, WatchExplanation.Hit::matchedText)
        .contains(org.assertj.core.api.Assertions.tuple("text", "Pannes"),
            org.assertj.core.api.Assertions.tuple("text", "Ondyne"),
            org.assertj.core.api.Assertions.tuple("lang", "fr"));
    assertThat(yes.hits()).anySatisfy(h -> assertThat(h.matchedText()).isEqualTo("service de relation client"));
    assertThat(yes.hits().get(0).clause()).isEqualTo("panne");
    assertThat(yes.reasons()).isEmpty();
    assertThat(yes.analysedText()).contains("panne", "ondynedown", "ondyne", "down");

    WatchExplanation noLang = WatchExplainer.explain(w, mention("Panne Ondyne", "en", "x", null), null);
    assertThat(noLang.matched()).isFalse();
    assertThat(noLang.reasons()).anySatisfy(r -> assertThat(r).contains("no match on required clause (lang:fr)"));

    WatchExplanation excluded = WatchExplainer.explain(w, mention("Panne de lumière au ballet Ondyne", "fr", "x", null), null);
    assertThat(excluded.matched()).isFalse();
    assertThat(excluded.reasons()).anySatisfy(r -> assertThat(r).contains("match on prohibited clause (text:ballet)"));

    WatchExplanation missing = WatchExplainer.explain(w, mention("Ondyne, c'est top", "fr", "x", null), null);
    assertThat(missing.reasons()).anySatisfy(r -> assertThat(r).contains("no match on required clause (text:panne text:outage)"));
  }

  @Test
  void explainOfARegisteredWatch() {
    matcher.put(watch("brand", "ondyne"));
    assertThat(matcher.explain("brand", mention("#PanneOndyne"), null).hits())
        .extracting(WatchExplanation.Hit::matchedText).containsExactly("Ondyne");
    assertThatThrownBy(() -> matcher.explain("nope", mention("x"), null)).hasMessage("no watch 'nope'");
  }

  @Test
  void matchesWhileWatchesChange() throws Exception {
    for (int i = 0; i < 50; i++) {
      matcher.put(watch("w" + i, "brand" + i + " OR ondyne"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(pool.submit(() -> {
          int seen = 0;
          for (int i = 0; i < 300; i++) {
            List<String> ids = matcher.match(Mention.of("c:" + i, "x", "brand7 et Ondyne", T), "fr");
            assertThat(ids).contains("w7");
            seen += ids.size();
          }
          return seen;
        }));
      }
      Future<?> writer = pool.submit(() -> {
        for (int i = 50; i < 150; i++) {
          matcher.put(watch("w" + i, "brand" + i));
          matcher.remove("w" + (i - 1 == 7 ? 8 : i - 1));
        }
      });
      writer.get(60, TimeUnit.SECONDS);
      for (Future<Integer> f : readers) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isPositive();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(matcher.match(Mention.of("c:end", "x", "brand7 brand149 ondyne", T), "fr")).contains("w7", "w149");
  }
}
