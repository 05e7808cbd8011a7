package io.veille.deploy;

import io.veille.common.config.VeilleConfig;
import io.veille.common.model.Author;
import io.veille.common.model.InvalidRecordException;
import io.veille.common.model.Mention;
import io.veille.common.model.Watch;
import io.veille.streams.watch.InvalidWatchException;
import io.veille.streams.watch.WatchExplainer;
import io.veille.streams.watch.WatchExplanation;
import io.veille.streams.watch.WatchFileException;
import io.veille.streams.watch.WatchFiles;
import io.veille.streams.watch.WatchQuery;
import io.veille.streams.watch.WatchStore;
import io.veille.streams.watch.WatchStore.SyncResult;
import io.veille.streams.watch.WatchStore.WatchStoreException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code veille watch ...}: manage the watches (saved searches) held by the compacted topic
 * {@code veille.watches}, and try a query on a sample text. Exit codes: 0 ok, 1 error (Kafka
 * unreachable, watch not found or already there), 2 usage or invalid watch (a query that does not
 * parse is reported with the parser's message, naming the watch).
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
    description = {"Manage watches (saved searches): add, update, rm, list, load a YAML file, and test a query on a text.",
        "Queries use Lucene's classic syntax: AND/OR/NOT, \"phrases\", \"proximity\"~3, wildcards*, (grouping),",
        "and the fields lang:, source:, author:, hashtag:. The default operator is OR."},
    subcommands = {WatchCommand.Add.class, WatchCommand.Update.class, WatchCommand.Rm.class,
        WatchCommand.ListWatches.class, WatchCommand.Test.class, WatchCommand.Load.class})
public final class WatchCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "a subcommand is required: add, update, rm, list, load or test (see veille watch --help)");
  }

  /** Shared by the subcommands that talk to Kafka. */
  abstract static class KafkaSubcommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    PrintWriter err() {
      return spec.commandLine().getErr();
    }

    String name() {
      return "veille watch " + spec.name();
    }

    int fail(int code, String message) {
      err().println(name() + ": " + message);
      return code;
    }

    WatchStore store() {
      VeilleConfig config = kafka.load();
      return new WatchStore(config, config.get(VeilleConfig.REQUEST_TIMEOUT));
    }

    @Override
    public final Integer call() {
      try {
        return execute();
      } catch (InvalidWatchException e) {
        return fail(2, e.getMessage());
      } catch (WatchStoreException e) {
        return fail(1, e.getMessage());
      }
    }

    abstract int execute();
  }

  /** The options of add and update. */
  abstract static class Edit extends KafkaSubcommand {
    @Option(names = "--id", required = true, paramLabel = "ID", description = "Watch id: 1-64 of a-z 0-9 - _.")
    String id;

    @Option(names = "--query", paramLabel = "QUERY", description = "Lucene classic query, e.g. 'ondyne* -ballet' or '\"service client\"~3 AND ondyne'.")
    String query;

    @Option(names = "--name", paramLabel = "NAME", description = "Display name (default: the id).")
    String name;

    @Option(names = "--lang", split = ",", paramLabel = "LANG", description = "Languages to keep, e.g. fr,en (default: all; 'all' clears).")
    List<String> languages;

    @Option(names = "--source", split = ",", paramLabel = "SOURCE", description = "Sources to keep, e.g. x,bluesky (default: all; 'all' clears).")
    List<String> sources;

    @Option(names = "--sensitivity", paramLabel = "low|medium|high", description = "How eager the detector is (default: medium).")
    String sensitivity;

    @Option(names = "--min-volume", paramLabel = "N", description = "Minimum mentions per bucket before an alert (default: 5).")
    Long minVolume;

    @Option(names = "--cooldown", paramLabel = "DURATION", description = "Quiet time after an alert, e.g. 30m, 1h (default: 30m).")
    String cooldown;

    @Option(names = "--route", split = ",", paramLabel = "ROUTE", description = "Alert routes (channels); repeat or separate with commas.")
    List<String> routes;

    /** The watch the options describe, starting from {@code base} (null when adding). */
    Watch build(Watch base) {
      Watch.Alert a = base == null ? Watch.Alert.DEFAULT : base.alert();
      Watch.Sensitivity s = a.sensitivity();
      if (sensitivity != null) {
        try {
          s = Watch.Sensitivity.valueOf(sensitivity.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(spec.commandLine(),
              "--sensitivity: '" + sensitivity + "' is not one of low, medium, high");
        }
      }
      Duration cd = cooldown == null ? a.cooldown() : DurationOption.parse(spec, "--cooldown", cooldown);
      long mv = minVolume == null ? a.minVolume() : minVolume;
      try {
        return new Watch(id,
            name != null ? name : base == null ? null : base.name(),
            query != null ? query : base == null ? null : base.query(),
            languages != null ? set(languages) : base == null ? null : base.languages(),
            sources != null ? set(sources) : base == null ? null : base.sources(),
            new Watch.Alert(s, mv, cd),
            routes != null ? routes.stream().map(String::trim).filter(r -> !r.isEmpty()).toList() : base == null ? null : base.routes());
      } catch (InvalidRecordException e) {
        throw new InvalidWatchException(id, e.getMessage(), e);
      }
    }

    private static Set<String> set(List<String> values) {
      Set<String> out = new LinkedHashSet<>();
      for (String v : values) {
        String t = v.trim().toLowerCase(Locale.ROOT);
        if (!t.isEmpty() && !t.equals("all")) {
          out.add(t);
        }
      }
      return out;
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add a watch; fails when the id exists (use update). The query is checked before anything is written.")
  static final class Add extends Edit {
    @Override
    int execute() {
      if (query == null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--query=QUERY'");
      }
      Watch w = build(null);
      WatchQuery.validate(w);
      try (WatchStore store = store()) {
        if (store.readAll().containsKey(id)) {
          return fail(1, "watch " + id + " already exists (use veille watch update)");
        }
        store.put(w);
      }
      out().println("added watch " + id + ": " + w.query());
      return 0;
    }
  }

  @Command(name = "update", mixinStandardHelpOptions = true,
      description = "Change an existing watch: only the options given change.")
  static final class Update extends Edit {
    @Override
    int execute() {
      try (WatchStore store = store()) {
        Watch current = store.readAll().get(id);
        if (current == null) {
          return fail(1, "no watch " + id + " (use veille watch add)");
        }
        Watch w = build(current);
        if (w.equals(current)) {
          out().println("watch " + id + " unchanged");
          return 0;
        }
        store.put(w);
        out().println("updated watch " + id + ": " + w.query());
      }
      return 0;
    }
  }

  @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove a watch (a tombstone on veille.watches).")
  static final class Rm extends KafkaSubcommand {
    @Parameters(paramLabel = "ID", description = "The watch to remove.")
    String id;

    @Override
    int execute() {
      try (WatchStore store = store()) {
        if (!store.readAll().containsKey(id)) {
          return fail(1, "no watch " + id);
        }
        store.remove(id);
      }
      out().println("removed watch " + id);
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the watches: id, name, query, languages, sources.")
  static final class ListWatches extends KafkaSubcommand {
    @Option(names = "--full", description = "Print whole queries (default: cut at 70 characters).")
    boolean full;

    @Override
    int execute() {
      WatchStore.Listing listing;
      try (WatchStore store = store()) {
        listing = store.list();
      }
      Map<String, Watch> all = listing.watches();
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"ID", "NAME", "QUERY", "LANGUAGES", "SOURCES"});
      for (Watch w : all.values()) {
        String q = w.query().replaceAll("\\s+", " ").trim();
        if (!full && q.length() > 70) {
          q = q.substring(0, 67) + "...";
        }
        rows.add(new String[] {w.id(), w.name(), q, joinOrAll(w.languages()), joinOrAll(w.sources())});
      }
      int[] width = new int[5];
      for (String[] r : rows) {
        for (int i = 0; i < r.length; i++) {
          width[i] = Math.max(width[i], r[i].length());
        }
      }
      for (String[] r : rows) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.length; i++) {
          sb.append(i == r.length - 1 ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
        }
        out().println(sb.toString().stripTrailing());
      }
      out().println(all.size() + (all.size() == 1 ? " watch" : " watches"));
      // what streams skips when it loads the topic, and why (a value written there without this tool)
      listing.rejected().forEach((key, why) -> out().println("REJECTED " + (key.length() <= 80 ? key : key.substring(0, 77)
          + "...") + ": " + why));
      if (!listing.rejected().isEmpty()) {
        out().println(listing.rejected().size() + " record(s) on the watch topic are skipped by streams; fix them with "
            + "'veille watch update' or remove them with 'veille watch rm'");
      }
      return 0;
    }

    private static String joinOrAll(Set<String> s) {
      return s.isEmpty() ? "all" : String.join(",", s.stream().sorted().toList());
    }
  }

  @Command(name = "load", mixinStandardHelpOptions = true,
      description = {"Load a YAML file of watches (idempotent: writes only the new and changed ones).",
          "The whole file is checked first; nothing is written when a watch is invalid."})
  static final class Load extends KafkaSubcommand {
    @Parameters(paramLabel = "FILE", description = "A YAML list of watches: id, name, query, languages, sources, alert {sensitivity, min-volume, cooldown}, routes.")
    Path file;

    @Option(names = "--prune", description = "Also remove the stored watches that the file does not list.")
    boolean prune;

    @Option(names = "--dry-run", description = "Say what would change; write nothing.")
    boolean dryRun;

    @Override
    int execute() {
      List<Watch> watches;
      try {
        watches = WatchFiles.load(file);
      } catch (WatchFileException e) {
        e.problems().forEach(p -> err().println(name() + ": " + p));
        return 2;
      }
      SyncResult r;
      try (WatchStore store = store()) {
        r = dryRun ? store.plan(watches, prune) : store.sync(watches, prune);
      }
      line("added", r.added());
      line("changed", r.changed());
      line("unchanged", r.unchanged());
      line("removed", r.removed());
      out().println((dryRun ? "would be: " : "") + r + " (" + file + ")");
      return 0;
    }

    private void line(String what, List<String> ids) {
      if (!ids.isEmpty()) {
        out().printf("%-10s %s%n", what, String.join(", ", ids));
      }
    }
  }

  @Command(name = "test", mixinStandardHelpOptions = true,
      description = {"Run a query (or a stored watch) against a sample text and say whether and why it matches.",
          "Needs Kafka only with --id."})
  static final class Test extends KafkaSubcommand {
    @Option(names = "--query", paramLabel = "QUERY", description = "The query to try.")
    String query;

    @Option(names = "--id", paramLabel = "ID", description = "Try a stored watch instead (reads veille.watches).")
    String id;

    @Option(names = "--text", required = true, paramLabel = "TEXT", description = "The mention's text.")
    String text;

    @Option(names = "--lang", paramLabel = "LANG", description = "The mention's language, e.g. fr (default: unknown).")
    String lang;

    @Option(names = "--source", paramLabel = "SOURCE", defaultValue = "test", description = "The mention's source (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--author", paramLabel = "@HANDLE", description = "The mention's author handle.")
    String author;

    @Override
    int execute() {
      if ((query == null) == (id == null)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "give --query or --id (one of them)");
      }
      Mention m;
      try {
        m = Mention.of("cli:test", source, text, Instant.now()).withLang(lang == null ? null : lang.toLowerCase(Locale.ROOT));
        if (author != null) {
          m = m.withAuthor(new Author(null, author, null, 0, false));
        }
      } catch (InvalidRecordException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "the sample mention is invalid: " + e.getMessage());
      }
      Watch w;
      if (id != null) {
        try (WatchStore store = store()) {
          w = store.readAll().get(id);
        }
        if (w == null) {
          return fail(1, "no watch " + id);
        }
      } else {
        w = new Watch("test", null, query, Set.of(), Set.of(), null, null);
      }
      WatchExplanation why = WatchExplainer.explain(w, m, null);
      PrintWriter out = out();
      out.println((why.matched() ? "MATCH" : "NO MATCH") + ": watch " + w.id());
      out.println("  query:    " + why.query());
      if (why.matched()) {
        for (WatchExplanation.Hit h : why.hits()) {
          out.println("  matched:  " + h);
        }
      } else {
        for (String r : why.reasons()) {
          out.println("  why not:  " + r);
        }
      }
      out.println("  text as:  " + String.join(" ", why.analysedText()));
      if (!w.languages().isEmpty() && lang == null) {
        out.println("  note:     the watch keeps " + String.join(",", w.languages()) + " only; give --lang");
      }
      return 0;
    }
  }
}
