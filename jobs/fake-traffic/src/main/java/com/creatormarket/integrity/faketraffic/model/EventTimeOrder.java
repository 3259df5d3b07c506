package com.creatormarket.integrity.faketraffic.model;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Decides in which order, and as what, the video stage judges what it was sent, so that its
 * outputs depend on the records and their event times only, never on the order they arrived in:
 * everything waits until the watermark passes the end of its event-time bucket, then is gathered in
 * its {@link PendingBucket}; due buckets are judged oldest first; within a bucket, first its order notices in a
 * fixed order, then its partials as one partial merged in a fixed order, then its lockstep findings
 * in a fixed order.
 */
public final class EventTimeOrder {

  /** Every field that goes into a merge or a judgement, so equal keys mean interchangeable partials. */
  static final Comparator<VideoPartial> PARTIALS = Comparator.<VideoPartial>comparingLong(p -> p.maxEventTime)
      .thenComparingLong(p -> p.events)
      .thenComparingLong(p -> p.views)
      .thenComparingLong(p -> p.likes)
      .thenComparingLong(p -> p.unlikes)
      .thenComparingLong(p -> p.follows)
      .thenComparingLong(p -> p.unfollows)
      .thenComparingLong(p -> p.watchMillis)
      .thenComparingLong(p -> p.regularViews)
      .thenComparingLong(p -> p.withdrawnFollows)
      .thenComparingLong(p -> p.freshEvents)
      .thenComparingLong(p -> p.sharedDeviceEvents)
      .thenComparingLong(p -> p.settledDeviceEvents)
      .thenComparingLong(p -> p.settledSharedEvents)
      .thenComparingLong(p -> p.firstOnVideo)
      .thenComparingLong(p -> p.firstOfAccount)
      .thenComparing(p -> p.masks, EventTimeOrder::compareBytes)
      .thenComparing(p -> p.maskViews, Arrays::compare)
      .thenComparing(p -> p.maskWatch, Arrays::compare)
      .thenComparing(p -> p.maskLikes, Arrays::compare)
      .thenComparing(p -> p.maskFollows, Arrays::compare)
      .thenComparing(p -> p.devices, EventTimeOrder::compareBytes)
      .thenComparing(p -> p.prefixes, EventTimeOrder::compareBytes)
      .thenComparing(p -> p.accounts, EventTimeOrder::compareBytes)
      .thenComparing(p -> p.viewers, EventTimeOrder::compareBytes)
      .thenComparing(p -> p.deviceKeys, EventTimeOrder::compareKeys)
      .thenComparing(p -> p.deviceCounts, EventTimeOrder::compareCounts)
      .thenComparing(p -> p.prefixKeys, EventTimeOrder::compareKeys)
      .thenComparing(p -> p.prefixCounts, EventTimeOrder::compareCounts)
      .thenComparing(p -> p.accountKeys, EventTimeOrder::compareKeys)
      .thenComparing(p -> p.accountCounts, EventTimeOrder::compareCounts)
      .thenComparing(p -> p.durationKeys, EventTimeOrder::compareCounts)
      .thenComparing(p -> p.durationCounts, EventTimeOrder::compareCounts)
      .thenComparingDouble(p -> p.creatorLikeRate)
      .thenComparingDouble(p -> p.creatorFollowRate)
      .thenComparingDouble(p -> p.populationSharedShare)
      .thenComparingDouble(p -> p.populationFreshShare);

  /** Partials of one bucket by video, then by {@link #PARTIALS}: the creator stage's order. */
  public static final Comparator<VideoPartial> BY_VIDEO =
      Comparator.<VideoPartial, String>comparing(p -> p.videoId).thenComparing(PARTIALS);

  /** Findings by event time, then group (the band key), then everything else they report. */
  static final Comparator<LockstepFinding> FINDINGS = Comparator.<LockstepFinding>comparingLong(f -> f.eventTime)
      .thenComparing(f -> f.groupKey, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparingInt(f -> f.rounds)
      .thenComparingInt(f -> f.groupSize)
      .thenComparingDouble(f -> f.weightedSize)
      .thenComparingInt(f -> f.repeatedAccounts)
      .thenComparingLong(f -> f.views)
      .thenComparingLong(f -> f.likes)
      .thenComparingLong(f -> f.follows)
      .thenComparingLong(f -> f.windowMillis)
      .thenComparing(f -> f.sampleAccounts, EventTimeOrder::compareStrings);

  /**
   * Order notices by event time, then order, then the registry's revision (the newer of one order's
   * notices at one time last), then everything else they carry.
   */
  static final Comparator<OrderNotice> NOTICES = Comparator.<OrderNotice>comparingLong(n -> n.eventTime)
      .thenComparing(n -> n.orderId, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparingInt(n -> n.revision)
      .thenComparing(n -> n.videoId, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(n -> n.creatorId, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(n -> n.advertiserId, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(n -> n.agencyId, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparingLong(n -> n.publishedAt)
      .thenComparingLong(n -> n.endsAt);

  private final long bucketMillis;
  private final DetectionSettings settings;

  public EventTimeOrder(DetectionSettings s) {
    this.bucketMillis = s.bucketMillis;
    this.settings = s;
  }

  /** The bucket an event time belongs to (its start). */
  public long bucketOf(long time) {
    return Math.floorDiv(time, bucketMillis) * bucketMillis;
  }

  /** The last millisecond of a bucket: its timer, the time it is judged at once the watermark passed it. */
  public long endOf(long bucketStart) {
    return bucketStart + bucketMillis - 1;
  }

  /** Adds a partial to its bucket's pending input ({@code null}: none yet). */
  public static PendingBucket with(PendingBucket b, VideoPartial p) {
    PendingBucket out = b == null ? new PendingBucket() : b;
    out.partials = Arrays.copyOf(out.partials, out.partials.length + 1);
    out.partials[out.partials.length - 1] = p;
    return out;
  }

  /** Adds a lockstep finding to its bucket's pending input ({@code null}: none yet). */
  public static PendingBucket with(PendingBucket b, LockstepFinding f) {
    PendingBucket out = b == null ? new PendingBucket() : b;
    out.findings = Arrays.copyOf(out.findings, out.findings.length + 1);
    out.findings[out.findings.length - 1] = f;
    return out;
  }

  /** Adds an order notice to the pending input of the bucket of its event time ({@code null}: none yet). */
  public static PendingBucket with(PendingBucket b, OrderNotice n) {
    PendingBucket out = b == null ? new PendingBucket() : b;
    out.orders = Arrays.copyOf(out.orders, out.orders.length + 1);
    out.orders[out.orders.length - 1] = n;
    return out;
  }

  /**
   * The bucket's partials as one, merged in a fixed order (past their exact bound, frequent-items
   * sketches that fill up depend on the order of merges), as the video stage reads it
   * ({@link PartialBuilder#judged}); null when it has none.
   */
  public VideoPartial merged(PendingBucket b) {
    if (b.partials.length == 0) {
      return null;
    }
    VideoPartial[] sorted = b.partials.clone();
    Arrays.sort(sorted, PARTIALS);
    VideoPartial first = sorted[0];
    PartialBuilder merged = new PartialBuilder(first.videoId, first.creatorId, first.bucketStart, settings);
    for (VideoPartial p : sorted) {
      merged.merge(p);
    }
    return merged.judged();
  }

  /** The bucket's order notices in a fixed order ({@link #NOTICES}). */
  public static OrderNotice[] orders(PendingBucket b) {
    OrderNotice[] sorted = b.orders.clone();
    Arrays.sort(sorted, NOTICES);
    return sorted;
  }

  /** The bucket's lockstep findings in a fixed order. */
  public static LockstepFinding[] findings(PendingBucket b) {
    LockstepFinding[] sorted = b.findings.clone();
    Arrays.sort(sorted, FINDINGS);
    return sorted;
  }

  private static int compareBytes(byte[] a, byte[] b) {
    return a == null ? (b == null ? 0 : -1) : b == null ? 1 : Arrays.compare(a, b);
  }

  private static int compareStrings(String[] a, String[] b) {
    return a == null ? (b == null ? 0 : -1) : b == null ? 1 : Arrays.compare(a, b);
  }

  private static int compareKeys(String[] a, String[] b) {
    return a == null ? (b == null ? 0 : -1) : b == null ? 1 : Arrays.compare(a, b);
  }

  private static int compareCounts(long[] a, long[] b) {
    return a == null ? (b == null ? 0 : -1) : b == null ? 1 : Arrays.compare(a, b);
  }
}
