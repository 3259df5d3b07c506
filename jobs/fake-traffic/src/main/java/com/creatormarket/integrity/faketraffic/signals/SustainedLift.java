package com.creatormarket.integrity.faketraffic.signals;

import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.VideoState;
import com.creatormarket.integrity.faketraffic.model.VideoWindow;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code sustained-lift}: a slow drip, a small lift of bought traffic kept up for days, found by a
 * change detector rather than a window. Per video, each hour's share of events from fresh accounts
 * is scored against the marketplace's usual share (the larger of {@code signal.fresh.baseline-prior}
 * and the population median) with the Bernoulli log-likelihood ratio of a shift by {@code shift};
 * the hourly scores, each capped at {@code hour-cap}, are summed in a one-sided CUSUM
 * ({@code S = max(0, S + score)}). The signal fires when S reaches {@code threshold} and the fresh
 * events above the usual share since S last left zero are at least {@code min-lift} of the video's
 * events since publication.
 *
 * <p>Why per hour and capped: a drip is sustained; an honest burst of new accounts (a celebrity's
 * share) is a few hours. With the cap, at least threshold / hour-cap hours (six by default) of clear
 * excess are needed, so a three-hour burst cannot fire it; an hour of ordinary traffic pulls S back
 * down. Why against the marketplace and not the video's own window baseline: the video's baseline
 * learns from its own recent slots, and a drip that starts slowly would teach it its own level.
 * Latency: with the defaults, six hours of clearly shifted traffic at the soonest; on a video whose
 * organic traffic has decayed, a drip of a few events an hour reaches the threshold in about half a
 * day (see the README's figures).
 */
public final class SustainedLift {

  public static final String NAME = "sustained-lift";
  private static final long HOUR = 3_600_000L;

  private SustainedLift() {}

  public static final Knob<Double> SHIFT = Knob.decimal("signal.lift.shift", 0.15, 0.01, 0.9,
      "Rise in the share of events from fresh accounts the change detector looks for (scaled to the room above the usual share).");
  public static final Knob<Double> HOUR_CAP = Knob.decimal("signal.lift.hour-cap", 2.0, 0.1, 100,
      "Most one hour may add to (or take from) the change detector's sum, in nats: bounds how fast a short burst can reach the threshold.");
  public static final Knob<Double> THRESHOLD = Knob.decimal("signal.lift.threshold", 12.0, 1, 1000,
      "Sum (nats) at which the change detector fires.");
  public static final Knob<Double> MIN_LIFT = Knob.decimal("signal.lift.min-lift", 0.02, 0, 1,
      "Fresh-account events above the usual share since the sum last left zero, as a share of the video's events since"
          + " publication, from which a sustained lift counts: a material share, not a trickle.");
  public static final Knob<Double> WEIGHT = Knob.decimal("signal.lift.weight", 0.62, 0, 1,
      "Weight of the sustained-lift signal in the risk score.");

  public static final List<Knob<?>> KNOBS = List.of(SHIFT, HOUR_CAP, THRESHOLD, MIN_LIFT, WEIGHT);

  /**
   * Takes in one window slot's events as it leaves the window ({@code slotStart}: its event time):
   * slots add up per hour, and an hour is scored once a slot of a later hour comes. {@code usual}:
   * the usual fresh share as of now.
   */
  public static void learn(VideoState st, long slotStart, long events, long fresh, double usual, DetectionSettings s) {
    long hour = Math.floorDiv(slotStart, HOUR);
    if (hour != st.liftHour) {
      if (st.liftHourEvents > 0) {
        score(st, usual, s);
      }
      st.liftHour = hour;
      st.liftHourEvents = 0;
      st.liftHourFresh = 0;
    }
    st.liftHourEvents += events;
    st.liftHourFresh += fresh;
  }

  private static void score(VideoState st, double usual, DetectionSettings s) {
    double p0 = Math.max(0.005, Math.min(0.95, usual));
    double p1 = p0 + s.liftShift * (1 - p0);
    long n = st.liftHourEvents;
    long x = st.liftHourFresh;
    double llr = x * Math.log(p1 / p0) + (n - x) * Math.log((1 - p1) / (1 - p0));
    double capped = Math.max(-s.liftHourCap, Math.min(s.liftHourCap, llr));
    if (st.liftCusum <= 0) {
      st.liftRunStart = st.liftHour * HOUR;
      st.liftRunExcess = 0;
    }
    st.liftCusum = Math.max(0, st.liftCusum + capped);
    st.liftRunExcess += x - p0 * n;
    if (st.liftCusum <= 0) {
      st.liftRunExcess = 0;
    }
  }

  /** Copies the detector's sum and run into the figures the signal reads. */
  public static void fill(VideoState st, VideoWindow w) {
    w.liftCusum = st.liftCusum;
    w.liftRunExcess = st.liftRunExcess;
    w.liftRunStart = st.liftRunStart;
    w.liftRunEnd = st.liftHour == Long.MIN_VALUE ? 0 : st.liftHour * HOUR;
  }

  public static SignalReading read(VideoWindow w, DetectionSettings s) {
    double lift = Shares.share(w.liftRunExcess, w.cumEvents);
    long runMillis = w.liftCusum > 0 ? Math.max(0, w.liftRunEnd - w.liftRunStart) : 0;
    Supplier<String> detail = () -> String.format(Locale.ROOT, "fresh accounts above the marketplace's usual share, hour after hour, for %.0f h:"
            + " change score %.1f (fires at %.1f); %.0f fresh events above usual, %.1f%% of the video's %d events",
        runMillis / (double) HOUR, w.liftCusum, s.liftThreshold, w.liftRunExcess, 100 * lift, w.cumEvents);
    if (w.liftCusum >= s.liftThreshold && lift >= s.liftMinLift) {
      return SignalReading.fired(NAME, w.liftCusum, s.liftThreshold, 1.5 * s.liftThreshold, runMillis, detail);
    }
    return SignalReading.quiet(NAME, w.liftCusum, s.liftThreshold, runMillis, detail);
  }
}
