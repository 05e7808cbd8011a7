package io.veille.ingest.spi;

import io.veille.common.model.InvalidRecordException;
import io.veille.common.model.Mention;
import java.util.Objects;

/**
 * One thing a connector fetched: a mention mapped to the data contract, or a rejected item with
 * its raw payload and why it could not be mapped (it goes to the DLQ; the connector goes on).
 */
public record Item(Mention mention, Rejected rejected) {

  /** A source item that could not be mapped: raw payload, the offending field, the reason, where. */
  public record Rejected(String raw, String field, String reason, String where) {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      raw = raw == null ? "" : raw;
      field = field == null ? "" : field;
      where = where == null ? "" : where;
    }
  }

  public Item {
    if ((mention == null) == (rejected == null)) {
      throw new IllegalArgumentException("an item is either a mention or a rejection");
    }
  }

  public static Item of(Mention m) {
    return new Item(Objects.requireNonNull(m), null);
  }

  public static Item rejected(String raw, String field, String reason, String where) {
    return new Item(null, new Rejected(raw, field, reason, where));
  }

  public static Item rejected(String raw, InvalidRecordException e, String where) {
    return rejected(raw, e.field(), e.reason(), where);
  }

  public boolean isMention() {
    return mention != null;
  }
}
