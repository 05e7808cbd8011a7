package io.veille.streams.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veille.common.model.Signal;
import io.veille.common.model.Signal.Kind;
import io.veille.common.model.Signal.Phase;
import io.veille.common.model.Watch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The detector on seeded synthetic one-minute series: a daily rhythm, Poisson counts, binomial negatives. */
class DetectorTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Instant T0 = Instant.parse("2026-11-02T00:00:00Z"); // a Monday
  private static final int DAY = 1440;

  /** A watch's usual traffic: mean posts per minute with a daily rhythm (x3 between night and afternoon), quieter weekends. */
  static final class Traffic {
    final Random rnd;
    final double perMinute;
    final double negativeShare;

    Traffic(long seed, double perMinute, double negativeShare) {
      this.rnd = new Random(seed);
      this.perMinute = perMinute;
      this.negativeShare = negativeShare;
    }

    double rate(int minute) {
      double hour = (minute % DAY) / 60.0;
      double daily = 1 + 0.5 * Math.sin(2 * Math.PI * (hour - 9) / 24);
      int weekday = (minute / DAY) % 7;
      return perMinute * daily * (weekday >= 5 ? 0.7 : 1.0);
    }

    Bucket bucket(int minute, double factor, double share) {
      long posts = poisson(rate(minute) * factor);
      long negative = 0;
      long reach = 0;
      long negativeReach = 0;
      for (int i = 0; i < posts; i++) {
        long followers = (long) Math.exp(5 + 1.2 * rnd.nextGaussian()); // small accounts: median ~150 followers
        reach += followers;
        if (rnd.nextDouble() < share) {
          negative++;
          negativeReach += followers;
        }
      }
      long copies = poisson(rate(minute) * factor * 0.3);
      return new Bucket(T0.plus(MINUTE.multipliedBy(minute)), MINUTE, posts, copies, negative, reach, negativeReach);
    }

    Bucket bucket(int minute) {
      return bucket(minute, 1, negativeShare);
    }

    long poisson(double lambda) {
      if (lambda > 50) {
        return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rnd.nextGaussian()));
      }
      double l = Math.exp(-lambda);
      double p = 1;
      long k = 0;
      do {
        k++;
        p *= rnd.nextDouble();
      } while (p > l);
      return k - 1;
    }
  }

  private static Detector detector(Watch.Sensitivity s, long minVolume) {
    return new Detector(DetectorConfig.of(MINUTE, new Watch.Alert(s, minVolume, Duration.ofMinutes(30))));
  }

  private static Detector detector() {
    return detector(Watch.Sensitivity.MEDIUM, 5);
  }

  private static List<Signal> feed(Detector d, DetectorState s, Traffic tr, int from, int to) {
    List<Signal> out = new ArrayList<>();
    for (int m = from; m < to; m++) {
      out.addAll(d.step(s, "w", tr.bucket(m)));
    }
    return out;
  }

  private static List<Signal> onsets(List<Signal> signals, Kind kind) {
    return signals.stream().filter(x -> x.kind() == kind && x.phase() == Phase.ONSET).toList();
  }

  @Test
  void aSteadySeriesWithADailyRhythmRaisesNothing() {
    for (long seed = 1; seed <= 3; seed++) {
      Detector d = detector();
      DetectorState s = d.newState();
      List<Signal> out = feed(d, s, new Traffic(seed, 20, 0.15), 0, 21 * DAY);
      assertEquals(List.of(), out, "seed " + seed);
    }
  }

  @Test
  void aQuietWatchWithADailyRhythmRaisesNothing() {
    Detector d = detector();
    DetectorState s = d.newState();
    assertEquals(List.of(), feed(d, s, new Traffic(7, 0.5, 0.15), 0, 21 * DAY));
  }

  @Test
  void surgesOfThreeFiveAndTenTimesAreFlaggedWithinThreeBuckets() {
    for (double factor : new double[] {3, 5, 10}) {
      for (long seed = 1; seed <= 3; seed++) {
        Detector d = detector();
        DetectorState s = d.newState();
        Traffic tr = new Traffic(seed, 20, 0.15);
        int start = 15 * DAY + 14 * 60 + 7; // a weekday afternoon, after two weeks
        assertEquals(List.of(), feed(d, s, tr, 0, start));
        int flaggedAfter = -1;
        for (int k = 0; k < 10 && flaggedAfter < 0; k++) {
          List<Signal> out = d.step(s, "w", tr.bucket(start + k, factor, 0.4)); // a bad buzz: more negative
          if (!onsets(out, Kind.VOLUME_SPIKE).isEmpty()) {
            flaggedAfter = k + 1;
            Signal on = onsets(out, Kind.VOLUME_SPIKE).get(0);
            assertTrue(on.severity().compareTo(Signal.Severity.WARNING) >= 0, "first surge of the watch pages: " + on);
            assertTrue(on.observed() > on.expected() * 1.5, on.toString());
          }
        }
        assertTrue(flaggedAfter >= 1 && flaggedAfter <= 3, factor + "x seed " + seed + ": flagged after " + flaggedAfter);
      }
    }
  }

  @Test
  void tenTimesIsCriticalAndThreeTimesIsNot() {
    for (double factor : new double[] {3, 10}) {
      Traffic tr = new Traffic(11, 20, 0.15);
      int start = 15 * DAY + 14 * 60;
      Detector d = detector();
      DetectorState s = d.newState();
      feed(d, s, tr, 0, start);
      List<Signal> out = new ArrayList<>();
      for (int k = 0; k < 3; k++) {
        out.addAll(d.step(s, "w", tr.bucket(start + k, factor, 0.4)));
      }
      Signal on = onsets(out, Kind.VOLUME_SPIKE).get(0);
      assertEquals(factor == 10 ? Signal.Severity.CRITICAL : Signal.Severity.WARNING, on.severity(), on.toString());
    }
  }

  @Test
  void aSurgeNoMoreNegativeThanUsualIsInfoWhateverItsSizeAndEscalatesWhenItTurns() {
    Traffic tr = new Traffic(11, 20, 0.15);
    int start = 15 * DAY + 14 * 60;
    Detector d = detector();
    DetectorState s = d.newState();
    feed(d, s, tr, 0, start);
    List<Signal> out = new ArrayList<>();
    for (int k = 0; k < 20; k++) {
      out.addAll(d.step(s, "w", tr.bucket(start + k, 10, 0.05))); // a launch: ten times, mostly positive
    }
    Signal on = onsets(out, Kind.VOLUME_SPIKE).get(0);
    assertEquals(Signal.Severity.INFO, on.severity(), on.toString());
    assertTrue(out.stream().allMatch(x -> x.severity() == Signal.Severity.INFO), out.toString());
    assertEquals(List.of(), onsets(out, Kind.NEGATIVE_SURGE));
    // the same surge turns sour: the volume spike escalates
    List<Signal> sour = new ArrayList<>();
    for (int k = 20; k < 30; k++) {
      sour.addAll(d.step(s, "w", tr.bucket(start + k, 10, 0.6)));
    }
    assertTrue(sour.stream().anyMatch(x -> x.kind() == Kind.VOLUME_SPIKE && x.phase() == Phase.UPDATE
        && x.severity().compareTo(Signal.Severity.WARNING) >= 0), sour.toString());
  }

  @Test
  void aVolumeOnlySeriesJudgesSeverityOnVolumeAlone() {
    Traffic tr = new Traffic(11, 20, 0);
    int start = 15 * DAY + 14 * 60;
    Detector d = new Detector(DetectorConfig.volumeOnly(MINUTE, Watch.Alert.DEFAULT));
    DetectorState s = d.newState();
    feed(d, s, tr, 0, start);
    List<Signal> out = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      out.addAll(d.step(s, "w", tr.bucket(start + k, 10, 0)));
    }
    assertEquals(Signal.Severity.CRITICAL, onsets(out, Kind.VOLUME_SPIKE).get(0).severity(), out.toString());
  }

  @Test
  void threeAnHourJumpingToNineIsNotFlaggedAtNormalSensitivity() {
    Detector d = detector(Watch.Sensitivity.MEDIUM, 5);
    DetectorState s = d.newState();
    Traffic tr = new Traffic(5, 3.0 / 60, 0.15);
    List<Signal> out = new ArrayList<>();
    for (int m = 0; m < 16 * DAY; m++) {
      double f = m >= 14 * DAY ? 3 : 1; // 3 an hour, then 9 an hour for two days
      out.addAll(d.step(s, "w", new Bucket(T0.plus(MINUTE.multipliedBy(m)), MINUTE,
          tr.poisson(3.0 / 60 * f), 0, 0, 0, 0)));
    }
    assertEquals(List.of(), out);
  }

  @Test
  void minimumVolumeHoldsBackASmallSurge() {
    // 3 an hour jumping to 18 in three minutes: significant, but not worth a page when the minimum volume is 30
    for (long minVolume : new long[] {10, 30}) {
      Detector d = detector(Watch.Sensitivity.MEDIUM, minVolume);
      DetectorState s = d.newState();
      Traffic tr = new Traffic(3, 3.0 / 60, 0.15);
      for (int m = 0; m < 14 * DAY; m++) {
        d.step(s, "w", new Bucket(T0.plus(MINUTE.multipliedBy(m)), MINUTE, tr.poisson(3.0 / 60), 0, 0, 0, 0));
      }
      List<Signal> out = new ArrayList<>();
      int m0 = 14 * DAY;
      long[] surge = {6, 6, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0};
      for (int k = 0; k < surge.length; k++) {
        out.addAll(d.step(s, "w", new Bucket(T0.plus(MINUTE.multipliedBy(m0 + k)), MINUTE, surge[k], 0, 0, 0, 0)));
      }
      assertEquals(minVolume <= 10, !onsets(out, Kind.VOLUME_SPIKE).isEmpty(), "min volume " + minVolume + ": " + out);
    }
  }

  @Test
  void sensitivityChangesWhatIsFlagged() {
    // a half-hour rise of 1.6x: high sensitivity pages, low does not
    int[] flagged = new int[3];
    Watch.Sensitivity[] all = Watch.Sensitivity.values();
    for (int i = 0; i < all.length; i++) {
      Detector d = detector(all[i], 5);
      DetectorState s = d.newState();
      Traffic tr = new Traffic(21, 20, 0.15);
      int start = 15 * DAY + 14 * 60;
      feed(d, s, tr, 0, start);
      for (int k = 0; k < 30; k++) {
        flagged[i] += onsets(d.step(s, "w", tr.bucket(start + k, 1.6, 0.15)), Kind.VOLUME_SPIKE).size();
      }
    }
    assertEquals(0, flagged[Watch.Sensitivity.LOW.ordinal()], "low");
    assertEquals(1, flagged[Watch.Sensitivity.HIGH.ordinal()], "high");
    assertTrue(flagged[Watch.Sensitivity.MEDIUM.ordinal()] <= 1);
  }

  @Test
  void aSustainedCrisisDoesNotBecomeTheNewNormalWithinMinutes() {
    Detector d = detector();
    DetectorState s = d.newState();
    Traffic tr = new Traffic(2, 20, 0.15);
    int start = 15 * DAY + 10 * 60;
    feed(d, s, tr, 0, start);
    List<Signal> out = new ArrayList<>();
    for (int k = 0; k < 90; k++) {
      out.addAll(d.step(s, "w", tr.bucket(start + k, 5, 0.15)));
    }
    List<Signal> vol = out.stream().filter(x -> x.kind() == Kind.VOLUME_SPIKE).toList();
    assertEquals(Phase.ONSET, vol.get(0).phase());
    assertTrue(vol.stream().noneMatch(x -> x.phase() == Phase.END), "still open after 90 minutes at 5x: " + vol);
    Signal last = vol.get(vol.size() - 1);
    assertEquals(Phase.UPDATE, last.phase());
    // after an hour and a half at 5x, the baseline still expects less than twice the usual
    assertTrue(last.expected() < 2 * tr.rate(start + 89) * 1.1, last.toString());
    // and once it is over, the signal ends within a few hours (the slow shift test must calm down too)
    List<Signal> after = feed(d, s, tr, start + 90, start + 90 + 240);
    assertTrue(after.stream().anyMatch(x -> x.kind() == Kind.VOLUME_SPIKE && x.phase() == Phase.END), after.stream().filter(x -> x.kind() == Kind.VOLUME_SPIKE).map(x -> x.at() + " " + x.phase() + " " + Math.round(x.observed()) + "/" + Math.round(x.expected()) + " z=" + Math.round(x.score())).toList().toString());
  }

  @Test
  void aNegativeShareSurgeAtConstantVolumeIsFlaggedAsNegative() {
    Detector d = detector();
    DetectorState s = d.newState();
    Traffic tr = new Traffic(4, 20, 0.12);
    int start = 15 * DAY + 15 * 60;
    assertEquals(List.of(), feed(d, s, tr, 0, start));
    List<Signal> out = new ArrayList<>();
    for (int k = 0; k < 5; k++) {
      out.addAll(d.step(s, "w", tr.bucket(start + k, 1, 0.45)));
    }
    assertEquals(List.of(), onsets(out, Kind.VOLUME_SPIKE));
    assertEquals(1, onsets(out, Kind.NEGATIVE_SURGE).size(), out.toString());
  }

  @Test
  void oneComplaintFromABigAccountIsToldAsNewsAndItsNeutralPostsAreNoBuzz() {
    Traffic tr = new Traffic(9, 2, 0.1);
    int start = 15 * DAY + 15 * 60;
    for (boolean negative : new boolean[] {false, true}) {
      Detector d = detector();
      DetectorState s = d.newState();
      feed(d, s, tr, 0, start);
      Bucket usual = tr.bucket(start);
      Bucket star = new Bucket(usual.start(), MINUTE, usual.posts() + 1, usual.copies(),
          usual.negative() + (negative ? 1 : 0), usual.reach() + 2_000_000,
          usual.negativeReach() + (negative ? 2_000_000 : 0));
      List<Signal> out = d.step(s, "w", star);
      assertEquals(List.of(), onsets(out, Kind.VOLUME_SPIKE), "one post is not a volume spike, whoever wrote it");
      if (negative) {
        assertTrue(d.weightedNegative(star) > d.weightedNegative(usual) + 9);
        // told, as news (info): one complaint is under the watch's minimum volume of complaints, so it
        // pages nobody until others follow
        assertEquals(1, onsets(out, Kind.NEGATIVE_SURGE).size(), out.toString());
        assertEquals(Signal.Severity.INFO, onsets(out, Kind.NEGATIVE_SURGE).get(0).severity(), out.toString());
      } else {
        assertEquals(List.of(), out, "a big account's neutral post raises nothing");
      }
    }
  }

  @Test
  void aBigAccountsComplaintThatOthersFollowEscalatesToWarning() {
    Traffic tr = new Traffic(9, 2, 0.1);
    int start = 15 * DAY + 15 * 60;
    Detector d = detector(); // minimum volume 5
    DetectorState s = d.newState();
    feed(d, s, tr, 0, start);
    Bucket usual = tr.bucket(start);
    List<Signal> out = new ArrayList<>(d.step(s, "w", new Bucket(usual.start(), MINUTE, usual.posts() + 1,
        usual.copies(), usual.negative() + 1, usual.reach() + 2_000_000, usual.negativeReach() + 2_000_000)));
    assertEquals(Signal.Severity.INFO, onsets(out, Kind.NEGATIVE_SURGE).get(0).severity(), out.toString());
    // then the complaints follow: two extra a minute for three minutes
    for (int k = 1; k <= 3; k++) {
      Bucket b = tr.bucket(start + k);
      out.addAll(d.step(s, "w", new Bucket(b.start(), MINUTE, b.posts() + 2, b.copies(), b.negative() + 2, b.reach(),
          b.negativeReach())));
    }
    List<Signal> negative = out.stream().filter(x -> x.kind() == Kind.NEGATIVE_SURGE).toList();
    assertEquals(1, onsets(negative, Kind.NEGATIVE_SURGE).size(), "one episode: " + negative);
    assertTrue(negative.stream().anyMatch(x -> x.phase() == Phase.UPDATE && x.severity() == Signal.Severity.WARNING),
        "escalated once the run held five complaints: " + negative);
  }

  @Test
  void copiesWeighLessThanUniquePosts() {
    Detector d = detector();
    Bucket posts = new Bucket(T0, MINUTE, 40, 0, 0, 0, 0);
    Bucket copies = new Bucket(T0, MINUTE, 0, 40, 0, 0, 0);
    assertEquals(40, d.weightedVolume(posts));
    assertEquals(10, d.weightedVolume(copies));
  }

  @Test
  void gapsAreReadAsEmptyBucketsAndLateBucketsAreIgnored() {
    Detector d = detector();
    DetectorState a = d.newState();
    DetectorState b = d.newState();
    Traffic tr = new Traffic(6, 0.2, 0.1);
    for (int m = 0; m < 3 * DAY; m++) {
      Bucket x = tr.bucket(m);
      d.step(a, "w", x);
      if (m == 0 || x.posts() > 0 || x.copies() > 0) {
        d.step(b, "w", x);
      }
    }
    d.step(a, "w", Bucket.empty(T0.plus(MINUTE.multipliedBy(3 * DAY)), MINUTE));
    d.step(b, "w", Bucket.empty(T0.plus(MINUTE.multipliedBy(3 * DAY)), MINUTE));
    assertEquals(a, b);
    long seen = a.bucketsSeen();
    assertEquals(List.of(), d.step(a, "w", tr.bucket(10)));
    assertEquals(seen, a.bucketsSeen());
    assertThrows(IllegalArgumentException.class, () -> d.step(a, "w", Bucket.volume(T0, Duration.ofMinutes(5), 1)));
  }

  @Test
  void theStateRoundTripsThroughItsSerdeAndCarriesOn() {
    Detector d = detector();
    DetectorState s = d.newState();
    Traffic tr = new Traffic(8, 20, 0.15);
    int start = 15 * DAY + 14 * 60;
    feed(d, s, tr, 0, start);
    d.step(s, "w", tr.bucket(start, 5, 0.15)); // mid-surge, a signal open
    Serde<DetectorState> serde = DetectorState.serde();
    byte[] bytes = serde.serializer().serialize("t", s);
    DetectorState copy = serde.deserializer().deserialize("t", bytes);
    assertEquals(s, copy);
    assertEquals(4175, bytes.length);
    // both go on identically
    Traffic t1 = new Traffic(99, 20, 0.15);
    Traffic t2 = new Traffic(99, 20, 0.15);
    for (int k = 1; k < 300; k++) {
      assertEquals(d.step(s, "w", t1.bucket(start + k, k < 30 ? 5 : 1, 0.15)),
          d.step(copy, "w", t2.bucket(start + k, k < 30 ? 5 : 1, 0.15)));
    }
    assertEquals(s, copy);
    assertNotEquals(s, d.newState());
    bytes[0] = 9;
    assertThrows(org.apache.kafka.common.errors.SerializationException.class, () -> DetectorState.fromBytes(bytes));
  }

  @Test
  void hourOfWeekStartsOnMondayUtc() {
    assertEquals(0, Detector.hourOfWeek(T0.toEpochMilli()));
    assertEquals(167, Detector.hourOfWeek(T0.minusSeconds(1).toEpochMilli()));
    assertEquals(24 + 13, Detector.hourOfWeek(Instant.parse("2026-11-03T13:59:00Z").toEpochMilli()));
  }
}
