package io.veille.common.model;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * A silence (compacted on {@code veille.silences}, key: its id): while {@code startsAt <= now <
 * endsAt}, incidents of the watches it names, or of watches carrying one of its labels (a watch's
 * {@code routes}), notify nobody; they still open, update and resolve, and their timeline says
 * they were silenced. Who created it and why are kept; expiring it sets {@code endsAt} to now.
 * A silence with neither watches nor labels would silence everything and is refused.
 */
public record Silence(String id, Set<String> watches, Set<String> labels, Instant startsAt, Instant endsAt,
    String author, String comment, Instant createdAt) {

  public Silence {
    Checks.required("id", id);
    watches = watches == null ? Set.of() : java.util.Collections.unmodifiableSortedSet(new TreeSet<>(watches));
    labels = labels == null ? Set.of() : java.util.Collections.unmodifiableSortedSet(new TreeSet<>(labels));
    if (watches.isEmpty() && labels.isEmpty()) {
      throw new InvalidRecordException("watches", "name at least one watch or label (a silence of everything is refused)");
    }
    if (watches.size() + labels.size() > 100) {
      throw new InvalidRecordException("watches", "at most 100 watches and labels");
    }
    for (String w : watches) {
      Checks.printable("watches", w);
    }
    for (String l : labels) {
      Checks.printable("labels", l);
    }
    if (startsAt == null || endsAt == null) {
      throw new InvalidRecordException("endsAt", "startsAt and endsAt are required");
    }
    Checks.inRange("startsAt", startsAt);
    Checks.inRange("endsAt", endsAt);
    if (endsAt.isBefore(startsAt)) {
      throw new InvalidRecordException("endsAt", "is before startsAt");
    }
    Checks.required("author", author);
    author = Checks.optional("author", author, 256);
    comment = Checks.optional("comment", comment, Checks.MAX_SHORT);
  }

  public boolean activeAt(Instant now) {
    return !now.isBefore(startsAt) && now.isBefore(endsAt);
  }

  /** Whether it covers a watch with this id and these labels. */
  public boolean covers(String watchId, java.util.Collection<String> watchLabels) {
    if (watches.contains(watchId)) {
      return true;
    }
    for (String l : watchLabels) {
      if (labels.contains(l)) {
        return true;
      }
    }
    return false;
  }

  /** This silence ended at {@code now} (no earlier than its start). */
  public Silence expiredAt(Instant now) {
    Instant end = now.isBefore(startsAt) ? startsAt : now;
    return new Silence(id, watches, labels, startsAt, end.isBefore(endsAt) ? end : endsAt, author, comment, createdAt);
  }
}
