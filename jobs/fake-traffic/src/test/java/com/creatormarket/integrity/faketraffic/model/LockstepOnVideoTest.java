package com.creatormarket.integrity.faketraffic.model;

import static com.creatormarket.integrity.faketraffic.model.VideoStates.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What a video keeps of the lockstep groups found on it. */
class LockstepOnVideoTest {

  final LockstepOnVideo lockstep = new LockstepOnVideo(6);

  static LockstepFinding finding(int size, long views, long likes, String... accounts) {
    LockstepFinding f = new LockstepFinding();
    f.videoId = "vid-1";
    f.groupSize = size;
    f.weightedSize = size;
    f.rounds = 1;
    f.views = views;
    f.likes = likes;
    f.sampleAccounts = accounts;
    f.windowMillis = 600_000;
    return f;
  }

  @Test
  void aFindingReportsOnlyWhatTheRoundAddedSinceTheLastOne() {
    VideoState st = video();
    assertThat(lockstep.absorb(st, finding(6, 10, 2, "a"), 0)).isEqualTo(new LockstepOnVideo.Reported(10, 2, 0, true));
    assertThat(lockstep.absorb(st, finding(8, 15, 2, "b"), 0)).isEqualTo(new LockstepOnVideo.Reported(5, 0, 0, true));
    assertThat(st.lockSize).isEqualTo(8);
    assertThat(st.lockSample).containsExactly("a", "b");

    VideoWindow w = new VideoWindow();
    LockstepOnVideo.fill(st, w);
    assertThat(w.lockstepGroupSize).isEqualTo(8);
    assertThat(w.lockstepWindowMillis).isEqualTo(600_000);
  }

  @Test
  void aGroupTooSmallToCountKeepsNoSuspects() {
    VideoState st = video();
    LockstepOnVideo.Reported r = lockstep.absorb(st, finding(5, 10, 0, "a"), 0);
    assertThat(r.countsAsGroup()).isFalse();
    assertThat(st.lockSample).isEmpty();
  }

  @Test
  void theSampleOfSuspectsIsBounded() {
    VideoState st = video();
    lockstep.absorb(st, finding(30, 1, 0, IntStream.range(0, 30).mapToObj(i -> "acc" + i).toArray(String[]::new)), 0);
    assertThat(st.lockSample).hasSize(LockstepOnVideo.KEPT_SAMPLE);
  }

  @Test
  void remembersTheLargestShareOfTheWindowsViewsOneRoundMade() {
    VideoState st = video();
    LockstepFinding popular = finding(7, 7, 0, "a");
    popular.roundAccounts = 7;
    lockstep.absorb(st, popular, 350); // seven heavy viewers among 350 views: 2%
    assertThat(st.lockShare).isCloseTo(0.02, org.assertj.core.api.Assertions.within(1e-9));
    LockstepFinding bought = finding(12, 30, 0, "b");
    bought.roundAccounts = 24;
    lockstep.absorb(st, bought, 30);
    assertThat(st.lockShare).isCloseTo(0.8, org.assertj.core.api.Assertions.within(1e-9));
    VideoWindow w = new VideoWindow();
    LockstepOnVideo.fill(st, w);
    assertThat(w.lockstepShare).isEqualTo(st.lockShare);
  }
}
