package io.veille.streams.sentiment;

import io.veille.common.config.ConfigDef;
import io.veille.common.config.VeilleConfig;
import java.time.Duration;
import java.util.Locale;

/**
 * How mentions are routed to the sentiment models (declared keys, in the manner of Kafka's
 * {@code ConfigDef}; environment variables {@code VEILLE_SENTIMENT_...}).
 *
 * @param policy which model decides: {@link Policy#LEXICON} for every mention (the default), or
 *     {@link Policy#CORENLP_EN}: CoreNLP for English mentions of at least {@code corenlpMinChars}
 *     characters, the lexicon model for the rest
 * @param corenlpMinChars shortest English text sent to CoreNLP
 * @param corenlpThreads CoreNLP worker threads (about 50 short texts/s each)
 * @param corenlpQueue mentions that may wait for a CoreNLP worker; beyond, the lexicon model
 *     decides at once (counted as rejected)
 * @param corenlpTimeout longest wait for CoreNLP's answer; beyond, the lexicon model decides
 *     (counted as timed out)
 */
public record SentimentConfig(Policy policy, int corenlpMinChars, int corenlpThreads, int corenlpQueue,
    Duration corenlpTimeout) {

  /** The routing policy, written in configuration as {@code lexicon} or {@code corenlp-en}. */
  public enum Policy {
    LEXICON("lexicon"), CORENLP_EN("corenlp-en");

    private final String configName;

    Policy(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }

    public static Policy parse(String s) {
      for (Policy p : values()) {
        if (p.configName.equals(s.trim().toLowerCase(Locale.ROOT))) {
          return p;
        }
      }
      throw new IllegalArgumentException(s);
    }
  }

  public static final ConfigDef.Key<Policy> POLICY = new ConfigDef.Key<>("sentiment.policy", Policy.class, Policy.LEXICON,
      false, Policy::parse, p -> true, "lexicon or corenlp-en",
      "Which model scores mentions: lexicon (French and English rules, every mention) or corenlp-en "
          + "(Stanford CoreNLP for English mentions of at least sentiment.corenlp.min.chars, lexicon for the rest).");
  public static final ConfigDef.Key<Integer> CORENLP_MIN_CHARS = ConfigDef.integer("sentiment.corenlp.min.chars", 40, 0, 100_000,
      "Shortest English text (in characters) that CoreNLP scores under the corenlp-en policy.");
  public static final ConfigDef.Key<Integer> CORENLP_THREADS = ConfigDef.integer("sentiment.corenlp.threads", 1, 1, 64,
      "CoreNLP worker threads (each scores about 50 short texts per second).");
  public static final ConfigDef.Key<Integer> CORENLP_QUEUE = ConfigDef.integer("sentiment.corenlp.queue", 256, 0, 1_000_000,
      "Mentions that may wait for a CoreNLP worker; when the queue is full the lexicon model decides at once.");
  public static final ConfigDef.Key<Duration> CORENLP_TIMEOUT = ConfigDef.duration("sentiment.corenlp.timeout", Duration.ofSeconds(2),
      "Longest wait for CoreNLP's answer for one mention; after it the lexicon model decides.");

  public SentimentConfig {
    if (policy == null) {
      throw new IllegalArgumentException("policy is required");
    }
    if (corenlpMinChars < 0 || corenlpThreads < 1 || corenlpQueue < 0 || corenlpTimeout == null || corenlpTimeout.isNegative()) {
      throw new IllegalArgumentException("invalid CoreNLP settings: min chars " + corenlpMinChars + ", threads " + corenlpThreads
          + ", queue " + corenlpQueue + ", timeout " + corenlpTimeout);
    }
  }

  /** The keys above, to merge into the streams service's {@link ConfigDef}. */
  public static ConfigDef def() {
    return new ConfigDef().define(POLICY).define(CORENLP_MIN_CHARS).define(CORENLP_THREADS).define(CORENLP_QUEUE)
        .define(CORENLP_TIMEOUT);
  }

  public static SentimentConfig defaults() {
    return new SentimentConfig(POLICY.defaultValue(), CORENLP_MIN_CHARS.defaultValue(), CORENLP_THREADS.defaultValue(),
        CORENLP_QUEUE.defaultValue(), CORENLP_TIMEOUT.defaultValue());
  }

  /** Reads the keys from a configuration whose definition includes {@link #def()}. */
  public static SentimentConfig from(VeilleConfig config) {
    return new SentimentConfig(config.get(POLICY), config.get(CORENLP_MIN_CHARS), config.get(CORENLP_THREADS),
        config.get(CORENLP_QUEUE), config.get(CORENLP_TIMEOUT));
  }

  public SentimentConfig withPolicy(Policy p) {
    return new SentimentConfig(p, corenlpMinChars, corenlpThreads, corenlpQueue, corenlpTimeout);
  }
}
