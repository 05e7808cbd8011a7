package io.veille.streams.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.veille.common.model.Mention;
import io.veille.common.model.Watch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The watch index against lucene-monitor's {@link org.apache.lucene.monitor.Monitor} and against
 * Lucene with no presearch (every query over the mention's MemoryIndex), mention by mention: the
 * same ids, over 3,000 scenario mentions and 1,000 generated ones (every 8th of them for 10,000 mixed watches), with 10, 1,000 and 10,000 watches
 * of both {@link WatchCorpus} sets (one in ten with a wildcard).
 */
class WatchIndexDifferentialTest {
  private static final List<Mention> MENTIONS = mentions();

  private static List<Mention> mentions() {
    List<Mention> out = new ArrayList<>(WatchCorpus.scenarioSample());
    out.addAll(WatchCorpus.generatedMentions(1_000, 2_000, 11));
    return out;
  }

  /** The language the detector would give a mention without one: none, French or English, in turn. */
  private static String detected(int i) {
    return switch (i % 3) {
      case 0 -> null;
      case 1 -> "fr";
      default -> "en";
    };
  }

  @ParameterizedTest(name = "{1} {0} watches")
  @CsvSource({"mixed, 10", "mixed, 1000", "mixed, 10000", "brands, 10", "brands, 1000", "brands, 10000"})
  void sameMatchesAsTheMonitorAndAsEveryQuery(String set, int n) throws Exception {
    List<Watch> watches = WatchCorpus.watches(set, n);
    Map<String, Watch> byId = watches.stream().collect(Collectors.toMap(Watch::id, Function.identity()));
    // Lucene with no presearch costs n queries per mention: so it runs on every (n / 125)th mention
    // (about 500,000 mention-query pairs a case at 1,000 watches and more; a million took over a minute a case
    // on a loaded 2-core machine)
    int everyStep = Math.max(1, n / 125);
    // 10,000 mixed watches match ~300 per mention (a minute and a half over every mention): every 8th mention there
    int step = n >= 10_000 && set.equals("mixed") ? 8 : 1;
    int visited = 0;
    List<String> differences = new ArrayList<>();
    long matches = 0;
    long wildcardMatches = 0;
    int mentionsMatched = 0;
    WatchMatcher index = new WatchMatcher();
    try (MonitorPath monitor = new MonitorPath(watches)) {
      assertThat(index.putAll(watches)).as("every generated watch is valid").isEmpty();
      EveryQueryPath every = new EveryQueryPath(watches);
      for (int i = 0; i < MENTIONS.size(); i += step) {
        visited++;
        Mention m = MENTIONS.get(i);
        String lang = detected(i);
        List<String> ours = index.match(m, lang);
        List<String> reference = monitor.match(m, lang);
        if (!ours.equals(reference)) {
          differences.add(describe("monitor", m, ours, reference, byId));
        }
        if (i % everyStep == 0) {
          List<String> all = every.match(m, lang);
          if (!ours.equals(all)) {
            differences.add(describe("every query", m, ours, all, byId));
          }
        }
        matches += reference.size();
        wildcardMatches += reference.stream().filter(id -> Integer.parseInt(id.substring(1)) % 10 == 0).count();
        mentionsMatched += reference.isEmpty() ? 0 : 1;
      }
    }
    assertThat(differences).as("mentions where the watch index and the reference disagree").isEmpty();
    // the comparison means something only if many mentions match, wildcards included
    assertThat(mentionsMatched).as("mentions matched by at least one watch").isGreaterThan(visited / (n == 10 ? 10 : 2));
    assertThat(wildcardMatches).as("matches of wildcard watches").isGreaterThan(n / 10 - 1);
    System.out.printf("set=%s watches=%d mentions=%d matches=%d (wildcard watches %d) mentions matched=%d%n",
        set, n, visited, matches, wildcardMatches, mentionsMatched);
  }

  private static String describe(String against, Mention m, List<String> ours, List<String> reference, Map<String, Watch> byId) {
    List<String> missing = new ArrayList<>(reference);
    missing.removeAll(ours);
    List<String> extra = new ArrayList<>(ours);
    extra.removeAll(reference);
    return "against " + against + ", mention " + m.id() + " '" + m.text() + "' (lang " + m.lang() + ", source " + m.source()
        + "): missing " + missing.stream().map(id -> id + " " + byId.get(id).query()).toList()
        + ", extra " + extra.stream().map(id -> id + " " + byId.get(id).query()).toList();
  }
}
