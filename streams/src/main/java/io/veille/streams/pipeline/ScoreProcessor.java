package io.veille.streams.pipeline;

import io.veille.common.json.MentionJson;
import io.veille.common.model.Mention;
import io.veille.common.topic.DeadLetters;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.veille.common.model.ScoredMention;
import io.veille.common.model.Sentiment;
import io.veille.streams.detect.Terms;
import io.veille.streams.lang.LanguageDetector;
import io.veille.streams.sentiment.SentimentModel;
import io.veille.streams.watch.WatchMatcher;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Runs on mentions keyed by {@link TextKey}: a text seen within the near-duplicate window is a
 * copy (reshare or near-duplicate) — the original's copy count grows and is re-emitted, and the
 * copy counts in its watches' buckets as a copy; a new text gets its language (detected when
 * absent), its matching watches and its sentiment, and counts as a post.
 */
final class ScoreProcessor implements Processor<String, Mention, String, Scored> {
  static final String STORE = "near-dup-texts";

  private final long windowMs;
  private final WatchMatcher matcher;
  private final SentimentModel sentiment;
  private final LanguageDetector languages;
  private static final Logger LOG = LoggerFactory.getLogger(ScoreProcessor.class);
  private ProcessorContext<String, Scored> context;
  private Sensor failures;
  private WindowStore<String, ScoredMention> texts;

  private final boolean evidence;

  /** @param evidence whether contributions carry the detector's evidence (post, author, terms) */
  ScoreProcessor(Duration window, WatchMatcher matcher, SentimentModel sentiment, LanguageDetector languages,
      boolean evidence) {
    this.evidence = evidence;
    this.windowMs = window.toMillis();
    this.matcher = matcher;
    this.sentiment = sentiment;
    this.languages = languages;
  }

  @Override
  public void init(ProcessorContext<String, Scored> context) {
    this.context = context;
    this.failures = context.metrics().addRateTotalSensor("veille", "score", "model-failures", Sensor.RecordingLevel.INFO);
    this.texts = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, Mention> r) {
    Mention m = r.value();
    long ts = r.timestamp();
    ScoredMention original = null;
    long originalTs = 0;
    try (var it = texts.fetch(r.key(), ts - windowMs, ts + windowMs)) {
      if (it.hasNext()) {
        var kv = it.next();
        original = kv.value;
        originalTs = kv.key;
      }
    }
    if (original != null) {
      if (original.id().equals(m.id())) {
        return; // the same mention through another partition: already counted
      }
      ScoredMention updated = new ScoredMention(original.mention(), original.lang(), original.sentiment(),
          original.watchIds(), original.copies() + 1);
      texts.put(r.key(), updated, originalTs);
      context.forward(new Record<>(updated.id(), new Scored.Mention(updated), ts, r.headers()));
      if (!original.watchIds().isEmpty()) {
        Contribution c = new Contribution(Contribution.Kind.COPY, original.sentiment().label(), authorKey(m), m.reach(),
            evidence ? detail(original.mention(), m, List.of()) : null);
        for (String w : original.watchIds()) {
          context.forward(new Record<>(w, new Scored.ToBucket(c), ts));
        }
      }
      return;
    }
    String lang;
    List<String> watches;
    Sentiment s;
    String step = "language";
    try {
      lang = m.lang() != null ? m.lang() : languages.detect(m.text());
      step = "watches";
      watches = matcher.match(m, lang);
      step = "sentiment";
      s = sentiment.score(m.text(), lang);
    } catch (RuntimeException | StackOverflowError e) {
      // a model that fails on one text must not stop the thread (it would retry that record forever)
      failed(r, m, step, e);
      return;
    }
    ScoredMention scored = new ScoredMention(m, lang, s, watches, 0);
    texts.put(r.key(), scored, ts);
    context.forward(new Record<>(m.id(), new Scored.Mention(scored), ts, r.headers()));
    if (!watches.isEmpty()) {
      Contribution c = new Contribution(Contribution.Kind.POST, s.label(), authorKey(m), m.reach(),
          evidence ? detail(m, m, Terms.of(m.text(), Contribution.MAX_TERMS)) : null);
      for (String w : watches) {
        context.forward(new Record<>(w, new Scored.ToBucket(c), ts));
      }
    }
  }

  private void failed(Record<String, Mention> r, Mention m, String step, Throwable e) {
    failures.record();
    String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    why = why.length() <= 300 ? why : why.substring(0, 297) + "...";
    LOG.warn("mention {} not scored ({} failed), sent to the DLQ: {}", m.id(), step, why, e);
    Headers h = new RecordHeaders();
    h.add(DeadLetters.STAGE, ("streams.score." + step).getBytes(StandardCharsets.UTF_8));
    h.add(DeadLetters.ERROR, ("the " + step + " model failed: " + why).getBytes(StandardCharsets.UTF_8));
    context.recordMetadata().ifPresent(md -> {
      h.add(DeadLetters.TOPIC, md.topic().getBytes(StandardCharsets.UTF_8));
      h.add(DeadLetters.PARTITION, Integer.toString(md.partition()).getBytes(StandardCharsets.UTF_8));
      h.add(DeadLetters.OFFSET, Long.toString(md.offset()).getBytes(StandardCharsets.UTF_8));
    });
    context.forward(new Record<>(m.id(), new Scored.Failed(m.id().getBytes(StandardCharsets.UTF_8), MentionJson.write(m)),
        r.timestamp(), h));
  }

  /** The evidence of {@code by}'s contribution to a post {@code post} (itself, or the original it copies). */
  private static Contribution.Detail detail(Mention post, Mention by, List<String> terms) {
    return new Contribution.Detail(post.id(), post.source(), post.text(), post.url(), name(post), post.reach(),
        post.engagement() == null ? 0 : post.engagement().shares(), name(by), by.reach(), terms);
  }

  private static String name(Mention m) {
    if (m.author() == null) {
      return null;
    }
    return m.author().handle() != null ? m.author().handle() : m.author().name() != null ? m.author().name() : m.author().id();
  }

  private static long authorKey(Mention m) {
    return m.author() == null ? Contribution.NO_AUTHOR : Contribution.authorHash(m.source() + ":" + m.author().key());
  }
}
