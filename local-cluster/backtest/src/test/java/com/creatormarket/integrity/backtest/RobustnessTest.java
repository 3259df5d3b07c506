package com.creatormarket.integrity.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.simulator.scenario.AttackKind;
import com.creatormarket.integrity.simulator.scenario.Scenario;
import com.creatormarket.integrity.simulator.scenario.ScenarioLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The grid's worlds are a base world with exactly one knob moved, and each one loads. */
class RobustnessTest {

  static Scenario world(Robustness.Point p) throws Exception {
    return ScenarioLoader.parse(Robustness.scenarioYaml(p), p.label());
  }

  static Scenario.AttackSpec camouflage(Scenario s) {
    return s.attacks().stream().filter(a -> a.kind() == AttackKind.CAMOUFLAGE).findFirst().orElseThrow();
  }

  @Test
  void theBaseWorldHasEveryAttackKindAndCoverWorthFourFifthsOfTheFarmsViews() throws Exception {
    Scenario base = world(Robustness.points().get(0));
    Set<AttackKind> kinds = EnumSet.noneOf(AttackKind.class);
    base.attacks().forEach(a -> kinds.add(a.kind()));
    assertThat(kinds).containsExactlyInAnyOrder(AttackKind.values());
    // 1000 views over 200 accounts on the target: 5 each, and four times that as cover.
    assertThat(camouflage(base).coverViewsPerAccount()).isEqualTo(20);
  }

  static Scenario.AttackSpec drip(Scenario s) {
    return s.attacks().stream().filter(a -> a.kind() == AttackKind.SLOW_DRIP).findFirst().orElseThrow();
  }

  @Test
  void theDripWorldHoldsOnlySlowDripsOfFivePerCentADayForTenDays() throws Exception {
    Robustness.Point dripBase = Robustness.points().stream().filter(p -> p.knob() == null && p.base().equals(Robustness.DRIP))
        .findFirst().orElseThrow();
    Scenario s = world(dripBase);
    assertThat(s.attacks()).allMatch(a -> a.kind() == AttackKind.SLOW_DRIP);
    assertThat(drip(s).dailyLift()).isEqualTo(0.05);
    assertThat(drip(s).duration()).isEqualTo(java.time.Duration.ofDays(10));
    assertThat(s.duration()).isGreaterThan(java.time.Duration.ofDays(20));
  }

  @Test
  void eachWorldMovesExactlyTheKnobItNames() throws Exception {
    List<Robustness.Point> points = Robustness.points();
    long bases = Robustness.GRID.stream().map(Robustness.Knob::base).distinct().count();
    assertThat(points).hasSize((int) bases + Robustness.GRID.stream().mapToInt(k -> k.values().size() - 1).sum() + 1);
    for (Robustness.Point p : points) {
      if (p.knob() == null || !p.together().isEmpty()) {
        continue;
      }
      Scenario base = world(points.stream().filter(b -> b.knob() == null && b.base().equals(p.base())).findFirst().orElseThrow());
      Scenario s = world(p);
      switch (p.path()) {
        case "traffic.deviceGroupShare" -> assertThat(s.traffic().deviceGroupShare()).isEqualTo(p.value());
        case "traffic.heavyShare" -> assertThat(s.traffic().heavyShare()).isEqualTo(p.value());
        case "traffic.mobileShare" -> assertThat(s.traffic().mobileShare()).isEqualTo(p.value());
        case "traffic.fanGroupShare" -> assertThat(s.traffic().fanGroupShare()).isEqualTo(p.value());
        case "traffic.secondMarketShare" -> assertThat(s.traffic().secondMarket().share()).isEqualTo(p.value());
        case "viral.newcomerShare" -> assertThat(s.viral().newcomerShare()).isEqualTo(p.value());
        case "attacks[click_farm].proxyShare" -> assertThat(s.attacks().stream().filter(a -> a.kind() == AttackKind.CLICK_FARM)
            .findFirst().orElseThrow().proxyShare()).isEqualTo(p.value());
        case "attacks[camouflage].coverShare" -> assertThat(camouflage(s).coverViewsPerAccount())
            .isEqualTo(Math.round(5 * p.value() / (1 - p.value())));
        case "attacks[camouflage].startAfterPublish" -> assertThat(camouflage(s).startAfterPublish())
            .isEqualTo(java.time.Duration.ofHours((long) p.value())).isNotEqualTo(camouflage(base).startAfterPublish());
        case "attacks[slow_drip].dailyLift" -> assertThat(drip(s).dailyLift()).isEqualTo(p.value());
        case "attacks[slow_drip].duration" -> assertThat(drip(s).duration()).isEqualTo(java.time.Duration.ofDays((long) p.value()));
        default -> throw new AssertionError("unexpected knob " + p.path());
      }
      // Everything else as in the base world.
      Scenario.Traffic t = s.traffic();
      Scenario.Traffic b = base.traffic();
      assertThat(new Scenario.Traffic(t.accounts(), t.viewsPerVideo(), t.popularitySkew(), t.halfLife(), t.tailShare(), t.dailyRhythm(),
          t.likeRate(), t.likeRateSpread(), t.followRate(), t.followRateSpread(), t.unlikeShare(), t.unfollowShare(), t.shortViewShare(),
          t.completionShare(), t.activitySkew(), t.newAccountShare(), t.sharedDeviceShare(), b.deviceGroupShare(), b.heavyShare(), b.heavyFactor(),
          b.mobileShare(), b.fanGroupShare(), b.fanGroupSize(), b.secondMarket()))
          .as(p.label()).isEqualTo(b);
      assertThat(s.marketplace()).isEqualTo(base.marketplace());
      assertThat(s.attacks().size()).isEqualTo(base.attacks().size());
    }
  }

  @Test
  void theLookAlikesWorldHasEveryHonestLookAlikeAtItsLargestAndTheBaseWorldsAttacks() throws Exception {
    List<Robustness.Point> points = Robustness.points();
    Robustness.Point all = points.stream().filter(p -> !p.together().isEmpty()).findFirst().orElseThrow();
    assertThat(all.label()).isEqualTo(Robustness.ALL_LOOK_ALIKES);
    // Listed with the base world's points, before the drip world's.
    assertThat(points.get(points.indexOf(all) - 1).base()).isEqualTo(Robustness.BASE);
    assertThat(points.get(points.indexOf(all) + 1).base()).isEqualTo(Robustness.DRIP);
    Scenario base = world(points.get(0));
    Scenario s = world(all);
    assertThat(s.traffic().deviceGroupShare()).isEqualTo(0.15);
    assertThat(s.traffic().heavyShare()).isEqualTo(0.03);
    assertThat(camouflage(s).coverViewsPerAccount()).isEqualTo(Math.round(5 * 0.9 / (1 - 0.9)));
    assertThat(s.traffic().mobileShare()).isEqualTo(0.7);
    assertThat(s.traffic().fanGroupShare()).isEqualTo(0.8);
    assertThat(s.traffic().secondMarket().share()).isEqualTo(0.35);
    assertThat(s.viral().newcomerShare()).isEqualTo(0.5);
    // The attackers as in the base world but for the camouflage's cover (a look-alike: what honest videos receive).
    assertThat(s.attacks()).hasSameSizeAs(base.attacks());
    assertThat(s.attacks().stream().filter(a -> a.kind() == AttackKind.CLICK_FARM).findFirst().orElseThrow().proxyShare())
        .isEqualTo(base.attacks().stream().filter(a -> a.kind() == AttackKind.CLICK_FARM).findFirst().orElseThrow().proxyShare());
    assertThat(camouflage(s).startAfterPublish()).isEqualTo(camouflage(base).startAfterPublish());
    assertThat(s.marketplace()).isEqualTo(base.marketplace());
  }

  final StringWriter outText = new StringWriter();
  final StringWriter err = new StringWriter();

  /** One run of the command, as one process would make it. */
  int robustness(String... args) {
    CommandLine cli = new CommandLine(new Robustness()).setOverwrittenOptionsAllowed(true);
    cli.setOut(new PrintWriter(outText, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void helpListsEveryOptionAndAUsageErrorExitsWithTwoNamingWhatIsAllowed() {
    assertThat(robustness("--help")).isZero();
    assertThat(outText.toString()).contains("--seeds", "--tuning", "--worlds", "--out", "--KEY VALUE");

    // Each is refused before any world is drawn.
    assertThat(robustness("--worlds", "everywhere")).isEqualTo(2);
    assertThat(err.toString()).contains("--worlds must be one of all, base, drip; got 'everywhere'");
    assertThat(robustness("--score.nonsense", "1")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown key 'score.nonsense'; known keys:");
    assertThat(robustness("--score.review", "high")).isEqualTo(2);
    assertThat(err.toString()).contains("bad value 'high' for key 'score.review'; allowed:");
    assertThat(robustness("--score.review")).isEqualTo(2);
    assertThat(err.toString()).contains("expected --KNOB VALUE (a knob of the fake-traffic job), got '--score.review'");
    assertThat(robustness("--seeds", "202,x")).isEqualTo(2);
    assertThat(robustness("--tuning", "--seeds", "202")).isEqualTo(2);
    assertThat(err.toString()).contains("give --seeds or --tuning, not both");
  }
}
