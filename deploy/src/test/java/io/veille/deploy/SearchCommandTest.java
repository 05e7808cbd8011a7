package io.veille.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.veille.common.testing.StubHttp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code veille search} says on stderr when the API's answer is partial (a page or an export), and not otherwise. */
class SearchCommandTest {
  static final String PARTIAL = "{\"total\":3,\"hits\":[],\"next\":null,\"partitions\":[0,2,4],\"partial\":true,"
      + "\"missing\":[1,3,5],\"instances\":[{\"instance\":\"10.0.0.1:8090\",\"partitions\":[0,2,4]},"
      + "{\"instance\":\"10.0.0.2:8090\",\"partitions\":[],\"missing\":[1,3,5],\"error\":\"unreachable (ConnectException)\"}]}";
  static final String COMPLETE = "{\"total\":3,\"hits\":[],\"next\":null,\"partitions\":[0,1,2,3,4,5],\"partial\":false,"
      + "\"instances\":[{\"instance\":\"10.0.0.1:8090\",\"partitions\":[0,1,2,3,4,5]}]}";

  record Run(int code, String out, String err) {}

  static Run search(String... args) throws Exception {
    SearchCommand cmd = new SearchCommand();
    new CommandLine(cmd).parseArgs(args);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = cmd.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aPartialAnswerIsAWarningLine() throws Exception {
    try (StubHttp api = new StubHttp()) {
      api.route("/api/v1/search", r -> new StubHttp.Reply(200, Map.of("Content-Type", "application/json"),
          "complete".equals(r.param("q")) ? COMPLETE : PARTIAL));
      api.route("/api/v1/export", r -> new StubHttp.Reply(200, Map.of("Content-Type", "application/x-ndjson",
          "X-Veille-Partial", "missing partitions [1, 3, 5]: 10.0.0.2:8090: partitions [1, 3, 5] unreachable"), "{}\n"));
      for (String format : new String[] {"table", "json"}) {
        Run run = search("--url", api.baseUrl(), "--format", format, "x");
        assertThat(run.code()).isZero();
        assertThat(run.err()).as(format).contains("warning: PARTIAL answer, partitions [1,3,5] did not answer")
            .contains("10.0.0.2:8090 [1,3,5]: unreachable (ConnectException)");
      }
      assertThat(search("--url", api.baseUrl(), "x").out()).contains("(PARTIAL: partitions [1,3,5] did not answer)");
      Run complete = search("--url", api.baseUrl(), "complete");
      assertThat(complete.err()).isEmpty();
      Run export = search("--url", api.baseUrl(), "--format", "ndjson", "x");
      assertThat(export.code()).isZero();
      assertThat(export.err()).contains("warning: PARTIAL export, missing partitions [1, 3, 5]");
      assertThat(export.out()).isEqualTo("{}\n");
    }
  }
}
