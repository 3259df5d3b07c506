package com.creatormarket.integrity.faketraffic.cases;

import static com.creatormarket.integrity.faketraffic.model.VideoStates.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.OrderSlot;
import com.creatormarket.integrity.faketraffic.model.VideoState;
import com.creatormarket.integrity.faketraffic.signals.RiskScore;
import com.creatormarket.integrity.faketraffic.signals.SignalPeaks;
import org.junit.jupiter.api.Test;

/** From the recently fired signals to a level, and from a level to a new case version per order. */
class OrderJudgementTest {

  final DetectionSettings s = DetectionSettings.defaults(); // record 0.3, review 0.55, enforce 0.85 with 2 signals
  final OrderJudgement judgement = new OrderJudgement(s, new SignalPeaks(s));
  final long now = T0 + 3 * HOUR;

  static void fired(VideoState st, int signal, double strength, long at) {
    st.firedAt[signal] = (int) (at / MINUTE);
    st.peakStrength[signal] = (float) strength;
  }

  /** The level of one device-concentration reading (weight 0.62) whose score is {@code score}. */
  ResponseLevel levelAtScore(double score) {
    VideoState st = video();
    fired(st, RiskScore.DEVICES, score / s.deviceWeight, now);
    OrderJudgement.Verdict v = judgement.verdict(st, now);
    return v == null ? null : v.level();
  }

  @Test
  void mapsTheScoreToALevelAtTheThresholds() {
    double e = 1e-4;
    assertThat(levelAtScore(s.recordOnly - e)).isNull();
    assertThat(levelAtScore(s.recordOnly + e)).isEqualTo(ResponseLevel.RECORD_ONLY);
    assertThat(levelAtScore(s.review - e)).isEqualTo(ResponseLevel.RECORD_ONLY);
    assertThat(levelAtScore(s.review + e)).isEqualTo(ResponseLevel.REVIEW);
  }

  @Test
  void enforcementNeedsTwoSignalsAboveTheEnforceScore() {
    VideoState st = video();
    fired(st, RiskScore.LOCKSTEP, 1, now);
    assertThat(judgement.verdict(st, now).level()).as("one signal at most reviews").isEqualTo(ResponseLevel.REVIEW);

    fired(st, RiskScore.DEVICES, 1, now);
    OrderJudgement.Verdict v = judgement.verdict(st, now);
    assertThat(v.score()).isGreaterThanOrEqualTo(s.enforce);
    assertThat(v.level()).isEqualTo(ResponseLevel.ENFORCE);
    assertThat(v.signals()).isEqualTo(2);
    assertThat(v.signalMask()).isEqualTo(1 << RiskScore.LOCKSTEP | 1 << RiskScore.DEVICES);
  }

  @Test
  void onlySignalsWithinTheMemoryCount() {
    VideoState st = video();
    fired(st, RiskScore.DEVICES, 1, now - s.signalMemoryMillis - 2 * MINUTE);
    assertThat(judgement.verdict(st, now)).isNull();
  }

  @Test
  void aCaseGetsANewVersionOnlyWhenItsPictureChanges() {
    OrderSlot o = order("ord-1", T0, Long.MAX_VALUE);
    VideoState st = withOrders(o);
    st.totals[0] = 100;
    fired(st, RiskScore.DEVICES, 0.6, now);
    OrderJudgement.Verdict recordOnly = judgement.verdict(st, now);

    assertThat(judgement.nextVersion(st, o, recordOnly, now)).as("first").isTrue();
    assertThat(o.version).isEqualTo(1);
    assertThat(o.firstFlaggedAt).isEqualTo(now);
    assertThat(o.level).isEqualTo(ResponseLevel.RECORD_ONLY.ordinal());
    assertThat(judgement.nextVersion(st, o, recordOnly, now + MINUTE)).as("nothing new").isFalse();

    fired(st, RiskScore.VELOCITY, 0.5, now);
    assertThat(judgement.nextVersion(st, o, judgement.verdict(st, now), now)).as("a new signal").isTrue();

    st.totals[0] = 149;
    assertThat(judgement.nextVersion(st, o, judgement.verdict(st, now), now)).as("evidence not grown by half").isFalse();
    st.totals[0] = 150;
    assertThat(judgement.nextVersion(st, o, judgement.verdict(st, now), now)).as("evidence grown by half").isTrue();

    fired(st, RiskScore.DEVICES, 1, now);
    OrderJudgement.Verdict review = judgement.verdict(st, now);
    assertThat(judgement.nextVersion(st, o, review, now)).as("a higher level").isTrue();
    assertThat(o.version).isEqualTo(4);
    assertThat(o.level).isEqualTo(ResponseLevel.REVIEW.ordinal());
    assertThat(o.maxScore).isEqualTo(review.score());
    assertThat(o.firstFlaggedAt).as("kept").isEqualTo(now);

    assertThat(judgement.nextVersion(st, o, recordOnly, now)).as("a lower level is no news").isFalse();
    assertThat(o.level).as("a case's level never goes down").isEqualTo(ResponseLevel.REVIEW.ordinal());
  }

  @Test
  void anOrderOutsideItsWatchedPeriodGetsNoVersion() {
    OrderSlot notYet = order("not-yet", now + 1, Long.MAX_VALUE);
    OrderSlot ended = order("ended", T0, now);
    VideoState st = withOrders(notYet, ended);
    fired(st, RiskScore.DEVICES, 1, now);
    OrderJudgement.Verdict v = judgement.verdict(st, now);

    assertThat(judgement.nextVersion(st, notYet, v, now)).isFalse();
    assertThat(judgement.nextVersion(st, ended, v, now)).isFalse();
    assertThat(notYet.version).isZero();
  }
}
