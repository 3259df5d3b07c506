package com.creatormarket.integrity.faketraffic.signals;

import static com.creatormarket.integrity.faketraffic.testing.Traffic.DAY;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.HOUR;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.MINUTE;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.CaseEvidence;
import com.creatormarket.integrity.avro.EngagementKind;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.MetricsGranularity;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.avro.SignalFiring;
import com.creatormarket.integrity.avro.VerifiedMetrics;
import com.creatormarket.integrity.common.StableIds;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.FakeTrafficOptions;
import com.creatormarket.integrity.faketraffic.testing.Rig;
import com.creatormarket.integrity.faketraffic.testing.Traffic;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each signal on the whole topology (operator harnesses, {@link Rig}): it fires on its own pattern,
 * on top of an honest audience, and the order's case names it with value, threshold and window.
 * The honest side (every signal quiet, a viral burst included) is {@link HonestTrafficTest}.
 */
class SignalPatternsTest {

  static final long PUBLISHED = at(HOUR);
  static final long ATTACK = at(5 * HOUR);

  /** Order o1 on video v1 with an honest audience for a day and a half. */
  static Traffic base() {
    return new Traffic(11).order("o1", "v1", "c1", PUBLISHED, 60).honest("v1", "c1", PUBLISHED, at(36 * HOUR), 50);
  }

  static Rig run(Traffic traffic) throws Exception {
    return Rig.withDefaults().run(traffic, at(40 * HOUR));
  }

  static SignalFiring firing(Rig rig, String order, String signal) {
    return rig.casesOf(order).stream().flatMap(c -> c.getSignals().stream()).filter(s -> s.getSignal().equals(signal))
        .findFirst().orElseThrow(() -> new AssertionError(signal + " did not fire for " + order + "; cases: " + rig.casesOf(order)));
  }

  /**
   * The evidence's invalidViews on an attacked order against its CUMULATIVE verified metrics: the
   * last version shows some, none shows more than its views, and each lies between the invalid views
   * (raw minus valid) of the hour ends before and after it, as views - invalidViews lies between their
   * valid views: all four only grow without a lockstep group, so a version at an hour end with no
   * later view agrees with that hour's record exactly.
   */
  static void invalidViewsAgreeWithTheVerifiedMetrics(Rig rig, String order) {
    List<VerifiedMetrics> cumulative = rig.metrics.stream()
        .filter(m -> m.getOrderId().equals(order) && m.getGranularity() == MetricsGranularity.CUMULATIVE).toList();
    List<FlaggedCase> versions = rig.casesOf(order);
    assertThat(versions.get(versions.size() - 1).getEvidence().getInvalidViews()).isPositive();
    for (FlaggedCase c : versions) {
      CaseEvidence e = c.getEvidence();
      long at = c.getLastEventTime().toEpochMilli();
      VerifiedMetrics before = cumulative.stream().filter(m -> m.getWindowEnd().toEpochMilli() <= at).reduce((a, b) -> b).orElse(null);
      VerifiedMetrics after = cumulative.stream().filter(m -> m.getWindowEnd().toEpochMilli() > at).findFirst().orElseThrow();
      String version = "version " + c.getVersion() + " (" + e.getViews() + " views)";
      assertThat(e.getInvalidViews()).as(version).isLessThanOrEqualTo(e.getViews())
          .isBetween(before == null ? 0 : before.getRawViews() - before.getValidViews(), after.getRawViews() - after.getValidViews());
      assertThat(e.getViews() - e.getInvalidViews()).as(version)
          .isBetween(before == null ? 0 : before.getValidViews(), after.getValidViews());
    }
  }

  @Test
  void botViewsFireWatchTimeShapeVelocityAndFreshAccounts() throws Exception {
    // The fresh-account reading waits for the marketplace's usual share, and this marketplace is one video of 50 events an
    // hour: its norm forms from a few hundred events, not the default 2,000.
    DetectionSettings smallMarket = DetectionSettings.from(FakeTrafficOptions.defaults().with(Map.of("population.min-events", "150")));
    try (Rig rig = new Rig(smallMarket).run(base().botViews("v1", "c1", ATTACK, 20 * MINUTE, 600, 80), at(40 * HOUR))) {
      SignalFiring shape = firing(rig, "o1", WatchTimeShape.NAME);
      assertThat(shape.getValue()).isGreaterThanOrEqualTo(shape.getThreshold());
      assertThat(shape.getWindowMillis()).isEqualTo(30 * MINUTE);
      assertThat(shape.getDetail()).contains("0-2 s or full");
      firing(rig, "o1", VelocityBurst.NAME);
      firing(rig, "o1", Concentration.FRESH);
      assertThat(rig.levelOf("o1")).isEqualTo(ResponseLevel.ENFORCE);
      FlaggedCase first = rig.casesOf("o1").stream().filter(c -> c.getLevel() != ResponseLevel.RECORD_ONLY).findFirst().orElseThrow();
      assertThat(first.getLastEventTime().toEpochMilli() - ATTACK).isLessThan(5 * MINUTE);
      invalidViewsAgreeWithTheVerifiedMetrics(rig, "o1");
    }
  }

  @Test
  void clickFarmFiresDeviceAndPrefixConcentration() throws Exception {
    try (Rig rig = run(base().clickFarm("v1", "c1", ATTACK, 3 * HOUR, 600, 60, 4, 2))) {
      SignalFiring devices = firing(rig, "o1", Concentration.DEVICES);
      SignalFiring prefixes = firing(rig, "o1", Concentration.PREFIXES);
      assertThat(devices.getValue()).isGreaterThanOrEqualTo(devices.getThreshold());
      assertThat(prefixes.getValue()).isGreaterThanOrEqualTo(prefixes.getThreshold());
      assertThat(rig.levelOf("o1")).isEqualTo(ResponseLevel.ENFORCE);
      // The evidence of the first enforced version, taken while the farm was at work.
      FlaggedCase enforced = rig.casesOf("o1").stream().filter(c -> c.getLevel() == ResponseLevel.ENFORCE).findFirst().orElseThrow();
      assertThat(enforced.getEvidence().getTopDevices().get(0).getKey()).startsWith("fd");
      assertThat(enforced.getEvidence().getTopNetworkPrefixes().get(0).getKey()).startsWith("fp");
      invalidViewsAgreeWithTheVerifiedMetrics(rig, "o1");
    }
  }

  @Test
  void boughtLikesFireEngagementRatio() throws Exception {
    try (Rig rig = run(base().bought(EngagementKind.LIKE, "v1", "c1", ATTACK, HOUR, 100, 0.8))) {
      SignalFiring ratio = firing(rig, "o1", EngagementRatio.NAME);
      assertThat(ratio.getValue()).isGreaterThanOrEqualTo(0.3);
      assertThat(ratio.getDetail()).contains("had no view by the same account");
      assertThat(rig.levelOf("o1")).isIn(ResponseLevel.REVIEW, ResponseLevel.ENFORCE);
    }
  }

  @Test
  void boughtFollowsFireEngagementRatio() throws Exception {
    try (Rig rig = run(base().bought(EngagementKind.FOLLOW, "v1", "c1", ATTACK, HOUR, 60, 0.8))) {
      firing(rig, "o1", EngagementRatio.NAME);
      assertThat(rig.levelOf("o1")).isIn(ResponseLevel.REVIEW, ResponseLevel.ENFORCE);
    }
  }

  @Test
  void oneAccountViewingAgainAndAgainFiresRepeatEngagement() throws Exception {
    try (Rig rig = run(base().repeats("v1", "c1", ATTACK, HOUR, 20, 12))) {
      SignalFiring repeat = firing(rig, "o1", RepeatEngagement.NAME);
      assertThat(repeat.getValue()).isGreaterThanOrEqualTo(repeat.getThreshold());
    }
  }

  @Test
  void followsWithdrawnAfterTheCampaignFireFollowWithdrawal() throws Exception {
    Traffic t = base().followAndWithdraw("v1", "c1", ATTACK, 2 * HOUR, 80, DAY);
    try (Rig rig = run(t)) {
      SignalFiring withdrawal = firing(rig, "o1", FollowWithdrawal.NAME);
      assertThat(withdrawal.getValue()).isGreaterThanOrEqualTo(0.3);
      assertThat(withdrawal.getDetail()).contains("withdrawn");
    }
  }

  @Test
  void accountsHittingTheSameVideosRoundAfterRoundFireLockstep() throws Exception {
    Traffic t = new Traffic(12);
    for (String n : List.of("1", "2", "3")) {
      t.order("o" + n, "v" + n, "c" + n, PUBLISHED, 60).honest("v" + n, "c" + n, PUBLISHED, at(30 * HOUR), 30);
    }
    t.lockstep(List.of("v1", "v2", "v3"), "c1", ATTACK, 30, 3, 4 * HOUR, 5 * MINUTE);
    try (Rig rig = Rig.withDefaults().run(t, at(40 * HOUR))) {
      for (String order : List.of("o1", "o2", "o3")) {
        SignalFiring lockstep = firing(rig, order, LockstepGroup.NAME);
        assertThat(lockstep.getValue()).isGreaterThanOrEqualTo(lockstep.getThreshold());
        FlaggedCase last = rig.casesOf(order).get(rig.casesOf(order).size() - 1);
        assertThat(last.getEvidence().getSuspectAccounts()).isNotEmpty().allMatch(a -> a.startsWith("ls"));
        assertThat(last.getEvidence().getInvalidViews()).as(order).isPositive().isLessThanOrEqualTo(last.getEvidence().getViews());
        assertThat(rig.levelOf(order)).isIn(ResponseLevel.REVIEW, ResponseLevel.ENFORCE);
      }
      // The repeated rounds are what the signal's full strength needs: the last version says so.
      assertThat(rig.casesOf("o1").get(rig.casesOf("o1").size() - 1).getSignals().stream()
          .filter(s -> s.getSignal().equals(LockstepGroup.NAME)).findFirst().orElseThrow().getDetail()).contains("rounds");
    }
  }

  @Test
  void aCaseKeepsItsIdAndGrowsInVersions() throws Exception {
    try (Rig rig = run(base().clickFarm("v1", "c1", ATTACK, 3 * HOUR, 900, 60, 4, 2))) {
      List<FlaggedCase> versions = rig.casesOf("o1");
      assertThat(versions).hasSizeGreaterThan(1);
      String caseId = StableIds.of("case", "o1", "v1");
      for (int i = 0; i < versions.size(); i++) {
        FlaggedCase c = versions.get(i);
        assertThat(c.getCaseId()).isEqualTo(caseId);
        assertThat(c.getVersion()).isEqualTo(i + 1);
        assertThat(c.getCaseVersionId()).isEqualTo(StableIds.of("case-version", caseId, i + 1));
        assertThat(c.getFirstFlaggedAt()).isEqualTo(versions.get(0).getFirstFlaggedAt());
        if (i > 0) {
          assertThat(c.getLevel().ordinal()).isGreaterThanOrEqualTo(versions.get(i - 1).getLevel().ordinal());
        }
      }
      assertThat(versions.get(0).getAdvertiserId()).isEqualTo("adv-1");
      assertThat(versions.get(0).getAgencyId()).isEqualTo("mcn-1");
    }
  }
}
