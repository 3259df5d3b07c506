package com.creatormarket.integrity.faketraffic.cases;

import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.LifetimeTotals;
import com.creatormarket.integrity.faketraffic.model.OrderSlot;
import com.creatormarket.integrity.faketraffic.model.VideoState;
import com.creatormarket.integrity.faketraffic.signals.RiskScore;
import com.creatormarket.integrity.faketraffic.signals.SignalPeaks;

/**
 * Decides what a video's recently fired signals mean for its orders: the risk score of their
 * peaks and its level ({@link RiskScore}), and, per order watched now, whether its case gets a
 * new version: the first one, a higher level (a case's level never goes down), a signal it did
 * not show yet, or evidence grown by {@code case.evidence-growth}.
 */
public final class OrderJudgement {

  /**
   * The video's standing now: noisy-OR score of the recent signals' peak strengths (0 for the
   * others), its level, and which signals (bit per {@link RiskScore} index) and how many count.
   */
  public record Verdict(double score, ResponseLevel level, double[] strengths, int signalMask, int signals) {}

  private final DetectionSettings settings;
  private final SignalPeaks peaks;

  public OrderJudgement(DetectionSettings settings, SignalPeaks peaks) {
    this.settings = settings;
    this.peaks = peaks;
  }

  /** The verdict of the signals fired within the memory; null when none did or the score is below record-only. */
  public Verdict verdict(VideoState st, long now) {
    double[] strengths = new double[RiskScore.COUNT];
    int fired = 0;
    int firedMask = 0;
    boolean received = false;
    for (int i = 0; i < RiskScore.COUNT; i++) {
      if (peaks.recent(st, i, now)) {
        strengths[i] = st.peakStrength[i];
        firedMask |= 1 << i;
        // A signal that fired only on traffic the video received (strength 0) is named in the case but counts for nothing.
        if (strengths[i] > 0) {
          fired++;
        } else {
          received = true;
        }
      }
    }
    if (firedMask == 0) {
      return null;
    }
    double score = RiskScore.score(strengths, settings);
    ResponseLevel level = RiskScore.level(score, fired, settings);
    if (level == null && received) {
      level = ResponseLevel.RECORD_ONLY; // received invalid traffic: a note, clean metrics, never a penalty on that alone
    }
    return level == null ? null : new Verdict(score, level, strengths, firedMask, fired);
  }

  /**
   * Whether the order's case gets a new version for this verdict; if so, records it on the order
   * (version, level, highest score, first flag time, what the version showed). An order outside
   * its watched period (before publication, from its end on) gets none.
   */
  public boolean nextVersion(VideoState st, OrderSlot o, Verdict v, long now) {
    if (now < o.publishedAt || now >= o.endsAt) {
      return false;
    }
    long events = LifetimeTotals.events(st);
    int rank = Math.max(o.level, v.level().ordinal());
    boolean first = o.version == 0;
    boolean higher = rank > o.level;
    boolean newSignals = (v.signalMask() & ~o.lastCaseSignals) != 0;
    boolean grown = events >= o.lastCaseEvents * (1 + settings.evidenceGrowth);
    if (!(first || higher || newSignals || grown)) {
      return false;
    }
    o.version++;
    o.level = rank;
    o.maxScore = Math.max(o.maxScore, v.score());
    if (first) {
      o.firstFlaggedAt = now;
    }
    o.lastCaseEvents = events;
    o.lastCaseSignals |= v.signalMask();
    return true;
  }
}
