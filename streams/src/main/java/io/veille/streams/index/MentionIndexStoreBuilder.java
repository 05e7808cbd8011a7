package io.veille.streams.index;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Builds one {@link MentionIndexStore} per task. No cache and no changelog of its own (the scored topic is the
 * changelog of a read-only store): asking for either is refused.
 */
public final class MentionIndexStoreBuilder implements StoreBuilder<MentionIndexStore> {
  private final String name;
  private final Duration commitInterval;
  private final Duration refreshInterval;

  public MentionIndexStoreBuilder(String name, Duration commitInterval, Duration refreshInterval) {
    this.name = name;
    this.commitInterval = commitInterval;
    this.refreshInterval = refreshInterval;
  }

  @Override
  public StoreBuilder<MentionIndexStore> withCachingEnabled() {
    throw new UnsupportedOperationException("the mention index has no record cache");
  }

  @Override
  public StoreBuilder<MentionIndexStore> withCachingDisabled() {
    return this;
  }

  @Override
  public StoreBuilder<MentionIndexStore> withLoggingEnabled(Map<String, String> config) {
    throw new UnsupportedOperationException("the mention index's changelog is veille.mentions.scored itself");
  }

  @Override
  public StoreBuilder<MentionIndexStore> withLoggingDisabled() {
    return this;
  }

  @Override
  public MentionIndexStore build() {
    return new MentionIndexStore(name, commitInterval, refreshInterval);
  }

  @Override
  public Map<String, String> logConfig() {
    return Map.of();
  }

  @Override
  public boolean loggingEnabled() {
    return false;
  }

  @Override
  public String name() {
    return name;
  }
}
