package com.creatormarket.integrity.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.EngagementKind;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.simulator.output.RecordFiles;
import com.creatormarket.integrity.simulator.truth.GroundTruth;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Organic traffic sits within the stated bands (README, "What organic traffic looks like"): these
 * are the properties a detector's false-positive rate depends on.
 */
class OrganicTrafficTest {

  @TempDir
  static Path dir;

  static Runs run;
  static long views;
  static long likes;
  static long follows;
  static long under2s;
  static long completed;
  static long inLast5Percent;
  static long from70To95Percent;
  static final Map<String, long[]> byVideo = new HashMap<>();
  static final Map<String, long[]> byCreator = new HashMap<>();
  static final Map<String, Integer> viewsByAccount = new HashMap<>();
  static final Set<String> devices = new HashSet<>();
  static final Set<String> prefixes = new HashSet<>();
  static final Set<String> countries = new HashSet<>();
  static final Set<String> clients = new HashSet<>();
  static final List<Long> accountAgesDays = new ArrayList<>();
  static final long[] viewsByLocalHour = new long[24];

  @BeforeAll
  static void generate() throws Exception {
    run = Runs.generate(Runs.testScenario("organic-day"), dir);
    ZoneId zone = run.scenario().timeZone();
    Instant start = run.scenario().start();
    RecordFiles.forEach(dir, Topics.ENGAGEMENT, e -> {
      long[] creator = byCreator.computeIfAbsent(e.getCreatorId(), k -> new long[2]);
      if (e.getKind() == EngagementKind.LIKE) {
        likes++;
        creator[1]++;
      } else if (e.getKind() == EngagementKind.FOLLOW) {
        follows++;
      } else if (e.getKind() == EngagementKind.VIEW) {
        views++;
        creator[0]++;
        byVideo.computeIfAbsent(e.getVideoId(), k -> new long[1])[0]++;
        long watch = e.getWatchTimeMillis();
        long length = e.getVideoLengthMillis();
        if (watch < 2000) {
          under2s++;
        }
        if (watch >= 0.95 * length) {
          completed++;
        }
        if (watch >= 0.95 * length && watch <= length) {
          inLast5Percent++;
        } else if (watch >= 0.70 * length && watch < 0.95 * length) {
          from70To95Percent++;
        }
        if (viewsByAccount.merge(e.getAccountId(), 1, Integer::sum) == 1) {
          accountAgesDays.add(Duration.between(e.getAccountCreatedAt(), start).toDays());
        }
        devices.add(e.getDeviceId());
        prefixes.add(e.getNetworkPrefix());
        countries.add(e.getCountry());
        clients.add(e.getClient());
        viewsByLocalHour[e.getEventTime().atZone(zone).getHour()]++;
      }
    });
  }

  @Test
  void likeAndFollowRatesSitAroundTheScenarioMeans() {
    assertThat(views).isGreaterThan(50_000);
    assertThat((double) likes / views).isBetween(0.032, 0.048);
    assertThat((double) follows / views).isBetween(0.0035, 0.0065);
  }

  @Test
  void likeRatesDifferByCreator() {
    double[] rates = byCreator.values().stream().filter(c -> c[0] >= 1500).mapToDouble(c -> (double) c[1] / c[0]).toArray();
    assertThat(rates.length).isGreaterThan(10);
    double mean = Arrays.stream(rates).average().orElseThrow();
    double sd = Math.sqrt(Arrays.stream(rates).map(r -> (r - mean) * (r - mean)).average().orElseThrow());
    // Spread 0.5 in log space: a coefficient of variation near 0.5, far above sampling noise (~0.1).
    assertThat(sd / mean).isBetween(0.25, 0.9);
  }

  @Test
  void watchTimesHaveShortAbandonsAndACompletionBump() {
    assertThat((double) under2s / views).as("share of views under 2 s").isBetween(0.15, 0.35);
    assertThat((double) completed / views).as("share of views to 95% or more").isBetween(0.18, 0.35);
    // The bump: per unit of the video, the last 5% hold far more views than 70%-95%.
    double densityEnd = inLast5Percent / 0.05;
    double densityBefore = from70To95Percent / 0.25;
    assertThat(densityEnd).isGreaterThan(3 * densityBefore);
  }

  @Test
  void popularityIsHeavyTailed() {
    long[] sorted = byVideo.values().stream().mapToLong(v -> v[0]).sorted().toArray();
    int top = Math.max(1, sorted.length / 10);
    long topViews = 0;
    for (int i = sorted.length - top; i < sorted.length; i++) {
      topViews += sorted[i];
    }
    assertThat((double) topViews / views).as("share of views on the top 10% of videos").isGreaterThan(0.40);
    assertThat(sorted[sorted.length / 2]).as("median video").isLessThan(sorted[sorted.length - 1] / 20);
  }

  @Test
  void trafficFollowsADailyRhythm() {
    long evening = viewsByLocalHour[20] + viewsByLocalHour[21];
    long night = viewsByLocalHour[3] + viewsByLocalHour[4];
    assertThat(evening).isGreaterThan(2 * night);
  }

  @Test
  void manyViewersEachWatchAFewVideos() {
    int[] perAccount = viewsByAccount.values().stream().mapToInt(Integer::intValue).sorted().toArray();
    assertThat(perAccount.length).isGreaterThan((int) (views / 10));
    assertThat(perAccount[perAccount.length / 2]).as("median views per viewer").isBetween(1, 5);
    assertThat(perAccount[perAccount.length - 1]).as("busiest viewer").isLessThan(500);
  }

  @Test
  void viewersAreDiverse() {
    assertThat(devices.size()).isGreaterThan((int) (0.9 * viewsByAccount.size()));
    assertThat(prefixes.size()).isGreaterThan(viewsByAccount.size() / 15);
    assertThat(countries.size()).isGreaterThanOrEqualTo(6);
    assertThat(clients.size()).isGreaterThanOrEqualTo(6);
    long[] ages = accountAgesDays.stream().mapToLong(Long::longValue).sorted().toArray();
    assertThat(ages[ages.length / 10]).as("10th percentile account age, days").isLessThan(365);
    assertThat(ages[ages.length * 9 / 10]).as("90th percentile account age, days").isGreaterThan(2 * 365);
    assertThat(ages[0]).isGreaterThanOrEqualTo(1);
  }

  @Test
  void viralBurstsComeFromManyOrdinaryAccounts() throws Exception {
    assertThat(run.truth().viralVideos()).hasSize(2);
    for (GroundTruth.ViralVideo viral : run.truth().viralVideos()) {
      long[] stats = new long[3]; // views, under 2 s, completed
      Set<String> accounts = new HashSet<>();
      List<Long> ages = new ArrayList<>();
      RecordFiles.forEach(dir, Topics.ENGAGEMENT, e -> {
        if (e.getVideoId().equals(viral.videoId()) && e.getKind() == EngagementKind.VIEW
            && !e.getEventTime().isBefore(viral.burstStart()) && e.getEventTime().isBefore(viral.burstEnd())) {
          stats[0]++;
          stats[1] += e.getWatchTimeMillis() < 2000 ? 1 : 0;
          stats[2] += e.getWatchTimeMillis() >= 0.95 * e.getVideoLengthMillis() ? 1 : 0;
          if (accounts.add(e.getAccountId())) {
            ages.add(Duration.between(e.getAccountCreatedAt(), e.getEventTime()).toDays());
          }
        }
      });
      assertThat(stats[0]).as("views in the burst of " + viral.videoId()).isGreaterThan(500);
      assertThat(viral.burstViews()).isGreaterThan(stats[0] / 2);
      assertThat((double) accounts.size() / stats[0]).as("distinct accounts per view").isGreaterThan(0.9);
      assertThat((double) stats[1] / stats[0]).as("short views in the burst").isBetween(0.15, 0.35);
      assertThat((double) stats[2] / stats[0]).as("completions in the burst").isBetween(0.15, 0.38);
      long fresh = ages.stream().filter(a -> a < 30).count();
      assertThat((double) fresh / ages.size()).as("accounts younger than 30 days").isLessThan(0.1);
    }
  }

  @Test
  void organicRunHasNoAttacks() {
    assertThat(run.truth().attacks()).isEmpty();
    assertThat(run.truth().honestOrders()).hasSize((int) run.world().orders.stream().filter(o -> o.published()).count());
  }
}
