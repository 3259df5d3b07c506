package com.creatormarket.integrity.faketraffic.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.creatormarket.integrity.faketraffic.signals.Shares;
import org.junit.jupiter.api.Test;

/** What chance brings: the co-viewers expected of a set of videos, from their reach (issue #14). */
class VideoReachTest {

  static VideoReach reach(long accounts, int[] hashes, long[] viewers) {
    VideoReach r = new VideoReach();
    r.add(hashes, viewers, accounts);
    return r;
  }

  @Test
  void quietViewersOfTwoPopularVideosAreWhatChanceBrings() {
    // 5,000 accounts active; each video reached by 800 and 600 of them: 96 expected to see both.
    VideoReach hour = reach(5_000, new int[] {1, 2}, new long[] {800, 600});
    double expected = VideoReach.expectedCoViewers(hour, null, new int[] {1, 2}, 0, 0);
    assertThat(expected).isCloseTo(96, within(1e-9));
    assertThat(Shares.poissonSurprise(23, expected)).as("23 co-viewers of 96 expected").isZero();
  }

  @Test
  void aGroupOnTwoVideosFewWatchIsNot() {
    VideoReach hour = reach(5_000, new int[] {1, 2, 3}, new long[] {800, 40, 35});
    double expected = VideoReach.expectedCoViewers(hour, null, new int[] {2, 3}, 0, 0);
    assertThat(expected).isCloseTo(0.28, within(1e-9));
    assertThat(Shares.poissonSurprise(14, expected)).isGreaterThan(30);
  }

  @Test
  void aVideoNobodyReachedCountsAsReachedByOneAndAnUnlistedOneAtTheFloor() {
    VideoReach hour = reach(1_000, new int[] {1}, new long[] {500});
    assertThat(VideoReach.expectedCoViewers(hour, null, new int[] {1, 9}, 0, 0)).isCloseTo(0.5, within(1e-9));
    hour.floor = 100;
    assertThat(VideoReach.expectedCoViewers(hour, null, new int[] {1, 9}, 0, 0)).isCloseTo(50, within(1e-9));
  }

  @Test
  void aBurstOfTheLastMinutesCountsAtItsShareNowNotAnHourAgo() {
    // An hour ago the burst had not begun; in the hour so far it reached half of the accounts.
    VideoReach lastHour = reach(4_000, new int[] {1, 2}, new long[] {1, 600});
    VideoReach soFar = reach(3_000, new int[] {1, 2}, new long[] {1_500, 300});
    assertThat(VideoReach.expectedCoViewers(lastHour, null, new int[] {1, 2}, 0, 0)).isLessThan(1);
    // 4,000 x 0.5 x 0.15 (the larger shares of each).
    assertThat(VideoReach.expectedCoViewers(lastHour, soFar, new int[] {1, 2}, 0, 0)).isCloseTo(300, within(1e-9));
  }

  @Test
  void aGroupIsNotItsOwnChance() {
    // A small marketplace: 160 accounts this hour so far, 30 of them the group, which is 30 of each video's 40 viewers.
    VideoReach soFar = reach(160, new int[] {1, 2}, new long[] {40, 40});
    assertThat(VideoReach.expectedCoViewers(null, soFar, new int[] {1, 2}, 0, 0)).as("the group counted as audience").isCloseTo(10, within(1e-9));
    // Without the group: 10 of 130 other accounts on each video.
    double expected = VideoReach.expectedCoViewers(null, soFar, new int[] {1, 2}, 30, 0);
    assertThat(expected).isCloseTo(160 * (10 / 130.0) * (10 / 130.0), within(1e-9));
    // Those back from an earlier round come out of the last hour, not the others.
    VideoReach lastHour = reach(160, new int[] {1, 2}, new long[] {40, 40});
    assertThat(VideoReach.expectedCoViewers(lastHour, null, new int[] {1, 2}, 30, 30)).isCloseTo(expected, within(1e-9));
    assertThat(VideoReach.expectedCoViewers(lastHour, null, new int[] {1, 2}, 30, 0)).isCloseTo(10, within(1e-9));
  }

  @Test
  void noAccountsNoExpectation() {
    assertThat(VideoReach.expectedCoViewers(null, null, new int[] {1}, 0, 0)).isNaN();
  }

  @Test
  void slicesAddUpPerVideoAndTheListKeepsTheMostReached() {
    VideoReach r = new VideoReach();
    r.add(new int[] {-5, 3, 7}, new long[] {10, 1, 4}, 100);
    r.add(new int[] {3, 8}, new long[] {2, 9}, 50);
    assertThat(r.videoHashes).containsExactly(-5, 3, 7, 8);
    assertThat(r.viewers).containsExactly(10, 3, 4, 9);
    assertThat(r.activeAccounts).isEqualTo(150);

    VideoReach many = new VideoReach();
    int n = VideoReach.MAX_VIDEOS + 10;
    int[] hashes = new int[n];
    long[] viewers = new long[n];
    for (int i = 0; i < n; i++) {
      hashes[i] = i;
      viewers[i] = n - i; // video 0 reached most
    }
    many.add(hashes, viewers, 1_000_000);
    VideoReach listed = many.listed();
    assertThat(listed.videoHashes).hasSize(VideoReach.MAX_VIDEOS).isSorted();
    assertThat(listed.viewersOf(0)).isEqualTo(n);
    assertThat(listed.floor).as("the least reached listed").isEqualTo(11);
    assertThat(listed.viewersOf(n - 1)).as("not listed: at most the floor").isEqualTo(11);
  }
}
