package io.veille.deploy.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every draft written so far, numbered in creation order (the tie-break when two share a second),
 * and the copy keys their fresh texts took.
 */
final class DraftLog {
  private final List<Draft> drafts;
  private final TextKeys keys;

  DraftLog() {
    this(new ArrayList<>(), new TextKeys());
  }

  private DraftLog(List<Draft> drafts, TextKeys keys) {
    this.drafts = drafts;
    this.keys = keys;
  }

  /**
   * A log that starts with this one's drafts and keys and goes on on its own (what it adds is not
   * seen here); the drafts themselves are shared.
   */
  DraftLog fork() {
    return new DraftLog(new ArrayList<>(drafts), keys.copy());
  }

  TextKeys keys() {
    return keys;
  }

  Draft add(long at, Persona author, Lang lang, String text, Draft.Kind kind, Draft parent, String episode,
      double virality, String community) {
    Draft d = new Draft(drafts.size(), at, author, lang, text, kind, parent, episode, virality, community);
    drafts.add(d);
    return d;
  }

  Draft original(long at, Persona author, Lang lang, String text, String episode) {
    return add(at, author, lang, text, Draft.Kind.ORIGINAL, null, episode, 1.0, null);
  }

  List<Draft> all() {
    return Collections.unmodifiableList(drafts);
  }
}
