package com.creatormarket.integrity.faketraffic.model;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * What one upstream subtask saw of one video in one short event-time bucket, merged: counts,
 * counts per {@link Flags} combination, and serialized sketches. The video stage receives one of
 * these per bucket per subtask instead of every event. Sketches as bytes; serialized by {@link VideoPartialSerializer}.
 */
@TypeInfo(VideoPartialSerializer.Factory.class)
public class VideoPartial {
  public String videoId;
  public String creatorId;
  public long bucketStart;
  public long maxEventTime;

  public long events;
  public long views;
  public long likes;
  public long unlikes;
  public long follows;
  public long unfollows;
  public long watchMillis;
  /** Middle-length views (neither short nor full) at the partial's most common exact duration, beyond the first. */
  public long regularViews;
  /** Unfollows of follows made shortly before ({@link Flags#WITHDRAWN}). */
  public long withdrawnFollows;
  public long freshEvents;
  /** Events from devices several accounts use ({@link Flags#SHARED_DEVICE}). */
  public long sharedDeviceEvents;
  /**
   * For the campaign shape (signals.CampaignShape): events from devices known long enough
   * (not {@link Flags#YOUNG_DEVICE}), hits in passing included, and of them those from shared devices.
   */
  public long settledDeviceEvents;
  public long settledSharedEvents;
  /**
   * Events that were their account's first on this video in the epoch ({@link Flags#FIRST_ON_VIDEO}),
   * and first of all in the epoch ({@link Flags#FIRST_OF_ACCOUNT}): over an hour's partials, the
   * video's viewers and the marketplace's active accounts, for the lockstep significance.
   */
  public long firstOnVideo;
  public long firstOfAccount;

  /**
   * The combinations of the first {@link Flags#MASKED} flag bits this partial's events had,
   * ascending; the {@code mask*} arrays are aligned with it. Sparse: a partial of a quiet video has
   * one or two of the 32 combinations, and four dense arrays were 1 KB per record on the wire.
   */
  public byte[] masks;
  public long[] maskViews;
  public long[] maskWatch;
  public long[] maskLikes;
  public long[] maskFollows;

  /** HLL sketch (compact bytes) of the accounts that viewed. */
  public byte[] viewers;
  /**
   * Frequent-items sketches (DataSketches ItemsSketch of strings) over all events. On the wire
   * (combiner to video stage) only for a kind of key past {@link Frequencies#EXACT_KEYS}; else the
   * exact counts below say it, and the video stage makes the sketch from them ({@link PartialBuilder#judged}).
   */
  public byte[] devices;
  public byte[] prefixes;
  public byte[] accounts;
  /** Exact events per key, keys ascending and counts aligned; null past {@link Frequencies#EXACT_KEYS}. */
  public String[] deviceKeys;
  public long[] deviceCounts;
  public String[] prefixKeys;
  public long[] prefixCounts;
  public String[] accountKeys;
  public long[] accountCounts;
  /** Middle-length views per exact duration (ms), ascending, counts aligned: the regularity count is taken from them when judged. */
  public long[] durationKeys;
  public long[] durationCounts;

  /** The creator's like and follow rates per view before this partial (set by the creator-norms stage); NaN while unknown. */
  public double creatorLikeRate = Double.NaN;
  public double creatorFollowRate = Double.NaN;
  /** The marketplace's median shares of events from shared devices and fresh accounts (population-norms stage, via creator-norms); NaN while unknown. */
  public double populationSharedShare = Double.NaN;
  public double populationFreshShare = Double.NaN;
  /**
   * Events, shared-device events (as {@link #sharedDeviceEvents}) and fresh-account events per viewer
   * region ({@link Regions}), regions ascending and the counts aligned: what the population learns
   * per region, and the video's audience mix its baseline is weighted by (issue #14).
   */
  public char[] regions;
  public long[] regionEvents;
  public long[] regionShared;
  public long[] regionFresh;
  /** The population's median shares per region where it knows them (stamped with the marketplace's), regions ascending. */
  public char[] normRegions;
  public float[] normShared;
  public float[] normFresh;

  public VideoPartial() {}

  public static VideoPartial empty(String videoId, String creatorId, long bucketStart) {
    VideoPartial p = new VideoPartial();
    p.videoId = videoId;
    p.creatorId = creatorId;
    p.bucketStart = bucketStart;
    p.maxEventTime = bucketStart;
    p.masks = new byte[0];
    p.maskViews = new long[0];
    p.maskWatch = new long[0];
    p.maskLikes = new long[0];
    p.maskFollows = new long[0];
    p.regions = new char[0];
    p.regionEvents = new long[0];
    p.regionShared = new long[0];
    p.regionFresh = new long[0];
    p.normRegions = new char[0];
    p.normShared = new float[0];
    p.normFresh = new float[0];
    return p;
  }
}
