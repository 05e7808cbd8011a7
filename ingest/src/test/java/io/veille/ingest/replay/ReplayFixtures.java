package io.veille.ingest.replay;

import io.veille.common.json.MentionJson;
import io.veille.common.model.Author;
import io.veille.common.model.Mention;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A small JSONL file: good mentions one minute apart, with bad lines at known line numbers. */
final class ReplayFixtures {
  private ReplayFixtures() {}

  static final Instant START = Instant.parse("2026-11-02T08:00:00Z");

  static Mention mention(int i) {
    return new Mention(1, "test:" + i, "test", "https://example.org/p/" + i, i % 2 == 0 ? "fr" : "en",
        (i % 2 == 0 ? "Nuvia est au top, merci ! #" : "Nuvia support was great #") + i,
        START.plusSeconds(60L * i), null, new Author("a" + (i % 7), "@author" + (i % 7), null, 10L * i, false),
        null, null, null, java.util.Map.of());
  }

  /** Lines of the file; bad ones at lines 3, 7 and 11 (1-based), plus a blank line at 15. */
  static List<String> lines(int good) {
    return lines(good, 0);
  }

  /** The same shape with mention numbers starting at {@code offset}, so tests sharing a broker do not collide. */
  static List<String> lines(int good, int offset) {
    List<String> lines = new ArrayList<>();
    int i = offset;
    while (i < offset + good) {
      int lineNo = lines.size() + 1;
      switch (lineNo) {
        case 3 -> lines.add("{\"v\":1,\"id\":\"test:bad3\",\"source\":\"test\",\"text\":\"x\",\"publishedAt\":\"yesterday\"}");
        case 7 -> lines.add("{\"v\":1,\"id\":\"test:bad7\",\"source\":\"test\",\"publishedAt\":\"2026-11-02T08:00:00Z\"}");
        case 11 -> lines.add("this is not json");
        case 15 -> lines.add("");
        default -> lines.add(MentionJson.writeString(mention(i++)));
      }
    }
    return lines;
  }
}
