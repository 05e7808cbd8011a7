package io.veille.streams.sentiment;

import static io.veille.common.model.Sentiment.Label.NEGATIVE;
import static io.veille.common.model.Sentiment.Label.NEUTRAL;
import static io.veille.common.model.Sentiment.Label.POSITIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veille.common.model.Sentiment;
import io.veille.common.model.Sentiment.Label;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hand-written French and English cases, one group per rule of the lexicon model. */
class LexiconSentimentModelTest {
  static final LexiconSentimentModel MODEL = LexiconSentimentModel.create();

  static Label label(String text, String lang) {
    return MODEL.score(text, lang).label();
  }

  static double raw(String text, String lang) {
    return MODEL.rawScore(text, lang);
  }

  @Nested
  class Basics {
    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        fr | merci @marque, au top !           | POSITIVE
        fr | nuuul 😡                          | NEGATIVE
        fr | #arnaque                          | NEGATIVE
        fr | c'est pas terrible                | NEGATIVE
        fr | Le train part à 8 h 12 de Lyon.   | NEUTRAL
        fr | Ce film est magnifique            | POSITIVE
        fr | Service client lamentable         | NEGATIVE
        en | I love this phone                 | POSITIVE
        en | This is the worst service ever    | NEGATIVE
        en | The store opens at 9 am on Monday | NEUTRAL
        """)
    void labels(String lang, String text, Label expected) {
      assertThat(label(text, lang)).as(MODEL.explain(text, lang)).isEqualTo(expected);
    }

    @Test
    void resultCarriesModelNameAndScoreInRange() {
      Sentiment fr = MODEL.score("génial !!!!!!!!!! 😍😍😍😍😍 " + "super ".repeat(50), "fr");
      assertThat(fr.model()).isEqualTo("lexicon-fr");
      assertThat(fr.score()).isBetween(0.9, 1.0);
      Sentiment en = MODEL.score("awful", "en");
      assertThat(en.model()).isEqualTo("lexicon-en");
      assertThat(en.score()).isBetween(-1.0, -0.1);
    }

    @Test
    void unknownLanguageIsGuessedFromFunctionWords() {
      assertThat(MODEL.score("je suis très déçu par le service", null).model()).isEqualTo("lexicon-fr");
      assertThat(MODEL.score("the service was really bad and I am disappointed", "und").model()).isEqualTo("lexicon-en");
      assertThat(label("je suis très déçu par le service", "und")).isEqualTo(NEGATIVE);
      // no function word to tell: the lexicon that finds sentiment decides
      assertThat(MODEL.score("nuuul 😡 #arnaque", "und").label()).isEqualTo(NEGATIVE);
      assertThat(MODEL.score("nuuul 😡 #arnaque", "und").model()).isEqualTo("lexicon-fr");
    }

    @Test
    void emptyAndSymbolOnlyTextsAreNeutral() {
      assertThat(label("", "fr")).isEqualTo(NEUTRAL);
      assertThat(label("... ,,, ;;", "en")).isEqualTo(NEUTRAL);
      assertThat(label("12 34 56", "en")).isEqualTo(NEUTRAL);
      assertThatThrownBy(() -> MODEL.score(null, "fr")).isInstanceOf(NullPointerException.class);
    }
  }

  @Nested
  class Negation {
    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        fr | Je n'aime pas ce produit               | NEGATIVE
        fr | Ce n'est pas bon du tout               | NEGATIVE
        fr | Je ne suis pas déçu                    | POSITIVE
        fr | Je ne suis plus satisfait de ma box    | NEGATIVE
        fr | Ce resto n'a jamais été bon            | NEGATIVE
        fr | Jamais déçu par cette marque           | POSITIVE
        fr | pas content                            | NEGATIVE
        fr | Livraison sans problème                | POSITIVE
        fr | Rien de bon dans cette mise à jour     | NEGATIVE
        en | I do not like it                       | NEGATIVE
        en | This is not good                       | NEGATIVE
        en | The update isn't bad                   | POSITIVE
        en | I never liked this app                 | NEGATIVE
        en | No problem with the delivery           | POSITIVE
        """)
    void negationFlipsTheWordsInItsScope(String lang, String text, Label expected) {
      assertThat(label(text, lang)).as(MODEL.explain(text, lang)).isEqualTo(expected);
    }

    @Test
    void scopeEndsAtPunctuationAndAfterThreeWords() {
      // "bon" is outside the scope of "pas": after the comma
      assertThat(label("Pas de réponse, mais le produit est bon", "fr")).isEqualTo(POSITIVE);
      assertThat(label("Not sure, but it is great", "en")).isEqualTo(POSITIVE);
      assertThat(label("I did not go to the shop on the corner today and it was great", "en")).isEqualTo(POSITIVE);
    }

    @Test
    void neWithoutCompleterIsNoNegation() {
      // ne ... que means "only", not a negation
      assertThat(raw("Je n'aime que ce produit", "fr")).isPositive();
      assertThat(raw("Je n'aime pas ce produit", "fr")).isNegative();
    }
  }

  @Nested
  class IntensifiersAndDampeners {
    @Test
    void intensifiersStrengthen() {
      assertThat(raw("très bon", "fr")).isGreaterThan(raw("bon", "fr"));
      assertThat(raw("vraiment nul", "fr")).isLessThan(raw("nul", "fr"));
      assertThat(raw("very good", "en")).isGreaterThan(raw("good", "en"));
      assertThat(raw("extremely bad", "en")).isLessThan(raw("bad", "en"));
      assertThat(label("trop bien", "fr")).isEqualTo(POSITIVE);
    }

    @Test
    void dampenersWeaken() {
      assertThat(raw("un peu décevant", "fr")).isNegative().isGreaterThan(raw("décevant", "fr"));
      assertThat(raw("slightly disappointing", "en")).isNegative().isGreaterThan(raw("disappointing", "en"));
      assertThat(raw("barely good", "en")).isLessThan(raw("good", "en"));
    }

    @Test
    void aModifierThatIsAlsoASentimentWordCountsAloneWhenNothingFollows() {
      assertThat(label("super", "fr")).isEqualTo(POSITIVE);
      assertThat(raw("super content", "fr")).isGreaterThan(raw("content", "fr"));
    }
  }

  @Nested
  class Contrast {
    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        fr | Le produit est bien mais le service client est nul        | NEGATIVE
        fr | La livraison était lente mais le produit est excellent    | POSITIVE
        fr | Bon téléphone, cependant la batterie est décevante        | NEGATIVE
        fr | Bien que le prix soit élevé, je suis ravi                 | POSITIVE
        en | The food was good but the service was terrible            | NEGATIVE
        en | The start was boring but the ending was brilliant         | POSITIVE
        en | Although the screen is great, the battery is awful        | NEGATIVE
        """)
    void theClauseAfterTheContrastWeighsMore(String lang, String text, Label expected) {
      assertThat(label(text, lang)).as(MODEL.explain(text, lang)).isEqualTo(expected);
    }
  }

  @Nested
  class EmojiAndEmoticons {
    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        fr | Ma commande est arrivée 😍       | POSITIVE
        fr | Ma commande est arrivée 😡😡     | NEGATIVE
        fr | Ma commande est arrivée :)       | POSITIVE
        fr | Ma commande est arrivée :(       | NEGATIVE
        fr | Ma commande est arrivée ❤️        | POSITIVE
        en | Just got my order 👍             | POSITIVE
        en | Just got my order 😭😭           | NEGATIVE
        en | Just got my order :-(           | NEGATIVE
        en | Just got my order <3            | POSITIVE
        """)
    void emojiAndEmoticonsCarrySentiment(String lang, String text, Label expected) {
      assertThat(label(text, lang)).as(MODEL.explain(text, lang)).isEqualTo(expected);
    }

    @Test
    void emoticonAttachedToAWord() {
      assertThat(label("merci:)", "fr")).isEqualTo(POSITIVE);
    }
  }

  @Nested
  class EmphasisElongationCapitals {
    @Test
    void elongatedWordsAreRecognisedAndEmphasised() {
      assertThat(label("nuuuuul", "fr")).isEqualTo(NEGATIVE);
      assertThat(label("trooop bien", "fr")).isEqualTo(POSITIVE);
      assertThat(label("sooo goooood", "en")).isEqualTo(POSITIVE);
      assertThat(raw("nuuuuul", "fr")).isLessThan(raw("nul", "fr"));
      assertThat(raw("goooood", "en")).isGreaterThan(raw("good", "en"));
    }

    @Test
    void capitalsInAMixedCaseTextEmphasise() {
      assertThat(raw("le service est NUL", "fr")).isLessThan(raw("le service est nul", "fr"));
      assertThat(raw("the service is GREAT", "en")).isGreaterThan(raw("the service is great", "en"));
      // an all-capitals text is not shouting word by word
      assertThat(raw("THE SERVICE IS GREAT", "en")).isEqualTo(raw("the service is great", "en"));
    }

    @Test
    void exclamationMarksEmphasiseUpToFour() {
      assertThat(raw("génial !!!", "fr")).isGreaterThan(raw("génial", "fr"));
      assertThat(raw("awful!!!", "en")).isLessThan(raw("awful", "en"));
      assertThat(raw("awful!!!!!!!!", "en")).isEqualTo(raw("awful!!!!", "en"));
      // emphasis does not create a sentiment out of nothing
      assertThat(label("Rendez-vous lundi à 10 h !!!", "fr")).isEqualTo(NEUTRAL);
    }
  }

  @Nested
  class FrenchElisionAndAccents {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
        j'adore                          | POSITIVE
        J’adore cette marque             | POSITIVE
        c'est génial                     | POSITIVE
        c'est nul                        | NEGATIVE
        ce n'est pas génial              | NEGATIVE
        je n’aime pas                    | NEGATIVE
        qu'est-ce que c'est décevant     | NEGATIVE
        tres decu par la livraison       | NEGATIVE
        c'est genial                     | POSITIVE
        """)
    void elisionsAreSplitAndAccentsFolded(String text, Label expected) {
      assertThat(label(text, "fr")).as(MODEL.explain(text, "fr")).isEqualTo(expected);
    }

    @Test
    void nApostropheIsTheNegationNe() {
      assertThat(MODEL.explain("il n'est jamais content", "fr")).startsWith("fr: il ne est").contains("content").contains("[neg]");
    }
  }

  @Nested
  class HashtagsHandlesUrls {
    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        fr | #servicepourri                          | NEGATIVE
        fr | #ServicePourri                          | NEGATIVE
        fr | Livraison reçue #jadore                 | POSITIVE
        fr | #pasContent                             | NEGATIVE
        fr | #service_client_nul                     | NEGATIVE
        en | Delivery came today #epicfail           | NEGATIVE
        en | #LoveIt                                 | POSITIVE
        en | #badminton club opens on Monday         | NEUTRAL
        fr | Photo des #maldives                     | NEUTRAL
        """)
    void hashtagsAreSplitIntoWords(String lang, String text, Label expected) {
      assertThat(label(text, lang)).as(MODEL.explain(text, lang)).isEqualTo(expected);
    }

    @Test
    void handlesAndUrlsAreIgnored() {
      assertThat(label("@superbe_marque https://example.com/excellent-great-love", "en")).isEqualTo(NEUTRAL);
      assertThat(label("@nul http://nul.fr/pire www.arnaque.com", "fr")).isEqualTo(NEUTRAL);
      assertThat(raw("@user merci pour tout http://t.co/x", "fr")).isEqualTo(raw("merci pour tout", "fr"));
    }
  }

  @Nested
  class Phrases {
    @Test
    void multiWordEntriesWinOverTheirWords() {
      assertThat(label("pas mal du tout ce nouveau forfait", "fr")).isEqualTo(POSITIVE);
      assertThat(label("franchement ce n'est pas terrible", "fr")).isEqualTo(NEGATIVE);
      assertThat(label("can't wait for the new season", "en")).isEqualTo(POSITIVE);
    }
  }

  /** Issue 18: the complaints a bad buzz is made of, sarcasm, apologies, names, sense and tokenisation bugs. */
  @Nested
  class DomainAndSenses {
    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        fr | Plus de réseau ni d'internet chez moi depuis 20 min… c'est général chez Ondyne ? 👀 #OndyneDown | NEGATIVE
        fr | C'est moi ou plus de réseau chez Ondyne ?                                       | NEGATIVE
        fr | Plus de réseau depuis 18h à Angers. Aucune info.                                | NEGATIVE
        fr | Toujours pas de réseau ce matin                                                 | NEGATIVE
        fr | Service client injoignable, appli qui charge pas, site en rade.                 | NEGATIVE
        fr | Toujours pas reçu mon remboursement du mois de septembre                        | NEGATIVE
        fr | Train supprimé et en retard tous les jours, aucune explication                  | NEGATIVE
        fr | Débité deux fois sur ma carte et toujours rien                                   | NEGATIVE
        fr | Colis jamais reçu, aucune réponse du SAV                                        | NEGATIVE
        fr | Panne générale chez Ondyne                                                      | NEGATIVE
        en | Been on hold with Ondyne for an hour, still nothing                             | NEGATIVE
        en | Ondyne down again?! No signal, no wifi, customer service unreachable             | NEGATIVE
        en | Third technician appointment cancelled by Ondyne. I took a day off for this.    | NEGATIVE
        en | Charged twice for the same order and still waiting for a refund                 | NEGATIVE
        en | My parcel never arrived and there is no response from the shop                  | NEGATIVE
        en | Massive outage at Ondyne tonight                                                | NEGATIVE
        """)
    void complaintsOfTelecomsTransportBankingAndRetail(String lang, String text, Label expected) {
      assertThat(label(text, lang)).as(MODEL.explain(text, lang)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        fr | 1h d'attente au service client pour entendre « nous rencontrons un incident ». Merci @ondyne | NEGATIVE
        fr | Rdv technicien annulé pour la 2e fois le matin même. Merci pour le jour de congé posé 👍     | NEGATIVE
        fr | Encore une hausse de 3€ sur mon forfait sans prévenir. Sympa.                                | NEGATIVE
        fr | L'appli plante dès que je veux voir ma conso, bravo                                          | NEGATIVE
        en | Wifi drops every 10 minutes, great for video calls                                           | NEGATIVE
        en | Two hours on hold and still no answer. Thanks a lot @ondyne                                  | NEGATIVE
        fr | merci @aide_ondyne au top ! problème réglé en 10 min 👍                                      | POSITIVE
        en | Thanks @ondyne, sorted my issue in 10 minutes                                                | POSITIVE
        """)
    void thanksAfterAComplaintIsSarcasm(String lang, String text, Label expected) {
      assertThat(label(text, lang)).as(MODEL.explain(text, lang)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        fr | Bonjour Léa, désolés pour la gêne. Pouvez-vous nous écrire en MP avec votre numéro de contrat ? On regarde ça. | NEUTRAL
        fr | Bonjour, nous sommes navrés de ce délai. Je vous envoie un MP pour avancer.                                   | NEUTRAL
        fr | Le service est rétabli. Toutes nos excuses pour la gêne occasionnée.                                          | POSITIVE
        en | Hi Tom, sorry about this. Could you DM us your account number? We'll take a look.                            | NEUTRAL
        en | We apologise for the delay, an agent will call you back today.                                               | NEUTRAL
        """)
    void supportApologiesAreNoComplaints(String lang, String text, Label expected) {
      assertThat(label(text, lang)).as(MODEL.explain(text, lang)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        fr | Ondyne ouvre une boutique à Angers                        | NEUTRAL
        fr | Régions (Lyon): Ondyne lance la Box 6 sans toucher aux prix | NEUTRAL
        fr | Déclaration de Marie Joyeux, adjointe au maire              | NEUTRAL
        fr | Visite de Paul Génial à Dijon                               | NEUTRAL
        en | Here in Nice, the shop opens at 9                           | NEUTRAL
        en | Nice! the shop opens at 9                                   | POSITIVE
        en | Interview with Hope Smith on the new plan                   | NEUTRAL
        fr | Les fibres de #amiens arrivent                              | NEUTRAL
        fr | Un nouveau parc à éoliennes #Outaouais                      | NEUTRAL
        """)
    void namesAreNotTheirWords(String lang, String text, Label expected) {
      assertThat(label(text, lang)).as(MODEL.explain(text, lang)).isEqualTo(expected);
    }

    @Test
    void anUnaccentedWordInAnAccentedTextIsItself() {
      // "outre" (besides) is no "outré" (outraged) when the writer uses accents
      assertThat(label("Outre la création d'emplois, la centrale réduira les coûts", "fr")).isNotEqualTo(NEGATIVE);
      assertThat(raw("Très déçu, il est outre", "fr")).isEqualTo(raw("Très déçu, il est", "fr"));
      assertThat(raw("il est outre", "fr")).isNegative();
      // a text without any accent still finds the accented words
      assertThat(label("tres decu par ce service", "fr")).isEqualTo(NEGATIVE);
    }

    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        fr | Les prix de l'énergie baissent en janvier             | NEUTRAL
        fr | La lutte contre le changement climatique continue     | NEUTRAL
        fr | Le forfait est trop cher                              | NEGATIVE
        fr | Un forfait pas cher et sans engagement                | POSITIVE
        fr | Un nouveau centre grâce à la région                   | NEUTRAL
        en | It looks like a new plan                              | NEUTRAL
        en | I like the new plan                                   | POSITIVE
        en | I don't like the new plan                             | NEGATIVE
        en | Please help, my box blinks orange                     | NEUTRAL
        en | I do not like the new plan                            | NEGATIVE
        fr | Les frais de résiliation passent à 50 €               | NEUTRAL
        en | Bill &gt; 50 euros this month &amp; counting          | NEUTRAL
        """)
    void wordsInTheirOrdinarySense(String lang, String text, Label expected) {
      assertThat(label(text, lang)).as(MODEL.explain(text, lang)).isEqualTo(expected);
    }

    @Test
    void contributionsNameTheDecidingTokensLargestFirst() {
      List<Contribution> c = MODEL.contributions("Plus de réseau, c'est nul !", "fr");
      assertThat(c).extracting(Contribution::token).startsWith("nul").contains("plus de réseau", "!");
      assertThat(c.get(0).value()).isNegative();
      double sum = c.stream().mapToDouble(Contribution::value).sum();
      assertThat(sum).isCloseTo(raw("Plus de réseau, c'est nul !", "fr"), org.assertj.core.data.Offset.offset(1e-5));
      assertThat(MODEL.contributions("jamais génial", "fr")).extracting(Contribution::token).containsExactly("génial[neg]");
      assertThat(MODEL.contributions("Le train part à 8 h", "fr")).isEmpty();
    }
  }

  @Test
  void neutralBandIsConfigurable() {
    LexiconSentimentModel strict = MODEL.withNeutralBand(0.9);
    assertThat(strict.score("c'est bon", "fr").label()).isEqualTo(NEUTRAL);
    assertThat(MODEL.score("c'est bon", "fr").label()).isEqualTo(POSITIVE);
    assertThatThrownBy(() -> MODEL.withNeutralBand(1.5)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void threadSafeUnderConcurrentUse() throws Exception {
    String[] texts = {"j'adore ce produit 😍", "service client nul #arnaque", "The delivery was late but the product is great",
        "Le train part à 8 h", "I do not like it at all!!!"};
    Sentiment[] expected = new Sentiment[texts.length];
    for (int i = 0; i < texts.length; i++) {
      expected[i] = MODEL.score(texts[i], i % 2 == 0 ? "fr" : "en");
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int th = 0; th < 4; th++) {
        results.add(pool.submit(() -> {
          for (int r = 0; r < 2_000; r++) {
            int i = r % texts.length;
            if (!MODEL.score(texts[i], i % 2 == 0 ? "fr" : "en").equals(expected[i])) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> f : results) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
