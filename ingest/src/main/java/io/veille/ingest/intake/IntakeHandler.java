package io.veille.ingest.intake;

import io.veille.common.json.MentionJson;
import io.veille.common.json.Utf8;
import io.veille.common.model.InvalidRecordException;
import io.veille.common.model.Mention;
import io.veille.common.model.MentionTime;
import io.veille.common.topic.DeadLetters;
import io.veille.common.topic.Topics;
import io.veille.common.http.RetryAfter;
import io.veille.ingest.http.Scrub;
import io.veille.ingest.replay.ByteLines;
import io.veille.common.http.Exchange;
import io.veille.common.http.HttpService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/mentions}: one JSON mention, or NDJSON (one per line), for anything that is
 * not a built-in connector (Zapier/n8n, a scraper, a partner feed). Bearer-token auth, a request
 * size limit, a per-record size limit (what Kafka takes), strict UTF-8, the contract's checks and the
 * date rule ({@link MentionTime}).
 *
 * <p>The answer says what became of every line, and is true: {@code accepted} lines are in
 * {@code veille.mentions.raw} (acknowledged by Kafka before the answer); {@code errors} lists the
 * rejected lines (line, field, reason), which also went to the DLQ; {@code retry} lists the lines
 * Kafka did not acknowledge in time, and only those need sending again. Status: 202 when every line
 * was accepted, 400 when some were rejected (and none is to retry), 503 with Retry-After when some
 * are to retry. Repeats are harmless anyway: ids are stable and streams drops a repeated id.
 */
public final class IntakeHandler implements HttpService.Route {
  private static final Logger LOG = LoggerFactory.getLogger(IntakeHandler.class);
  public static final String PATH = "/api/v1/mentions";
  private static final int MAX_LISTED = 100;
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
  /** The Retry-After of a 503 when the server holds too many bodies at once. */
  private static final Duration BUSY_RETRY = Duration.ofSeconds(1);
  /** The Retry-After of a 503 when Kafka did not acknowledge some lines in time. */
  private static final Duration UNACKNOWLEDGED_RETRY = Duration.ofSeconds(5);

  /** The intake's bounds. */
  public record Limits(long maxRequestBytes, int maxRecordBytes, Duration maxFuture) {}

  private final Producer<byte[], byte[]> producer;
  private final List<byte[]> tokens;
  private final Limits limits;
  private final InstantSource clock;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong unacknowledged = new AtomicLong();

  public IntakeHandler(Producer<byte[], byte[]> producer, List<String> tokens, Limits limits, InstantSource clock) {
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("the intake needs at least one bearer token");
    }
    this.producer = producer;
    this.tokens = tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    this.limits = limits;
    this.clock = clock;
  }

  public long accepted() {
    return accepted.get();
  }

  public long rejected() {
    return rejected.get();
  }

  /** Lines answered "retry" because Kafka did not acknowledge them. */
  public long unacknowledged() {
    return unacknowledged.get();
  }

  public Limits limits() {
    return limits;
  }

  @Override
  public void handle(Exchange ex) throws IOException {
    if (!ex.path().equals(PATH)) {
      ex.error(404, "no such endpoint; POST mentions to " + PATH);
      return;
    }
    if (!ex.method().equals("POST")) {
      ex.answerHeader("Allow", "POST").error(405, "use POST");
      return;
    }
    if (!authorised(ex.header("Authorization"))) {
      ex.answerHeader("WWW-Authenticate", "Bearer realm=\"veille\"").error(401, "missing or wrong bearer token");
      return;
    }
    String type = ex.header("Content-Type");
    String mime = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (!(mime.equals("application/json") || mime.equals("application/x-ndjson") || mime.equals("application/jsonl")
        || mime.equals("application/json-seq") || mime.isEmpty())) {
      ex.error(415, "Content-Type must be application/json (one mention) or application/x-ndjson (one per line), was "
          + Scrub.message(type));
      return;
    }
    byte[] body;
    try {
      body = ex.body(limits.maxRequestBytes());
    } catch (Exchange.Refused r) {
      if (r.status() == 503) {
        ex.answerHeader("Retry-After", RetryAfter.header(BUSY_RETRY));
      }
      ex.error(r.status(), r.getMessage());
      return;
    }
    process(ex, body, mime.equals("application/json"));
  }

  /** What became of one line. */
  private record Line(int no, byte[] bytes, Future<RecordMetadata> send, InvalidRecordException error) {}

  private void process(Exchange ex, byte[] body, boolean singleJson) throws IOException {
    // an NDJSON line that is an array is one bad line among the others; a JSON body that is one is refused whole
    if (singleJson && startsWithBracket(body)) {
      ex.error(400, "send one JSON object, or NDJSON (one object per line), not a JSON array");
      return;
    }
    List<byte[]> raw;
    if (singleJson) {
      raw = List.of(body);
    } else {
      raw = new ArrayList<>();
      ByteLines cut = new ByteLines(new ByteArrayInputStream(body));
      byte[] l;
      while ((l = cut.next()) != null) {
        raw.add(l);
      }
    }
    if (singleJson && body.length > limits.maxRecordBytes()) {
      ex.error(413, "the mention is " + body.length + " bytes, over the per-record limit of " + limits.maxRecordBytes()
          + " bytes (what Kafka takes)");
      return;
    }
    Instant now = clock.instant();
    String origin = "intake " + ex.remoteAddress();
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      byte[] bytes = raw.get(i);
      if (isBlank(bytes)) {
        continue;
      }
      int lineNo = i + 1;
      try {
        Mention m = check(bytes, now);
        // the caller's JSON is the record (unknown fields kept as sent); only a missing fetchedAt is filled in
        byte[] value = m.fetchedAt() == null ? MentionJson.write(m.withFetchedAt(now)) : bytes;
        if (value.length > limits.maxRecordBytes()) {
          throw tooLarge(value.length);
        }
        lines.add(new Line(lineNo, bytes, producer.send(new ProducerRecord<>(Topics.MENTIONS_RAW.name(),
            m.id().getBytes(StandardCharsets.UTF_8), value)), null));
      } catch (InvalidRecordException e) {
        lines.add(new Line(lineNo, bytes, producer.send(DeadLetters.of("intake", null, bytes)
            .error(e.field(), e.reason()).origin(origin).line(lineNo).at(now).build()), e));
      }
    }
    if (lines.isEmpty()) {
      ex.error(400, "empty request: no mention in the body");
      return;
    }
    answer(ex, lines);
  }

  private Mention check(byte[] bytes, Instant now) {
    if (bytes.length > limits.maxRecordBytes()) {
      throw tooLarge(bytes.length);
    }
    Utf8.check(bytes);
    return MentionTime.checkNotFuture(MentionJson.read(bytes), now, limits.maxFuture());
  }

  private InvalidRecordException tooLarge(int size) {
    return new InvalidRecordException("", "record of " + size + " bytes is over the per-record limit of "
        + limits.maxRecordBytes() + " bytes (what Kafka takes); its first " + DeadLetters.MAX_VALUE_BYTES
        + " bytes are kept in the DLQ");
  }

  private void answer(Exchange ex, List<Line> lines) throws IOException {
    long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
    List<Map<String, Object>> errors = new ArrayList<>();
    List<Map<String, Object>> retry = new ArrayList<>();
    int good = 0;
    int bad = 0;
    int again = 0;
    boolean interrupted = false;
    for (Line l : lines) {
      String failure = null;
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        l.send().get(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
        failure = "interrupted before Kafka acknowledged it";
      } catch (ExecutionException e) {
        failure = "Kafka refused it: " + Scrub.message(String.valueOf(e.getCause().getMessage()));
      } catch (TimeoutException e) {
        failure = "Kafka did not acknowledge it within " + ACK_TIMEOUT.toSeconds() + " s";
      }
      if (failure != null) {
        again++;
        if (retry.size() < MAX_LISTED) {
          retry.add(Map.of("line", l.no(), "reason", failure));
        }
      } else if (l.error() != null) {
        bad++;
        if (errors.size() < MAX_LISTED) {
          Map<String, Object> err = new LinkedHashMap<>();
          err.put("line", l.no());
          err.put("field", l.error().field());
          err.put("reason", l.error().reason());
          errors.add(err);
        }
      } else {
        good++;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    accepted.addAndGet(good);
    rejected.addAndGet(bad);
    unacknowledged.addAndGet(again);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("accepted", good);
    out.put("rejected", bad);
    if (bad > 0) {
      out.put("errors", errors);
      if (bad > errors.size()) {
        out.put("errorsOmitted", bad - errors.size());
      }
      LOG.info("intake: {} accepted, {} rejected (first: line {} {})", good, bad, errors.get(0).get("line"),
          errors.get(0).get("reason"));
    }
    if (again > 0) {
      out.put("retry", retry);
      if (again > retry.size()) {
        out.put("retryOmitted", again - retry.size());
      }
      out.put("hint", "the lines under retry were not stored: send those lines again; the others are done");
      LOG.warn("intake: Kafka did not acknowledge {} of {} line(s): {}", again, lines.size(), retry.get(0).get("reason"));
      ex.answerHeader("Retry-After", RetryAfter.header(UNACKNOWLEDGED_RETRY)).json(503, out);
      return;
    }
    ex.json(bad > 0 ? 400 : 202, out);
  }

  private static boolean isBlank(byte[] line) {
    for (byte c : line) {
      if (!(c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0x0B)) {
        return c >= 0 ? false : ByteLines.isBlank(line);
      }
    }
    return true;
  }

  /**
   * {@code new String(body, UTF_8).trim().startsWith("[")} without decoding: trim drops the chars up
   * to ' ', all ASCII; anything else (a non-ASCII byte decodes to a char above ' ') decides.
   */
  static boolean startsWithBracket(byte[] body) {
    for (byte c : body) {
      if (c < 0 || c > ' ') {
        return c == '[';
      }
    }
    return false;
  }

  private boolean authorised(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    boolean ok = false;
    for (byte[] t : tokens) {
      ok |= MessageDigest.isEqual(t, given);
    }
    return ok;
  }
}
