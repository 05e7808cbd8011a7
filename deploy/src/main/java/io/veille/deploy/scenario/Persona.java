package io.veille.deploy.scenario;

import io.veille.common.model.Author;

/**
 * One account of the scenario on one source. {@code activity} is how often it posts relative to
 * others; {@code home} is the Mastodon instance or the news site's domain, when there is one.
 */
record Persona(String source, Lang lang, Kind kind, String id, String handle, String name,
    long followers, boolean verified, double activity, String home) {

  enum Kind { PERSON, INFLUENCER, MEDIA, BRAND, SUPPORT }

  Author author() {
    return new Author(id, handle, name, followers, verified);
  }

  /** How others write this account in a post: {@code @handle}, or the name where there are no handles. */
  String mention() {
    return handle != null && handle.startsWith("@") ? handle : name;
  }

  /** The first name, for a support agent's greeting. */
  String firstName() {
    int space = name.indexOf(' ');
    return space > 0 ? name.substring(0, space) : name;
  }

  boolean isPerson() {
    return kind == Kind.PERSON;
  }
}
