package io.veille.ingest.spi;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one poll of a connector returned: the items, the cursor that is true once they are all
 * published, how long to wait before the next poll (zero when more pages are ready), and warnings
 * about items that were published with a guess (a feed date that could not be read, say): they are
 * counted and shown in {@code /health}, and logged once.
 */
public record Page(List<Item> items, String nextCursor, Duration pollAgainIn, List<String> warnings) {
  public Page {
    items = List.copyOf(items);
    Objects.requireNonNull(nextCursor, "nextCursor (use the previous cursor when nothing moved)");
    pollAgainIn = pollAgainIn == null || pollAgainIn.isNegative() ? Duration.ZERO : pollAgainIn;
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  public Page(List<Item> items, String nextCursor, Duration pollAgainIn) {
    this(items, nextCursor, pollAgainIn, List.of());
  }

  public static Page empty(String cursor, Duration pollAgainIn) {
    return new Page(List.of(), cursor, pollAgainIn);
  }
}
