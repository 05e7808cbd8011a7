package io.veille.ingest.spi;

import io.veille.ingest.config.SourceSettings;
import java.util.List;

/**
 * Builds connectors of one {@code type} from a source block of {@code ingest.yml}. Reads every key
 * it supports through {@link SourceSettings} (whose errors name the source and key); the loader
 * then rejects keys nobody read. One block may yield several connectors (one per feed, say), each
 * with its own stable id.
 */
public interface ConnectorFactory {
  /** The {@code type:} value in ingest.yml: rss, mastodon, bluesky, reddit, hackernews, x, facebook, file. */
  String type();

  /** A one-line description for `veille ingest --help` and the README. */
  String description();

  /**
   * @param name the block's {@code name:} (unique in the file), used to derive connector ids
   */
  List<Connector> create(String name, SourceSettings settings);
}
