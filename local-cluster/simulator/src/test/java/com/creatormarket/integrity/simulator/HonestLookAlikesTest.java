package com.creatormarket.integrity.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.avro.EngagementKind;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderEventKind;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.simulator.output.RecordFiles;
import com.creatormarket.integrity.simulator.scenario.ScenarioLoader;
import com.creatormarket.integrity.simulator.truth.GroundTruth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #14's honest look-alikes: loyal fan groups and a celebrity's share bringing brand-new accounts. */
class HonestLookAlikesTest {

  static String world(String traffic, String viral) {
    return """
        name: look-alikes
        start: 2025-03-03T00:00:00+08:00
        duration: 1d
        marketplace:
          advertisers: 5
          creators: 6
          orders: 24
          publishWindow: 8h
        traffic:
          accounts: 5000
          viewsPerVideo: 150
        """ + traffic + """
        viral:
          videos: 1
          multiplier: 10
          startAfterPublish: 2h
        """ + viral;
  }

  static Runs run(Path dir, String traffic, String viral) throws Exception {
    return Runs.generate(ScenarioLoader.parse(world(traffic, viral), "look-alikes.yaml"), dir);
  }

  /** Per video, the accounts that viewed it within 30 minutes of its publication. */
  static Map<String, Set<String>> earlyViewers(Path dir) throws Exception {
    Map<String, Long> published = new HashMap<>();
    for (OrderEvent o : RecordFiles.readAll(dir, Topics.ORDERS)) {
      if (o.getKind() == OrderEventKind.VIDEO_PUBLISHED) {
        published.put(o.getVideoId().toString(), o.getPublishedAt().toEpochMilli());
      }
    }
    Map<String, Set<String>> early = new HashMap<>();
    for (EngagementEvent e : RecordFiles.readAll(dir, Topics.ENGAGEMENT)) {
      Long at = published.get(e.getVideoId().toString());
      if (e.getKind() == EngagementKind.VIEW && at != null && e.getEventTime().toEpochMilli() - at <= Duration.ofMinutes(30).toMillis()) {
        early.computeIfAbsent(e.getVideoId().toString(), k -> new HashSet<>()).add(e.getAccountId().toString());
      }
    }
    return early;
  }

  /** The largest number of accounts that viewed two videos of one creator, each within 30 minutes of its publication. */
  static int largestSharedEarlyAudience(Runs run) throws Exception {
    Map<String, Set<String>> early = earlyViewers(run.dir());
    Map<String, List<String>> videosOf = new HashMap<>();
    for (OrderEvent o : RecordFiles.readAll(run.dir(), Topics.ORDERS)) {
      if (o.getKind() == OrderEventKind.VIDEO_PUBLISHED) {
        videosOf.computeIfAbsent(o.getCreatorId().toString(), k -> new java.util.ArrayList<>()).add(o.getVideoId().toString());
      }
    }
    int best = 0;
    for (List<String> videos : videosOf.values()) {
      for (int i = 0; i < videos.size(); i++) {
        for (int j = i + 1; j < videos.size(); j++) {
          Set<String> both = new HashSet<>(early.getOrDefault(videos.get(i), Set.of()));
          both.retainAll(early.getOrDefault(videos.get(j), Set.of()));
          best = Math.max(best, both.size());
        }
      }
    }
    return best;
  }

  @Test
  void aFanGroupWatchesEachNewVideoOfItsCreatorWithinMinutes(@TempDir Path with, @TempDir Path without) throws Exception {
    Runs fans = run(with, "  fanGroupShare: 1\n  fanGroupSize: 40\n", "");
    TruthChecks.verify(fans);
    // Four in five of the forty come each time, ten minutes on average: most of them for both of two videos.
    assertThat(largestSharedEarlyAudience(fans)).isGreaterThanOrEqualTo(15);
    assertThat(largestSharedEarlyAudience(run(without, "", ""))).isLessThan(5);
  }

  @Test
  void aCelebritysShareBringsBrandNewAccountsToTheBurst(@TempDir Path with, @TempDir Path without) throws Exception {
    assertThat(newAccountShareOfBurst(run(with, "", "  newcomerShare: 0.5\n"))).isBetween(0.35, 0.65);
    assertThat(newAccountShareOfBurst(run(without, "", ""))).isLessThan(0.05);
  }

  /** Share of the viral video's views during its burst from accounts made less than a week before the view. */
  static double newAccountShareOfBurst(Runs run) throws Exception {
    GroundTruth.ViralVideo viral = run.truth().viralVideos().get(0);
    long views = 0;
    long fresh = 0;
    for (EngagementEvent e : RecordFiles.readAll(run.dir(), Topics.ENGAGEMENT)) {
      if (e.getKind() != EngagementKind.VIEW || !e.getVideoId().toString().equals(viral.videoId())
          || e.getEventTime().isBefore(viral.burstStart()) || !e.getEventTime().isBefore(viral.burstEnd())) {
        continue;
      }
      views++;
      if (Duration.between(e.getAccountCreatedAt(), e.getEventTime()).compareTo(Duration.ofDays(7)) < 0) {
        fresh++;
      }
    }
    return (double) fresh / views;
  }
}
