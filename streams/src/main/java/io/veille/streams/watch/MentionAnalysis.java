package io.veille.streams.watch;

import io.veille.common.model.Mention;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.pattern.PatternReplaceFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;

/**
 * How a mention is seen by the watches: the Lucene fields and the analysis behind them.
 *
 * <ul>
 *   <li>{@code text} (the default field): StandardTokenizer, then French elision ({@code l'appli ->
 *       appli}), camel-case split of hashtags and handles (indexing side only, see
 *       {@link CompoundSplitFilter}), lower case, ASCII folding ({@code réseau -> reseau}) and a light
 *       FR+EN plural stemmer ({@link PluralStemFilter}). So {@code #Panne}, {@code pannes} and
 *       {@code panne} are one term.</li>
 *   <li>{@code lang}, {@code source}: the exact value, lower-cased.</li>
 *   <li>{@code author}: the handle, lower-cased, with and without its leading {@code @}
 *       ({@code author:@ondyne_fr} and {@code author:ondyne_fr} both match); the author id too.</li>
 *   <li>{@code hashtag}: each hashtag of the text, lower-cased and folded, without {@code #}.</li>
 * </ul>
 *
 * Wildcard and prefix terms are normalised the same way (elision, lower case, folding), so
 * {@code Rembours*} and {@code l'Appli*} work; they are not stemmed.
 */
public final class MentionAnalysis {
  public static final String TEXT = "text";
  public static final String LANG = "lang";
  public static final String SOURCE = "source";
  public static final String AUTHOR = "author";
  public static final String HASHTAG = "hashtag";

  /** The fields a watch's query may name. */
  public static final Set<String> FIELDS = Set.of(TEXT, LANG, SOURCE, AUTHOR, HASHTAG);

  /** The language recorded when neither the mention nor the detector knows it. */
  public static final String UNKNOWN_LANG = "und";

  /** French elided articles and pronouns (l', d', j', qu', jusqu', ...). */
  static final CharArraySet ELISIONS = new CharArraySet(
      List.of("l", "d", "j", "c", "n", "qu", "s", "m", "t", "jusqu", "lorsqu", "puisqu", "quoiqu"), true);

  private static final Pattern HASHTAG_PATTERN = Pattern.compile("(?<![\\p{L}\\p{N}_&])#([\\p{L}\\p{N}_]*\\p{L}[\\p{L}\\p{N}_]*)");

  private static final Analyzer INDEX = new FieldsAnalyzer(true);
  private static final Analyzer QUERY = new FieldsAnalyzer(false);

  private MentionAnalysis() {}

  /** The analyzer of the mention's fields: thread-safe, shared. */
  public static Analyzer indexAnalyzer() {
    return INDEX;
  }

  /** The analyzer of the queries' terms: the same chain without the compound split. */
  public static Analyzer queryAnalyzer() {
    return QUERY;
  }

  /**
   * The document the watches run against. {@code detectedLang} is used when the mention has no
   * language of its own; with neither, the language is {@value #UNKNOWN_LANG}.
   */
  public static Document document(Mention m, String detectedLang) {
    Document doc = new Document();
    doc.add(new TextField(TEXT, m.text(), Field.Store.NO));
    doc.add(new TextField(LANG, language(m, detectedLang), Field.Store.NO));
    doc.add(new TextField(SOURCE, m.source(), Field.Store.NO));
    for (String a : authorTerms(m)) {
      doc.add(new TextField(AUTHOR, a, Field.Store.NO));
    }
    for (String tag : hashtags(m.text())) {
      doc.add(new TextField(HASHTAG, tag, Field.Store.NO));
    }
    return doc;
  }

  /** The mention's language, else the detected one, else {@value #UNKNOWN_LANG}. */
  public static String language(Mention m, String detectedLang) {
    String l = m.lang() != null ? m.lang() : detectedLang;
    return l == null || l.isBlank() ? UNKNOWN_LANG : l.toLowerCase(Locale.ROOT);
  }

  /** The values indexed in {@code author}: the handle with and without '@', and the id. */
  public static List<String> authorTerms(Mention m) {
    Set<String> out = new LinkedHashSet<>();
    if (m.author() != null) {
      String h = m.author().handle();
      if (h != null) {
        String bare = h.startsWith("@") ? h.substring(1) : h;
        out.add("@" + bare);
        out.add(bare);
      }
      if (m.author().id() != null) {
        out.add(m.author().id());
      }
    }
    return new ArrayList<>(out);
  }

  /** The hashtags of a text, without '#', in order of appearance, each once. */
  public static List<String> hashtags(String text) {
    Set<String> tags = new LinkedHashSet<>();
    Matcher mt = HASHTAG_PATTERN.matcher(text);
    while (mt.find()) {
      tags.add(mt.group(1));
    }
    return new ArrayList<>(tags);
  }

  /** The terms {@code analyzer} makes of {@code text} in {@code field}, in order (for explanations and tests). */
  public static List<String> terms(Analyzer analyzer, String field, String text) {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream(field, text)) {
      CharTermAttribute t = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(t.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** One analyzer for every field, so that the query parser and the watch index see the same terms. */
  private static final class FieldsAnalyzer extends Analyzer {
    private final boolean indexing;

    FieldsAnalyzer(boolean indexing) {
      super(PER_FIELD_REUSE_STRATEGY);
      this.indexing = indexing;
    }

    @Override
    protected TokenStreamComponents createComponents(String field) {
      if (TEXT.equals(field)) {
        Tokenizer source = new StandardTokenizer();
        TokenStream ts = new ElisionFilter(source, ELISIONS);
        if (indexing) {
          ts = new CompoundSplitFilter(ts);
        }
        ts = new LowerCaseFilter(ts);
        ts = new ASCIIFoldingFilter(ts);
        ts = new PluralStemFilter(ts);
        return new TokenStreamComponents(source, ts);
      }
      Tokenizer source = new KeywordTokenizer();
      return new TokenStreamComponents(source, keyword(field, source));
    }

    @Override
    protected TokenStream normalize(String field, TokenStream in) {
      if (TEXT.equals(field)) {
        return new ASCIIFoldingFilter(new LowerCaseFilter(new ElisionFilter(in, ELISIONS)));
      }
      return keyword(field, in);
    }

    private static TokenStream keyword(String field, TokenStream in) {
      TokenStream ts = new ASCIIFoldingFilter(new LowerCaseFilter(in));
      if (HASHTAG.equals(field)) {
        ts = new PatternReplaceFilter(ts, Pattern.compile("^#"), "", false);
      }
      return ts;
    }

    @Override
    public int getPositionIncrementGap(String field) {
      return TEXT.equals(field) ? 0 : 100;
    }

    @Override
    public int getOffsetGap(String field) {
      return 1;
    }
  }
}
