package io.veille.common.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veille.common.json.JsonSerde;
import io.veille.common.model.Incident;
import io.veille.common.model.Silence;
import io.veille.common.model.Mention;
import io.veille.common.model.ScoredMention;
import io.veille.common.model.Sentiment;
import io.veille.common.model.Signal;
import io.veille.common.model.Watch;
import io.veille.common.model.WatchStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class TopicsTest {
  static final Instant T = Instant.parse("2026-11-10T17:00:00Z");

  @Test
  void catalogueHasEveryDesignTopicOnceWithItsCleanupPolicy() {
    assertThat(Topics.ALL).extracting(Topic::name).containsExactly(
        "veille.mentions.raw", "veille.mentions.dlq", "veille.watches", "veille.mentions.scored",
        "veille.watch.stats", "veille.signals", "veille.incidents", "veille.silences", "veille.incident.acks",
        "veille.notifications",
        "veille.deliveries", "veille.ingest.cursors");
    assertThat(Topics.ALL.stream().map(Topic::name).collect(Collectors.toSet())).hasSize(Topics.ALL.size());
    Set<String> compacted = Topics.ALL.stream().filter(t -> t.cleanup() == Topic.Cleanup.COMPACT)
        .map(Topic::name).collect(Collectors.toSet());
    assertThat(compacted).containsExactlyInAnyOrder("veille.watches", "veille.incidents", "veille.silences",
        "veille.incident.acks", "veille.deliveries", "veille.ingest.cursors");
    assertThat(Topics.WATCHES.newTopic((short) 3).configs()).containsEntry("cleanup.policy", "compact");
    assertThat(Topics.MENTIONS_RAW.newTopic((short) 1).numPartitions()).isEqualTo(6);
  }

  private static <V> V roundTrip(Topic<String, V> topic, V value) {
    byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
    return topic.valueSerde().deserializer().deserialize(topic.name(), bytes);
  }

  @Test
  void everyValueTypeRoundTripsThroughItsTopicSerde() {
    Mention m = Mention.of("x:1", "x", "Panne chez Nuvia", T).withLang("fr");
    assertThat(roundTrip(Topics.MENTIONS_RAW, m)).isEqualTo(m);

    Watch w = new Watch("nuvia", "Nuvia", "nuvia OR #nuviadown", Set.of("fr", "en"), Set.of(),
        new Watch.Alert(Watch.Sensitivity.HIGH, 10, Duration.ofMinutes(15)), List.of("slack-crisis"));
    assertThat(roundTrip(Topics.WATCHES, w)).isEqualTo(w);
    assertThat(roundTrip(Topics.WATCHES, null)).isNull();

    ScoredMention s = new ScoredMention(m, "fr", new Sentiment(Sentiment.Label.NEGATIVE, -0.7, "lexicon-fr"),
        List.of("nuvia"), 3);
    assertThat(roundTrip(Topics.MENTIONS_SCORED, s)).isEqualTo(s);

    WatchStats st = new WatchStats("nuvia", T, T.plusSeconds(60), 10, 6, 3, 1, 8, 120_000, 2, 40_000);
    assertThat(roundTrip(Topics.WATCH_STATS, st)).isEqualTo(st);

    Signal sig = new Signal("nuvia", Signal.Kind.NEGATIVE_SURGE, Signal.Phase.ONSET, Signal.Severity.CRITICAL, T,
        T.plusSeconds(120), 42, 3.5, 8.1, false, new Signal.Evidence(T.minusSeconds(60), T.plusSeconds(120), 50, 12,
        0.84, 0.18, List.of(new Signal.Term("panne", 31, 0.4, 12.5), new Signal.Term("#nuviadown", 9, 0, 8.0)),
        List.of(new Signal.TopMention("x:1", "x", "Panne générale chez Nuvia", "@lemonde", "https://x.com/lemonde/status/1",
            120, 2_000_000)),
        List.of(new Signal.TopAuthor("@lemonde", 2_000_000, 1)), "watch:nuvia sentiment:negative"));
    assertThat(roundTrip(Topics.SIGNALS, sig)).isEqualTo(sig);

    Incident inc = new Incident(Incident.idOf("nuvia", sig.kind(), T), "nuvia", "Nuvia", sig.kind(),
        Incident.State.ESCALATED, Signal.Severity.CRITICAL, Signal.Severity.CRITICAL, T, T, T.plusSeconds(120), null, false,
        42, 3.5, 42, 3.5, sig.evidence(),
        List.of(new Incident.Entry(T, "onset", Signal.Severity.WARNING, null),
            new Incident.Entry(T.plusSeconds(120), "update", Signal.Severity.CRITICAL, "escalated")),
        java.util.Map.of("crisis-slack", new Incident.ReceiverState(1, "OPENED", Signal.Severity.WARNING, T.plusSeconds(30),
            true, false, T.plusSeconds(330))), T.plusSeconds(1), T.plusSeconds(600), "ana");
    assertThat(roundTrip(Topics.INCIDENTS, inc)).isEqualTo(inc);

    Silence sil = new Silence("s-1", java.util.Set.of("nuvia"), java.util.Set.of("crisis"), T, T.plusSeconds(3600), "ana",
        "maintenance tonight", T);
    assertThat(roundTrip(Topics.SILENCES, sil)).isEqualTo(sil);

    var ack = new io.veille.common.model.IncidentAck(inc.id(), "ana", "on it", T.plusSeconds(700));
    assertThat(roundTrip(Topics.INCIDENT_ACKS, ack)).isEqualTo(ack);
    assertThat(roundTrip(Topics.INCIDENT_ACKS, null)).isNull();
  }

  @Test
  void invalidJsonValuesNameTheTypeAndTheRule() {
    JsonSerde<Watch> serde = new JsonSerde<>(Watch.class);
    assertThatThrownBy(() -> serde.fromBytes("{\"id\":\"Bad Id\",\"query\":\"x\"}".getBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not a valid Watch").hasMessageContaining("id: must be 1-64 lower-case");
    assertThatThrownBy(() -> serde.fromBytes("{\"id\":\"ok\"}".getBytes()))
        .hasMessageContaining("query: required");
    assertThatThrownBy(() -> new WatchStats("w", T, T.plusSeconds(60), 3, 1, 1, 0, 1, 0, 0, 0))
        .hasMessageContaining("negative + neutral + positive must equal total");
    assertThatThrownBy(() -> new Sentiment(Sentiment.Label.POSITIVE, 1.5, "m")).hasMessageContaining("score");
  }

  @Test
  void deadLetterRecordsCarryReasonHeaders() {
    var rec = DeadLetters.of("replay", null, "{oops".getBytes()).error("publishedAt", "not an ISO-8601 instant")
        .origin("demo.jsonl").line(12).build();
    assertThat(rec.topic()).isEqualTo("veille.mentions.dlq");
    assertThat(DeadLetters.header(rec.headers(), DeadLetters.STAGE)).isEqualTo("replay");
    assertThat(DeadLetters.header(rec.headers(), DeadLetters.ERROR)).isEqualTo("publishedAt: not an ISO-8601 instant");
    assertThat(DeadLetters.header(rec.headers(), DeadLetters.FIELD)).isEqualTo("publishedAt");
    assertThat(DeadLetters.header(rec.headers(), DeadLetters.LINE)).isEqualTo("12");
    assertThat(DeadLetters.header(rec.headers(), DeadLetters.ORIGIN)).isEqualTo("demo.jsonl");
  }
}
