package com.creatormarket.integrity.faketraffic.signals;

import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.Flags;
import com.creatormarket.integrity.faketraffic.model.VideoWindow;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code velocity-burst}: the window's views against the video's own recent rate, a burst that
 * brings no engagement with it. The baseline is an EWMA with a half-life of hours, so the daily
 * rhythm (at most ~1.6x from one hour to the next) moves it along and never looks like a burst.
 * Honest virality is a burst too, but people who arrive for real like at the video's usual rate:
 * a burst whose like rate stays above {@code organic-like-share} of the baseline is left alone.
 */
public final class VelocityBurst {

  public static final String NAME = "velocity-burst";

  private VelocityBurst() {}

  public static final Knob<Double> RATIO = Knob.decimal("signal.velocity.ratio", 5.0, 1.5, 1000,
      "Views in the window divided by the baseline's views per window at which the burst signal fires.");
  public static final Knob<Integer> MIN_EXCESS = Knob.integer("signal.velocity.min-excess-views", 100, 1, 10_000_000,
      "Views above the baseline a burst needs, so small videos do not fire on a handful of views.");
  public static final Knob<Duration> MIN_HISTORY = Knob.duration("signal.velocity.min-history", Duration.ofMinutes(45),
      Duration.ZERO, Duration.ofDays(7), "History a video needs before its baseline is trusted.");
  public static final Knob<Double> ORGANIC_LIKE_SHARE = Knob.decimal("signal.velocity.organic-like-share", 0.5, 0, 10,
      "A burst whose like rate is at least this share of the video's usual like rate counts as honest virality.");
  public static final Knob<Double> WEIGHT = Knob.decimal("signal.velocity.weight", 0.3, 0, 1,
      "Weight of the burst signal in the risk score.");

  public static final List<Knob<?>> KNOBS = List.of(RATIO, MIN_EXCESS, MIN_HISTORY, ORGANIC_LIKE_SHARE, WEIGHT);

  /** Whether the window holds a burst by its size alone: views against the video's own rate. */
  private static boolean burst(VideoWindow w, DetectionSettings s) {
    double expected = Math.max(1.0, w.baselineViews);
    return w.baselineSlots >= s.velocityMinHistorySlots && w.views >= s.velocityRatio * expected
        && w.views - expected >= s.velocityMinExcess;
  }

  private static double usualLikeRate(VideoWindow w, DetectionSettings s) {
    return w.baselineLikeRate > 0 ? w.baselineLikeRate : !Double.isNaN(w.creatorLikeRate) ? w.creatorLikeRate : s.likeRatePrior;
  }

  /** People who arrive for real like at about the video's usual rate. */
  private static boolean organic(VideoWindow w, DetectionSettings s) {
    return Shares.share(w.likes, w.views) >= s.velocityOrganicLikeShare * usualLikeRate(w, s);
  }

  /**
   * Whether the window holds honest virality: a burst by size that likes at the video's usual rate,
   * which this signal leaves alone. The drip detector leaves its hours out too: a lift of new accounts
   * that a viral hour brought is not a drip. A burst without likes (a bought one) still counts there.
   */
  public static boolean honestBurst(VideoWindow w, DetectionSettings s) {
    return burst(w, s) && organic(w, s);
  }

  public static SignalReading read(VideoWindow w, DetectionSettings s) {
    double expected = Math.max(1.0, w.baselineViews);
    double ratio = w.views / expected;
    if (w.baselineSlots < s.velocityMinHistorySlots) {
      return SignalReading.quiet(NAME, 0, s.velocityRatio, w.windowMillis, () -> "baseline still forming");
    }
    double usualLikeRate = usualLikeRate(w, s);
    double likeRate = Shares.share(w.likes, w.views);
    Supplier<String> detail = () -> String.format(Locale.ROOT, "%d views in the window against %.1f usual; like rate %.4f against usual %.4f",
        w.views, w.baselineViews, likeRate, usualLikeRate);
    if (burst(w, s) && !organic(w, s)) {
      return SignalReading.fired(NAME, ratio, s.velocityRatio, 4 * s.velocityRatio, w.windowMillis, detail);
    }
    return SignalReading.quiet(NAME, ratio, s.velocityRatio, w.windowMillis, detail);
  }

  /** A burst's invalid part: bot-shaped views (0-2 s or full) from fresh accounts. */
  public static boolean invalidates(int mask, byte kind) {
    return kind == com.creatormarket.integrity.faketraffic.model.Kinds.VIEW
        && Flags.has(mask, Flags.FRESH) && Flags.has(mask, Flags.EXTREME_WATCH);
  }
}
