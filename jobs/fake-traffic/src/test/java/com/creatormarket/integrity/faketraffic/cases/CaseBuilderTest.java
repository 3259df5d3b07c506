package com.creatormarket.integrity.faketraffic.cases;

import static com.creatormarket.integrity.faketraffic.model.VideoStates.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.avro.SignalFiring;
import com.creatormarket.integrity.common.StableIds;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.OrderSlot;
import com.creatormarket.integrity.faketraffic.model.VideoState;
import com.creatormarket.integrity.faketraffic.signals.RiskScore;
import com.creatormarket.integrity.faketraffic.signals.SignalPeaks;
import com.creatormarket.integrity.faketraffic.signals.SignalReading;
import java.time.Instant;
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
}
