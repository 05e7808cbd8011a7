package io.veille.streams.index;

import io.veille.common.model.Mention;
import io.veille.common.model.ScoredMention;
import io.veille.streams.watch.MentionAnalysis;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoubleDocValuesField;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.Term;
import org.apache.lucene.util.BytesRef;

/**
 * The mention index's documents: one per mention id, its fields and their analysis.
 *
 * <ul>
 *   <li>{@code text} (stored, the default field): the watches' analysis ({@link MentionAnalysis}: French elision,
 *       hashtags and handles split, case and accents folded, FR+EN plurals), so a watch's query finds in the index
 *       what the watch matched;</li>
 *   <li>{@code text_fr}, {@code text_en}: per-language fields with light stemming (French: elision, folding,
 *       {@code FrenchLightStemFilter}; English: possessives, folding, KStem). A French mention has {@code text_fr},
 *       an English one {@code text_en}, any other language both. A word of a query looks in the three fields;</li>
 *   <li>exact, lower-cased and folded: {@code lang}, {@code source}, {@code author} (handle with and without
 *       {@code @}, author id), {@code hashtag} (without {@code #}), {@code watch}, {@code sentiment},
 *       {@code verified};</li>
 *   <li>points and doc values (ranges, sorting): {@code publishedAt} (epoch ms), {@code followers} (reach),
 *       {@code engagement} (likes + shares + replies), {@code copies}, {@code sentimentScore};</li>
 *   <li>doc values for the facets: {@code lang}, {@code source}, {@code sentiment}, {@code watch} (the exact
 *       values) and the day, read from {@code publishedAt};</li>
 *   <li>{@code _source}: the scored mention's JSON as it was on the topic, which answers and exports return.</li>
 * </ul>
 */
public final class MentionDocuments {
  public static final String ID = "id";
  public static final String TEXT = MentionAnalysis.TEXT;
  public static final String TEXT_FR = "text_fr";
  public static final String TEXT_EN = "text_en";
  public static final String LANG = MentionAnalysis.LANG;
  public static final String SOURCE = MentionAnalysis.SOURCE;
  public static final String AUTHOR = MentionAnalysis.AUTHOR;
  public static final String HASHTAG = MentionAnalysis.HASHTAG;
  public static final String WATCH = "watch";
  public static final String SENTIMENT = "sentiment";
  public static final String SENTIMENT_SCORE = "sentimentScore";
  public static final String VERIFIED = "verified";
  public static final String PUBLISHED_AT = "publishedAt";
  public static final String FOLLOWERS = "followers";
  public static final String ENGAGEMENT = "engagement";
  public static final String COPIES = "copies";
  public static final String SOURCE_JSON = "_source";

  /** The fields a search query may name ({@code text_fr:} and {@code text_en:} included). */
  public static final Set<String> QUERY_FIELDS = Set.of(TEXT, TEXT_FR, TEXT_EN, LANG, SOURCE, AUTHOR, HASHTAG, WATCH,
      SENTIMENT, VERIFIED, PUBLISHED_AT, FOLLOWERS, ENGAGEMENT, COPIES);

  /** The numeric fields (points): a query may give them a range. */
  public static final Set<String> LONG_FIELDS = Set.of(PUBLISHED_AT, FOLLOWERS, ENGAGEMENT, COPIES);

  private static final Analyzer FRENCH = new LanguageAnalyzer(true);
  private static final Analyzer ENGLISH = new LanguageAnalyzer(false);
  private static final Analyzer INDEX = new PerFieldAnalyzerWrapper(MentionAnalysis.indexAnalyzer(),
      Map.of(TEXT_FR, FRENCH, TEXT_EN, ENGLISH));
  private static final Analyzer QUERY = new PerFieldAnalyzerWrapper(MentionAnalysis.queryAnalyzer(),
      Map.of(TEXT_FR, FRENCH, TEXT_EN, ENGLISH));

  private MentionDocuments() {}

  /** The analyzer the index writer uses. */
  public static Analyzer indexAnalyzer() {
    return INDEX;
  }

  /** The analyzer of a search query's terms. */
  public static Analyzer queryAnalyzer() {
    return QUERY;
  }

  /** The term that identifies a mention's document ({@code updateDocument} replaces it). */
  public static Term idTerm(String id) {
    return new Term(ID, id);
  }

  /** The value of an exact field as it is indexed (lower case, accents folded; a hashtag without '#'). */
  public static String exact(String field, String value) {
    List<String> t = MentionAnalysis.terms(QUERY, field, value);
    return t.isEmpty() ? "" : t.get(0);
  }

  /** The document of a scored mention; {@code json} is its value on the topic, stored as it is. */
  public static Document document(ScoredMention s, byte[] json) {
    Mention m = s.mention();
    Document d = new Document();
    d.add(new StringField(ID, m.id(), Field.Store.NO));
    d.add(new SortedDocValuesField(ID, new BytesRef(m.id())));
    d.add(new TextField(TEXT, m.text(), Field.Store.YES));
    String lang = MentionAnalysis.language(m, s.lang());
    boolean fr = lang.equals("fr");
    boolean en = lang.equals("en");
    if (!en) {
      d.add(new TextField(TEXT_FR, m.text(), Field.Store.NO));
    }
    if (!fr) {
      d.add(new TextField(TEXT_EN, m.text(), Field.Store.NO));
    }
    exact(d, LANG, lang, true);
    exact(d, SOURCE, m.source(), true);
    for (String a : MentionAnalysis.authorTerms(m)) {
      d.add(new TextField(AUTHOR, a, Field.Store.NO));
    }
    for (String tag : MentionAnalysis.hashtags(m.text())) {
      d.add(new TextField(HASHTAG, tag, Field.Store.NO));
    }
    for (String w : s.watchIds()) {
      d.add(new TextField(WATCH, w, Field.Store.NO));
      d.add(new SortedSetDocValuesField(WATCH, new BytesRef(w)));
    }
    exact(d, SENTIMENT, label(s.sentiment().label()), true);
    d.add(new DoublePoint(SENTIMENT_SCORE, s.sentiment().score()));
    d.add(new DoubleDocValuesField(SENTIMENT_SCORE, s.sentiment().score()));
    d.add(new TextField(VERIFIED, Boolean.toString(m.author() != null && m.author().verified()), Field.Store.NO));
    longField(d, PUBLISHED_AT, m.publishedAt().toEpochMilli());
    longField(d, FOLLOWERS, m.reach());
    longField(d, ENGAGEMENT, m.engagement().total());
    longField(d, COPIES, s.copies());
    d.add(new StoredField(SOURCE_JSON, json));
    return d;
  }

  /** A sentiment label as the index writes it: {@code negative}, {@code neutral}, {@code positive}. */
  public static String label(io.veille.common.model.Sentiment.Label l) {
    return l.name().toLowerCase(Locale.ROOT);
  }

  private static void exact(Document d, String field, String value, boolean facet) {
    d.add(new TextField(field, value, Field.Store.NO));
    if (facet) {
      d.add(new SortedDocValuesField(field, new BytesRef(value)));
    }
  }

  private static void longField(Document d, String field, long v) {
    d.add(new LongPoint(field, v));
    d.add(new NumericDocValuesField(field, v));
  }

  /** A per-language text analysis: tokens, (French) elision, lower case, accents folded, then a light stemmer. */
  private static final class LanguageAnalyzer extends Analyzer {
    private final boolean french;

    LanguageAnalyzer(boolean french) {
      this.french = french;
    }

    @Override
    protected TokenStreamComponents createComponents(String field) {
      Tokenizer source = new StandardTokenizer();
      TokenStream ts = source;
      if (french) {
        ts = new ElisionFilter(ts, FrenchAnalyzer.DEFAULT_ARTICLES);
      } else {
        ts = new EnglishPossessiveFilter(ts);
      }
      ts = new ASCIIFoldingFilter(new LowerCaseFilter(ts));
      ts = french ? new FrenchLightStemFilter(ts) : new KStemFilter(ts);
      return new TokenStreamComponents(source, ts);
    }

    @Override
    protected TokenStream normalize(String field, TokenStream in) {
      TokenStream ts = french ? new ElisionFilter(in, FrenchAnalyzer.DEFAULT_ARTICLES) : in;
      return new ASCIIFoldingFilter(new LowerCaseFilter(ts));
    }
  }
}
