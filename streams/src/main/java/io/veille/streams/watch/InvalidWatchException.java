package io.veille.streams.watch;

/**
 * A watch that cannot run: its query does not parse, can never match, or names an unknown field.
 * The message names the watch and the problem, e.g.
 * {@code watch ondyne-outage: query does not parse: Cannot parse 'panne AND (': Encountered "<EOF>" ...}.
 */
public class InvalidWatchException extends IllegalArgumentException {
  private final String watchId;
  private final String reason;

  public InvalidWatchException(String watchId, String reason) {
    this(watchId, reason, null);
  }

  public InvalidWatchException(String watchId, String reason, Throwable cause) {
    super("watch " + watchId + ": " + reason, cause);
    this.watchId = watchId;
    this.reason = reason;
  }

  public String watchId() {
    return watchId;
  }

  /** The problem, without the watch's name. */
  public String reason() {
    return reason;
  }
}
