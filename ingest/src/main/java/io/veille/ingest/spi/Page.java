package io.veille.ingest.spi;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one poll of a connector returned: the items, the cursor that is true once they are all
 * published, and how long to wait before the next poll (zero when more pages are ready).
 */
public record Page(List<Item> items, String nextCursor, Duration pollAgainIn) {
  public Page {
    items = List.copyOf(items);
    Objects.requireNonNull(nextCursor, "nextCursor (use the previous cursor when nothing moved)");
    pollAgainIn = pollAgainIn == null || pollAgainIn.isNegative() ? Duration.ZERO : pollAgainIn;
  }

  public static Page empty(String cursor, Duration pollAgainIn) {
    return new Page(List.of(), cursor, pollAgainIn);
  }
}
