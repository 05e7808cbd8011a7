package io.veille.deploy;

import io.veille.common.config.VeilleConfig;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.Signal;
import io.veille.common.model.Signal.Phase;
import io.veille.common.topic.Topics;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The demo's live feed of {@code veille.signals}: each signal printed as it is committed, written
 * for a community manager (what, how big against usual, why: terms, the most-shared post, the
 * largest accounts, and the search to open). Onsets and ends in full, updates on one line.
 */
final class SignalFeed implements AutoCloseable {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE d MMM HH:mm 'UTC'", Locale.ENGLISH)
      .withZone(ZoneOffset.UTC);

  private final Thread thread;
  private final AtomicLong count = new AtomicLong();
  private volatile boolean running = true;

  SignalFeed(VeilleConfig config, PrintStream out) {
    thread = Thread.ofPlatform().daemon().name("veille-demo-signals").start(() -> {
      try (var c = new KafkaConsumer<byte[], byte[]>(KafkaClients.consumer(config, "demo-signals", null))) {
        List<TopicPartition> parts = c.partitionsFor(Topics.SIGNALS.name()).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        c.assign(parts);
        c.seekToBeginning(parts);
        Long drainUntil = null;
        java.util.Map<TopicPartition, Long> ends = null;
        while (true) {
          if (!running && ends == null) {
            ends = c.endOffsets(parts); // closing: print what is already committed, then stop
            drainUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos();
          }
          if (ends != null) {
            boolean caughtUp = true;
            for (var p : parts) {
              caughtUp &= c.position(p) >= ends.get(p);
            }
            if (caughtUp || System.nanoTime() > drainUntil) {
              break;
            }
          }
          for (var r : c.poll(Duration.ofMillis(200))) {
            Signal s = Topics.SIGNALS.valueSerde().deserializer().deserialize(r.topic(), r.value());
            count.incrementAndGet();
            String text = String.join(System.lineSeparator(), format(s));
            synchronized (out) {
              out.println(text);
            }
          }
        }
      } catch (org.apache.kafka.common.errors.InterruptException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  /** Signals printed so far. */
  long count() {
    return count.get();
  }

  static String what(Signal s) {
    return s.kind() == Signal.Kind.VOLUME_SPIKE ? "volume spike" : "negative surge";
  }

  /** A signal as a community manager reads it. */
  static List<String> format(Signal s) {
    List<String> out = new ArrayList<>();
    Signal.Evidence e = s.evidence();
    String head = String.format(Locale.ROOT, "*** %s %s on watch '%s' (%s)", what(s),
        switch (s.phase()) {
          case ONSET -> "STARTED";
          case UPDATE -> "update";
          case END -> s.withdrawn() ? "WITHDRAWN" : "ENDED";
        }, s.watchId(), s.severity().name().toLowerCase(Locale.ROOT));
    String volume = String.format(Locale.ROOT, "%s per minute against %s usually",
        number(s.observed()), number(s.expected()));
    if (s.phase() == Phase.UPDATE) {
      out.add(head + ": " + volume + ", negative " + percent(e.negativeShare()) + ", terms " + terms(e, 4));
      return out;
    }
    if (s.phase() == Phase.END) {
      out.add(head + String.format(Locale.ROOT, " at %s, %s after it started (%s)", TIME.format(s.at()),
          human(Duration.between(s.onset(), s.at())), TIME.format(s.onset())));
      if (s.withdrawn()) {
        out.add("    the complete minute did not confirm the early alert");
      }
      return out;
    }
    out.add(head + " since " + TIME.format(s.onset()));
    out.add("    " + volume + (s.kind() == Signal.Kind.NEGATIVE_SURGE ? " negative posts" : " (weighted posts)"));
    out.add(String.format(Locale.ROOT, "    %,d posts and %,d reshares/copies since %s; negative %s (usual %s)",
        e.posts(), e.copies(), e.from() == null ? "-" : TIME.format(e.from()), percent(e.negativeShare()),
        percent(e.usualNegativeShare())));
    if (!e.terms().isEmpty()) {
      out.add("    what grows: " + terms(e, 6));
    }
    for (Signal.TopMention m : e.mentions().stream().limit(2).toList()) {
      out.add(String.format(Locale.ROOT, "    most shared: %s (%s followers, %,d shares): \"%s\"%s",
          m.author() == null ? "?" : m.author(), number(m.followers()), m.shares(), oneLine(m.text(), 110),
          m.url() == null ? "" : " " + m.url()));
    }
    if (!e.authors().isEmpty()) {
      out.add("    largest accounts: " + e.authors().stream().limit(4)
          .map(a -> a.author() + " (" + number(a.followers()) + ")").collect(Collectors.joining(", ")));
    }
    if (e.query() != null) {
      out.add("    search: " + e.query());
    }
    return out;
  }

  private static String terms(Signal.Evidence e, int n) {
    if (e.terms().isEmpty()) {
      return "-";
    }
    return e.terms().stream().limit(n).map(t -> String.format(Locale.ROOT, "%s %,d (usual %s)", t.term(), t.count(),
        number(t.expected()))).collect(Collectors.joining(", "));
  }

  static String number(double v) {
    double a = Math.abs(v);
    if (a >= 1_000_000) {
      return String.format(Locale.ROOT, "%.1fM", v / 1_000_000);
    }
    if (a >= 10_000) {
      return String.format(Locale.ROOT, "%.0fk", v / 1000);
    }
    if (a >= 100 || v == Math.rint(v)) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.0f%%", 100 * share);
  }

  private static String oneLine(String text, int max) {
    String t = text == null ? "" : text.replaceAll("\\s+", " ").strip();
    return t.length() <= max ? t : t.substring(0, max - 1) + "…";
  }

  private static String human(Duration d) {
    long m = d.toMinutes();
    return m < 60 ? m + " min" : (m / 60) + " h " + (m % 60) + " min";
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(10_000);
  }
}
