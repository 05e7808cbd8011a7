package io.veille.streams.watch;

import io.veille.common.json.MentionSerde;
import io.veille.common.model.Mention;
import io.veille.common.model.Watch;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * A quick measure (not a test, not JMH) of matching throughput on one thread with 10, 100, 1,000
 * and 10,000 generated watches, over the demo scenario's mentions when the file is there (else
 * generated texts). Run from streams/ with the test classpath:
 * {@code java -cp target/test-classes:target/classes:... io.veille.streams.watch.WatchMatcherThroughput [scenario.jsonl.gz]}.
 * Each generated watch has its own brand word plus shared outage vocabulary; one in ten uses a
 * wildcard (which the presearcher cannot filter, so it runs on every mention).
 */
public final class WatchMatcherThroughput {
  /** -Dwildcards=false: the same watches without their wildcard, to see what wildcards cost. */
  private static final boolean WILDCARDS = Boolean.parseBoolean(System.getProperty("wildcards", "true"));

  private WatchMatcherThroughput() {}

  public static void main(String[] args) throws Exception {
    Path scenario = Path.of(args.length > 0 ? args[0] : "../deploy/src/main/resources/scenario/demo-scenario.jsonl.gz");
    List<Mention> mentions = Files.exists(scenario) ? read(scenario) : generated(20_000);
    System.out.printf("%d mentions (%s)%n", mentions.size(), Files.exists(scenario) ? scenario : "generated");
    for (int n : new int[] {10, 100, 1_000, 10_000}) {
      try (WatchMatcher matcher = new WatchMatcher()) {
        long t0 = System.nanoTime();
        List<InvalidWatchException> rejected = matcher.putAll(watches(n));
        double loadMs = (System.nanoTime() - t0) / 1e6;
        if (!rejected.isEmpty()) {
          throw new IllegalStateException(rejected.get(0));
        }
        run(matcher, mentions.subList(0, Math.min(5_000, mentions.size()))); // warm-up
        double best = 0;
        long matches = 0;
        for (int r = 0; r < 3; r++) {
          long start = System.nanoTime();
          matches = run(matcher, mentions);
          best = Math.max(best, mentions.size() / ((System.nanoTime() - start) / 1e9));
        }
        System.out.printf("watches=%5d  load=%7.0f ms  throughput=%7.0f mentions/s  matches/mention=%.2f%n",
            n, loadMs, best, (double) matches / mentions.size());
        System.out.printf("RESULT bench=watch-match wildcards=" + WILDCARDS + " watches=%d throughput=%.0f load_ms=%.0f%n", n, best, loadMs);
      }
    }
  }

  private static long run(WatchMatcher matcher, List<Mention> mentions) {
    long matches = 0;
    for (Mention m : mentions) {
      matches += matcher.match(m, "fr").size();
    }
    return matches;
  }

  static List<Watch> watches(int n) {
    Random rnd = new Random(42);
    String[] outage = {"panne", "outage", "down", "\"plus de réseau\"", "injoignable", "rembours*", "refund", "coupure"};
    List<Watch> out = new ArrayList<>();
    out.add(new Watch("ondyne", null, "(ondyne* OR author:ondyne*) -ballet -yacht", Set.of("fr", "en"), Set.of(), null, null));
    for (int i = 1; i < n; i++) {
      String brand = "brand" + i;
      String q = switch (i % 10) {
        case 0 -> (WILDCARDS ? brand + "*" : brand) + " AND (" + outage[rnd.nextInt(outage.length)] + ")";
        case 1, 2, 3 -> brand + " OR #" + brand + "down OR author:" + brand + "_fr";
        case 4, 5 -> "(" + outage[rnd.nextInt(outage.length)] + " OR " + outage[rnd.nextInt(outage.length)] + ") AND " + brand;
        case 6, 7 -> "\"" + brand + " box\"~3 -ballet";
        default -> "\"service client\"~3 AND " + brand + " AND lang:fr";
      };
      out.add(new Watch("w" + i, null, q, Set.of(), Set.of(), null, null));
    }
    return out;
  }

  private static List<Mention> read(Path file) throws Exception {
    MentionSerde serde = new MentionSerde();
    List<Mention> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        out.add(serde.deserializer().deserialize("scenario", line.getBytes(StandardCharsets.UTF_8)));
      }
    }
    return out;
  }

  private static List<Mention> generated(int n) {
    Random rnd = new Random(7);
    String[] words = {"panne", "chez", "Ondyne", "le", "service", "client", "brand17", "#Brand3Down", "réseau", "box", "outage", "again"};
    List<Mention> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StringBuilder sb = new StringBuilder();
      for (int w = 0; w < 12; w++) {
        sb.append(words[rnd.nextInt(words.length)]).append(' ');
      }
      out.add(Mention.of("g:" + i, "x", sb.toString(), Instant.EPOCH));
    }
    return out;
  }
}
