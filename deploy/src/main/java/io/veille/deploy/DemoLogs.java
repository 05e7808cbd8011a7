package io.veille.deploy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * While the demo runs, the log goes to a file under its folder and the console keeps only the
 * demo's own lines and errors: the Kafka clients' warnings (CONCURRENT_TRANSACTIONS, metadata
 * retries, the controller's bootstrap) are normal in an embedded broker and would drown the
 * progress lines. {@link #close} puts the console back as it was.
 */
final class DemoLogs implements AutoCloseable {
  private final FileAppender<ILoggingEvent> file;
  private final List<ConsoleAppender<ILoggingEvent>> consoles;
  private final List<ThresholdFilter> filters;

  private DemoLogs(FileAppender<ILoggingEvent> file, List<ConsoleAppender<ILoggingEvent>> consoles, List<ThresholdFilter> filters) {
    this.file = file;
    this.consoles = consoles;
    this.filters = filters;
  }

  /** Redirects the log to {@code path}; null when the logging back-end is not logback (nothing changes then). */
  static DemoLogs toFile(Path path) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return null;
    }
    ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n");
    encoder.start();
    FileAppender<ILoggingEvent> file = new FileAppender<>();
    file.setContext(ctx);
    file.setName("demo-file");
    file.setFile(path.toAbsolutePath().toString());
    file.setAppend(true);
    file.setEncoder(encoder);
    file.start();
    root.addAppender(file);
    List<ConsoleAppender<ILoggingEvent>> consoles = new ArrayList<>();
    List<ThresholdFilter> filters = new ArrayList<>();
    for (var it = root.iteratorForAppenders(); it.hasNext(); ) {
      Appender<ILoggingEvent> a = it.next();
      if (a instanceof ConsoleAppender<ILoggingEvent> c) {
        ThresholdFilter f = new ThresholdFilter();
        f.setLevel(Level.ERROR.levelStr);
        f.setContext(ctx);
        f.start();
        c.addFilter(f);
        consoles.add(c);
        filters.add(f);
      }
    }
    return new DemoLogs(file, consoles, filters);
  }

  @Override
  public void close() {
    for (ConsoleAppender<ILoggingEvent> c : consoles) {
      // logback has no removeFilter: keep every filter but ours
      var keep = new ArrayList<>(c.getCopyOfAttachedFiltersList());
      keep.removeAll(filters);
      c.clearAllFilters();
      keep.forEach(c::addFilter);
    }
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(file);
    file.stop();
  }
}
