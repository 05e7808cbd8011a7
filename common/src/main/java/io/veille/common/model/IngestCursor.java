package io.veille.common.model;

import java.time.Instant;

/**
 * Where a connector stopped: an opaque position the connector understands (a since_id, a
 * Jetstream time_us, an RSS ETag and seen guids, a file line...), stored after the records it
 * covers were acknowledged, on the compacted {@code veille.ingest.cursors} (key: connector id).
 */
public record IngestCursor(String connector, String position, Instant at, long records) {
  public IngestCursor {
    Checks.required("connector", connector);
    if (position == null) {
      throw new InvalidRecordException("position", "required");
    }
    if (at == null) {
      throw new InvalidRecordException("at", "required");
    }
    Checks.nonNegative("records", records);
  }
}
