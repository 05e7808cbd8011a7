package io.veille.deploy.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veille.common.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The ground truth of a generated scenario, written beside it as {@code FILE.truth.json} so that
 * benchmarks can score detection: what was generated (counts by language and source, reshares,
 * near-duplicates, replies) and the bad buzz (onset, peak, end, the English spill-over, its key
 * terms and viral posts), or none.
 */
public record ScenarioTruth(
    long seed, int days, Instant start, Instant end, double scale, String brand,
    int mentions, int reshares, int nearDuplicates, int replies, int langAbsent,
    Map<String, Integer> byLanguage, Map<String, Integer> bySource, BadBuzz badBuzz) {

  public ScenarioTruth {
    byLanguage = Map.copyOf(byLanguage);
    bySource = Map.copyOf(bySource);
  }

  /**
   * @param onset when the first French posts appear
   * @param peak when the French wave peaks
   * @param englishOnset when it spills into English
   * @param end the last minute the buzz is above 2.5% of its peak rate
   * @param mentions mentions that belong to the buzz (posts, reshares, copies, replies)
   * @param keyTerms the words that grow against the everyday conversation, lower case
   * @param viralPosts ids of the scripted posts that most people reshared
   */
  public record BadBuzz(String name, String description, Instant onset, Instant peak, Instant englishOnset,
      Instant englishPeak, Instant end, int mentions, int french, int english, int reshares,
      List<String> keyTerms, List<String> hashtags, List<String> viralPosts) {
    public BadBuzz {
      keyTerms = List.copyOf(keyTerms);
      hashtags = List.copyOf(hashtags);
      viralPosts = List.copyOf(viralPosts);
    }
  }

  /** The sidecar JSON, fields in a fixed order, maps sorted by key. */
  public ObjectNode toJson() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("generator", "veille scenario");
    o.put("seed", seed);
    o.put("days", days);
    o.put("start", start.toString());
    o.put("end", end.toString());
    o.put("scale", scale);
    o.put("brand", brand);
    o.put("mentions", mentions);
    o.put("reshares", reshares);
    o.put("nearDuplicates", nearDuplicates);
    o.put("replies", replies);
    o.put("langAbsent", langAbsent);
    ObjectNode langs = o.putObject("byLanguage");
    new java.util.TreeMap<>(byLanguage).forEach(langs::put);
    ObjectNode sources = o.putObject("bySource");
    new java.util.TreeMap<>(bySource).forEach(sources::put);
    if (badBuzz == null) {
      o.putNull("badBuzz");
      return o;
    }
    ObjectNode b = o.putObject("badBuzz");
    b.put("name", badBuzz.name());
    b.put("description", badBuzz.description());
    b.put("onset", badBuzz.onset().toString());
    b.put("peak", badBuzz.peak().toString());
    b.put("englishOnset", badBuzz.englishOnset().toString());
    b.put("englishPeak", badBuzz.englishPeak().toString());
    b.put("end", badBuzz.end().toString());
    b.put("mentions", badBuzz.mentions());
    b.put("french", badBuzz.french());
    b.put("english", badBuzz.english());
    b.put("reshares", badBuzz.reshares());
    badBuzz.keyTerms().forEach(b.putArray("keyTerms")::add);
    badBuzz.hashtags().forEach(b.putArray("hashtags")::add);
    badBuzz.viralPosts().forEach(b.putArray("viralPosts")::add);
    return o;
  }
}
