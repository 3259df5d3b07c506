package com.creatormarket.integrity.faketraffic.signals;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import org.junit.jupiter.api.Test;

/** The graded response: one signal alone at most reviews; enforcement needs strong, multi-signal evidence. */
class RiskScoreTest {

  final DetectionSettings s = DetectionSettings.defaults();

  double score(int... firedAtFullStrength) {
    double[] strengths = new double[RiskScore.COUNT];
    for (int i : firedAtFullStrength) {
      strengths[i] = 1;
    }
    return RiskScore.score(strengths, s);
  }

  @Test
  void oneStrongSpecificSignalAloneIsSentToReviewNeverEnforced() {
    double one = score(RiskScore.PREFIXES);
    assertThat(RiskScore.level(one, 1, s)).isEqualTo(ResponseLevel.REVIEW);
    assertThat(RiskScore.level(0.99, 1, s)).isEqualTo(ResponseLevel.REVIEW);
  }

  @Test
  void aGenericSignalAloneIsAtMostRecorded() {
    for (int generic : new int[] {RiskScore.VELOCITY, RiskScore.FRESH}) {
      assertThat(RiskScore.level(score(generic), 1, s)).as(RiskScore.NAMES[generic]).isEqualTo(ResponseLevel.RECORD_ONLY);
    }
  }

  @Test
  void repeatViewsReachReviewAloneOnlyWhenHalfTheViewsAreRepeats() {
    // Issue #14: a click farm behind residential proxies has no shared phone or network left to show,
    // only its accounts coming back again and again; honest heavy viewers rewatch too, at a quarter of the views.
    assertThat(RiskScore.level(score(RiskScore.REPEAT), 1, s)).isEqualTo(ResponseLevel.REVIEW);
    double[] strengths = new double[RiskScore.COUNT];
    strengths[RiskScore.REPEAT] = SignalReading.fired("repeat", 0.3, s.repeatShare, s.repeatSaturation, 0, () -> "").strength();
    assertThat(RiskScore.level(RiskScore.score(strengths, s), 1, s)).isEqualTo(ResponseLevel.RECORD_ONLY);
  }

  @Test
  void twoStrongSignalsAreEnforced() {
    double two = score(RiskScore.WATCH_SHAPE, RiskScore.DEVICES);
    assertThat(two).isGreaterThanOrEqualTo(s.enforce);
    assertThat(RiskScore.level(two, 2, s)).isEqualTo(ResponseLevel.ENFORCE);
  }

  @Test
  void aSignalJustAtItsThresholdCountsHalf() {
    SignalReading r = SignalReading.fired("x", 0.2, 0.2, 0.6, 0, () -> "");
    assertThat(r.strength()).isEqualTo(0.5);
    assertThat(SignalReading.fired("x", 0.6, 0.2, 0.6, 0, () -> "").strength()).isEqualTo(1.0);
  }
}
