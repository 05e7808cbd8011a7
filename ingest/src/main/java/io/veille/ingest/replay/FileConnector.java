package io.veille.ingest.replay;

import io.veille.common.json.MentionJson;
import io.veille.common.model.InvalidRecordException;
import io.veille.ingest.spi.SourceKey;
import io.veille.ingest.spi.SourceSettings;
import io.veille.ingest.spi.Connector;
import io.veille.ingest.spi.ConnectorFactory;
import io.veille.ingest.spi.Item;
import io.veille.ingest.spi.Page;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSONL file as a resumable connector: the cursor is the number of lines consumed, so a restart
 * continues at the next line; a file that grows (an exporter appending) is followed. Each poll
 * reads one page of lines; a malformed line is rejected with its line number.
 */
public final class FileConnector implements Connector {
  private final String id;
  private final Path file;
  private final int pageSize;
  private final Duration interval;

  public FileConnector(String id, Path file, int pageSize, Duration interval) {
    this.id = id;
    this.file = file;
    this.pageSize = pageSize;
    this.interval = interval;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String source() {
    return "file";
  }

  @Override
  public Page poll(String cursor) throws Exception {
    long done = cursor.isEmpty() ? 0 : Long.parseLong(cursor);
    List<Item> items = new ArrayList<>();
    long lineNo = 0;
    try (BufferedReader r = FileReplay.open(file)) {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (lineNo <= done) {
          continue;
        }
        if (!line.isBlank()) {
          try {
            items.add(Item.of(MentionJson.read(line)));
          } catch (InvalidRecordException e) {
            items.add(Item.rejected(line, e, "line " + lineNo));
          }
        }
        if (lineNo - done >= pageSize) {
          return new Page(items, Long.toString(lineNo), Duration.ZERO);
        }
      }
    }
    return new Page(items, Long.toString(Math.max(lineNo, done)), interval);
  }

  /** {@code type: file}: {@code path}, {@code page-size} (default 1000), {@code interval} (default 10s). */
  public static final class Factory implements ConnectorFactory {
    @Override
    public String type() {
      return "file";
    }

    @Override
    public String description() {
      return "a JSONL file of mentions (gzipped if .gz), followed as it grows; cursor = lines consumed";
    }

    static final SourceKey<String> PATH = SourceKey.string("path", "the JSONL file (one mention per line)");
    static final SourceKey<Integer> PAGE_SIZE = SourceKey.integer("page-size", 1000, 1, 100_000, "lines published per poll at most");
    static final SourceKey<Duration> INTERVAL = SourceKey.duration("interval", Duration.ofSeconds(10),
        "how often the end of the file is checked for new lines");

    @Override
    public List<SourceKey<?>> keys() {
      return List.of(PATH, PAGE_SIZE, INTERVAL);
    }

    @Override
    public List<Connector> create(String name, SourceSettings s) {
      Path p = Path.of(s.get(PATH));
      if (!Files.isReadable(p)) {
        throw s.error("path", "cannot read " + p);
      }
      return List.of(new FileConnector("file-" + name, p, s.get(PAGE_SIZE), s.get(INTERVAL)));
    }
  }
}
