package com.creatormarket.integrity.faketraffic.model;

/**
 * One partial's counts that the population learns from: its video and bucket, events, events from
 * shared devices and from fresh accounts, and the events first of their account on the video and in the hour. Small on the wire (the whole partial is 1-3 KB). A Flink POJO.
 */
public class BucketTotals {
  public String videoId;
  public long bucketStart;
  public long events;
  public long sharedDeviceEvents;
  public long freshEvents;
  /** The partial's {@code firstOnVideo} and {@code firstOfAccount}: the video's viewers and the active accounts. */
  public long viewers;
  public long activeAccounts;

  public BucketTotals() {}

  public static BucketTotals of(VideoPartial p) {
    BucketTotals t = new BucketTotals();
    t.videoId = p.videoId;
    t.bucketStart = p.bucketStart;
    t.events = p.events;
    t.sharedDeviceEvents = p.sharedDeviceEvents;
    t.freshEvents = p.freshEvents;
    t.viewers = p.firstOnVideo;
    t.activeAccounts = p.firstOfAccount;
    return t;
  }

  /** Adds another partial of the same video and bucket: sums, the same in any order. */
  public void add(BucketTotals other) {
    events += other.events;
    sharedDeviceEvents += other.sharedDeviceEvents;
    freshEvents += other.freshEvents;
    viewers += other.viewers;
    activeAccounts += other.activeAccounts;
  }
}
