package com.creatormarket.integrity.faketraffic.model;

import java.util.Arrays;

/**
 * How many accounts each video reached in one hour of the whole marketplace, or in its part up to
 * {@link #until}, and how many accounts were active in it: what the lockstep significance needs to
 * tell a bought group from viewers who meet by chance on popular videos (issue #14: under
 * independence, the accounts expected to hit every video of a set are the active accounts times the
 * product of each video's reach as a share of them). The population-norms stage emits one every
 * {@link #SLICES_PER_PERIOD}th of an hour, the hour so far; the {@link #MAX_VIDEOS} most reached
 * videos are listed, every other video reached at most {@link #floor} accounts. A Flink POJO.
 */
public class VideoReach {

  /** Videos listed per hour: the rest are no more reached than the last listed. */
  public static final int MAX_VIDEOS = 4096;

  /** Emitted at the end of every sixth of the period (ten minutes of an hour): a burst is seen within minutes. */
  public static final int SLICES_PER_PERIOD = 6;

  public long periodStart;
  /** The reach counts events before this time (exclusive): the period's end once it is complete. */
  public long until;
  /** Accounts with at least one event in the hour. */
  public long activeAccounts;
  /** Video hashes ({@code videoId.hashCode()}, as in lockstep sets), ascending, and the accounts each reached. */
  public int[] videoHashes = new int[0];
  public long[] viewers = new long[0];
  /** Reach of any video not listed: 0 when every video of the hour is listed. */
  public long floor;

  public VideoReach() {}

  /** Accounts the video reached in the hour (at most {@link #floor} when not listed). */
  public long viewersOf(int videoHash) {
    int i = Arrays.binarySearch(videoHashes, videoHash);
    return i >= 0 ? viewers[i] : floor;
  }

  /** The length of one slice of a period ({@code signal.epoch}): a sixth, ten minutes of an hour. */
  public static long sliceMillis(long epochMillis) {
    return epochMillis / SLICES_PER_PERIOD;
  }

  /** The start of the slice a time falls in. */
  public static long sliceStart(long time, long epochMillis) {
    long slice = sliceMillis(epochMillis);
    return Math.floorDiv(time, slice) * slice;
  }

  /**
   * The video's reach as a share of the active accounts, with {@code less} accounts (a group's own)
   * taken out of both; a video reached by nobody else counts as reached by one.
   */
  public double shareOf(int videoHash, long less) {
    if (activeAccounts <= 0) {
      return 0;
    }
    return Math.min(1.0, (double) Math.max(1, viewersOf(videoHash) - less) / Math.max(1, activeAccounts - less));
  }

  /**
   * Accounts expected, by chance, to hit every one of these videos within an hour: the active accounts
   * times the product of the videos' shares, each the larger of its share in the last complete hour and
   * in the hour so far ({@code current}, may be null): a video that went viral ten minutes ago is
   * popular now, whatever it was an hour ago. Independence of what one account watches is the null
   * hypothesis; NaN when neither reach knows any account. The group judged is not its own chance: its
   * accounts of this round ({@code roundAccounts}) are taken out of the hour so far, which may hold the
   * round's first minutes, and those back from an earlier round ({@code returning}) out of the last
   * hour, which may hold that round. Otherwise a group that is most of its videos' audience (a small
   * marketplace, a video nobody else watches) would make its own videos look popular.
   */
  public static double expectedCoViewers(VideoReach lastHour, VideoReach current, int[] videos, long roundAccounts, long returning) {
    long accounts = Math.max(lastHour == null ? 0 : lastHour.activeAccounts, current == null ? 0 : current.activeAccounts);
    if (accounts <= 0) {
      return Double.NaN;
    }
    double expected = accounts;
    for (int v : videos) {
      double share = Math.max(lastHour == null ? 0 : lastHour.shareOf(v, returning), current == null ? 0 : current.shareOf(v, roundAccounts));
      expected *= Math.max(share, 1.0 / accounts);
    }
    return expected;
  }

  /**
   * Adds a slice's viewers (video hashes ascending, one entry each) to this untruncated running reach;
   * two videos with one hash add up (more expected by chance: the safe side).
   */
  public void add(int[] hashes, long[] counts, long accounts) {
    int[] h = new int[videoHashes.length + hashes.length];
    long[] c = new long[h.length];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < videoHashes.length || j < hashes.length) {
      boolean left = j >= hashes.length || (i < videoHashes.length && videoHashes[i] <= hashes[j]);
      int hash = left ? videoHashes[i] : hashes[j];
      long count = left ? viewers[i++] : counts[j++];
      if (k > 0 && h[k - 1] == hash) {
        c[k - 1] += count;
      } else {
        h[k] = hash;
        c[k++] = count;
      }
    }
    videoHashes = Arrays.copyOf(h, k);
    viewers = Arrays.copyOf(c, k);
    activeAccounts += accounts;
  }

  /** A copy listing at most {@link #MAX_VIDEOS} videos, the most reached (ties: the smaller hash), the rest under {@link #floor}. */
  public VideoReach listed() {
    VideoReach r = new VideoReach();
    r.periodStart = periodStart;
    r.until = until;
    r.activeAccounts = activeAccounts;
    r.floor = floor;
    if (videoHashes.length <= MAX_VIDEOS) {
      r.videoHashes = videoHashes.clone();
      r.viewers = viewers.clone();
      return r;
    }
    Integer[] order = new Integer[videoHashes.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> viewers[a] != viewers[b] ? Long.compare(viewers[b], viewers[a]) : Integer.compare(videoHashes[a], videoHashes[b]));
    Integer[] kept = Arrays.copyOf(order, MAX_VIDEOS);
    r.floor = Math.max(floor, viewers[kept[MAX_VIDEOS - 1]]);
    Arrays.sort(kept);
    r.videoHashes = new int[MAX_VIDEOS];
    r.viewers = new long[MAX_VIDEOS];
    for (int i = 0; i < MAX_VIDEOS; i++) {
      r.videoHashes[i] = videoHashes[kept[i]];
      r.viewers[i] = viewers[kept[i]];
    }
    return r;
  }
}
