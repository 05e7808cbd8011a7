package io.veille.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.veille.common.testing.StubHttp;
import io.veille.common.testing.StubHttp.Flood;
import io.veille.common.testing.StubHttp.Stall;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every call of {@link HttpFetcher} is bounded, against the real test server: a body over the
 * limit fails, fatally, before the server could send it (with a Content-Length: before a byte is
 * read; without: as soon as it passes the limit), and the connection is dropped; a body that
 * stalls after its headers fails as a retriable timeout at the call's deadline, and its connection
 * is closed too; an error answer's body is cut, not failed; a body up to the limit is read whole.
 */
class HttpFetcherTest {
  static final long LIMIT = 64 * 1024;
  static final String SECRET = "sk-live-0123456789abcdef";
  /** Far below what the server would have sent, far above what a client that stopped at the limit lets through (socket buffers included). */
  static final long FAR_FEWER = 64L * 1024 * 1024;

  final StubHttp server = StubHttp.start();

  @AfterEach
  void close() {
    server.close();
  }

  HttpFetcher fetcher(Duration timeout) {
    return new HttpFetcher(timeout, "test").withMaxBody(LIMIT, "max-body");
  }

  String url(String path) {
    return server.baseUrl() + path + "?token=" + SECRET + "&page=2";
  }

  @Test
  void aBodyUpToTheLimitIsReadWholeAndOneByteMoreIsNot() throws Exception {
    byte[] exact = new byte[(int) LIMIT];
    for (int i = 0; i < exact.length; i++) {
      exact[i] = (byte) ('a' + i % 26);
    }
    server.on("/exact", ex -> StubHttp.sendBytes(ex, 200, "application/rss+xml", exact));
    server.on("/exact-chunked", Flood.chunked(LIMIT));
    server.on("/one-more", Flood.chunked(LIMIT + 1));
    HttpFetcher http = fetcher(Duration.ofSeconds(5));

    HttpFetcher.BytesResponse r = http.getBytes(url("/exact"), null, null, Map.of());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.bytes()).isEqualTo(exact);
    assertThat(r.contentType()).isEqualTo("application/rss+xml");
    assertThat(http.getBytes(url("/exact-chunked"), null, null, Map.of()).bytes()).hasSize((int) LIMIT);
    assertThatThrownBy(() -> http.getBytes(url("/one-more"), null, null, Map.of())).isInstanceOfSatisfying(HttpFailure.class,
        f -> assertThat(f.retriable()).isFalse());
    // the default limit (16 MiB) reads what the JSON APIs send
    assertThat(new HttpFetcher(Duration.ofSeconds(5), "test").maxBody()).isEqualTo(16L * 1024 * 1024);
    assertThat(new HttpFetcher(Duration.ofSeconds(5), "test").get(url("/exact"), Map.of()).body())
        .isEqualTo(new String(exact, StandardCharsets.UTF_8));
  }

  @Test
  void aContentLengthOverTheLimitFailsBeforeTheBodyIsRead() throws Exception {
    Flood flood = Flood.withLength(1L << 30);
    server.on("/huge", flood);
    assertThatThrownBy(() -> fetcher(Duration.ofSeconds(5)).getBytes(url("/huge"), null, null, Map.of()))
        .isInstanceOfSatisfying(HttpFailure.class, f -> {
          assertThat(f.retriable()).as("the same document will be as large on the next try").isFalse();
          assertThat(f.status()).isEqualTo(200);
          assertThat(f.getMessage()).isEqualTo("GET " + server.baseUrl() + "/huge?token=***&page=2: HTTP 200 with a body over "
              + "the 64KiB limit (max-body): Content-Length 1073741824");
        });
    // the client dropped the connection: the server's writes failed long before its gigabyte went out
    assertThat(flood.ended().get(10, TimeUnit.SECONDS)).as("the whole body went out").isFalse();
    assertThat(flood.written()).isLessThan(FAR_FEWER);
  }

  @Test
  void aBodyWithoutLengthFailsAsSoonAsItPassesTheLimit() throws Exception {
    Flood flood = Flood.endless();
    server.on("/endless", flood);
    assertThatThrownBy(() -> fetcher(Duration.ofSeconds(5)).getBytes(url("/endless"), null, null, Map.of()))
        .isInstanceOfSatisfying(HttpFailure.class, f -> {
          assertThat(f.retriable()).isFalse();
          assertThat(f.getMessage()).isEqualTo("GET " + server.baseUrl() + "/endless?token=***&page=2: HTTP 200 with a body "
              + "over the 64KiB limit (max-body): no Content-Length, more than 65536 bytes came");
        });
    // an endless body ends only because the client closed the connection (the JDK closes a channel
    // on its selector's next round, within about 3 s)
    assertThat(flood.ended().get(10, TimeUnit.SECONDS)).isFalse();
    assertThat(flood.written()).isLessThan(FAR_FEWER);
  }

  @Test
  void aPostIsBoundedToo() throws Exception {
    Flood flood = Flood.endless();
    server.on("/rules", flood);
    assertThatThrownBy(() -> fetcher(Duration.ofSeconds(5)).post(server.baseUrl() + "/rules", "application/json", "{}", Map.of()))
        .isInstanceOfSatisfying(HttpFailure.class, f -> assertThat(f.getMessage()).startsWith("POST " + server.baseUrl()
            + "/rules: HTTP 200 with a body over the 64KiB limit"));
    // an endless body: that the call returned at all shows the client stopped reading
  }

  @Test
  void aBodyThatStallsFailsAtTheDeadlineAsARetriableTimeoutAndItsConnectionIsClosed() throws Exception {
    Stall stall = new Stall(10, 64L * 1024 * 1024);
    server.on("/stall", stall);
    HttpFetcher http = fetcher(Duration.ofSeconds(1));
    // the headers and 10 bytes come at once, then nothing: the call must end by its 1 s deadline (10 s: a generous bound)
    HttpFailure f = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      try {
        http.getBytes(url("/stall"), null, null, Map.of());
        throw new AssertionError("a stalled body was read");
      } catch (HttpFailure e) {
        return e;
      }
    });
    assertThat(f.retriable()).isTrue();
    assertThat(f.status()).isZero();
    assertThat(f.getMessage()).isEqualTo("GET " + server.baseUrl() + "/stall?token=***&page=2: body not complete within 1000 ms "
        + "(the timeout covers the whole call; 10 bytes came)");
    // the connection was closed, not left waiting: when the server goes on, its writes fail
    stall.resume();
    assertThat(stall.ended().get(10, TimeUnit.SECONDS)).as("the rest of the body was taken").isFalse();
  }

  @Test
  void anErrorAnswersBodyIsCutNotFailedSoItsStatusStillDecides() throws Exception {
    Flood flood = Flood.endless(503);
    server.on("/busy", flood);
    assertThatThrownBy(() -> fetcher(Duration.ofSeconds(5)).get(url("/busy"), Map.of()))
        .isInstanceOfSatisfying(HttpFailure.class, f -> {
          assertThat(f.status()).isEqualTo(503);
          assertThat(f.retriable()).as("a 503 stays retriable, however large its page").isTrue();
          assertThat(f.getMessage()).isEqualTo("GET " + server.baseUrl() + "/busy?token=***&page=2: HTTP 503");
          assertThat(f.body()).hasSize(8192).matches("x+");
        });
    // an endless body: that the call returned at all shows the client stopped reading
  }

  @Test
  void theLimitIsASizeKeyWithBounds() {
    var key = HttpFetcher.maxBodyKey("max-body");
    assertThat(key.type()).isEqualTo("size 1KiB–256MiB");
    assertThat(key.defaultText()).isEqualTo("16MiB");
    var s = io.veille.ingest.spi.SourceSettings.of("sources[0] (t)", Map.of("max-body", "2 MiB"), java.util.List.of(key));
    assertThat(s.get(key)).isEqualTo(2L * 1024 * 1024);
    assertThatThrownBy(() -> io.veille.ingest.spi.SourceSettings.of("sources[0] (t)", Map.of("max-body", "big"),
        java.util.List.of(key)).get(key)).hasMessage("sources[0] (t).max-body: not a size: 'big' (examples: 16MiB, 512KiB, 5MB, 1048576)");
    assertThatThrownBy(() -> io.veille.ingest.spi.SourceSettings.of("sources[0] (t)", Map.of("max-body", "1GiB"),
        java.util.List.of(key)).get(key)).hasMessage("sources[0] (t).max-body: must be from 1KiB to 256MiB, was '1GiB'");
  }
}
