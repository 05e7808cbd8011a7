package io.veille.deploy.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every draft written so far, numbered in creation order (the tie-break when two share a second),
 * and the copy keys their fresh texts took.
 */
final class DraftLog {
  private final List<Draft> drafts = new ArrayList<>();
  private final TextKeys keys = new TextKeys();

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
