package io.veille.deploy;

import io.veille.alerting.incident.Silences;
import io.veille.alerting.runtime.Table;
import io.veille.common.config.VeilleConfig;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.model.InvalidRecordException;
import io.veille.common.model.Silence;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code veille silence add|list|expire}: silences on {@code veille.silences}, read by the alerting service. */
@Command(name = "silence", mixinStandardHelpOptions = true,
    description = "Mute the notifications of watches (by id or label) for a while.",
    subcommands = {SilenceCommand.Add.class, SilenceCommand.ListSilences.class, SilenceCommand.Expire.class})
public final class SilenceCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "say add, list or expire");
  }

  static void write(VeilleConfig config, Silence s) {
    TopicAdmin.createMissing(KafkaClients.admin(config, "veille-silence-admin"), List.of(Topics.SILENCES),
        config.replicationFactor());
    try (var p = new KafkaProducer<byte[], byte[]>(KafkaClients.producer(config, "veille-silence"))) {
      p.send(new ProducerRecord<>(Topics.SILENCES.name(), s.id().getBytes(StandardCharsets.UTF_8),
          Topics.SILENCES.valueSerde().serializer().serialize(Topics.SILENCES.name(), s))).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("could not write the silence: " + e.getCause().getMessage(), e.getCause());
    }
  }

  static Map<String, Silence> read(VeilleConfig config) {
    try (Table<Silence> t = new Table<>(config, Topics.SILENCES, "veille-silence-list")) {
      return t.load(config.get(VeilleConfig.REQUEST_TIMEOUT));
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a silence; prints its id.")
  static final class Add implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--watch", paramLabel = "ID", description = "A watch to mute (repeatable).")
    List<String> watches = List.of();

    @Option(names = "--label", paramLabel = "LABEL", description = "Mute the watches carrying this label (repeatable).")
    List<String> labels = List.of();

    @Option(names = "--for", paramLabel = "DURATION", required = true,
        description = "How long, from now (e.g. 2h, 1h30m; at most 30d).")
    String duration;

    @Option(names = "--author", required = true, description = "Who silences.")
    String author;

    @Option(names = "--comment", description = "Why.")
    String comment;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      Duration d = DurationOption.parse(spec, "--for", duration);
      Silence s;
      try {
        s = Silences.create(watches, labels, d, author, comment, Instant.now());
      } catch (InvalidRecordException e) {
        // the same rules as POST /api/v1/silences; the field is named as the option
        String option = switch (e.field()) {
          case "for" -> "--for";
          case "watches" -> "--watch";
          case "labels" -> "--label";
          case "author" -> "--author";
          case "comment" -> "--comment";
          default -> e.field();
        };
        throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.reason());
      }
      write(kafka.load(), s);
      spec.commandLine().getOut().printf("%s: %s until %s%n", s.id(), describe(s), s.endsAt());
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the active and coming silences.")
  static final class ListSilences implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--all", description = "Also the expired ones.")
    boolean all;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      Instant now = Instant.now();
      var out = spec.commandLine().getOut();
      List<Silence> list = read(kafka.load()).values().stream().filter(s -> all || s.endsAt().isAfter(now))
          .sorted(Comparator.comparing(Silence::endsAt)).toList();
      if (list.isEmpty()) {
        out.println(all ? "no silence" : "no active silence");
      }
      for (Silence s : list) {
        String state = Silences.state(s, now);
        out.printf("%-12s %-8s %s  %s -> %s  by %s%s%n", s.id(), state, describe(s), s.startsAt(), s.endsAt(), s.author(),
            s.comment() == null ? "" : " (" + s.comment() + ")");
      }
      return 0;
    }
  }

  @Command(name = "expire", mixinStandardHelpOptions = true, description = "End a silence now.")
  static final class Expire implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Parameters(paramLabel = "ID", description = "The silence's id (from add or list).")
    String id;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      VeilleConfig config = kafka.load();
      Silence s = read(config).get(id);
      if (s == null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "no silence " + id + " (veille silence list --all)");
      }
      Silence ended = s.expiredAt(Instant.now());
      write(config, ended);
      spec.commandLine().getOut().printf("%s: expired at %s%n", id, ended.endsAt());
      return 0;
    }
  }

  static String describe(Silence s) {
    StringBuilder b = new StringBuilder();
    if (!s.watches().isEmpty()) {
      b.append("watches ").append(String.join(",", s.watches()));
    }
    if (!s.labels().isEmpty()) {
      b.append(b.isEmpty() ? "" : "; ").append("labels ").append(String.join(",", s.labels()));
    }
    return b.toString();
  }
}
