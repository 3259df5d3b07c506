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

/** Issue #14's honest look-alikes: loyal fan groups, a celebrity's share bringing brand-new accounts, a second market. */
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

  @Test
  void aSecondMarketHasItsOwnAudiencesWithMoreSharedPhonesAndNewAccounts(@TempDir Path with, @TempDir Path without) throws Exception {
    Runs two = run(with, "  secondMarketShare: 0.4\n", "");
    Map<String, long[]> byVideo = new HashMap<>(); // views: from ID, all
    Map<String, Set<String>> accountsOfDevice = new HashMap<>();
    Set<String>[] accounts = new Set[] {new HashSet<String>(), new HashSet<String>()}; // CN-side, ID
    Set<String>[] fresh = new Set[] {new HashSet<String>(), new HashSet<String>()};
    Map<String, String> deviceOf = new HashMap<>();
    for (EngagementEvent e : RecordFiles.readAll(two.dir(), Topics.ENGAGEMENT)) {
      if (e.getKind() != EngagementKind.VIEW) {
        continue;
      }
      int m = e.getCountry().toString().equals("ID") ? 1 : 0;
      long[] c = byVideo.computeIfAbsent(e.getVideoId().toString(), k -> new long[2]);
      c[0] += m;
      c[1]++;
      String a = e.getAccountId().toString();
      accounts[m].add(a);
      if (Duration.between(e.getAccountCreatedAt(), e.getEventTime()).toDays() < 30) {
        fresh[m].add(a);
      }
      deviceOf.put(a, e.getDeviceId().toString());
      accountsOfDevice.computeIfAbsent(e.getDeviceId().toString(), k -> new HashSet<>()).add(a);
    }
    // Each creator's regular audience is mostly from their own market: videos split into mostly-ID and mostly-CN.
    long mostlyId = byVideo.values().stream().filter(c -> c[1] >= 50 && c[0] >= 0.7 * c[1]).count();
    long mostlyCn = byVideo.values().stream().filter(c -> c[1] >= 50 && c[0] <= 0.3 * c[1]).count();
    long watched = byVideo.values().stream().filter(c -> c[1] >= 50).count();
    assertThat(mostlyId).isPositive();
    assertThat(mostlyCn).isPositive();
    assertThat(mostlyId + mostlyCn).isGreaterThanOrEqualTo(watched * 8 / 10);
    double[] sharedShare = new double[2];
    for (int m = 0; m < 2; m++) {
      long shared = accounts[m].stream().filter(a -> accountsOfDevice.get(deviceOf.get(a)).size() >= 3).count();
      sharedShare[m] = (double) shared / accounts[m].size();
    }
    double freshId = (double) fresh[1].size() / accounts[1].size();
    double freshCn = (double) fresh[0].size() / accounts[0].size();
    System.out.printf("second market: %d mostly-ID and %d mostly-CN of %d watched videos; shared phones ID %.3f CN %.3f; fresh ID %.3f CN %.3f%n",
        mostlyId, mostlyCn, watched, sharedShare[1], sharedShare[0], freshId, freshCn);
    assertThat(sharedShare[1]).as("ID accounts on phones of three or more").isGreaterThan(0.15).isGreaterThan(3 * sharedShare[0]);
    assertThat(freshId).as("ID accounts younger than 30 days").isGreaterThan(0.1).isGreaterThan(3 * freshCn);

    Runs one = run(without, "", "");
    assertThat(RecordFiles.readAll(one.dir(), Topics.ENGAGEMENT).stream().noneMatch(e -> e.getCountry().toString().equals("ID"))).isTrue();
  }
}
