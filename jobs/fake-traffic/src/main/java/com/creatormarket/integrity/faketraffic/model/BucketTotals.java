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
  /** Per viewer region, as the partial's {@link VideoPartial#regions}: events, shared-device and fresh-account events. */
  public char[] regions = new char[0];
  public long[] regionEvents = new long[0];
  public long[] regionShared = new long[0];
  public long[] regionFresh = new long[0];

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
    if (p.regions != null) {
      t.regions = p.regions.clone();
      t.regionEvents = p.regionEvents.clone();
      t.regionShared = p.regionShared.clone();
      t.regionFresh = p.regionFresh.clone();
    }
    return t;
  }

  /** Adds another partial of the same video and bucket: sums, the same in any order. */
  public void add(BucketTotals other) {
    events += other.events;
    sharedDeviceEvents += other.sharedDeviceEvents;
    freshEvents += other.freshEvents;
    viewers += other.viewers;
    activeAccounts += other.activeAccounts;
    if (other.regions.length == 0) {
      return;
    }
    SegmentTally sum = new SegmentTally();
    sum.addAll(regions, regionEvents, regionShared, regionFresh);
    sum.addAll(other.regions, other.regionEvents, other.regionShared, other.regionFresh);
    regions = sum.segments();
    regionEvents = sum.column(0);
    regionShared = sum.column(1);
    regionFresh = sum.column(2);
  }
}
