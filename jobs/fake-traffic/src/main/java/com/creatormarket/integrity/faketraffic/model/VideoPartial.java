package com.creatormarket.integrity.faketraffic.model;

/**
 * What one upstream subtask saw of one video in one short event-time bucket, merged: counts,
 * counts per {@link Flags} combination, and serialized sketches. The video stage receives one of
 * these per bucket per subtask instead of every event. A Flink POJO (sketches as bytes: no Kryo).
 */
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

  /** Indexed by the first {@link Flags#MASKED} flag bits of the event. */
  public long[] viewsByMask;
  public long[] watchByMask;
  public long[] likesByMask;
  public long[] followsByMask;

  /** HLL sketch (compact bytes) of the accounts that viewed. */
  public byte[] viewers;
  /** Frequent-items sketches (DataSketches ItemsSketch of strings) over all events. */
  public byte[] devices;
  public byte[] prefixes;
  public byte[] accounts;

  /** The creator's like and follow rates per view before this partial (set by the creator-norms stage); NaN while unknown. */
  public double creatorLikeRate = Double.NaN;
  public double creatorFollowRate = Double.NaN;

  public VideoPartial() {}

  public static VideoPartial empty(String videoId, String creatorId, long bucketStart) {
    VideoPartial p = new VideoPartial();
    p.videoId = videoId;
    p.creatorId = creatorId;
    p.bucketStart = bucketStart;
    p.maxEventTime = bucketStart;
    p.viewsByMask = new long[Flags.MASKS];
    p.watchByMask = new long[Flags.MASKS];
    p.likesByMask = new long[Flags.MASKS];
    p.followsByMask = new long[Flags.MASKS];
    return p;
  }
}
