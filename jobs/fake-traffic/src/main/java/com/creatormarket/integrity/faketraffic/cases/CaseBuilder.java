package com.creatormarket.integrity.faketraffic.cases;

import static com.creatormarket.integrity.faketraffic.model.VideoState.*;

import com.creatormarket.integrity.avro.CaseEvidence;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.avro.SignalFiring;
import com.creatormarket.integrity.common.CauseIds;
import com.creatormarket.integrity.common.StableIds;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.HourlyMetrics;
import com.creatormarket.integrity.faketraffic.model.HourlyViews;
import com.creatormarket.integrity.faketraffic.model.OrderSlot;
import com.creatormarket.integrity.faketraffic.model.Sketches;
import com.creatormarket.integrity.faketraffic.model.VideoState;
import com.creatormarket.integrity.faketraffic.signals.RiskScore;
import com.creatormarket.integrity.faketraffic.signals.SignalPeaks;
import com.creatormarket.integrity.faketraffic.signals.SignalReading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the version of an order's case that {@link OrderJudgement} decided on: one id per (order,
 * video) and one per version, the level and highest score the order has reached, each counted
 * signal with its peak value, threshold, window, weighted strength and explanation, and the
 * evidence (top accounts, devices and prefixes with their shares, 24 hourly view counts, totals,
 * unique viewers, invalid views, suspect accounts).
 */
public final class CaseBuilder {

  static final int EVIDENCE_TOP = 10;
  static final int MAX_SUSPECTS = 50;

  private final DetectionSettings settings;
  private final SignalPeaks peaks;

  public CaseBuilder(DetectionSettings settings, SignalPeaks peaks) {
    this.settings = settings;
    this.peaks = peaks;
  }

  /**
   * The case as the order stands after its new version; {@code strengths} are the verdict's (0:
   * not counted), {@code readings} supply the explanations.
   */
  public FlaggedCase build(VideoState st, OrderSlot o, SignalReading[] readings, double[] strengths, long now) {
    DetectionSettings s = settings;
    String caseId = CauseIds.flaggedCase(o.orderId, st.videoId);
    List<SignalFiring> firings = new ArrayList<>();
    for (int i = 0; i < RiskScore.COUNT; i++) {
      // Signals that fired on traffic the video received (strength 0) are named too, with no contribution.
      if (strengths[i] > 0 || peaks.recent(st, i, now)) {
        firings.add(new SignalFiring(RiskScore.NAMES[i], (double) st.peak[i], (double) st.peakThreshold[i], st.peakWindow[i] * 1000L,
            RiskScore.weight(i, s) * strengths[i], readings[i].detail()));
      }
    }
    long events = st.totals[T_EVENTS];
    Set<String> suspects = new LinkedHashSet<>(Arrays.asList(st.lockSample));
    if (peaks.recent(st, RiskScore.REPEAT, now) || peaks.recent(st, RiskScore.DEVICES, now)) {
      suspects.addAll(Sketches.heavy(st.accounts, EVIDENCE_TOP, s.repeatMinViews));
    }
    CaseEvidence evidence = CaseEvidence.newBuilder()
        .setTopAccounts(Sketches.shares(st.accounts, EVIDENCE_TOP, events))
        .setTopDevices(Sketches.shares(st.epochDevices, EVIDENCE_TOP, st.epochEvents))
        .setTopNetworkPrefixes(Sketches.shares(st.prefixes, EVIDENCE_TOP, events))
        .setHourlyViews(HourlyViews.last24(st))
        .setViews(st.totals[T_VIEWS])
        .setLikes(st.totals[T_LIKES])
        .setFollows(st.totals[T_FOLLOWS])
        .setUniqueViewers(Sketches.estimate(st.viewers))
        // The verified metrics' lifetime count (raw minus valid views), not the open hour's nor the
        // signal window's: cumulative like views, so views - invalidViews is what they call valid.
        .setInvalidViews(HourlyMetrics.invalidViews(st))
        .setFirstInvalidAt(HourlyMetrics.firstInvalidAt(st))
        .setSuspectAccounts(new ArrayList<>(suspects).subList(0, Math.min(MAX_SUSPECTS, suspects.size())))
        .build();
    return FlaggedCase.newBuilder()
        .setCaseId(caseId)
        .setVersion(o.version)
        .setCaseVersionId(StableIds.of("case-version", caseId, o.version))
        .setOrderId(o.orderId)
        .setVideoId(st.videoId)
        .setCreatorId(o.creatorId != null ? o.creatorId : st.creatorId)
        .setAdvertiserId(o.advertiserId)
        .setAgencyId(o.agencyId)
        .setLevel(ResponseLevel.values()[o.level])
        .setRiskScore(o.maxScore)
        .setSignals(firings)
        .setEvidence(evidence)
        .setFirstFlaggedAt(Instant.ofEpochMilli(o.firstFlaggedAt))
        .setLastEventTime(Instant.ofEpochMilli(now))
        .build();
  }
}
