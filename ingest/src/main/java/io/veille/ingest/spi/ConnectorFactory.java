package io.veille.ingest.spi;

import io.veille.ingest.spi.SourceSettings;
import java.util.List;

/**
 * Builds connectors of one {@code type} from a source block of {@code ingest.yml}. Declares every
 * key it accepts ({@link #keys()}: type, default, doc) and reads each through
 * {@link SourceSettings#get} (whose errors name the source and key); the loader rejects any other
 * key. The same declarations make {@code veille ingest types} and the README's key tables. One
 * block may yield several connectors (one per feed, say), each with its own stable id.
 */
public interface ConnectorFactory {
  /** The {@code type:} value in ingest.yml: rss, mastodon, bluesky, reddit, hackernews, x, facebook, file. */
  String type();

  /** A one-line description for `veille ingest --help` and the README. */
  String description();

  /** The keys of this type's block besides name, type, enabled and rate-limit, in the order the docs show them. */
  List<SourceKey<?>> keys();

  /**
   * @param name the block's {@code name:} (unique in the file), used to derive connector ids
   */
  List<Connector> create(String name, SourceSettings settings);
}
