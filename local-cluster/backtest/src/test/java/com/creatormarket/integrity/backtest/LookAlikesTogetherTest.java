package com.creatormarket.integrity.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.faketraffic.FakeTrafficOptions;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Issue #14's target on the grid's world with every honest look-alike at once (shared phones, heavy
 * viewers, 90% cover, carrier NAT, fan groups, a second market, celebrity newcomers), on the report
 * seeds: every attack found, no honest or viral order flagged. Disabled until 2026-12-04: seed 303
 * flagged an innocent recipient of a farm's cover (ord-000004) on a top-prefix share of 56 events and
 * a fresh-account share judged before the marketplace's usual share was known; see
 * {@code signals.SmallSampleReadingsTest} in the job.
 */
class LookAlikesTogetherTest {

  @Test
  void withEveryLookAlikeAtOnceEveryAttackIsFoundAndNoHonestOrViralOrderIsFlagged() throws Exception {
    Robustness.Point all = Robustness.points().stream().filter(p -> !p.together().isEmpty()).findFirst().orElseThrow();
    Settings defaults = Settings.from(Map.of(), "defaults", FakeTrafficOptions.KNOBS);
    SoftAssertions softly = new SoftAssertions();
    for (long seed : Robustness.REPORT_SEEDS) {
      Robustness.Outcome o = Robustness.run(all, seed, defaults);
      assertThat(o.honestOrders()).as("honest orders in the world, seed " + seed).isGreaterThan(50);
      softly.assertThat(o.honestFlagged()).as("honest orders flagged, seed " + seed + ": " + o.falseFlags()).isZero();
      softly.assertThat(o.viralFlagged()).as("viral orders flagged, seed " + seed).isZero();
      softly.assertThat(o.card().allAttacks().recall()).as("recall over every attack, seed " + seed + ": " + o.misses()).isEqualTo(1.0);
    }
    softly.assertAll();
  }

  /**
   * Tuning seed 101 of the same world, where a young market's celebrity burst (four hours, half its
   * viewers new accounts) and then a camouflaged farm's fresh cover on the same video added up to a
   * sustained lift: REVIEW on an honest viral order until the drip detector left honest virality's
   * hours out (ninth round). Not a report figure: the seed was tuned on; this keeps the mended case mended.
   */
  @Test
  void aCelebritysBurstFollowedByAFarmsCoverIsNotADrip() throws Exception {
    Robustness.Point all = Robustness.points().stream().filter(p -> !p.together().isEmpty()).findFirst().orElseThrow();
    Robustness.Outcome o = Robustness.run(all, 101, Settings.from(Map.of(), "defaults", FakeTrafficOptions.KNOBS));
    assertThat(o.viralOrders()).as("viral orders in the world").isEqualTo(2);
    assertThat(o.viralFlagged()).as("viral orders flagged: " + o.falseFlags()).isZero();
    assertThat(o.honestFlagged()).as("honest orders flagged: " + o.falseFlags()).isZero();
  }
}
