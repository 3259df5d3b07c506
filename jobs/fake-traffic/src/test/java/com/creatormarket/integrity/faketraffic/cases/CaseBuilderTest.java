package com.creatormarket.integrity.faketraffic.cases;

import static com.creatormarket.integrity.faketraffic.model.VideoStates.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.CaseEvidence;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.MetricsGranularity;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.avro.SignalFiring;
import com.creatormarket.integrity.avro.VerifiedMetrics;
import com.creatormarket.integrity.common.StableIds;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.HourlyMetrics;
import com.creatormarket.integrity.faketraffic.model.InvalidCounts;
import com.creatormarket.integrity.faketraffic.model.LifetimeTotals;
import com.creatormarket.integrity.faketraffic.model.OrderSlot;
import com.creatormarket.integrity.faketraffic.model.VideoPartial;
import com.creatormarket.integrity.faketraffic.model.VideoState;
import com.creatormarket.integrity.faketraffic.signals.RiskScore;
import com.creatormarket.integrity.faketraffic.signals.SignalPeaks;
import com.creatormarket.integrity.faketraffic.signals.SignalReading;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A case version: stable ids, the order's level and score, each counted signal explained, the evidence. */
class CaseBuilderTest {

  final DetectionSettings s = DetectionSettings.defaults();
  final SignalPeaks peaks = new SignalPeaks(s);
  final OrderJudgement judgement = new OrderJudgement(s, peaks);
  final CaseBuilder builder = new CaseBuilder(s, peaks);
  final long now = T0 + 2 * HOUR;

  SignalReading[] readings() {
    SignalReading[] r = new SignalReading[RiskScore.COUNT];
    for (int i = 0; i < RiskScore.COUNT; i++) {
      r[i] = SignalReading.quiet(RiskScore.NAMES[i], 0, 1, 0, () -> "quiet");
    }
    r[RiskScore.LOCKSTEP] = SignalReading.fired(RiskScore.NAMES[RiskScore.LOCKSTEP], 9, 6, 12, 600_000, () -> "9 accounts in lockstep");
    return r;
  }

  @Test
  void aVersionCarriesStableIdsTheOrdersLevelAndTheExplainedSignals() {
    OrderSlot o = order("ord-1", T0, Long.MAX_VALUE);
    o.creatorId = null;
    VideoState st = withOrders(o);
    st.totals[0] = 60;
    st.totals[1] = 50;
    st.lockSample = new String[] {"acc-1", "acc-2"};
    SignalReading[] readings = readings();
    peaks.remember(st, readings, now);

    OrderJudgement.Verdict v = judgement.verdict(st, now);
    judgement.nextVersion(st, o, v, now);
    judgement.nextVersion(st, o, v, now + HOUR);
    FlaggedCase first = builder.build(st, o, readings, v.strengths(), now);
    st.totals[0] = 200;
    assertThat(judgement.nextVersion(st, o, v, now + HOUR)).isTrue();
    FlaggedCase second = builder.build(st, o, readings, v.strengths(), now + HOUR);

    assertThat(first.getCaseId()).isEqualTo(StableIds.of("case", "ord-1", "vid-1")).isEqualTo(second.getCaseId());
    assertThat(second.getVersion()).isEqualTo(2);
    assertThat(second.getCaseVersionId()).isEqualTo(StableIds.of("case-version", second.getCaseId(), 2))
        .isNotEqualTo(first.getCaseVersionId());
    assertThat(second.getLevel()).isEqualTo(ResponseLevel.REVIEW);
    assertThat(second.getRiskScore()).isEqualTo(o.maxScore);
    assertThat(second.getCreatorId()).as("the video's creator when the order names none").isEqualTo("cr-1");
    assertThat(second.getFirstFlaggedAt()).isEqualTo(Instant.ofEpochMilli(now));
    assertThat(second.getLastEventTime()).isEqualTo(Instant.ofEpochMilli(now + HOUR));

    assertThat(second.getSignals()).singleElement().satisfies(f -> {
      assertThat(f.getSignal()).isEqualTo(RiskScore.NAMES[RiskScore.LOCKSTEP]);
      assertThat(f.getValue()).isEqualTo(9.0);
      assertThat(f.getThreshold()).isEqualTo(6.0);
      assertThat(f.getWindowMillis()).isEqualTo(600_000);
      assertThat(f.getWeight()).isEqualTo(s.lockstepWeight * v.strengths()[RiskScore.LOCKSTEP]);
      assertThat(f.getDetail()).isEqualTo("9 accounts in lockstep");
    });
  }

  @Test
  void theEvidenceShowsTotalsHourlyViewsAndTheSuspects() {
    OrderSlot o = order("ord-1", T0, Long.MAX_VALUE);
    VideoState st = withOrders(o);
    st.totals[1] = 50;
    st.totals[2] = 7;
    st.hourlyNewest = now / HOUR;
    st.hourlyViews[(int) ((now / HOUR) % 24)] = 50;
    st.lockSample = new String[] {"acc-1", "acc-2"};
    SignalReading[] readings = readings();
    peaks.remember(st, readings, now);
    OrderJudgement.Verdict v = judgement.verdict(st, now);
    judgement.nextVersion(st, o, v, now);

    FlaggedCase c = builder.build(st, o, readings, v.strengths(), now);

    assertThat(c.getEvidence().getViews()).isEqualTo(50);
    assertThat(c.getEvidence().getLikes()).isEqualTo(7);
    assertThat(c.getEvidence().getHourlyViews()).hasSize(24).endsWith(50L);
    assertThat(c.getEvidence().getSuspectAccounts()).containsExactly("acc-1", "acc-2");
    assertThat(c.getSignals()).extracting(SignalFiring::getSignal).containsExactly(RiskScore.NAMES[RiskScore.LOCKSTEP]);
  }

  /** Feeds a partial to the video as the video stage does: its totals, and its hour's and lifetime's metrics. */
  static void judged(VideoState st, VideoPartial p, InvalidCounts invalid) {
    HourlyMetrics.open(st, p.bucketStart);
    LifetimeTotals.add(st, p);
    HourlyMetrics.add(st, p, invalid);
  }

  static VerifiedMetrics cumulative(List<VerifiedMetrics> closed) {
    return closed.stream().filter(m -> m.getGranularity() == MetricsGranularity.CUMULATIVE).findFirst().orElseThrow();
  }

  @Test
  void theEvidencesInvalidViewsAreTheViewsTheVerifiedMetricsLeaveOutSincePublication() {
    OrderSlot o = order("ord-1", T0, Long.MAX_VALUE);
    VideoState st = withOrders(o);
    SignalReading[] quiet = readings();
    quiet[RiskScore.LOCKSTEP] = SignalReading.quiet(RiskScore.NAMES[RiskScore.LOCKSTEP], 0, 1, 0, () -> "quiet");
    double[] none = new double[RiskScore.COUNT];

    // An honest first hour, no signal: nothing invalid (the evidence as a case written now would show it).
    judged(st, partial(T0 + 5 * MINUTE, 40, 2), InvalidCounts.NONE);
    o.level = ResponseLevel.RECORD_ONLY.ordinal();
    CaseEvidence honest = builder.build(st, o, quiet, none, T0 + 6 * MINUTE).getEvidence();
    assertThat(honest.getViews()).isEqualTo(40);
    assertThat(honest.getInvalidViews()).isZero();
    assertThat(honest.getFirstInvalidAt()).as("no engagement judged invalid").isNull();

    // 20 of the second bucket's 30 views judged invalid; the hour closes.
    judged(st, partial(T0 + 30 * MINUTE, 30, 0), new InvalidCounts(20, 200_000, 0, 0));
    HourlyMetrics.close(st);
    // The next hour: 10 of 25 views invalid, then a lockstep group's 5 views on top.
    judged(st, partial(T0 + HOUR + 5 * MINUTE, 25, 0), new InvalidCounts(10, 100_000, 0, 0));
    HourlyMetrics.invalidate(st, 5, 0, 0, T0 + HOUR + 6 * MINUTE);
    SignalReading[] readings = readings();
    peaks.remember(st, readings, T0 + HOUR + 6 * MINUTE);
    OrderJudgement.Verdict v = judgement.verdict(st, T0 + HOUR + 6 * MINUTE);
    judgement.nextVersion(st, o, v, T0 + HOUR + 6 * MINUTE);
    CaseEvidence attacked = builder.build(st, o, readings, v.strengths(), T0 + HOUR + 6 * MINUTE).getEvidence();

    assertThat(attacked.getViews()).isEqualTo(95);
    assertThat(attacked.getFirstInvalidAt()).as("the bucket of the first invalid views").isEqualTo(Instant.ofEpochMilli(T0 + 30 * MINUTE));
    assertThat(attacked.getInvalidViews()).as("since publication, not the open hour's 15").isEqualTo(35)
        .isPositive().isLessThanOrEqualTo(attacked.getViews());
    VerifiedMetrics closed = cumulative(HourlyMetrics.close(st));
    assertThat(closed.getRawViews()).isEqualTo(attacked.getViews());
    assertThat(attacked.getViews() - attacked.getInvalidViews()).isEqualTo(closed.getValidViews());
  }
}
