package com.creatormarket.integrity.faketraffic.signals;

import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.Flags;
import com.creatormarket.integrity.faketraffic.model.Kinds;
import com.creatormarket.integrity.faketraffic.model.VideoWindow;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code repeat-engagement}: one account viewing the same video again and again. The account stage
 * marks a view {@code REPEAT} when the account has viewed the video at least {@code min-views}
 * times within {@code repeat.window}; this signal fires when such views are a large share of the
 * window's views, beyond the video's usual re-watching.
 */
public final class RepeatEngagement {

  public static final String NAME = "repeat-engagement";

  private RepeatEngagement() {}

  public static final Knob<Duration> WINDOW = Knob.duration("repeat.window", Duration.ofHours(1), Duration.ofMinutes(1),
      Duration.ofDays(1), "Views of one video by one account within this time count towards a repeat.");
  public static final Knob<Integer> MIN_VIEWS = Knob.integer("repeat.min-views", 3, 2, 1000,
      "The view by one account of one video within repeat.window from which on views are marked as repeats.");
  public static final Knob<Double> SHARE = Knob.decimal("signal.repeat.share", 0.3, 0.01, 1,
      "Share of the window's views marked as repeats at which the signal fires.");
  public static final Knob<Double> SATURATION = Knob.decimal("signal.repeat.saturation", 0.5, 0.02, 1,
      "Share of the window's views marked as repeats at which the signal has full strength.");
  public static final Knob<Double> PRIOR = Knob.decimal("signal.repeat.baseline", 0.03, 0, 0.99,
      "Share of repeat views expected in honest traffic, for the chance test.");
  public static final Knob<Double> WEIGHT = Knob.decimal("signal.repeat.weight", 0.62, 0, 1,
      "Weight of the repeat-engagement signal in the risk score.");

  public static final List<Knob<?>> KNOBS = List.of(WINDOW, MIN_VIEWS, SHARE, SATURATION, PRIOR, WEIGHT);

  public static SignalReading read(VideoWindow w, DetectionSettings s) {
    double share = Shares.share(w.repeatViews, w.views);
    double z = Shares.z(w.repeatViews, w.views, s.repeatPrior);
    Supplier<String> detail = () -> String.format(Locale.ROOT, "%d of %d views came from accounts viewing the video for at least the %d. time within %d min",
        w.repeatViews, w.views, s.repeatMinViews, s.repeatWindowMillis / 60_000);
    if (w.views >= s.minViews && share >= s.repeatShare && z >= 4) {
      return SignalReading.fired(NAME, share, s.repeatShare, Math.max(s.repeatShare, s.repeatSaturation), w.windowMillis, detail);
    }
    return SignalReading.quiet(NAME, share, s.repeatShare, w.windowMillis, detail);
  }

  public static boolean invalidates(int mask, byte kind) {
    return kind == Kinds.VIEW && Flags.has(mask, Flags.REPEAT);
  }
}
