package com.creatormarket.integrity.faketraffic.signals;

import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.Flags;
import com.creatormarket.integrity.faketraffic.model.Kinds;
import com.creatormarket.integrity.faketraffic.model.VideoWindow;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code watch-time-shape}: bots watch 0-2 s or exactly the full length, or the same duration to
 * the millisecond. People do both extremes too (skips and completions are common), so the window's
 * share of extreme views is compared with the video's own earlier share; the excess is scaled to
 * the room above the baseline (0 = as usual, 1 = every view extreme) and must also be beyond chance
 * for the window's size. Separately, middle-length views whose duration repeats exactly within a
 * bucket are "too regular": people's durations are continuous, scripts' are not.
 */
public final class WatchTimeShape {

  public static final String NAME = "watch-time-shape";

  private WatchTimeShape() {}

  public static final Knob<Double> MIN_EXCESS = Knob.decimal("signal.watch-shape.min-excess", 0.35, 0.01, 1,
      "Excess of the window's share of 0-2 s and full views over the video's baseline (scaled 0..1) at which the signal fires.");
  public static final Knob<Double> MIN_Z = Knob.decimal("signal.watch-shape.min-z", 4.0, 0, 100,
      "The excess must also be this many standard deviations above the baseline for the window's view count.");
  public static final Knob<Double> REGULAR_SHARE = Knob.decimal("signal.watch-shape.regular-share", 0.2, 0.01, 1,
      "Share of views with an exactly repeated middle duration at which the signal fires.");
  public static final Knob<Double> BASELINE_PRIOR = Knob.decimal("signal.watch-shape.baseline-prior", 0.4, 0, 0.99,
      "Share of extreme views assumed for a video before its own baseline has formed.");
  public static final Knob<Double> WEIGHT = Knob.decimal("signal.watch-shape.weight", 0.62, 0, 1,
      "Weight of the watch-time signal in the risk score.");

  public static final List<Knob<?>> KNOBS = List.of(MIN_EXCESS, MIN_Z, REGULAR_SHARE, BASELINE_PRIOR, WEIGHT);

  public static SignalReading read(VideoWindow w, DetectionSettings s) {
    double base = w.baselineSlots > 0 ? w.baselineExtremeShare : s.watchShapeBaselinePrior;
    double excess = Shares.excess(w.extremeViews, w.views, base);
    double z = Shares.z(w.extremeViews, w.views, base);
    double regular = Shares.share(w.regularViews, w.views);
    Supplier<String> detail = () -> String.format(Locale.ROOT, "%d of %d views were 0-2 s or full (usual share %.2f, z %.1f); %d had a repeated exact duration",
        w.extremeViews, w.views, base, z, w.regularViews);
    if (w.views < s.minViews) {
      return SignalReading.quiet(NAME, excess, s.watchShapeMinExcess, w.windowMillis, detail);
    }
    if (regular >= s.watchShapeRegularShare && regular / s.watchShapeRegularShare > excess / s.watchShapeMinExcess) {
      return SignalReading.fired(NAME, regular, s.watchShapeRegularShare, 1, w.windowMillis, detail);
    }
    if (excess >= s.watchShapeMinExcess && z >= s.watchShapeMinZ) {
      return SignalReading.fired(NAME, excess, s.watchShapeMinExcess, 1, w.windowMillis, detail);
    }
    return SignalReading.quiet(NAME, excess, s.watchShapeMinExcess, w.windowMillis, detail);
  }

  /** Bot-shaped views from fresh accounts are invalid once the shape fired. */
  public static boolean invalidates(int mask, byte kind) {
    return kind == Kinds.VIEW && Flags.has(mask, Flags.FRESH) && Flags.has(mask, Flags.EXTREME_WATCH);
  }
}
