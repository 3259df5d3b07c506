package com.creatormarket.integrity.faketraffic.model;

/**
 * The figures the signals read for one video at one moment: the sliding window's counts, the
 * video's own baselines from before, the creator's norms, the concentration estimates of the
 * current epoch and since publication, and the lockstep group last found. Built by the video stage
 * from its state; plain fields so signals stay pure functions that tests can feed directly.
 */
public class VideoWindow {
  public long windowMillis;
  public long events;
  public long views;
  public long likes;
  public long follows;
  public long extremeViews;
  public long regularViews;
  public long freshEvents;
  public long freshExtremeViews;
  public long repeatViews;
  public long noViewLikes;
  public long noViewFollows;
  public long sharedDeviceEvents;

  /** Number of completed slots the baselines have seen; 0 while the video is new. */
  public int baselineSlots;
  /** Views per window the video had recently (EWMA), before the current window. */
  public double baselineViews;
  public double baselineLikeRate;
  public double baselineExtremeShare;
  public double baselineFreshShare;

  public double creatorLikeRate = Double.NaN;
  public double creatorFollowRate = Double.NaN;
  /** The marketplace's median shares of events from shared devices and fresh accounts; NaN while unknown. */
  public double populationSharedShare = Double.NaN;
  public double populationFreshShare = Double.NaN;
  /** Cohort-silence score of the video's shared-device traffic (signals.CampaignShape); 0 while unknown. */
  public double campaignShape;

  public long cumViews;
  public long cumLikes;
  public long cumFollows;
  public long cumUnfollows;
  public long cumWithdrawn;
  public long cumEvents;
  public long cumFreshEvents;
  public long cumSharedDeviceEvents;

  public long epochMillis;
  public long epochEvents;
  public double epochTopDeviceShare;
  public double epochTopPrefixShare;
  public double cumTopPrefixShare;

  /** The sustained-lift detector's sum, its run's fresh events above the usual share, and the run's first and last hour. */
  public double liftCusum;
  public double liftRunExcess;
  public long liftRunStart;
  public long liftRunEnd;

  public int lockstepGroupSize;
  /** The group's members weighted by how much of their recent activity its videos take. */
  public double lockstepWeightedSize;
  public int lockstepRepeated;
  public int lockstepRounds;
  public long lockstepWindowMillis;
  /** The largest share of the video's views in the signal window a group's round made. */
  public double lockstepShare;
  /** Accounts chance would have brought onto the group's videos, from their reach; NaN: not judged. */
  public double lockstepExpected = Double.NaN;

  public VideoWindow() {}
}
