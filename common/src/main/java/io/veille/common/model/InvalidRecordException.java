package io.veille.common.model;

/**
 * A record that breaks the data contract. Carries the offending field (dotted path, e.g.
 * {@code author.followers}) and the reason, so a DLQ header, an HTTP 400 or a CLI message can say
 * exactly what is wrong: {@code publishedAt: not an ISO-8601 instant}.
 */
public class InvalidRecordException extends IllegalArgumentException {
  private final String field;
  private final String reason;

  public InvalidRecordException(String field, String reason) {
    super(field == null || field.isEmpty() ? reason : field + ": " + reason);
    this.field = field == null ? "" : field;
    this.reason = reason;
  }

  public InvalidRecordException(String field, String reason, Throwable cause) {
    this(field, reason);
    initCause(cause);
  }

  /** Dotted path of the offending field, or "" when the record as a whole is at fault. */
  public String field() {
    return field;
  }

  public String reason() {
    return reason;
  }

  /** The same error with its field nested under {@code parent} (e.g. author + followers). */
  public InvalidRecordException nestedUnder(String parent) {
    String nested = field.isEmpty() ? parent : parent + "." + field;
    return new InvalidRecordException(nested, reason, getCause());
  }
}
