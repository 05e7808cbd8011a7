package io.veille.streams.index;

import io.veille.common.model.Author;
import io.veille.common.model.Engagement;
import io.veille.common.model.Mention;
import io.veille.common.model.ScoredMention;
import io.veille.common.model.Sentiment;
import io.veille.common.topic.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Deterministic scored mentions for the index's tests: French and English, three sentiments, a few watches. */
final class IndexFixtures {
  static final Instant T0 = Instant.parse("2026-11-10T00:00:00Z");
  static final String[] FR = {"Plus de réseau chez Ondyne depuis ce matin", "La fibre Ondyne est en panne, c'est nul",
      "Merci Ondyne, le technicien était super", "l'appli Ondyne plante encore #OndyneDown",
      "Remboursement demandé pour ma facture Ondyne", "Nouvelle box Ondyne annoncée aujourd'hui"};
  static final String[] EN = {"Ondyne outage again, no network since noon", "Ondyne's support was great today",
      "Outages everywhere with Ondyne #OndyneDown", "Ondyne announces a new box", "My Ondyne bill doubled, refund please",
      "Loving the Ondyne fibre speed"};
  static final String[] SOURCES = {"x", "mastodon", "bluesky", "reddit"};
  static final String[] WATCHES = {"ondyne", "ondyne-outage", "competitors"};

  private IndexFixtures() {}

  /** The i-th mention of a seeded set: every field filled, published over {@code spanMinutes} from T0. */
  static ScoredMention scored(String prefix, int i, int spanMinutes, int n) {
    SplittableRandom r = new SplittableRandom(i * 31L + prefix.hashCode());
    boolean fr = i % 2 == 0;
    String text = (fr ? FR[r.nextInt(FR.length)] : EN[r.nextInt(EN.length)]) + " n" + i;
    Sentiment.Label label = Sentiment.Label.values()[r.nextInt(3)];
    double score = label == Sentiment.Label.NEGATIVE ? -0.5 : label == Sentiment.Label.POSITIVE ? 0.5 : 0;
    List<String> watches = switch (i % 4) {
      case 0 -> List.of(WATCHES[0]);
      case 1 -> List.of(WATCHES[0], WATCHES[1]);
      case 2 -> List.of();
      default -> List.of(WATCHES[2]);
    };
    Instant at = T0.plusMillis((long) i * spanMinutes * 60_000L / Math.max(1, n));
    Mention m = new Mention(1, prefix + ":" + i, SOURCES[i % SOURCES.length], "https://example.org/" + prefix + "/" + i,
        fr ? "fr" : "en", text, at, at.plusSeconds(3),
        new Author("u" + (i % 97), "@user" + (i % 97), "User " + (i % 97), (i % 97) * 1000L, i % 10 == 0),
        new Engagement(i % 7, i % 5, i % 3), null, null, Map.of());
    return new ScoredMention(m, fr ? "fr" : "en", new Sentiment(label, score, "lexicon-" + (fr ? "fr" : "en")), watches, i % 6);
  }

  static byte[] json(ScoredMention s) {
    return Topics.MENTIONS_SCORED.valueSerde().serializer().serialize(Topics.MENTIONS_SCORED.name(), s);
  }
}
