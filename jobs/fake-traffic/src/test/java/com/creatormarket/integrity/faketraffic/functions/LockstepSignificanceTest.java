package com.creatormarket.integrity.faketraffic.functions;

import static com.creatormarket.integrity.faketraffic.testing.Traffic.HOUR;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.MINUTE;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.FakeTrafficOptions;
import com.creatormarket.integrity.faketraffic.model.LockstepFinding;
import com.creatormarket.integrity.faketraffic.model.VideoNotice;
import com.creatormarket.integrity.faketraffic.model.VideoReach;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The lockstep-significance stage: a group goes on to the video stage only when chance does not
 * explain it, judged with the reach of the times before it, however early later reach arrives.
 */
class LockstepSignificanceTest {

  static final DetectionSettings S = DetectionSettings.from(FakeTrafficOptions.defaults().with(Map.of("lockstep.min-surprise", "10")));
  static final int POPULAR_A = 11;
  static final int POPULAR_B = 12;
  static final int OBSCURE = 13;
  static final int OBSCURE_TOO = 14;

  /** The reach of the hour starting at {@code hourStart} up to {@code until}: two popular videos and two obscure ones. */
  static VideoReach reach(long hourStart, long until, long popularViewers, long obscureViewers) {
    VideoReach r = new VideoReach();
    r.periodStart = hourStart;
    r.until = until;
    r.add(new int[] {POPULAR_A, POPULAR_B, OBSCURE, OBSCURE_TOO}, new long[] {popularViewers, popularViewers, obscureViewers, obscureViewers},
        4_000);
    return r;
  }

  static VideoNotice finding(String videoId, int[] core, int accounts, long at) {
    LockstepFinding f = new LockstepFinding();
    f.videoId = videoId;
    f.groupKey = "b0:1:2";
    f.groupSize = accounts;
    f.weightedSize = accounts;
    f.coreVideos = core;
    f.coreAccounts = accounts;
    f.rounds = 1;
    f.eventTime = at;
    return VideoNotice.of(f);
  }

  /** The findings let through when the given reach records arrive before the watermark passes the findings. */
  static List<LockstepFinding> judge(List<VideoReach> reach, List<VideoNotice> findings) throws Exception {
    try (KeyedTwoInputStreamOperatorTestHarness<String, VideoNotice, VideoReach, VideoNotice> h = new KeyedTwoInputStreamOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(new LockstepSignificance(S), List.of(LockstepSignificance.REACH)), n -> n.videoId, null, Types.STRING)) {
      h.open();
      for (VideoReach r : reach) {
        h.processElement2(new StreamRecord<>(r, r.until - 1));
      }
      for (VideoNotice n : findings) {
        h.processElement1(new StreamRecord<>(n, n.lockstep.eventTime));
      }
      assertThat(h.getOutput().stream().filter(o -> o instanceof StreamRecord<?>)).as("nothing before the watermark").isEmpty();
      h.processBothWatermarks(new Watermark(at(10 * HOUR)));
      return h.getOutput().stream().filter(o -> o instanceof StreamRecord<?>)
          .map(o -> ((VideoNotice) ((StreamRecord<?>) o).getValue()).lockstep).toList();
    }
  }

  @Test
  void twentyCoViewersOfTwoPopularVideosAreChanceTwentyOfTwoObscureOnesAreNot() throws Exception {
    long t = at(2 * HOUR + 25 * MINUTE);
    List<VideoReach> reach = List.of(reach(at(HOUR), at(2 * HOUR), 1_500, 30));
    List<LockstepFinding> passed = judge(reach, List.of(
        finding("popular", new int[] {POPULAR_A, POPULAR_B}, 20, t),
        finding("obscure", new int[] {OBSCURE, OBSCURE_TOO}, 20, t)));
    assertThat(passed).extracting(f -> f.videoId).containsExactly("obscure");
    // 4,000 x 0.0075 x 0.0075; the popular pair's was 4,000 x 0.375 x 0.375 = 562.5
    assertThat(passed.get(0).expectedByChance).isCloseTo(0.225, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void aVideoThatTookOffInTheLastMinutesIsJudgedAtItsReachNow() throws Exception {
    long t = at(2 * HOUR + 25 * MINUTE);
    VideoNotice f = finding("v", new int[] {OBSCURE, OBSCURE_TOO}, 20, t);
    assertThat(judge(List.of(reach(at(HOUR), at(2 * HOUR), 1_500, 30)), List.of(f))).hasSize(1);
    // The obscure videos reached half the marketplace between 2:00 and 2:20.
    VideoNotice again = finding("v", new int[] {OBSCURE, OBSCURE_TOO}, 20, t);
    assertThat(judge(List.of(reach(at(HOUR), at(2 * HOUR), 1_500, 30), reach(at(2 * HOUR), at(2 * HOUR + 20 * MINUTE), 1_500, 2_000)),
        List.of(again))).isEmpty();
  }

  @Test
  void reachOfLaterMinutesDoesNotChangeTheVerdictHoweverEarlyItComes() throws Exception {
    long t = at(2 * HOUR + 25 * MINUTE);
    List<VideoReach> onTime = List.of(reach(at(HOUR), at(2 * HOUR), 1_500, 30));
    // Reach up to 2:30 and 3:00 says the obscure videos went viral: it arrives first, but covers minutes after the finding.
    List<VideoReach> early = List.of(reach(at(HOUR), at(2 * HOUR), 1_500, 30),
        reach(at(2 * HOUR), at(2 * HOUR + 30 * MINUTE), 1_500, 2_000), reach(at(2 * HOUR), at(3 * HOUR), 3_000, 4_000));
    assertThat(judge(early, List.of(finding("v", new int[] {OBSCURE, OBSCURE_TOO}, 20, t))))
        .hasSameSizeAs(judge(onTime, List.of(finding("v", new int[] {OBSCURE, OBSCURE_TOO}, 20, t)))).hasSize(1);
  }

  @Test
  void inTheJobsFirstMinutesAGroupIsJudgedWithTheReachOfItsOwnTenMinutes() throws Exception {
    long t = at(25 * MINUTE);
    assertThat(judge(List.of(reach(0, at(30 * MINUTE), 1_500, 30)), List.of(finding("v", new int[] {POPULAR_A, POPULAR_B}, 20, t))))
        .as("popular by 0:30").isEmpty();
    assertThat(judge(List.of(reach(0, at(30 * MINUTE), 1_500, 30)), List.of(finding("v", new int[] {OBSCURE, OBSCURE_TOO}, 20, t))))
        .hasSize(1);
    assertThat(judge(List.of(), List.of(finding("v", new int[] {POPULAR_A, POPULAR_B}, 20, t))))
        .as("no reach at all: counts as without the test").hasSize(1);
  }
}
