package com.creatormarket.integrity.faketraffic.signals;

import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.Kinds;
import com.creatormarket.integrity.faketraffic.model.VideoWindow;

/**
 * Combines the signals into a risk score and a graded response. The score is a noisy-OR of the
 * signals' weighted strengths, {@code 1 - prod(1 - weight_i * strength_i)}: in [0, 1], one strong
 * signal alone reaches at most its weight, and independent signals reinforce each other. Levels
 * by thresholds; ENFORCE also needs {@code score.enforce-min-signals} distinct signals, so one
 * detector's blind spot can never act alone.
 */
public final class RiskScore {

  public static final int VELOCITY = 0;
  public static final int WATCH_SHAPE = 1;
  public static final int RATIO = 2;
  public static final int DEVICES = 3;
  public static final int PREFIXES = 4;
  public static final int FRESH = 5;
  public static final int REPEAT = 6;
  public static final int LOCKSTEP = 7;
  public static final int WITHDRAWAL = 8;
  public static final int LIFT = 9;
  public static final int COUNT = 10;

  public static final String[] NAMES = {VelocityBurst.NAME, WatchTimeShape.NAME, EngagementRatio.NAME, Concentration.DEVICES,
      Concentration.PREFIXES, Concentration.FRESH, RepeatEngagement.NAME, LockstepGroup.NAME, FollowWithdrawal.NAME,
      SustainedLift.NAME};

  private RiskScore() {}

  /** Every signal's reading, indexed as the constants above. */
  public static SignalReading[] readAll(VideoWindow w, DetectionSettings s) {
    SignalReading[] r = new SignalReading[COUNT];
    r[VELOCITY] = VelocityBurst.read(w, s);
    r[WATCH_SHAPE] = WatchTimeShape.read(w, s);
    r[RATIO] = EngagementRatio.read(w, s);
    r[DEVICES] = Concentration.devices(w, s);
    r[PREFIXES] = Concentration.prefixes(w, s);
    r[FRESH] = Concentration.fresh(w, s);
    r[REPEAT] = RepeatEngagement.read(w, s);
    r[LOCKSTEP] = LockstepGroup.read(w, s);
    r[WITHDRAWAL] = FollowWithdrawal.read(w, s);
    r[LIFT] = SustainedLift.read(w, s);
    return r;
  }

  public static double weight(int signal, DetectionSettings s) {
    return switch (signal) {
      case VELOCITY -> s.velocityWeight;
      case WATCH_SHAPE -> s.watchShapeWeight;
      case RATIO -> s.ratioWeight;
      case DEVICES -> s.deviceWeight;
      case PREFIXES -> s.prefixWeight;
      case FRESH -> s.freshWeight;
      case REPEAT -> s.repeatWeight;
      case LOCKSTEP -> s.lockstepWeight;
      case WITHDRAWAL -> s.withdrawalWeight;
      case LIFT -> s.liftWeight;
      default -> throw new IllegalArgumentException("no signal " + signal);
    };
  }

  /** Noisy-OR of weight x strength over the signals (strength 0 for a signal that did not fire). */
  public static double score(double[] strengths, DetectionSettings s) {
    double keep = 1;
    for (int i = 0; i < COUNT; i++) {
      keep *= 1 - weight(i, s) * Math.max(0, Math.min(1, strengths[i]));
    }
    return 1 - keep;
  }

  /** The response for a score; null below the record-only threshold. */
  public static ResponseLevel level(double score, int signalsFired, DetectionSettings s) {
    if (score >= s.enforce && signalsFired >= s.enforceMinSignals) {
      return ResponseLevel.ENFORCE;
    }
    if (score >= s.review) {
      return ResponseLevel.REVIEW;
    }
    if (score >= s.recordOnly) {
      return ResponseLevel.RECORD_ONLY;
    }
    return null;
  }

  /** Whether an event of this kind and {@code Flags} combination is invalid once the signal has fired. */
  public static boolean invalidates(int signal, int mask, byte kind) {
    return switch (signal) {
      case VELOCITY -> VelocityBurst.invalidates(mask, kind);
      case WATCH_SHAPE -> WatchTimeShape.invalidates(mask, kind);
      case RATIO -> EngagementRatio.invalidates(mask, kind);
      case FRESH, LIFT -> Concentration.freshInvalidates(mask) && kind != Kinds.OTHER;
      case DEVICES -> Concentration.sharedDeviceInvalidates(mask) && kind != Kinds.OTHER;
      case REPEAT -> RepeatEngagement.invalidates(mask, kind);
      default -> false;
    };
  }
}
