package com.creatormarket.integrity.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatormarket.integrity.common.config.InvalidConfigException;
import com.creatormarket.integrity.simulator.scenario.AttackKind;
import com.creatormarket.integrity.simulator.scenario.Scenario;
import com.creatormarket.integrity.simulator.scenario.ScenarioLoader;
import com.creatormarket.integrity.simulator.world.WorldBuilder;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Scenario files are validated up front, and every error names the key and what is allowed. */
class ScenarioLoaderTest {

  private static final String BASE = """
      name: t
      start: 2025-03-03T00:00:00+08:00
      duration: 1d
      marketplace:
        advertisers: 5
        creators: 20
        orders: 40
      traffic:
        accounts: 1000
        viewsPerVideo: 20
      """;

  private static Scenario parse(String yaml) {
    return ScenarioLoader.parse(yaml, "t.yaml");
  }

  @Test
  void shippedScenariosLoadByName() {
    for (String name : ScenarioLoader.SHIPPED) {
      Scenario s = ScenarioLoader.load(name);
      assertThat(s.name()).isEqualTo(name);
      assertThat(s.description()).isNotBlank();
    }
    assertThat(ScenarioLoader.load("retention-70d").duration()).isGreaterThanOrEqualTo(Duration.ofDays(61));
  }

  @Test
  void smokeAndHeavyAttacksCoverEveryAttackKind() {
    for (String name : Set.of("smoke", "heavy-attacks", "mid-day")) {
      Set<AttackKind> kinds = EnumSet.noneOf(AttackKind.class);
      ScenarioLoader.load(name).attacks().forEach(a -> kinds.add(a.kind()));
      assertThat(kinds).as(name).containsExactlyInAnyOrder(AttackKind.values());
    }
  }

  @Test
  void minimalScenarioTakesDefaults() {
    Scenario s = parse(BASE);
    assertThat(s.seed()).isEqualTo(1);
    assertThat(s.timeZone().getId()).isEqualTo("Asia/Shanghai");
    assertThat(s.traffic().likeRate()).isEqualTo(0.04);
    assertThat(s.marketplace().platforms()).containsOnlyKeys("douyin", "xigua", "huoshan");
    assertThat(s.attacks()).isEmpty();
  }

  @Test
  void deliveryIsInOrderWithHeartbeatsUnlessTheScenarioSaysOtherwise() {
    assertThat(parse(BASE).delivery().inOrder()).isTrue();
    assertThat(parse(BASE).delivery().heartbeatEvery()).isEqualTo(Duration.ofMinutes(10));
    assertThat(parse(BASE).delivery().heartbeatsAfterEnd()).isEqualTo(Duration.ofDays(2));
    Scenario s = parse(BASE + "delivery:\n  partitionLag: 5m\n  stallEvery: 1h\n  stallLength: 2m\n  disorder: 30s\n  duplicateShare: 0.01\n"
        + "  heartbeatEvery: 1m\n");
    assertThat(s.delivery()).isEqualTo(new Scenario.Delivery(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofMinutes(2),
        Duration.ofSeconds(30), 0.01, Duration.ofMinutes(1), Duration.ofDays(2)));
    assertThatThrownBy(() -> parse(BASE + "delivery:\n  stallEvery: 10m\n  stallLength: 10m\n"))
        .hasMessageContaining("delivery.stallLength: must be shorter than stallEvery");
  }

  @Test
  void unknownKeyIsNamedWithItsPathAndTheAllowedKeys() {
    assertThatThrownBy(() -> parse(BASE + "attacks:\n  - kind: bot_views\n    accounts: 5\n    volume: 5\n    volumn: 9\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("t.yaml: attacks[0].volumn: unknown key; allowed here: kind, orders, accounts, volume");
  }

  @Test
  void outOfRangeValueNamesKeyAndRange() {
    assertThatThrownBy(() -> parse(BASE.replace("viewsPerVideo: 20", "viewsPerVideo: 20\n  likeRate: 0.9")))
        .hasMessageContaining("traffic.likeRate: must be a number in [0.0, 0.5], got '0.9'");
    assertThatThrownBy(() -> parse(BASE.replace("orders: 40", "orders: -3")))
        .hasMessageContaining("marketplace.orders: must be an integer in [1, 1000000], got '-3'");
  }

  @Test
  void badDurationAndMissingKeysAreExplained() {
    assertThatThrownBy(() -> parse(BASE.replace("duration: 1d", "duration: one day")))
        .hasMessageContaining("duration: must be a duration: a whole number and a unit (ms, s, m, h, d)");
    assertThatThrownBy(() -> parse(BASE.replace("  accounts: 1000\n", "")))
        .hasMessageContaining("traffic.accounts: required, missing; an integer in [100, 50000000]");
    assertThatThrownBy(() -> parse(BASE.replace("start: 2025-03-03T00:00:00+08:00", "start: yesterday")))
        .hasMessageContaining("start: must be an ISO-8601 date-time with offset");
  }

  @Test
  void attackKindsAndKindSpecificKeysAreChecked() {
    assertThatThrownBy(() -> parse(BASE + "attacks:\n  - kind: bot_farm\n    accounts: 5\n    volume: 5\n"))
        .hasMessageContaining("attacks[0].kind: must be one of bot_views, click_farm, bought_likes, bought_follows, "
            + "lockstep, slow_drip, camouflage, follow_and_withdraw, got 'bot_farm'");
    assertThatThrownBy(() -> parse(BASE + "attacks:\n  - kind: lockstep\n    accounts: 5\n    volume: 5\n"))
        .hasMessageContaining("attacks[0].volume: unknown key");
    assertThatThrownBy(() -> parse(BASE + "attacks:\n  - kind: bought_likes\n    accounts: 5\n    volume: 50\n"))
        .hasMessageContaining("attacks[0].volume: at most accounts (5) for bought_likes");
  }

  @Test
  void impossibleCombinationsAreRefusedWithTheWayOut() {
    assertThatThrownBy(() -> parse(BASE + "viral:\n  videos: 50\n"))
        .hasMessageContaining("marketplace.orders: attacks, viral videos and retention cases need 50 distinct published orders");
    assertThatThrownBy(() -> WorldBuilder.build(parse(BASE + "retention:\n  creatorLateRemovals: 2\n"), 1))
        .hasMessageContaining("retention.creatorLateRemovals: needs 2 orders whose retention period ends inside the simulated span");
  }

  @Test
  void appealsAreOptionalAndNoMoreThanThereArePenaltiesToAppeal() {
    assertThat(parse(BASE).appeals()).isEqualTo(new Scenario.Appeals(0, 0));
    String world = BASE + """
        retention:
          creatorEarlyDeletions: 2
        attacks:
          - kind: bot_views
            accounts: 5
            volume: 5
          - kind: click_farm
            accounts: 5
            volume: 5
          - kind: bought_likes
            accounts: 5
            volume: 5
        """;
    assertThat(parse(world + "appeals:\n  deletions: 2\n  attacks: 2\n").appeals()).isEqualTo(new Scenario.Appeals(2, 2));
    assertThatThrownBy(() -> parse(world + "appeals:\n  deletions: -1\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("appeals.deletions: must be an integer in [0, 1000000], got '-1'");
    assertThatThrownBy(() -> parse(world + "appeals:\n  attacks: -2\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("appeals.attacks: must be an integer in [0, 1000000], got '-2'");
    assertThatThrownBy(() -> parse(world + "appeals:\n  deletions: 3\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("appeals.deletions: at most one appeal per early deletion by a creator: "
            + "must be <= retention.creatorEarlyDeletions (2), got 3");
    // Bought likes are no sabotage to appeal here: only bot views and click farms count.
    assertThatThrownBy(() -> parse(world + "appeals:\n  attacks: 3\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("appeals.attacks: at most one appeal per order attacked by bot_views or click_farm: must be <= 2");
    assertThatThrownBy(() -> parse(world + "appeals:\n  deletion: 1\n"))
        .hasMessageContaining("appeals.deletion: unknown key; allowed here: deletions, attacks");
  }

  @Test
  void terminationsAreOptionalAndNoMoreThanThereAreFastDetectedOrders() {
    assertThat(parse(BASE).terminations()).isEqualTo(Scenario.Terminations.NONE);
    assertThat(Scenario.Terminations.NONE).isEqualTo(new Scenario.Terminations(0, Duration.ofHours(6), Duration.ofDays(1)));
    String world = BASE + """
        attacks:
          - kind: bot_views
            accounts: 5
            volume: 5
          - kind: click_farm
            accounts: 5
            volume: 5
          - kind: bought_likes
            orders: 2
            accounts: 5
            volume: 5
          - kind: slow_drip
            accounts: 5
            volume: 5
        """;
    assertThat(parse(world + "terminations:\n  orders: 4\n").terminations())
        .isEqualTo(new Scenario.Terminations(4, Duration.ofHours(6), Duration.ofDays(1)));
    assertThat(parse(world + "terminations:\n  orders: 1\n  terminatedAfter: 30m\n  deletedAfter: 3h\n").terminations())
        .isEqualTo(new Scenario.Terminations(1, Duration.ofMinutes(30), Duration.ofHours(3)));
    // A slow drip is caught over hours, not minutes: its order is not one to terminate here.
    assertThatThrownBy(() -> parse(world + "terminations:\n  orders: 5\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("terminations.orders: at most one termination per order attacked by bot_views, bought_likes,"
            + " bought_follows or click_farm (fake traffic confirmed within minutes): must be <= 4");
    assertThatThrownBy(() -> parse(world + "terminations:\n  orders: -1\n"))
        .hasMessageContaining("terminations.orders: must be an integer in [0, 1000000], got '-1'");
    assertThatThrownBy(() -> parse(world + "terminations:\n  orders: 1\n  terminatedAfter: 0m\n"))
        .hasMessageContaining("terminations.terminatedAfter: must be in [1m, 30d], got 0m");
    assertThatThrownBy(() -> parse(world + "terminations:\n  orders: 1\n  deletedAfter: soon\n"))
        .hasMessageContaining("terminations.deletedAfter: must be a duration");
    assertThatThrownBy(() -> parse(world + "terminations:\n  count: 1\n"))
        .hasMessageContaining("terminations.count: unknown key; allowed here: orders, terminatedAfter, deletedAfter");
  }

  @Test
  void appealsThatCannotBeDecidedInsideTheSpanStopTheWorld() {
    // The attack runs past the end of the span: no appeal can follow it and be decided in time.
    Scenario s = parse(BASE + """
        attacks:
          - kind: bot_views
            accounts: 5
            volume: 5
            duration: 2d
        appeals:
          attacks: 1
        """);
    assertThatThrownBy(() -> WorldBuilder.build(s, 1))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("appeals.attacks: 1 appeals need as many orders hit by bot_views or click_farm")
        .hasMessageContaining("but only 0 of the 1 can");
  }

  @Test
  void unknownScenarioNameListsTheShippedOnes() {
    assertThatThrownBy(() -> ScenarioLoader.load("no-such-scenario"))
        .hasMessageContaining("neither a shipped scenario (smoke, mid-day, heavy-attacks, retention-70d) nor a readable file");
  }

  @Test
  void commandLineErrorsAreClear() {
    assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--scenario", "smoke"}))
        .hasMessageContaining("no output: give --out-dir DIR, --kafka HOST:PORT, or both");
    assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--scenario", "smoke", "--out-dir", "x", "--rate", "-1"}))
        .hasMessageContaining("--rate: must be a positive number, got '-1'");
    assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--senario", "smoke"}))
        .hasMessageContaining("unknown option '--senario'");
  }

  @Test
  void worldKnobsOfTheRobustnessGridHaveDefaultsAndBounds() {
    Scenario s = parse(BASE);
    assertThat(s.traffic().sharedDeviceShare()).isEqualTo(0.02);
    assertThat(s.traffic().heavyShare()).isZero();
    assertThat(s.traffic().deviceGroupShare()).isZero();
    assertThat(s.traffic().mobileShare()).isEqualTo(0.3);
    assertThatThrownBy(() -> parse(BASE + "  mobileShare: 1.5\n"))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("traffic.mobileShare");
    assertThatThrownBy(() -> parse(BASE + "  sharedDeviceShare: 0.95\n"))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("traffic.sharedDeviceShare");
  }

  @Test
  void aCoverShareDecidesTheCoverViewsPerAccount() {
    Scenario s = parse(BASE + """
        attacks:
          - kind: camouflage
            accounts: 100
            volume: 500
            coverShare: 0.8
        """);
    // Five views per account on the target are a fifth of its views: twenty more as cover.
    assertThat(s.attacks().get(0).coverViewsPerAccount()).isEqualTo(20);
  }

  @Test
  void moreSharedPhonesMeanMoreAccountsOnDevicesWithOthers() {
    long few = accountsOnSharedDevices(parse(BASE.replace("accounts: 1000", "accounts: 20000")));
    long many = accountsOnSharedDevices(parse(BASE.replace("accounts: 1000", "accounts: 20000") + "  sharedDeviceShare: 0.15\n"));
    assertThat(few).isBetween(600L, 1000L);
    assertThat(many).isBetween(4500L, 6500L);
  }

  @Test
  void deviceGroupsPutThreeToSixAccountsOnOnePhone() {
    Scenario s = parse(BASE.replace("accounts: 1000", "accounts: 20000") + "  deviceGroupShare: 0.1\n");
    var world = WorldBuilder.build(s, 7);
    java.util.Map<Integer, Integer> perDevice = new java.util.HashMap<>();
    for (int a = 0; a < world.organicAccounts; a++) {
      perDevice.merge(world.accountDevice[a], 1, Integer::sum);
    }
    long onGroups = java.util.stream.IntStream.range(0, world.organicAccounts).filter(a -> perDevice.get(world.accountDevice[a]) >= 3).count();
    assertThat(onGroups).isBetween(1700L, 2300L);
    assertThat(perDevice.values()).allMatch(n -> n <= 7);
  }

  private static long accountsOnSharedDevices(Scenario s) {
    var world = WorldBuilder.build(s, 7);
    java.util.Map<Integer, Integer> perDevice = new java.util.HashMap<>();
    for (int a = 0; a < world.organicAccounts; a++) {
      perDevice.merge(world.accountDevice[a], 1, Integer::sum);
    }
    return java.util.stream.IntStream.range(0, world.organicAccounts).filter(a -> perDevice.get(world.accountDevice[a]) > 1).count();
  }
}
