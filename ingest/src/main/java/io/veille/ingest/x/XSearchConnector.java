package io.veille.ingest.x;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.veille.ingest.spi.Connector;
import io.veille.ingest.spi.Page;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * X recent search polled with {@code since_id}: one API page per poll, {@code next_token} kept in
 * the cursor in the middle of a walk so a restart resumes on the right page.
 */
final class XSearchConnector implements Connector {
  private static final Logger LOG = LoggerFactory.getLogger(XSearchConnector.class);

  private final String id;
  private final XSettings settings;
  private final XClient client;
  private final XSearch search;

  XSearchConnector(String id, XSettings settings, XClient client) {
    this.id = id;
    this.settings = settings;
    this.client = client;
    this.search = new XSearch(settings, client);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String source() {
    return XMapper.SOURCE;
  }

  @Override
  public Page poll(String cursor) throws Exception {
    Duration pause = client.pause();
    if (!pause.isZero()) {
      return Page.empty(cursor, pause);
    }
    XCursor c;
    try {
      c = XCursor.parse(cursor);
    } catch (JsonProcessingException e) {
      LOG.warn("x {}: stored cursor unreadable ({}), starting afresh", id, e.getOriginalMessage());
      c = XCursor.START;
    }
    XSearch.Step step;
    try {
      step = search.page(c.since(), c.walk(), c.since() == null ? settings.backfillPages() : settings.maxPages());
    } catch (XSearch.SinceTooOld e) {
      LOG.warn("x {}: since_id {} is older than recent search allows; starting again from the newest ({})", id, c.since(),
          e.getMessage());
      return Page.empty(XCursor.START.write(), Duration.ZERO);
    }
    if (step.walk() != null) {
      return new Page(step.items(), new XCursor(c.since(), null, step.walk()).write(), Duration.ZERO);
    }
    if (step.truncated() && c.since() != null) {
      LOG.warn("x {}: more than {} pages of new posts since the last poll; older ones are skipped (poll more often: interval)",
          id, settings.maxPages());
    }
    return new Page(step.items(), new XCursor(XCursor.max(c.since(), step.top()), null, null).write(), settings.interval());
  }
}
