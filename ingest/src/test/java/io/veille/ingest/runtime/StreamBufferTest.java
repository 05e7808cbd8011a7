package io.veille.ingest.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.veille.ingest.testing.ManualTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamBufferTest {
  private final ManualTime time = new ManualTime();

  @Test
  void bufferedEventsDrainInOrderAtMostMaxAtATime() throws Exception {
    StreamBuffer<String> b = new StreamBuffer<>(3, time);
    assertThat(b.offer("a")).isTrue();
    assertThat(b.offer("b")).isTrue();
    assertThat(b.offer("c")).isTrue();
    assertThat(b.offer("d")).as("full").isFalse();
    assertThat(b.drain(2, Duration.ZERO)).containsExactly("a", "b");
    assertThat(b.drainAll()).containsExactly("c");
    assertThat(b.isEmpty()).isTrue();
    assertThat(b.drain(10, Duration.ZERO)).isEmpty();
    b.offer("x");
    b.clear();
    assertThat(b.isEmpty()).isTrue();
    assertThatThrownBy(() -> new StreamBuffer<>(0, time)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFullBufferMakesThePutWaitUntilThePollDrains() throws Exception {
    StreamBuffer<String> b = new StreamBuffer<>(1, time);
    b.put("first");
    Thread reader = Thread.ofPlatform().daemon().start(() -> {
      try {
        b.put("second");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    // the reader blocks on the full buffer (pushing back on the connection) until the poll drains it
    await().atMost(Duration.ofSeconds(10)).until(() -> reader.getState() == Thread.State.WAITING);
    List<String> got = new java.util.ArrayList<>(b.drain(5, Duration.ofSeconds(5)));
    reader.join(10_000);
    assertThat(reader.isAlive()).isFalse();
    got.addAll(b.drainAll());
    assertThat(got).containsExactly("first", "second");
  }

  @Test
  void saysWhyTheConnectionCannotGoOn() {
    StreamBuffer<String> b = new StreamBuffer<>(2, time);
    Duration idleTimeout = Duration.ofSeconds(30);
    assertThat(b.problem("GET x", idleTimeout)).isNull();
    time.advance(Duration.ofSeconds(31));
    assertThat(b.problem("GET x", idleTimeout)).isEqualTo("GET x: nothing received for more than 30000 ms (not even a heartbeat), reconnecting");
    b.touch(); // a heartbeat
    assertThat(b.problem("GET x", idleTimeout)).isNull();
    assertThat(b.idle()).isZero();
    b.overflowed();
    assertThat(b.problem("GET x", idleTimeout)).isEqualTo("GET x: more than 2 events buffered, reconnecting");
    b.ended("GET x: the server ended the stream");
    assertThat(b.problem("GET x", idleTimeout)).isEqualTo("GET x: the server ended the stream");
    b.connected();
    assertThat(b.problem("GET x", idleTimeout)).isNull();
    assertThat(List.of(b.isEmpty())).containsExactly(true);
  }
}
