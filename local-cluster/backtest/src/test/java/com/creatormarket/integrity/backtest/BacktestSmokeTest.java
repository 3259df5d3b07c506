package com.creatormarket.integrity.faketraffic.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.faketraffic.FakeTrafficOptions;
import org.junit.jupiter.api.Test;

/**
 * The backtest command's own path on the simulator's smoke scenario, at the default knobs: the
 * table comes out, no simulated record (honest or attack) breaks the job's input checks, nothing
 * honest is flagged, and most attacks are. The full figures for every
 * shipped scenario are in the README.
 */
class BacktestSmokeTest {

  @Test
  void smokeScenarioMeetsMinimums() throws Exception {
    Backtest.Result r = Backtest.runScenario("smoke", FakeTrafficOptions.defaults(), 2);
    Backtest.print(r, System.out, true);

    assertThat(r.rejected()).as("simulator records the job's door rules reject").isEmpty();
    assertThat(r.scorecard().honest().flagged()).as("honest orders flagged").isZero();
    assertThat(r.scorecard().viral().flagged()).as("honest viral orders flagged").isZero();
    assertThat(r.scorecard().allAttacks().recall()).as("recall over all attacks").isGreaterThanOrEqualTo(0.8);
    assertThat(r.scorecard().table()).contains("| BOT_VIEWS |", "| honest viral |");
    assertThat(r.metrics()).isNotEmpty();
  }
}
