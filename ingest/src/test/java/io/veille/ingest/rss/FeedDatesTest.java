package io.veille.ingest.rss;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Feed dates in the shapes real feeds use (issue 22 item 8), each with the instant it names. */
class FeedDatesTest {
  static final String[][] SHAPES = {
      {"Sun, 04 Jan 2004 16:29:06 GMT", "2004-01-04T16:29:06Z"},
      {"Sun, 04 Jan 2004 16:29:06 +0000", "2004-01-04T16:29:06Z"},
      {"Sun, 04 Jan 2004 16:29:06 +0100", "2004-01-04T15:29:06Z"},
      {"Sun, 04 Jan 2004 16:29:06 -01:01", "2004-01-04T17:30:06Z"},
      {"Sun, 04 Jan 2004 16:29:06 GMT-01:01", "2004-01-04T17:30:06Z"},
      {"Sun, 04 Jan 2004 16:29:06 GMT+2", "2004-01-04T14:29:06Z"},
      {"Sun, 04 Jan 2004 16:29:06 UT", "2004-01-04T16:29:06Z"},
      {"Sun, 04 Jan 2004 16:29:06 Z", "2004-01-04T16:29:06Z"},
      {"Sun, 04 Jan 2004 16:29:06 EST", "2004-01-04T21:29:06Z"},
      {"Sun, 04 Jul 2004 16:29:06 EDT", "2004-07-04T20:29:06Z"},
      {"Sun, 04 Jan 2004 16:29:06 PST", "2004-01-05T00:29:06Z"},
      {"Sun, 04 Jan 2004 16:29:06 MET", "2004-01-04T15:29:06Z"},
      {"Sun, 04 Jul 2004 16:29:06 MEST", "2004-07-04T14:29:06Z"},
      {"Sun, 04 Jan 2004 16:29:06 CET", "2004-01-04T15:29:06Z"},
      {"Sun, 04 Jul 2004 16:29:06 CEST", "2004-07-04T14:29:06Z"},
      {"Sun, 04 Jan 2004 16:29:06 ET", "2004-01-04T21:29:06Z"},
      {"Sun, 04 Jul 2004 16:29:06 ET", "2004-07-04T20:29:06Z"},
      {"Sun, 04 Jan 2004 16:29:06 PT", "2004-01-05T00:29:06Z"},
      {"Sun, 04 Jan 2004 16:29:06 CT", "2004-01-04T22:29:06Z"},
      {"Sun, 04 Jan 2004 16:29:06 MT", "2004-01-04T23:29:06Z"},
      {"Sun, 04 Jan 2004 16:29:06 AT", "2004-01-04T20:29:06Z"},
      {"Sun, 04 Jan 2004 16:29:06 Etc/GMT+5", "2004-01-04T21:29:06Z"},
      {"Sun, 04 Jan 2004 16:29:06 Europe/Paris", "2004-01-04T15:29:06Z"},
      {"Sun, 04 Jan 2004 16:29 GMT", "2004-01-04T16:29:00Z"},
      {"Sun, 04 Jan 2004", "2004-01-04T00:00:00Z"},
      {"04 Jan 2004 16:29:06 GMT", "2004-01-04T16:29:06Z"},
      {"Sunday, 04 January 2004 16:29:06 GMT", "2004-01-04T16:29:06Z"},
      {"Sun,04 Jan 2004 16:29:06 GMT", "2004-01-04T16:29:06Z"},
      {"Sun, 04, Jan 2004 16:29:06 GMT", "2004-01-04T16:29:06Z"},
      {"Sun, 4 jan 2004 16:29:06 gmt", "2004-01-04T16:29:06Z"},
      {"Thu, 01 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21Z"},
      {"Wed, 02 Oct 02 08:00:00 EST", "2002-10-02T13:00:00Z"},
      {"Fri, 31 Dec 99 23:59:59 GMT", "1999-12-31T23:59:59Z"},
      {"Sun Jan  4 16:29:06 2004", "2004-01-04T16:29:06Z"},
      {"Sun Jul 15 01:16:00 +0000 2012", "2012-07-15T01:16:00Z"},
      {"2003", "2003-01-01T00:00:00Z"},
      {"2003-12", "2003-12-01T00:00:00Z"},
      {"2003-12-13", "2003-12-13T00:00:00Z"},
      {"2003-12-13T18:30Z", "2003-12-13T18:30:00Z"},
      {"2003-12-13T18:30:02+01:00", "2003-12-13T17:30:02Z"},
      {"2003-12-13T18:30:02.25-01:01", "2003-12-13T19:31:02.250Z"},
      {"2003-12-13 18:30:02", "2003-12-13T18:30:02Z"},
      {"2003-12-13 18:30:02 +0100", "2003-12-13T17:30:02Z"},
      {"2003-12-13T18:30:02Z", "2003-12-13T18:30:02Z"},
      {"2003-12-13T18:30:02.123456789Z", "2003-12-13T18:30:02.123456789Z"},
  };

  @Test
  void everyShapeReadsAsTheInstantItNames() {
    List<String> wrong = new ArrayList<>();
    for (String[] c : SHAPES) {
      Instant got = FeedDates.parse(c[0]);
      if (got == null || !got.equals(Instant.parse(c[1]))) {
        wrong.add(c[0] + " -> " + got + " (expected " + c[1] + ")");
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(SHAPES.length).isGreaterThanOrEqualTo(41);
  }

  @Test
  void whatCannotBeReadIsNullNeverAGuess() {
    for (String s : new String[] {"", "   ", "yesterday", "soon", "Sun, 32 Jan 2004 10:00:00 GMT", "Sun, 04 Foo 2004",
        "2004-13-01", "12:00", "Sun, 04 Jan 2004 25:00:00 GMT", "Sun, 04 Jan 2004 10:00:00 XYZ", "x".repeat(300),
        "Sun, 04 Jan 2004 10:00:00 +9900", "1 2 3 4"}) {
      assertThat(FeedDates.parse(s)).as(s).isNull();
    }
    assertThat(FeedDates.parse(null)).isNull();
  }
}
