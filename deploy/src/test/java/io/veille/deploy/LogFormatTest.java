package io.veille.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The distribution's logback.xml: text by default, one JSON object a line with VEILLE_LOG_FORMAT=json. */
class LogFormatTest {

  /**
   * Configures a fresh context from the shipped logback.xml with {@code format}, and returns the
   * lines the root logger's only appender's encoder makes of one warning.
   */
  private static List<String> logOnce(String format, String message) throws Exception {
    LoggerContext ctx = new LoggerContext();
    ctx.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    try {
      if (format != null) {
        ctx.putProperty("VEILLE_LOG_FORMAT", format);
      }
      JoranConfigurator jc = new JoranConfigurator();
      jc.setContext(ctx);
      jc.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
      Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
      List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
      root.iteratorForAppenders().forEachRemaining(appenders::add);
      assertThat(appenders).as("the root logger's appenders").hasSize(1);
      assertThat(appenders.get(0).getName()).isEqualTo(format == null ? "text" : format);
      @SuppressWarnings("unchecked")
      Encoder<ILoggingEvent> encoder = ((ConsoleAppender<ILoggingEvent>) appenders.get(0)).getEncoder();
      Logger probe = ctx.getLogger("io.veille.deploy.Probe");
      LoggingEvent event = new LoggingEvent(Logger.class.getName(), probe, Level.WARN, "{} for {}",
          new IllegalStateException("boom"), new Object[] {message, "ondyne"});
      return new String(encoder.encode(event), StandardCharsets.UTF_8).lines().toList();
    } finally {
      ctx.stop();
    }
  }

  @Test
  void textByDefault() throws Exception {
    List<String> lines = logOnce(null, "disk almost full");
    assertThat(lines).hasSizeGreaterThan(1); // the message, then the stack trace
    assertThat(lines.get(0)).contains("WARN").contains("disk almost full for ondyne").doesNotStartWith("{");
  }

  @Test
  void jsonOneObjectALineWithTheFormattedMessageAndTheThrowable() throws Exception {
    List<String> lines = logOnce("json", "disk almost full");
    assertThat(lines).hasSize(1);
    JsonNode o = new ObjectMapper().readTree(lines.get(0));
    assertThat(o.path("level").asText()).isEqualTo("WARN");
    assertThat(o.path("loggerName").asText()).isEqualTo("io.veille.deploy.Probe");
    assertThat(o.path("formattedMessage").asText()).isEqualTo("disk almost full for ondyne");
    assertThat(o.path("timestamp").asLong()).isPositive();
    assertThat(o.path("throwable").path("message").asText()).isEqualTo("boom");
  }

  @Test
  void anyOtherFormatStopsStartUpWithItsName() {
    assertThat(VeilleCli.logFormatError(null)).isNull();
    assertThat(VeilleCli.logFormatError("json")).isNull();
    assertThat(VeilleCli.logFormatError("text")).isNull();
    assertThat(VeilleCli.logFormatError("JSON ")).contains("VEILLE_LOG_FORMAT must be text or json, was 'JSON '");
  }
}
