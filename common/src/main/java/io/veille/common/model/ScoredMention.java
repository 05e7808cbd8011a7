package io.veille.common.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * A mention after the streams topology: its (detected) language, its sentiment, the ids of the
 * watches it matched, and how many copies (reshares, near-duplicates) of it were seen.
 */
public record ScoredMention(Mention mention, String lang, Sentiment sentiment, List<String> watchIds, long copies) {
  public ScoredMention {
    if (mention == null) {
      throw new InvalidRecordException("mention", "required");
    }
    Checks.required("lang", lang);
    if (sentiment == null) {
      throw new InvalidRecordException("sentiment", "required");
    }
    watchIds = watchIds == null ? List.of() : List.copyOf(watchIds);
    Checks.nonNegative("copies", copies);
  }

  @JsonIgnore
  public String id() {
    return mention.id();
  }
}
