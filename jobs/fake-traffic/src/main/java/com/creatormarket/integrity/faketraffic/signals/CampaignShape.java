package com.creatormarket.integrity.faketraffic.signals;

import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.VideoPartial;
import com.creatormarket.integrity.faketraffic.model.VideoState;
import com.creatormarket.integrity.faketraffic.model.VideoWindow;
import java.time.Duration;
import java.util.List;

/**
 * Whether a video's shared-device traffic has the shape of a bought campaign (issue #14, received
 * versus bought). A campaign has a delivery schedule: it starts some time after publication and
 * stops when delivered, so the devices behind it are silent on the video before and after while the
 * video's other audience carries on. A farm's camouflage cover, spread over popular videos in
 * proportion to their popularity, and a marketplace's shared family phones, arrive at a flat rate
 * with the rest of the audience and are never silent for long.
 *
 * <p>The score ("cohort silence"): per video, hourly counts since its first traffic of views, likes
 * and follows from shared devices and of the others, for the first
 * {@code shape-hours} hours. Over every run of whole, closed hours that leaves at least two hours
 * outside it, the shared events expected in the run are the smaller of the run's share of the time
 * and the run's share of the other events (so nights and viral bursts, which thin or swell both,
 * are no shortfall), less {@code shape-tolerance} of it; the score is the largest binomial
 * log-likelihood ratio, over the runs, of having seen fewer shared events in the run than that.
 * Recomputed once per hour when an hour closes (at most {@code shape-hours}^2/2 runs).
 *
 * <p>Why a tolerance: with thousands of events even a small drift of the audience's mix is
 * significant, and mixes drift. A viral video's burst brings settled family phones in a larger share
 * than the hours after it (its many new viewers' devices are not settled yet), and the test without
 * tolerance read that as a campaign that stopped (seed 202, 15% shared phones: 45 nats, flagged). A
 * campaign's devices are not a quarter short but absent.
 *
 * <p>Measured on the simulator's camouflage worlds (seeds 404, 101, 1-6; cover shares 0.5, 0.8,
 * 0.9): targets scored 74-396 over the whole day and at least 27 two hours into their campaign;
 * honest cover recipients at most 12.3 at any hour, viral videos at most 5.4. What it cannot see: a
 * campaign that starts at publication and has not stopped yet, or one that tapers off slowly.
 */
public final class CampaignShape {

  private static final long HOUR = 3_600_000L;

  private CampaignShape() {}

  public static final Knob<Double> MIN_SCORE = Knob.decimal("signal.devices.campaign-shape", 20.0, 0, 10_000,
      "Cohort-silence score (nats) the shared-device traffic of a video needs before device concentration read from shared "
          + "devices counts as bought: below it the reading is recorded as traffic the video received (its events invalid, "
          + "the case at most RECORD_ONLY on it); 0 turns the requirement off.");
  public static final Knob<Integer> HOURS = Knob.integer("signal.devices.shape-hours", 72, 4, 720,
      "Hours since a video's first traffic over which the campaign shape is judged (state: two 16-bit counts per hour and video).");

  public static final Knob<Duration> WARM_UP = Knob.duration("signal.devices.shape-warm-up", Duration.ofHours(3),
      Duration.ZERO, Duration.ofDays(7),
      "How long the device stage must have known a device before its events count in a video's campaign shape: until then "
          + "whether it is shared is not settled.");

  public static final Knob<Double> TOLERANCE = Knob.decimal("signal.devices.shape-tolerance", 0.25, 0, 0.9,
      "Share of its expected events the shared devices may be short in a run of hours without that counting as silence: "
          + "the audience's mix drifts over a day (a burst brings other viewers; devices settle as they are seen), "
          + "while a campaign's devices are absent. Taken in when an hour closes.");

  public static final List<Knob<?>> KNOBS = List.of(MIN_SCORE, HOURS, WARM_UP, TOLERANCE);

  /**
   * Takes in one partial: its events from shared devices against the others, of devices known for at
   * least {@code shape-warm-up}. Hits in passing included (unlike the concentration counts): the
   * question here is when the devices were on the video, and which of their hits count as aimed at it
   * changes as their histories fill. Young devices left out: a device becomes shared when its third
   * account comes, so early on a farm's phones look like anyone's, and a stage that starts cold (or a
   * farm on new phones) would show every video a silence at first that is no campaign's.
   */
  public static void learn(VideoState st, VideoPartial p, DetectionSettings s) {
    learn(st, p.bucketStart, p.settledDeviceEvents, p.settledSharedEvents, s);
  }

  /** Takes in {@code shared} of {@code events} from shared devices, in the bucket starting at {@code bucketStart}. */
  static void learn(VideoState st, long bucketStart, long events, long shared, DetectionSettings s) {
    if (s.campaignShapeMin <= 0 || events <= 0) {
      return;
    }
    long hour = Math.floorDiv(bucketStart, HOUR);
    if (st.shapeStartHour == Long.MIN_VALUE) {
      st.shapeStartHour = hour;
      st.shapeShared = new char[s.shapeHours];
      st.shapeOther = new char[s.shapeHours];
    }
    int idx = (int) Math.max(0, Math.min(Integer.MAX_VALUE, hour - st.shapeStartHour));
    if (idx >= st.shapeShared.length) {
      // Past the horizon: the shape stays as judged over it.
      if (st.shapeClosedHours < st.shapeShared.length) {
        st.shapeClosedHours = st.shapeShared.length;
        st.shapeScore = score(st.shapeShared, st.shapeOther, st.shapeClosedHours, s.shapeTolerance);
      }
      return;
    }
    if (idx > st.shapeClosedHours) {
      st.shapeClosedHours = idx;
      st.shapeScore = score(st.shapeShared, st.shapeOther, idx, s.shapeTolerance);
    }
    st.shapeShared[idx] = (char) Math.min(Character.MAX_VALUE, st.shapeShared[idx] + shared);
    st.shapeOther[idx] = (char) Math.min(Character.MAX_VALUE, st.shapeOther[idx] + events - shared);
  }

  /**
   * The cohort-silence score over the first {@code hours} hours (see the class comment), with the
   * expected share of each run lowered by {@code tolerance}.
   */
  static double score(char[] shared, char[] other, int hours, double tolerance) {
    long totalShared = 0;
    long totalOther = 0;
    for (int h = 0; h < hours; h++) {
      totalShared += shared[h];
      totalOther += other[h];
    }
    if (totalShared <= 0 || totalOther <= 0) {
      return 0;
    }
    double best = 0;
    for (int i = 0; i < hours; i++) {
      long inShared = 0;
      long inOther = 0;
      for (int j = i; j < hours; j++) {
        inShared += shared[j];
        inOther += other[j];
        int length = j - i + 1;
        if (hours - length < 2) {
          break;
        }
        double p = Math.min((double) length / hours, (double) inOther / totalOther) * (1 - tolerance);
        double q = (double) inShared / totalShared;
        if (p <= 0 || p >= 1 || q >= p) {
          continue;
        }
        double kl = (q > 0 ? q * Math.log(q / p) : 0) + (1 - q) * Math.log((1 - q) / (1 - p));
        best = Math.max(best, totalShared * kl);
      }
    }
    return best;
  }

  /** Copies the score into the figures the signals read. */
  public static void fill(VideoState st, VideoWindow w) {
    w.campaignShape = st.shapeScore;
  }

  /** Whether the shared-device traffic looks bought: the score reaches the knob, or the requirement is off. */
  public static boolean bought(VideoWindow w, DetectionSettings s) {
    return s.campaignShapeMin <= 0 || w.campaignShape >= s.campaignShapeMin;
  }
}
