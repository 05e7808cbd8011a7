package io.veille.streams.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veille.common.config.VeilleConfig;
import io.veille.common.kafka.EmbeddedKafka;
import io.veille.common.model.Watch;
import io.veille.common.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WatchStore against a real broker: read to the end, put, tombstones, idempotent sync. */
class WatchStoreIT {
  @TempDir
  static Path tmp;

  static EmbeddedKafka kafka;
  static VeilleConfig config;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
    config = VeilleConfig.defaults().withBootstrapServers(kafka.bootstrapServers());
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  static Watch watch(String id, String query) {
    return new Watch(id, null, query, Set.of(), Set.of(), null, null);
  }

  @Test
  void putRemoveAndSync() {
    try (WatchStore store = new WatchStore(config, Duration.ofSeconds(30))) {
      assertThat(store.readAll()).as("no topic yet").isEmpty();

      store.put(watch("ondyne", "ondyne"));
      store.put(watch("competitors", "telvana"));
      store.put(watch("ondyne", "ondyne* -ballet"));
      assertThat(store.readAll()).containsOnlyKeys("competitors", "ondyne");
      assertThat(store.get("ondyne")).get().extracting(Watch::query).isEqualTo("ondyne* -ballet");
      assertThat(WatchStore.readAll(config, Duration.ofSeconds(30)).keySet()).containsExactly("competitors", "ondyne");

      assertThatThrownBy(() -> store.put(watch("broken", "panne AND (")))
          .isInstanceOf(InvalidWatchException.class).hasMessageStartingWith("watch broken: query does not parse");
      assertThat(store.readAll()).doesNotContainKey("broken");

      store.remove("competitors");
      assertThat(store.readAll()).containsOnlyKeys("ondyne");

      List<Watch> desired = List.of(watch("ondyne", "ondyne* -ballet"), watch("support", "@ondynehelp"),
          watch("outage", "#ondynedown"));
      WatchStore.SyncResult first = store.sync(desired, false);
      assertThat(first.added()).containsExactly("outage", "support");
      assertThat(first.unchanged()).containsExactly("ondyne");
      assertThat(first.changed()).isEmpty();

      WatchStore.SyncResult again = store.sync(desired, false);
      assertThat(again.writes()).as("a second sync writes nothing").isFalse();
      assertThat(again.unchanged()).containsExactly("ondyne", "outage", "support");

      WatchStore.SyncResult pruned = store.sync(List.of(watch("ondyne", "ondyne*"), watch("support", "@ondynehelp")), true);
      assertThat(pruned.changed()).containsExactly("ondyne");
      assertThat(pruned.removed()).containsExactly("outage");
      assertThat(pruned.unchanged()).containsExactly("support");
      assertThat(store.readAll()).containsOnlyKeys("ondyne", "support");

      assertThatThrownBy(() -> store.sync(List.of(watch("ok", "x"), watch("bad", "(")), true))
          .isInstanceOf(InvalidWatchException.class);
      assertThat(store.readAll()).as("nothing written when one watch is invalid").containsOnlyKeys("ondyne", "support");
    }
    // the records behind it: one topic, compacted, keyed by id
    assertThat(Topics.WATCHES.cleanup()).isEqualTo(io.veille.common.topic.Topic.Cleanup.COMPACT);
  }

  @Test
  void anUnreachableBrokerFailsWithinTheTimeout() {
    VeilleConfig nowhere = VeilleConfig.defaults().withBootstrapServers("127.0.0.1:1");
    // the call gives up on its own timeout (the message names it); the preemptive bound only keeps a
    // regression (a call that never returns) from hanging the build
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofMinutes(2), () ->
        assertThatThrownBy(() -> WatchStore.readAll(nowhere, Duration.ofSeconds(2)))
            .isInstanceOf(WatchStore.WatchStoreException.class)
            .hasMessageContaining("cannot reach Kafka at 127.0.0.1:1")
            .hasMessageContaining("waited 2000 ms"));
  }
}
