package io.veille.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The text helpers the connectors share (feeds, Hacker News and Mastodon HTML; feed and status language tags). */
class TextHelpersTest {
  @Test
  void htmlBecomesPlainText() {
    assertThat(HtmlText.toText("<p>Panne <b>Ondyne</b>&nbsp;: d&eacute;j&#224; 3&#x20AC;</p><p>2e</p><script>x()</script>"))
        .isEqualTo("Panne Ondyne : déjà 3€\n\n2e");
    assertThat(HtmlText.toText("a<br/>b &unknown; &amp;")).isEqualTo("a\nb &unknown; &");
    assertThat(HtmlText.toText(null)).isNull();
    assertThat(HtmlText.decodeEntities("no entity")).isEqualTo("no entity");
  }

  @Test
  void languageTagsKeepTheirPrimarySubtag() {
    assertThat(LangTag.normalize("fr-FR")).isEqualTo("fr");
    assertThat(LangTag.normalize(" EN_us ")).isEqualTo("en");
    assertThat(LangTag.normalize("und")).isEqualTo("und");
    assertThat(LangTag.normalize("French")).isNull();
    assertThat(LangTag.normalize(null)).isNull();
  }
}
