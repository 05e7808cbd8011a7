package io.veille.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.veille.common.json.Json;
import io.veille.common.json.MentionJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScenarioCommandTest {
  @TempDir
  Path dir;

  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = new CommandLine(new ScenarioCommand());
    cl.setErr(new PrintWriter(err, true));
    cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? 2 : 1);
    return cl.execute(args);
  }

  @Test
  void writesGzippedJsonlTheTruthAndASummary() throws IOException {
    Path out = dir.resolve("s.jsonl.gz");
    assertThat(run("--seed", "3", "--days", "2", "--out", out.toString())).isZero();

    List<String> lines;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(out))) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(MentionJson.read(l).id()).contains(":"));
    JsonNode truth = Json.MAPPER.readTree(Files.readString(dir.resolve("s.jsonl.gz.truth.json")));
    assertThat(truth.get("mentions").asInt()).isEqualTo(lines.size());
    assertThat(truth.get("seed").asLong()).isEqualTo(3);
    assertThat(truth.get("badBuzz").get("onset").asText()).startsWith("2026-11-03T17:");
    assertThat(err.toString()).contains("mentions", "languages", "sources", "reshares", "bad buzz", "bytes");
  }

  @Test
  void writesPlainJsonlWhenTheNameDoesNotEndWithGz() throws IOException {
    Path out = dir.resolve("s.jsonl");
    assertThat(run("--days", "1", "--buzz-day", "0", "--scale", "0.5", "--out", out.toString())).isZero();
    String first = Files.readAllLines(out).get(0);
    assertThat(MentionJson.read(first).publishedAt()).isAfterOrEqualTo(java.time.Instant.parse("2026-11-02T00:00:00Z"));
    assertThat(err.toString()).contains("bad buzz: none", "launch: none");
  }

  @Test
  void aLaunchDayAddsTheLaunchToTheTruth() throws IOException {
    Path out = dir.resolve("l.jsonl.gz");
    assertThat(run("--seed", "3", "--days", "3", "--launch-day", "2", "--out", out.toString())).isZero();
    JsonNode truth = Json.MAPPER.readTree(Files.readString(dir.resolve("l.jsonl.gz.truth.json")));
    assertThat(truth.get("launch").get("onset").asText()).isEqualTo("2026-11-03T09:00:00Z");
    assertThat(truth.get("windows")).extracting(w -> w.get("kind").asText()).containsExactly("launch", "outage");
    assertThat(truth.get("copies").asInt()).isEqualTo(truth.get("reshares").asInt() + truth.get("nearDuplicates").asInt());
    assertThat(err.toString()).contains("launch: ", "copies");
  }

  @Test
  void invalidValuesAreUsageErrors() {
    assertThat(run("--days", "0", "--out", dir.resolve("a").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--days must be between 1 and 60");
    assertThat(run("--days", "61", "--out", dir.resolve("a").toString())).isEqualTo(2);
    assertThat(run("--scale", "-1", "--out", dir.resolve("a").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--scale");
    assertThat(run("--start", "yesterday", "--out", dir.resolve("a").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--start must be an ISO-8601 instant");
    assertThat(run("--days", "3", "--buzz-day", "5", "--out", dir.resolve("a").toString())).isEqualTo(2);
    assertThat(run("--days", "6", "--buzz-day", "5", "--launch-day", "5", "--out", dir.resolve("a").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--launch-day must be another day than the buzz day");
    assertThat(run("--days", "3", "--launch-day", "4", "--out", dir.resolve("a").toString())).isEqualTo(2);
    assertThat(run("--days", "3")).isEqualTo(2);
    assertThat(err.toString()).contains("--out");
    assertThat(Files.exists(dir.resolve("a"))).isFalse();
  }

  @Test
  void writesTheDetectionCasesWithTheirTruth() throws IOException {
    Path cases = dir.resolve("cases");
    assertThat(run("--cases", cases.toString(), "--case", "steady,surge-3x")).isZero();
    for (String name : List.of("steady", "surge-3x")) {
      List<String> lines;
      try (InputStream in = new GZIPInputStream(Files.newInputStream(cases.resolve(name + ".jsonl.gz")))) {
        lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      }
      JsonNode truth = Json.MAPPER.readTree(Files.readString(cases.resolve(name + ".jsonl.gz.truth.json")));
      assertThat(truth.path("case").path("name").asText()).isEqualTo(name);
      assertThat(truth.get("mentions").asInt()).isEqualTo(lines.size()).isGreaterThan(30_000);
      assertThat(MentionJson.read(lines.get(lines.size() - 1)).publishedAt())
          .isBefore(java.time.Instant.parse(truth.get("end").asText()));
    }
    assertThat(Files.exists(cases.resolve("launch.jsonl.gz"))).isFalse();
    assertThat(err.toString()).contains("surge-3x", "learning until", "a VOLUME_SPIKE or NEGATIVE_SURGE signal");
  }

  @Test
  void detectionCasesTakeNoneOfTheDemoScenariosOptions() {
    assertThat(run("--cases", dir.resolve("c").toString(), "--days", "3")).isEqualTo(2);
    assertThat(err.toString()).contains("--days does not apply to --cases");
    assertThat(run("--cases", dir.resolve("c").toString(), "--case", "surge-4x")).isEqualTo(2);
    assertThat(err.toString()).contains("no detection case 'surge-4x'");
    assertThat(run("--cases", dir.resolve("c").toString(), "--out", dir.resolve("a").toString())).isEqualTo(2);
    assertThat(run("--out", dir.resolve("a").toString(), "--case", "steady")).isEqualTo(2);
    assertThat(Files.exists(dir.resolve("c"))).isFalse();
  }
}
