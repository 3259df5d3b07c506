package com.creatormarket.integrity.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.faketraffic.FakeTrafficOptions;
import com.creatormarket.integrity.simulator.truth.Scorecard;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The backtest command's own path on the simulator's smoke scenario, at the default knobs, read
 * the way production reads (Kafka partitions, realistic delivery): the table comes out, no
 * simulated record (honest or attack) is set aside, nothing honest or viral is flagged, and every
 * attack kind of smoke is found, each with full precision. The full figures for every shipped
 * scenario are in the fake-traffic README.
 */
class BacktestSmokeTest {

  @Test
  void everyAttackKindOfSmokeIsFoundAndNothingHonestIsFlagged() throws Exception {
    Backtest.Result r = Backtest.runScenario("smoke", FakeTrafficOptions.defaults(), Backtest.Options.defaults());
    Backtest.print(r, System.out, true);

    assertThat(r.rejected()).as("simulator records set aside").isEmpty();
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(r.scorecard().honest().flagged()).as("honest orders flagged").isZero();
    softly.assertThat(r.scorecard().viral().flagged()).as("honest viral orders flagged").isZero();
    assertThat(r.scorecard().attackRows()).as("attack kinds of smoke").hasSizeGreaterThanOrEqualTo(5);
    for (Scorecard.Row kind : r.scorecard().attackRows()) {
      softly.assertThat(kind.recall()).as("recall of " + kind.label()).isEqualTo(1.0);
      softly.assertThat(kind.precision()).as("precision of " + kind.label()).isEqualTo(1.0);
    }
    softly.assertAll();
    assertThat(r.scorecard().table()).contains("| BOT_VIEWS |", "| honest viral |");
    assertThat(r.metrics()).isNotEmpty();
  }
}
