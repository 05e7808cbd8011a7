package io.veille.common.model;

/**
 * Who wrote a mention. Every field is optional, but an author must say at least who it is (id or
 * handle). {@code followers} is the audience used for reach; unknown is 0.
 */
public record Author(String id, String handle, String name, long followers, boolean verified) {

  public Author {
    id = Checks.optional("id", id, Checks.MAX_SHORT);
    handle = Checks.optional("handle", handle, Checks.MAX_SHORT);
    name = Checks.optional("name", name, Checks.MAX_SHORT);
    Checks.nonNegative("followers", followers);
    if (id == null && handle == null) {
      throw new InvalidRecordException("", "an author needs an id or a handle");
    }
  }

  /** The stable identity used to count unique authors: the id when known, else the handle. */
  public String key() {
    return id != null ? id : handle.toLowerCase(java.util.Locale.ROOT);
  }
}
