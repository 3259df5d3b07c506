package com.creatormarket.integrity.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.EngagementKind;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.simulator.generate.TrafficGenerator;
import com.creatormarket.integrity.simulator.output.RecordFiles;
import com.creatormarket.integrity.simulator.scenario.Scenario;
import com.creatormarket.integrity.simulator.scenario.ScenarioLoader;
import com.creatormarket.integrity.simulator.truth.GroundTruth;
import com.creatormarket.integrity.simulator.world.World;
import com.creatormarket.integrity.simulator.world.WorldBuilder;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An honest viral burst is a take-off, not a click farm: its views come mostly from accounts seeing
 * the video for the first time, even in a small world (issue #14: an unbounded burst on a world's
 * fixed account pool brought every account back several times, and the detector rightly read
 * repeat views).
 */
class ViralBurstReachTest {

  @Test
  void aBurstInTheDemosSmallWorldComesMostlyFromFirstViews(@TempDir Path dir) throws Exception {
    // The demo's world: 3,000 accounts, a burst eight times the video's expected views; seed 42 is the demo's.
    Scenario smoke = ScenarioLoader.load("smoke");
    long seed = 42;
    World world = WorldBuilder.build(smoke, seed);
    GroundTruth truth;
    try (RecordFiles.Writer writer = new RecordFiles.Writer(dir)) {
      truth = new TrafficGenerator(world, seed).run(writer, null).build(seed);
    }
    assertThat(truth.viralVideos()).isNotEmpty();
    for (GroundTruth.ViralVideo viral : truth.viralVideos()) {
      long[] views = new long[1];
      Set<String> accounts = new HashSet<>();
      RecordFiles.forEach(dir, Topics.ENGAGEMENT, e -> {
        if (e.getVideoId().equals(viral.videoId()) && e.getKind() == EngagementKind.VIEW
            && !e.getEventTime().isBefore(viral.burstStart()) && e.getEventTime().isBefore(viral.burstEnd())) {
          views[0]++;
          accounts.add(e.getAccountId());
        }
      });
      assertThat(views[0]).as("views in the burst of " + viral.videoId()).isGreaterThan(300);
      assertThat((double) accounts.size() / views[0]).as("distinct accounts per view in the burst of " + viral.videoId())
          .isGreaterThan(0.85);
    }
  }
}
