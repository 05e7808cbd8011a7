package io.veille.streams.detect;

import io.veille.common.model.Signal;
import io.veille.common.model.Signal.Kind;
import io.veille.common.model.Signal.Phase;
import io.veille.common.model.Signal.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The spike and bad-buzz detector of one watch, online over its complete buckets, in event time.
 *
 * <p>Per bucket it computes three z-scores: the volume (unique posts, plus copies at a quarter) and
 * the negative posts (plus their authors' reach, see {@link #weightedNegative}: a complaint by a
 * large account weighs as many), each on the square-root scale
 * against its {@link SeasonalBaseline} (hour of the week, with the recent level as fallback), and
 * the negative share against the watch's usual share (a binomial test, widened by the share's
 * measured overdispersion). The volume z drives the {@code VOLUME_SPIKE} tracker, the larger of the
 * two negative z-scores the {@code NEGATIVE_SURGE} tracker, which the negative share over a short
 * and a long window ({@link ShareWindow}) fires too: at a few posts a minute, a change of tone shows
 * over a quarter of an hour, not in a minute. A tracker fires on a CUSUM (one very
 * unusual bucket, or a few unusual ones in a row: the persistence) or on a slower shift test (an
 * exponentially weighted mean of the z-scores over hours), in both cases only when the surge holds
 * at least the watch's minimum volume. A signal then opens (ONSET), is updated on escalation and
 * every few minutes (UPDATE), and ends once nothing has fired for an hour, that hour's mean z is below 1
 * and the shift test is below its threshold (END).
 * Severity: INFO for a surge no larger than the watch's own recent surges (a decaying memory with a
 * one-week half-life), WARNING for a larger one, CRITICAL for one 1.5 times its threshold and its
 * recent surges. A volume spike that is no more negative than usual (its posts' negative share, a
 * binomial test against the watch's usual share) is INFO whatever its size: a product launch or a
 * good review going round is news, not a bad buzz; it escalates if it turns negative.
 *
 * <p>The detector holds no state of its own: everything lives in the {@link DetectorState} passed
 * to {@link #step}, and time is only the buckets' start. Feed each bucket once it is complete, in
 * order; a missing bucket is read as an empty one (a watch nobody mentions has an empty bucket, not
 * none), a bucket at or before the last one read is ignored.
 */
public final class Detector {
  private static final long HOUR_MS = 3_600_000L;
  private static final long WEEK_MS = 168 * HOUR_MS;

  private final DetectorConfig config;
  private final DetectorConfig.Tuning t;
  private final Duration length;
  private final long bucketMs;
  private final double aSlot;
  private final double maturity;
  private final double aDay;
  private final double dayMaturity;
  private final double aLevel;
  private final double aShift;
  private final double aHour;
  private final double hourBuckets;
  private final double burstDecay;
  private final long warmUpBuckets;
  private final int quietBuckets;
  private final double aQuiet;
  private final long maxGapBuckets;
  private final double spikeZ;
  private final double spikeFire;
  private final double slack;
  private final double shiftLevel;
  private final double floor2;
  private final ShareWindow.Rate shortRate;
  private final ShareWindow.Rate longRate;
  private final double windowZ;
  private final double aDispersion;

  public Detector(DetectorConfig config) {
    this.config = config;
    this.t = config.tuning();
    this.length = config.bucket();
    this.bucketMs = length.toMillis();
    double visitsPerWeek = (double) HOUR_MS / bucketMs;
    this.aSlot = 1 / Math.max(1, t.slotMemory().toMillis() / (double) WEEK_MS * visitsPerWeek);
    this.maturity = Math.max(1e-9, t.slotMaturity().toMillis() / (double) WEEK_MS * visitsPerWeek);
    // an hour-of-day slot is visited seven times as often, and matures and forgets seven times faster
    this.aDay = 1 / Math.max(1, t.slotMemory().toMillis() / (double) WEEK_MS * visitsPerWeek);
    this.dayMaturity = Math.max(1e-9, t.slotMaturity().toMillis() / (double) WEEK_MS * visitsPerWeek);
    this.aLevel = Math.min(1, bucketMs / (double) Math.max(1, t.levelMemory().toMillis()));
    this.aShift = Math.min(1, bucketMs / (double) Math.max(1, t.shiftMemory().toMillis()));
    this.aHour = Math.min(1, bucketMs / (double) HOUR_MS);
    this.hourBuckets = HOUR_MS / (double) bucketMs;
    this.burstDecay = Math.pow(0.5, bucketMs / (double) Math.max(1, t.burstMemory().toMillis()));
    this.warmUpBuckets = t.warmUp().toMillis() / bucketMs;
    this.quietBuckets = (int) Math.max(1, -Math.floorDiv(-t.quiet().toMillis(), bucketMs));
    this.aQuiet = Math.min(1, bucketMs / (double) Math.max(1, t.quiet().toMillis()));
    this.maxGapBuckets = t.maxGap().toMillis() / bucketMs;
    double f = config.thresholdFactor();
    this.spikeZ = t.spikeZ() * f;
    this.slack = t.slack() * f;
    this.spikeFire = spikeZ - slack;
    this.shiftLevel = t.shiftLevel() * f;
    this.floor2 = t.noiseFloor() * t.noiseFloor();
    this.shortRate = ShareWindow.Rate.of(bucketMs, t.shareWindow().toMillis());
    this.longRate = ShareWindow.Rate.of(bucketMs, t.longShareWindow().toMillis());
    this.windowZ = t.windowZ() * f;
    this.aDispersion = Math.min(1, bucketMs / (double) Duration.ofDays(3).toMillis());
  }

  public DetectorConfig config() {
    return config;
  }

  /** A watch's state before its first bucket. */
  public DetectorState newState() {
    return new DetectorState(bucketMs);
  }

  /**
   * Reads the watch's next complete bucket (after filling any gap since the last one with empty
   * buckets) and returns the signals it raises, in order; the state is updated in place.
   */
  public List<Signal> step(DetectorState s, String watchId, Bucket b) {
    if (!b.length().equals(length) || s.bucketMs != bucketMs) {
      throw new IllegalArgumentException("bucket of " + b.length() + " for a detector of " + length
          + " buckets (state of " + Duration.ofMillis(s.bucketMs) + ")");
    }
    long start = b.start().toEpochMilli();
    List<Signal> out = new ArrayList<>(1);
    if (s.lastStartMs != Long.MIN_VALUE) {
      if (start <= s.lastStartMs) {
        return List.of();
      }
      long missing = (start - s.lastStartMs) / bucketMs - 1;
      for (long k = Math.min(missing, maxGapBuckets); k >= 1; k--) {
        read(s, watchId, Bucket.empty(Instant.ofEpochMilli(start - k * bucketMs), length), out);
      }
    }
    read(s, watchId, b, out);
    return out;
  }

  static int hourOfWeek(long epochMs) {
    // 1970-01-01 was a Thursday: slot 0 is Monday 00:00 UTC
    return (int) Math.floorMod(Math.floorDiv(epochMs, HOUR_MS) + 72, 168L);
  }

  /** The bucket's volume as the detector weighs it: posts, copies at copyWeight. */
  public double weightedVolume(Bucket b) {
    return b.posts() + t.copyWeight() * b.copies();
  }

  /**
   * The bucket's negative volume as the detector weighs it: negative posts, plus their reach in
   * followersPerPost units to the power 3/4 (a complaint by an account of 2 million followers weighs
   * as 33 posts, one of 100,000 as 4.3: reach matters, but one mid-sized account is not a crisis).
   */
  public double weightedNegative(Bucket b) {
    return b.negative() + Math.pow(b.negativeReach() / t.followersPerPost(), 0.75);
  }

  private final double[] tmp = new double[2];

  /**
   * Whether the bucket, on its own, is unusual enough to move a surge test (its volume or negative
   * z above the CUSUM's slack, against the state's baseline for its slot; the state is not
   * changed): the cheap check before a still-filling bucket is tried on a copy of the state. A
   * bucket that is not unusual cannot open a signal by the spike test.
   */
  public boolean unusual(DetectorState s, Bucket b) {
    if (s.seen < warmUpBuckets || !s.volume.started()) {
      return false;
    }
    int slot = hourOfWeek(b.start().toEpochMilli());
    double[] e = new double[2];
    s.volume.expected(slot, maturity, dayMaturity, e);
    if ((Math.sqrt(weightedVolume(b)) - e[0]) / Math.sqrt(e[1] + floor2) > slack) {
      return true;
    }
    s.negative.expected(slot, maturity, dayMaturity, e);
    if (s.negative.started() && (Math.sqrt(weightedNegative(b)) - e[0]) / Math.sqrt(e[1] + floor2) > slack) {
      return true;
    }
    double p0 = s.usualNegativeShare();
    double posts = b.posts();
    if (posts > 0 && s.sharePosts > 0 && (b.negative() - posts * p0) / Math.sqrt(posts * p0 * (1 - p0) + 0.25)
        / Math.sqrt(Math.max(1, s.shareDispersion)) > slack) {
      return true;
    }
    return windowFires(s, posts, b.negative(), p0);
  }

  /**
   * The negative-share tests over the short and the long window (the state's windows with this
   * bucket's posts added; the state is not changed): whether either holds significantly more
   * negative posts than the usual share, and at least the watch's minimum volume more.
   */
  private boolean windowFires(DetectorState s, double posts, double negPosts, double p0) {
    if (s.sharePosts <= 0) {
      return false;
    }
    return windowStrength(s.shortWindow.copy(), shortRate, posts, negPosts, p0) >= 1
        || windowStrength(s.longWindow.copy(), longRate, posts, negPosts, p0) >= 1;
  }

  /**
   * Adds the bucket to the window {@code w} and returns its test's strength (z over its threshold),
   * 0 when the window's excess is under the watch's minimum volume.
   */
  private double windowStrength(ShareWindow w, ShareWindow.Rate r, double posts, double negPosts, double p0) {
    w.add(r, posts, negPosts);
    if (w.posts <= 0 || r.excess(w.posts, w.negative, p0) < Math.max(1, config.minVolume())) {
      return 0;
    }
    return w.z(r, p0) / windowZ;
  }

  private void read(DetectorState s, String watchId, Bucket b, List<Signal> out) {
    long start = b.start().toEpochMilli();
    int slot = hourOfWeek(start);
    boolean warm = s.seen >= warmUpBuckets;

    // volume
    double x = weightedVolume(b);
    double y = Math.sqrt(x);
    s.volume.expected(slot, maturity, dayMaturity, tmp);
    double mu = tmp[0];
    double v = tmp[1];
    double sd = Math.sqrt(v + floor2);
    boolean known = s.volume.started();
    double zVolume = known ? (y - mu) / sd : 0;
    double expectedVolume = known ? mu * mu + v : x;

    // negative posts
    double n = weightedNegative(b);
    double yn = Math.sqrt(n);
    s.negative.expected(slot, maturity, dayMaturity, tmp);
    double muN = tmp[0];
    double vN = tmp[1];
    double sdN = Math.sqrt(vN + floor2);
    double zNegative = s.negative.started() ? (yn - muN) / sdN : 0;
    double expectedNegative = s.negative.started() ? muN * muN + vN : n;

    // negative share
    double posts = b.posts();
    double negPosts = b.negative();
    double p0 = s.sharePosts > 0 ? s.shareNegative / s.sharePosts : 0;
    double binomial = posts * p0 * (1 - p0) + 0.25;
    double zShareRaw = s.sharePosts > 0 && posts > 0 ? (negPosts - posts * p0) / Math.sqrt(binomial) : 0;
    double zShare = zShareRaw / Math.sqrt(Math.max(1, s.shareDispersion));
    // more negative posts only count as a negative surge when the share did not fall: a launch ten
    // times the usual volume brings three times the usual grumbles, and is still no bad buzz
    boolean byShare = negPosts < posts * p0 || zShare > zNegative;
    double zNeg = byShare ? zShare : zNegative;
    if (byShare) {
      expectedNegative = posts * p0;
    }

    // negative share over two windows: at a few posts a minute, a quarter of an hour or an hour tells
    // what a minute cannot (seven in ten complaining instead of two is z 1.5 a bucket, 6 a window)
    double windowStrength = 0;
    if (s.sharePosts > 0) {
      windowStrength = Math.max(windowStrength(s.shortWindow, shortRate, posts, negPosts, p0),
          windowStrength(s.longWindow, longRate, posts, negPosts, p0));
    } else {
      s.shortWindow.add(shortRate, posts, negPosts);
      s.longWindow.add(longRate, posts, negPosts);
    }
    boolean windowFire = windowStrength >= 1;

    s.recentVolume += aHour * (x - s.recentVolume);
    s.recentNegative += aHour * (n - s.recentNegative);

    SurgeTracker vs = s.volumeSurge;
    boolean harmful = config.volumeOnly() || moreNegative(vs.runPosts + posts, vs.runNegative + negPosts, p0,
        s.shareDispersion);
    track(vs, watchId, Kind.VOLUME_SPIKE, b, zVolume, 0, false, x, s.recentVolume * hourBuckets, expectedVolume,
        warm, harmful, out);
    if (vs.open || vs.cusum > 0) {
      vs.runPosts += posts;
      vs.runNegative += negPosts;
    } else {
      vs.runPosts = 0;
      vs.runNegative = 0;
    }
    SurgeTracker ns = s.negativeSurge;
    // the negative posts of the run, this bucket's included: reach weighs how unusual a run is, but a
    // run of fewer than the watch's minimum volume of actual complaints pages nobody (one complaint of
    // a large account is news, at info, until others follow; then it escalates)
    double negativeRun = ns.runNegative + negPosts;
    track(ns, watchId, Kind.NEGATIVE_SURGE, b, zNeg, windowStrength, windowFire, n,
        s.recentNegative * hourBuckets, expectedNegative, warm, negativeRun >= Math.max(1, config.minVolume()), out);
    if (ns.open || ns.cusum > 0) {
      ns.runPosts += posts;
      ns.runNegative += negPosts;
    } else {
      ns.runPosts = 0;
      ns.runNegative = 0;
    }

    // learn, from clipped values: a surge moves the baseline by at most learnClip sd per bucket, times the rate
    s.volume.learn(slot, y, mu + t.learnClip() * sd, mu, v, aSlot, aDay, aLevel);
    s.negative.learn(slot, yn, muN + t.learnClip() * sdN, muN, vN, aSlot, aDay, aLevel);
    // the usual share is not learnt during a volume surge: a launch's hours of praise (or a crisis's
    // anger) say nothing of the watch's usual tone, and the ordinary grumbles of the evening after a
    // launch must not look like a change of tone
    if (posts > 0 && !vs.open) {
      double nc = s.sharePosts > 0 ? Math.min(negPosts, posts * p0 + t.learnClip() * Math.sqrt(binomial)) : negPosts;
      // a volume surge weighs in the usual share as a bucket of about the usual volume: a launch's
      // hours of praise must not make the ordinary grumbles after it look like a change of tone
      double weight = known && x > 0 ? Math.min(1, (expectedVolume + t.learnClip() * Math.sqrt(expectedVolume) + 1) / x) : 1;
      s.shareNegative += aLevel * (nc * weight - s.shareNegative);
      s.sharePosts += aLevel * (posts * weight - s.sharePosts);
      double c = t.shiftClip();
      if (zShareRaw != 0) {
        s.shareDispersion += aLevel * (Math.min(zShareRaw * zShareRaw, c * c) - s.shareDispersion);
      }
      // the windows' own overdispersion (complaints come in threads), learnt over days (a window's
      // z-scores are correlated over its length) and outside negative surges
      if (!s.negativeSurge.open && s.sharePosts > 0) {
        s.shortWindow.learnDispersion(shortRate.z(s.shortWindow.posts, s.shortWindow.negative, p0), aDispersion);
        s.longWindow.learnDispersion(longRate.z(s.longWindow.posts, s.longWindow.negative, p0), aDispersion);
      }
    }
    s.lastStartMs = start;
    s.seen++;
  }

  /**
   * Whether {@code negative} of {@code posts} is more negative than the usual share {@code p0}: a
   * binomial test (widened by the share's overdispersion) at two standard errors.
   */
  static boolean moreNegative(double posts, double negative, double p0, double dispersion) {
    if (posts <= 0) {
      return false;
    }
    double z = (negative - posts * p0) / Math.sqrt(posts * p0 * (1 - p0) + 0.25) / Math.sqrt(Math.max(1, dispersion));
    return z >= 2;
  }

  private void track(SurgeTracker k, String watchId, Kind kind, Bucket b, double z, double windowStrength,
      boolean windowFire, double volume, double hourVolume, double expected, boolean warm, boolean harmful,
      List<Signal> out) {
    long start = b.start().toEpochMilli();
    k.cusum = Math.max(0, k.cusum + z - slack);
    k.runVolume = k.cusum > 0 ? k.runVolume + volume : 0;
    double c = t.shiftClip();
    k.shift += aShift * (Math.max(-c, Math.min(c, z)) - k.shift);
    k.calm += aQuiet * (Math.max(-c, Math.min(c, z)) - k.calm);
    double spikeStrength = Math.max(z / spikeZ, windowStrength);
    double shiftStrength = k.shift / shiftLevel;
    boolean spike = (k.cusum >= spikeFire && k.runVolume >= config.minVolume()) || windowFire;
    boolean shift = shiftStrength >= 1 && hourVolume >= config.minVolume();

    Severity sev = null;
    double score = z;
    if (spike || shift) {
      boolean larger = (spike && spikeStrength > k.spikeMemory) || (shift && shiftStrength > k.shiftMemory);
      boolean critical = (spike && spikeStrength >= t.criticalFactor()
          && spikeStrength >= t.criticalFactor() * k.spikeMemory)
          || (shift && shiftStrength >= t.criticalFactor() && shiftStrength >= t.criticalFactor() * k.shiftMemory);
      sev = !larger || !harmful ? Severity.INFO : critical ? Severity.CRITICAL : Severity.WARNING;
    }
    // what the baseline gets wrong while it learns (the first day) is not a surge to remember
    // nor is a harmless one (a launch must not make the bad buzz after it look usual)
    boolean remember = warm && harmful;
    k.spikeMemory = Math.max(k.spikeMemory * burstDecay, remember && spikeStrength >= 1 ? spikeStrength : 0);
    k.shiftMemory = Math.max(k.shiftMemory * burstDecay, remember && shiftStrength >= 1 ? shiftStrength : 0);

    Instant at = b.start().plus(b.length());
    if (!k.open) {
      if (sev != null && warm) {
        k.open = true;
        k.onsetMs = start;
        k.severity = (byte) sev.ordinal();
        k.lastEmitMs = start;
        k.quietBuckets = 0;
        k.peak = volume;
        out.add(signal(watchId, kind, Phase.ONSET, sev, k, at, volume, expected, score));
      }
      return;
    }
    k.peak = Math.max(k.peak, volume);
    k.quietBuckets = sev == null ? k.quietBuckets + 1 : 0;
    if (k.quietBuckets >= quietBuckets && k.calm < t.quietZ() && shiftStrength < 1) {
      out.add(signal(watchId, kind, Phase.END, k.severity(), k, at, volume, expected, score));
      k.close();
    } else if (sev != null && sev.ordinal() > k.severity) {
      k.severity = (byte) sev.ordinal();
      k.lastEmitMs = start;
      out.add(signal(watchId, kind, Phase.UPDATE, sev, k, at, volume, expected, score));
    } else if (start - k.lastEmitMs >= t.updateEvery().toMillis()) {
      k.lastEmitMs = start;
      out.add(signal(watchId, kind, Phase.UPDATE, k.severity(), k, at, volume, expected, score));
    }
  }

  private static Signal signal(String watchId, Kind kind, Phase phase, Severity sev, SurgeTracker k, Instant at,
      double observed, double expected, double score) {
    return new Signal(watchId, kind, phase, sev, Instant.ofEpochMilli(k.onsetMs), at, observed, expected, score, false, null);
  }
}
