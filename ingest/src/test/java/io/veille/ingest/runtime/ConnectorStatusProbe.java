package io.veille.ingest.runtime;

import java.time.Instant;

/** What {@code /health} shows of a connector after a failure (the runner's own description of it). */
public final class ConnectorStatusProbe {
  private ConnectorStatusProbe() {}

  public static String lastErrorAfter(Exception e) {
    ConnectorStatus s = new ConnectorStatus("probe");
    s.failure(Instant.EPOCH, ConnectorRunner.describe(e));
    return (String) s.snapshot(Instant.EPOCH).get("lastError");
  }
}
