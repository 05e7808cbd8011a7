package io.veille.ingest.intake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.veille.common.json.Json;
import io.veille.common.json.MentionJson;
import io.veille.common.model.InvalidRecordException;
import io.veille.common.model.Mention;
import io.veille.common.topic.DeadLetters;
import io.veille.common.topic.Topics;
import io.veille.ingest.replay.ByteLines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * size limit, per-record validation. Good records are published (idempotent producer, acks=all)
 * and acknowledged before the answer: {@code 202 {"accepted":n,"rejected":0}}; when some records
 * are rejected the answer is {@code 400} with the line and field of each, the good ones accepted.
 * Rejected records also go to the DLQ (stage {@code intake}) so nothing is lost.
 */
public final class IntakeHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(IntakeHandler.class);
  public static final String PATH = "/api/v1/mentions";
  private static final int MAX_ERRORS_LISTED = 100;

  private final Producer<byte[], byte[]> producer;
  private final List<byte[]> tokens;
  private final long maxBytes;
  private final InstantSource clock;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();

  public IntakeHandler(Producer<byte[], byte[]> producer, List<String> tokens, long maxBytes, InstantSource clock) {
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("the intake needs at least one bearer token");
    }
    this.producer = producer;
    this.tokens = tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    this.maxBytes = maxBytes;
    this.clock = clock;
  }

  public long accepted() {
    return accepted.get();
  }

  public long rejected() {
    return rejected.get();
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!ex.getRequestURI().getPath().equals(PATH)) {
        error(ex, 404, "no such endpoint; POST mentions to " + PATH);
        return;
      }
      if (!ex.getRequestMethod().equals("POST")) {
        ex.getResponseHeaders().add("Allow", "POST");
        error(ex, 405, "use POST");
        return;
      }
      if (!authorised(ex.getRequestHeaders().getFirst("Authorization"))) {
        ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"veille\"");
        error(ex, 401, "missing or wrong bearer token");
        return;
      }
      String type = ex.getRequestHeaders().getFirst("Content-Type");
      String mime = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
      if (!(mime.equals("application/json") || mime.equals("application/x-ndjson") || mime.equals("application/jsonl")
          || mime.equals("application/json-seq") || mime.isEmpty())) {
        error(ex, 415, "Content-Type must be application/json (one mention) or application/x-ndjson (one per line), was " + type);
        return;
      }
      String len = ex.getRequestHeaders().getFirst("Content-Length");
      if (len != null && parseLong(len) > maxBytes) {
        error(ex, 413, "request larger than " + maxBytes + " bytes; split it into smaller batches");
        return;
      }
      byte[] body = readLimited(ex.getRequestBody());
      if (body == null) {
        error(ex, 413, "request larger than " + maxBytes + " bytes; split it into smaller batches");
        return;
      }
      process(ex, body, mime.equals("application/json"));
    } catch (RuntimeException e) {
      LOG.error("intake failed: {}", e.getMessage(), e);
      error(ex, 500, "internal error: " + e.getClass().getSimpleName());
    }
  }

  private void process(HttpExchange ex, byte[] body, boolean singleJson) throws IOException {
    // the body is cut into lines as bytes (as String.lines() cuts the decoded text) and each line is
    // decoded only by the parser: ByteLines.normalise gives the bytes getBytes(UTF_8) of the decoded
    // line gave (the same for valid UTF-8), ByteLines.isBlank what isBlank() said
    boolean array = startsWithBracket(body);
    List<byte[]> lines;
    if (singleJson && !array) {
      lines = List.of(body);
    } else if (array) {
      error(ex, 400, "send one JSON object, or NDJSON (one object per line), not a JSON array");
      return;
    } else {
      lines = new ArrayList<>();
      ByteLines cut = new ByteLines(new java.io.ByteArrayInputStream(body));
      byte[] l;
      while ((l = cut.next()) != null) {
        lines.add(l);
      }
    }
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    ArrayNode errors = Json.MAPPER.createArrayNode();
    int good = 0;
    int bad = 0;
    Instant now = clock.instant();
    for (int i = 0; i < lines.size(); i++) {
      byte[] bytes = ByteLines.normalise(lines.get(i));
      if (ByteLines.isBlank(bytes)) {
        continue;
      }
      int lineNo = singleJson ? 1 : i + 1;
      try {
        Mention m = MentionJson.read(bytes);
        // the caller's JSON is the record (unknown fields kept as sent); only a missing fetchedAt is filled in
        byte[] value = m.fetchedAt() == null ? MentionJson.write(m.withFetchedAt(now)) : bytes;
        sends.add(producer.send(new ProducerRecord<>(Topics.MENTIONS_RAW.name(), m.id().getBytes(StandardCharsets.UTF_8),
            value)));
        good++;
      } catch (InvalidRecordException e) {
        bad++;
        if (errors.size() < MAX_ERRORS_LISTED) {
          ObjectNode err = errors.addObject();
          err.put("line", lineNo);
          err.put("field", e.field());
          err.put("reason", e.reason());
        }
        sends.add(producer.send(DeadLetters.of("intake", null, bytes)
            .error(e.field(), e.reason()).origin("intake " + ex.getRemoteAddress().getAddress().getHostAddress())
            .line(lineNo).at(now).build()));
      }
    }
    if (good == 0 && bad == 0) {
      error(ex, 400, "empty request: no mention in the body");
      return;
    }
    try {
      for (Future<RecordMetadata> f : sends) {
        f.get(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error(ex, 503, "interrupted before Kafka acknowledged the records; retry");
      return;
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("intake: Kafka did not acknowledge a batch of {} record(s): {}", sends.size(), e.getMessage());
      ex.getResponseHeaders().add("Retry-After", "5");
      error(ex, 503, "Kafka did not acknowledge the records; retry the whole request (ids are stable, repeats are dropped downstream)");
      return;
    }
    accepted.addAndGet(good);
    rejected.addAndGet(bad);
    ObjectNode answer = Json.MAPPER.createObjectNode();
    answer.put("accepted", good);
    answer.put("rejected", bad);
    if (bad > 0) {
      answer.set("errors", errors);
      if (bad > errors.size()) {
        answer.put("errorsOmitted", bad - errors.size());
      }
      LOG.info("intake: {} accepted, {} rejected (first: line {} {})", good, bad, errors.get(0).get("line"),
          errors.get(0).get("reason").asText());
    }
    send(ex, bad > 0 ? 400 : 202, answer);
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

  private byte[] readLimited(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[16 * 1024];
    long total = 0;
    int n;
    while ((n = in.read(buf)) >= 0) {
      total += n;
      if (total > maxBytes) {
        return null;
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static void error(HttpExchange ex, int status, String message) throws IOException {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("error", message);
    send(ex, status, o);
  }

  static void send(HttpExchange ex, int status, ObjectNode body) throws IOException {
    byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
  }
}
