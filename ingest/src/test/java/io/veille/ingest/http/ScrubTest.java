package io.veille.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.veille.ingest.runtime.ConnectorStatusProbe;
import org.junit.jupiter.api.Test;

class ScrubTest {
  @Test
  void oneBoundedLineWithCredentialsMasked() {
    String body = "{\"error\":\"bad\",\n\"access_token\":\"EAAB12345secret\",\"detail\":\"Bearer abcdef123456 refused\"}\r\n"
        + "\u0000\u2028" + "z".repeat(5000);
    String s = Scrub.body(body);
    assertThat(s).doesNotContain("EAAB12345secret").doesNotContain("abcdef123456").doesNotContain("\n")
        .doesNotContain("\u0000").doesNotContain("\u2028").contains("access_token\":\"***").endsWith("...");
    assertThat(s.length()).isLessThanOrEqualTo(Scrub.MAX_BODY);
    assertThat(Scrub.message("GET https://user:pw@api.example/x?api_key=K123&q=1 failed")).doesNotContain("pw@")
        .doesNotContain("K123");
    assertThat(Scrub.message(null)).isEmpty();
    // a secret parameter's value ends at the URL's end, a masked one stays as it is: the rest of the message stays
    String masked = "GET " + HttpFetcher.redact("https://a.example/feed?key=K123") + ": HTTP 200 with a body over the 16MiB limit";
    assertThat(Scrub.message(masked)).isEqualTo("GET https://a.example/feed?key=***: HTTP 200 with a body over the 16MiB limit");
    assertThat(Scrub.message("GET https://a.example/feed?key=K123 failed")).isEqualTo("GET https://a.example/feed?key=*** failed");
  }

  @Test
  void healthShowsTheFailureWithoutTheUpstreamBody() {
    HttpFailure f = new HttpFailure("GET https://api.example/feed: HTTP 500", 500, true, null, null,
        "<html>stack trace at com.example.Secret token=tok_live_999</html>");
    assertThat(f.upstream()).doesNotContain("tok_live_999").contains("stack trace");
    assertThat(ConnectorStatusProbe.lastErrorAfter(f)).isEqualTo("GET https://api.example/feed: HTTP 500");
  }
}
