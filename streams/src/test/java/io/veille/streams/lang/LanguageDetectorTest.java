package io.veille.streams.lang;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LanguageDetectorTest {
  static final LanguageDetector DETECTOR = LanguageDetector.get();

  @ParameterizedTest(name = "{1} -> {0}")
  @CsvSource(delimiter = '|', textBlock = """
      fr | merci @marque, au top !
      fr | J'adore
      fr | c'est pas terrible
      fr | Le service client ne répond jamais, je suis très déçu
      fr | Livraison rapide, produit conforme, je recommande
      fr | Quelqu'un sait si la boutique est ouverte dimanche ?
      fr | #ServicePourri depuis trois semaines https://t.co/abc
      fr | Pourquoi mon colis n'est toujours pas arrivé @laposte
      fr | Bonne journée à tous
      en | So good
      en | I love this phone
      en | The delivery was late again, worst service ever
      en | Does anyone know if the store is open on Sunday?
      en | thanks @brand for the quick reply!
      en | #CustomerService is a joke https://t.co/xyz
      en | can't wait for the new season
      en | Why is my parcel still not here @ups
      en | Have a nice day everyone
      en | This is not what I ordered
      """)
  void frenchAndEnglishMentions(String expected, String text) {
    assertThat(DETECTOR.detect(text)).as(text).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "@user @other", "https://example.com/a/b", "😍😍😍", "12 34 !!!", "#1", "ok"})
  void nothingToJudgeIsUndetermined(String text) {
    assertThat(DETECTOR.detect(text)).isEqualTo(LanguageDetector.UNDETERMINED);
  }

  @Test
  void anotherLanguageGetsItsOwnCodeWhenClear() {
    assertThat(DETECTOR.detect("Me encanta este producto, es muy bueno y llegó rapidísimo a mi casa"))
        .isEqualTo("es");
    assertThat(DETECTOR.detect("Ich bin mit dem Kundendienst überhaupt nicht zufrieden, das ist eine Frechheit"))
        .isEqualTo("de");
  }

  @Test
  void cleaningDropsUrlsHandlesAndHashtagMarks() {
    StringBuilder sb = new StringBuilder();
    int letters = LanguageDetector.clean("@marque #ServicePourri http://x.fr 😡 2024", sb);
    assertThat(sb.toString().trim()).isEqualTo("Service Pourri");
    assertThat(letters).isEqualTo(13);
  }

  @Test
  void aFewContentWordsWithoutFunctionWordsMayStayUndetermined() {
    // "nul" and "arnaque" are French, but nothing in so short a text proves it: und, not a guess
    assertThat(DETECTOR.detect("nuuul 😡 #arnaque")).isIn("fr", LanguageDetector.UNDETERMINED);
  }

  @Test
  void nullIsUndetermined() {
    assertThat(DETECTOR.detect(null)).isEqualTo(LanguageDetector.UNDETERMINED);
  }
}
