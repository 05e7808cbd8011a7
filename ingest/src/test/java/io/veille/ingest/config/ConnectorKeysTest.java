package io.veille.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veille.ingest.Connectors;
import io.veille.ingest.spi.ConnectorFactory;
import io.veille.ingest.spi.SourceKey;
import io.veille.ingest.spi.SourceSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each connector type declares its keys once (type, default, doc): a block is read only through
 * them, any other key is refused with a "did you mean", and ingest/README.md's key table of each
 * type is the one the declarations make.
 */
class ConnectorKeysTest {
  @TempDir
  static Path tmp;

  static List<String> types() {
    return List.copyOf(Connectors.factories().keySet());
  }

  /** The smallest valid block of each type. */
  static Map<String, Object> minimal(String type) throws Exception {
    return switch (type) {
      case "file" -> Map.of("path", Files.writeString(tmp.resolve("m.jsonl"), "").toString());
      case "rss" -> Map.of("feeds", List.of("https://a.example/feed"));
      case "mastodon" -> Map.of("instance", "https://m.example", "hashtags", List.of("acme"));
      case "hackernews" -> Map.of("query", "acme");
      case "bluesky" -> Map.of("keywords", List.of("acme"));
      case "reddit" -> Map.of("client_id", "env:A", "client_secret", "env:B", "subreddits", List.of("acme"));
      case "x" -> Map.of("bearer_token", "env:A", "query", "acme");
      case "facebook" -> Map.of("page_id", "123", "page_token", "env:A");
      default -> throw new AssertionError("no minimal block for type " + type + ": add one here");
    };
  }

  static IngestConfig load(String type, Map<String, Object> keys) {
    Map<String, Object> block = new LinkedHashMap<>(keys);
    block.put("name", "t");
    block.put("type", type);
    IngestConfig c = IngestConfig.parse("ingest.yml", Map.of("sources", List.of(block)), Connectors.factories(),
        Map.of("A", "a", "B", "b")::get);
    c.sources().forEach(s -> s.connectors().forEach(conn -> {
      try {
        conn.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }));
    return c;
  }

  /** The factory reads only keys it declares (reading another one throws), and declares each once. */
  @ParameterizedTest
  @MethodSource("types")
  void everyTypeReadsItsBlockThroughItsDeclaredKeys(String type) throws Exception {
    ConnectorFactory f = Connectors.factories().get(type);
    Set<String> names = new HashSet<>();
    for (SourceKey<?> k : f.keys()) {
      assertThat(names.add(k.name())).as("%s declares %s once", type, k.name()).isTrue();
      assertThat(k.doc()).as("%s.%s has a doc", type, k.name()).isNotBlank();
    }
    assertThat(load(type, minimal(type)).sources()).singleElement().extracting(IngestConfig.Source::type).isEqualTo(type);
  }

  @ParameterizedTest
  @MethodSource("types")
  void anUndeclaredKeyIsRefusedWithTheDeclaredOnes(String type) throws Exception {
    ConnectorFactory f = Connectors.factories().get(type);
    String near = f.keys().get(0).name() + "x";
    Map<String, Object> block = new LinkedHashMap<>(minimal(type));
    block.put(near, "1");
    assertThatThrownBy(() -> load(type, block))
        .hasMessageStartingWith("ingest.yml sources[0] (t)." + near + ": unknown key (did you mean " + f.keys().get(0).name() + "?")
        .hasMessageContaining("known here: ");
  }

  @Test
  void readingAKeyTheFactoryDidNotDeclareIsABug() {
    SourceKey<String> declared = SourceKey.string("a", null, "declared");
    SourceKey<String> other = SourceKey.string("b", null, "not declared");
    SourceSettings s = SourceSettings.of("t", Map.of(), List.of(declared));
    assertThat(s.get(declared)).isNull();
    assertThatThrownBy(() -> s.get(other)).isInstanceOf(IllegalStateException.class).hasMessageContaining("'b'");
    assertThatThrownBy(() -> s.duration("c", null)).isInstanceOf(IllegalStateException.class).hasMessageContaining("'c'");
  }

  /** The README's table of each type, between {@code <!-- keys: TYPE -->} and {@code <!-- /keys -->}, is the generated one. */
  @Test
  void theReadmeTablesAreTheDeclarations() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    List<String> wrong = new ArrayList<>();
    for (ConnectorFactory f : Connectors.factories().values()) {
      String open = "<!-- keys: " + f.type() + " -->\n";
      int start = readme.indexOf(open);
      int end = start < 0 ? -1 : readme.indexOf("<!-- /keys -->", start);
      String expected = SourceKey.markdown(f.keys());
      if (start < 0 || end < 0 || !readme.substring(start + open.length(), end).equals(expected)) {
        wrong.add("ingest/README.md: the table of type " + f.type() + " should read (`veille ingest types --markdown` prints it):\n"
            + open + expected + "<!-- /keys -->");
      }
    }
    assertThat(wrong).as("README key tables").isEmpty();
  }
}
