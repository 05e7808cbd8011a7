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
 * times parsing, text keys, language detection, matching, sentiment and serialisation alone. With and without
 * detection, in alternating passes. Note that the driver commits after every record (so the record cache flushes
 * every time), which the real runtime does not. Run from streams/ with the test classpath:
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
    // the topology with and without detection, in alternating passes over the same mentions
    TopologyTestDriver[] drivers = new TopologyTestDriver[2];
    List<TestInputTopic<byte[], byte[]>> raws = new ArrayList<>();
    List<TestOutputTopic<byte[], byte[]>> outs = new ArrayList<>();
    for (int d = 0; d < 2; d++) {
      Properties p = new Properties();
      p.put(StreamsConfig.APPLICATION_ID_CONFIG, "cost" + d);
      p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
      p.put(StreamsConfig.STATE_DIR_CONFIG, "/tmp/veille-cost-" + System.nanoTime());
      drivers[d] = new TopologyTestDriver(PipelineTopology.build(StreamsSettings.defaults().withDetect(d == 0),
          new PipelineTopology.Models(matcher, sentiment, lang)), p, Instant.parse("2026-12-31T00:00:00Z"));
      raws.add(drivers[d].createInputTopic(Topics.MENTIONS_RAW.name(), new ByteArraySerializer(), new ByteArraySerializer()));
      outs.add(drivers[d].createOutputTopic(Topics.WATCH_STATS.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer()));
      drivers[d].createOutputTopic(Topics.MENTIONS_SCORED.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
    try {
      var mx = java.lang.management.ManagementFactory.getThreadMXBean();
      for (int pass = 0; pass < passes; pass++) {
        for (int d = 0; d < 2; d++) {
          List<byte[]> bytes = new ArrayList<>();
          for (int i = 0; i < base.size(); i++) {
            Mention m = base.get(i);
            bytes.add(MentionJson.write(m.withId(m.id() + "~p" + pass + "-" + i)));
          }
          long cpu0 = mx.getCurrentThreadCpuTime();
          for (byte[] b : bytes) raws.get(d).pipeInput(null, b);
          double us = (mx.getCurrentThreadCpuTime() - cpu0) / 1e3 / bytes.size();
          long updates = outs.get(d).getQueueSize();
          outs.get(d).readRecordsToList();
          System.out.printf("pass %d %-16s CPU %6.1f us/mention, %.2f bucket updates/mention%n", pass,
              d == 0 ? "with detection" : "without", us, updates / (double) bytes.size());
        }
      }
    } finally {
      for (var d : drivers) d.close();
    }
  }

  static void report(String what, long t0, int n) {
    double us = (System.nanoTime() - t0) / 1e3 / n;
    System.out.printf("  %-40s %8.1f us/mention%n", what, us);
  }
}
