package io.veille.deploy;

import io.veille.common.config.ConfigDef;
import io.veille.common.config.VeilleConfig;
import io.veille.streams.index.IndexSettings;
import io.veille.streams.pipeline.StreamsSettings;
import io.veille.streams.sentiment.SentimentConfig;

/** Every configuration key the command line knows: common, streams, sentiment, index. */
final class Settings {
  private Settings() {}

  static ConfigDef all() {
    return VeilleConfig.commonDef().merge(StreamsSettings.def()).merge(SentimentConfig.def())
        .merge(IndexSettings.def());
  }
}
