package com.creatormarket.integrity.faketraffic.model;

/**
 * A synchronized group found on one video: how many accounts hit the same video set within the
 * window, in how many rounds the same accounts came back, and a sample of them. A Flink POJO.
 */
public class LockstepFinding {
  public String videoId;
  public String groupKey;
  public int groupSize;
  /** The group's members weighted by how much of their recent activity the group's videos take (see LockstepGroups). */
  public double weightedSize;
  /** Accounts of this round also seen in an earlier round of the same group. */
  public int repeatedAccounts;
  public int rounds;
  /** Events of the group's accounts on this video in this round (made invalid when the signal fires). */
  public long views;
  public long likes;
  public long follows;
  /**
   * Accounts of the current round whose video set held this video (each viewed it at least once):
   * how material the group is to the video. Not the round's reported views, which only count the
   * hits made once an account's set was large enough to be sent here.
   */
  public long roundAccounts;
  public String[] sampleAccounts;
  /** The group's core videos (hashes, as in lockstep sets) and the round's members whose sets held all of them. */
  public int[] coreVideos;
  public int coreAccounts;
  /**
   * Accounts expected to hit all core videos within an hour by chance, from the last hour's reach
   * of each ({@code lockstep-significance}); NaN when no hour was known yet or the test is off.
   */
  public double expectedByChance = Double.NaN;
  public long windowMillis;
  public long eventTime;

  public LockstepFinding() {}
}
