package io.veille.deploy.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veille.common.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The ground truth of a generated scenario, written beside it as {@code FILE.truth.json} so that
 * benchmarks can score detection: what was generated (counts by language and source, reshares,
 * near-duplicates, replies), the bad buzz (onset, peak, end, the English spill-over, its key terms
 * and viral posts) or none, the product launch (a harmless positive spike) or none, and the windows
 * a detector is scored on, each with what it should raise there.
 *
 * <p>{@code copies} is what the streams pipeline counts as copies: every fresh text of the scenario
 * has a copy key of its own ({@link TextKeys}), so its copies are exactly its reshares and
 * near-duplicates.
 */
public record ScenarioTruth(
    long seed, int days, Instant start, Instant end, double scale, String brand,
    int mentions, int reshares, int nearDuplicates, int replies, int langAbsent,
    Map<String, Integer> byLanguage, Map<String, Integer> bySource, BadBuzz badBuzz, Launch launch,
    List<SurgeWindow> windows) {

  public ScenarioTruth {
    byLanguage = Map.copyOf(byLanguage);
    bySource = Map.copyOf(bySource);
    windows = List.copyOf(windows);
  }

  /** The mentions the pipeline takes for copies of an earlier one (within its near-duplicate window). */
  public int copies() {
    return reshares + nearDuplicates;
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

  /**
   * @param onset the brand's announcement
   * @param peak when the French wave peaks
   * @param end the last minute the launch is above 2.5% of its peak rate
   * @param mentions mentions that belong to the launch (posts, reshares, copies, replies)
   * @param keyTerms the words that grow against the everyday conversation, lower case
   * @param featuredPosts ids of the brand's announcements and the large accounts' reviews many reshared
   */
  public record Launch(String name, String description, Instant onset, Instant peak, Instant end, int mentions,
      int french, int english, int reshares, List<String> keyTerms, List<String> hashtags, List<String> featuredPosts) {
    public Launch {
      keyTerms = List.copyOf(keyTerms);
      hashtags = List.copyOf(hashtags);
      featuredPosts = List.copyOf(featuredPosts);
    }
  }

  /** The sidecar JSON, fields in a fixed order, maps sorted by key; fields were only ever added to it. */
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
    o.put("copies", copies());
    o.put("replies", replies);
    o.put("langAbsent", langAbsent);
    ObjectNode langs = o.putObject("byLanguage");
    new java.util.TreeMap<>(byLanguage).forEach(langs::put);
    ObjectNode sources = o.putObject("bySource");
    new java.util.TreeMap<>(bySource).forEach(sources::put);
    if (badBuzz == null) {
      o.putNull("badBuzz");
    } else {
      ObjectNode b = o.putObject("badBuzz");
      b.put("name", badBuzz.name());
      b.put("description", badBuzz.description());
      b.put("onset", badBuzz.onset().toString());
      b.put("peak", badBuzz.peak().toString());
      b.put("englishOnset", badBuzz.englishOnset().toString());
      b.put("englishPeak", badBuzz.englishPeak().toString());
      b.put("end", badBuzz.end().toString());
      counts(b, badBuzz.mentions(), badBuzz.french(), badBuzz.english(), badBuzz.reshares(), badBuzz.keyTerms(),
          badBuzz.hashtags());
      badBuzz.viralPosts().forEach(b.putArray("viralPosts")::add);
    }
    if (launch == null) {
      o.putNull("launch");
    } else {
      ObjectNode l = o.putObject("launch");
      l.put("name", launch.name());
      l.put("description", launch.description());
      l.put("onset", launch.onset().toString());
      l.put("peak", launch.peak().toString());
      l.put("end", launch.end().toString());
      counts(l, launch.mentions(), launch.french(), launch.english(), launch.reshares(), launch.keyTerms(),
          launch.hashtags());
      launch.featuredPosts().forEach(l.putArray("featuredPosts")::add);
    }
    var w = o.putArray("windows");
    windows.forEach(x -> w.add(x.toJson()));
    return o;
  }

  private static void counts(ObjectNode o, int mentions, int french, int english, int reshares, List<String> keyTerms,
      List<String> hashtags) {
    o.put("mentions", mentions);
    o.put("french", french);
    o.put("english", english);
    o.put("reshares", reshares);
    keyTerms.forEach(o.putArray("keyTerms")::add);
    hashtags.forEach(o.putArray("hashtags")::add);
  }
}
