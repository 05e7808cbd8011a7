package io.veille.streams.pipeline;

import io.veille.common.json.MentionJson;
import io.veille.common.json.JsonSerde;
import io.veille.common.model.Mention;
import io.veille.common.model.ScoredMention;
import io.veille.common.model.Watch;
import io.veille.common.topic.Topics;
import io.veille.streams.lang.LanguageDetector;
import io.veille.streams.sentiment.LexiconSentimentModel;
import io.veille.streams.watch.WatchMatcher;
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.time.*;
import java.util.*;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.common.serialization.*;
import org.apache.kafka.streams.*;

/**
 * A quick measure (not a test) of the topology's per-mention cost without Kafka I/O: the demo scenario through
 * TopologyTestDriver with the bench's 100 watches, wall time and stream-thread CPU per pass; {@code parts} also
 * times parsing, text keys, language detection, matching, sentiment and serialisation alone. Note that the
 * driver commits after every record, which the real runtime does not. Run from streams/ with the test classpath:
 * {@code java -cp target/test-classes:target/classes:... io.veille.streams.pipeline.PipelineThroughput [passes] [parts]}.
 */
public final class PipelineThroughput {
  static List<Watch> watches(int n) {
    String[] words = {"ondyne", "panne", "fibre", "box", "reseau", "appli", "facture", "boutique", "technicien", "offre",
        "forfait", "debit", "outage", "support", "service", "client", "telvana", "mobea", "kapsa", "alturo", "refund",
        "network", "down", "merci", "nul", "top", "remboursement", "injoignable", "orange", "free", "wifi", "tv", "mobile",
        "5g", "installation", "contrat", "resiliation", "prix", "promo", "app"};
    List<Watch> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String q = i == 0 ? "ondyne OR #ondynedown" : words[i % words.length] + " AND (" + words[(i * 7 + 3) % words.length]
          + " OR \"" + words[(i * 13 + 5) % words.length] + " " + words[(i * 3 + 1) % words.length] + "\"~3)";
      out.add(new Watch("w" + i, "watch " + i, q, Set.of(), Set.of(), null, List.of()));
    }
    return out;
  }

  public static void main(String[] args) throws Exception {
    List<Mention> base = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(
        Path.of(System.getProperty("scenario", "../deploy/src/main/resources/scenario/demo-scenario.jsonl.gz")))), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) if (!line.isBlank()) base.add(MentionJson.read(line));
    }
    int passes = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    boolean parts = args.length > 1 && args[1].equals("parts");
    WatchMatcher matcher = new WatchMatcher();
    watches(100).forEach(matcher::put);
    var sentiment = LexiconSentimentModel.create();
    var lang = LanguageDetector.get();
    if (parts) {
      for (int rep = 0; rep < 3; rep++) {
        List<byte[]> bytes = new ArrayList<>();
        for (Mention m : base) bytes.add(MentionJson.write(m));
        long t = System.nanoTime(); for (byte[] b : bytes) MentionJson.read(b); report("parse", t, base.size());
        t = System.nanoTime(); for (Mention m : base) TextKey.of(m); report("textkey", t, base.size());
        int nolang = 0; t = System.nanoTime(); for (Mention m : base) if (m.lang() == null) { lang.detect(m.text()); nolang++; } report("lang(all mentions, " + nolang + " w/o lang)", t, base.size());
        t = System.nanoTime(); for (Mention m : base) matcher.match(m, m.lang() == null ? "fr" : m.lang()); report("match", t, base.size());
        t = System.nanoTime(); for (Mention m : base) sentiment.score(m.text(), m.lang() == null ? "fr" : m.lang()); report("sentiment", t, base.size());
        var ser = Topics.MENTIONS_SCORED.valueSerde().serializer();
        List<ScoredMention> sms = new ArrayList<>();
        for (Mention m : base) sms.add(new ScoredMention(m, "fr", sentiment.score(m.text(), "fr"), List.of("w1", "w2"), 0));
        t = System.nanoTime(); for (ScoredMention s : sms) ser.serialize("x", s); report("ser scored", t, base.size());
        var js = new JsonSerde<>(ScoredMention.class).serializer();
        t = System.nanoTime(); for (ScoredMention s : sms) js.serialize("x", s); report("jsonserde scored", t, base.size());
      }
    }
    StreamsSettings settings = StreamsSettings.defaults();
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "cost");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, "/tmp/veille-cost-" + System.nanoTime());
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    try (var driver = new TopologyTestDriver(PipelineTopology.build(settings,
        new PipelineTopology.Models(matcher, sentiment, lang)), p, Instant.parse("2026-11-01T00:00:00Z"))) {
      var raw = driver.createInputTopic(Topics.MENTIONS_RAW.name(), new ByteArraySerializer(), new ByteArraySerializer());
      var scored = driver.createOutputTopic(Topics.MENTIONS_SCORED.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
      var stats = driver.createOutputTopic(Topics.WATCH_STATS.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
      for (int pass = 0; pass < passes; pass++) {
        List<byte[]> bytes = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
          Mention m = base.get(i);
          bytes.add(MentionJson.write(m.withId(m.id() + "~p" + pass + "-" + i)));
        }
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        long t = System.nanoTime();
        for (byte[] b : bytes) raw.pipeInput(null, b);
        double s = (System.nanoTime() - t) / 1e9;
        System.out.printf("pass %d: thread CPU %.1f us/mention%n", pass, (mx.getCurrentThreadCpuTime() - cpu0) / 1e3 / bytes.size());
        long ns = scored.getQueueSize(); long nst = stats.getQueueSize();
        scored.readRecordsToList(); stats.readRecordsToList();
        System.out.printf("pass %d: %d mentions in %.2f s = %.0f/s (%.1f us each); scored out %d, stats out %d%n",
            pass, bytes.size(), s, bytes.size() / s, s * 1e6 / bytes.size(), ns, nst);
      }
    }
  }

  static void report(String what, long t0, int n) {
    double us = (System.nanoTime() - t0) / 1e3 / n;
    System.out.printf("  %-40s %8.1f us/mention%n", what, us);
  }
}
