package com.creatormarket.integrity.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.simulator.scenario.Scenario;
import com.creatormarket.integrity.simulator.scenario.ScenarioLoader;
import com.creatormarket.integrity.simulator.world.World;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A slow drip given as a daily lift adds that share of its target's expected organic views each day (issue #14). */
class SlowDripLiftTest {

  @Test
  void aDailyLiftOfFivePerCentOverTenDaysAddsHalfTheTargetsOrganicViews(@TempDir Path dir) throws Exception {
    Scenario s = ScenarioLoader.parse("""
        name: drip
        start: 2025-03-03T00:00:00+08:00
        duration: 12d
        marketplace:
          advertisers: 5
          creators: 20
          orders: 40
        traffic:
          accounts: 5000
          viewsPerVideo: 400
        attacks:
          - kind: slow_drip
            orders: 1
            accounts: 60
            dailyLift: 0.05
            duration: 10d
        """, "drip.yaml");
    Runs run = Runs.generate(s, dir);
    TruthChecks.verify(run);
    World.Video target = run.world().attacks.get(0).targets.get(0);
    long views = run.truth().attacks().get(0).eventCounts().getOrDefault("VIEW", 0L);
    assertThat(views).isEqualTo(Math.round(0.05 * target.expectedViews * 10));
  }
}
