package com.creatormarket.integrity.faketraffic.model;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import java.util.HashMap;
import java.util.Map;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;

/**
 * Builds one {@link VideoPartial} of a (video, event-time bucket): from single events (the
 * combiner in front of the video stage) or from other partials of the same bucket (the video stage,
 * merging what several upstream subtasks sent). Counts add up, per flag combination too; sketches
 * are unioned; the creator's norms keep the highest one known. The one place where partials are
 * put together, so the combiner and the video stage cannot drift apart.
 */
public final class PartialBuilder {

  /** Distinct middle durations tracked per partial for the regularity count; enough for any honest bucket. */
  private static final int MAX_DURATIONS = 4096;

  private final VideoPartial partial;
  private final int hllLgK;
  private final HllSketch viewers;
  /** Viewers of merged partials (HLL bytes), unioned with {@link #viewers} at the end. */
  private byte[] mergedViewers;
  private final ItemsSketch<String> devices;
  private final ItemsSketch<String> prefixes;
  private final ItemsSketch<String> accounts;
  private final long[] viewsByMask = new long[Flags.MASKS];
  private final long[] watchByMask = new long[Flags.MASKS];
  private final long[] likesByMask = new long[Flags.MASKS];
  private final long[] followsByMask = new long[Flags.MASKS];
  private final Map<Long, Integer> durations = new HashMap<>();
  private int topDuration;
  /** Regular views of merged partials: each counted within its own partial, so they add up. */
  private long mergedRegularViews;

  public PartialBuilder(String videoId, String creatorId, long bucketStart, DetectionSettings s) {
    this.partial = VideoPartial.empty(videoId, creatorId, bucketStart);
    this.hllLgK = s.hllLgK;
    this.viewers = new HllSketch(s.hllLgK, TgtHllType.HLL_4);
    this.devices = new ItemsSketch<>(s.partialItemsMapSize);
    this.prefixes = new ItemsSketch<>(s.partialItemsMapSize);
    this.accounts = new ItemsSketch<>(s.partialItemsMapSize);
  }

  public long bucketStart() {
    return partial.bucketStart;
  }

  /** Adds one event of the bucket. */
  public void add(AnnotatedEngagement e) {
    VideoPartial p = partial;
    int mask = e.flags & (Flags.MASKS - 1);
    p.events++;
    p.maxEventTime = Math.max(p.maxEventTime, e.eventTime);
    if (Flags.has(e.flags, Flags.FRESH)) {
      p.freshEvents++;
    }
    if (Flags.has(e.flags, Flags.SHARED_DEVICE)) {
      p.sharedDeviceEvents++;
    }
    devices.update(e.deviceId);
    prefixes.update(e.networkPrefix);
    accounts.update(e.accountId);
    switch (e.kind) {
      case Kinds.VIEW -> {
        p.views++;
        p.watchMillis += e.watchMillis;
        viewsByMask[mask]++;
        watchByMask[mask] += e.watchMillis;
        viewers.update(e.accountId);
        boolean middle = !Flags.has(e.flags, Flags.EXTREME_WATCH);
        if (middle && (durations.size() < MAX_DURATIONS || durations.containsKey(e.watchMillis))) {
          int seen = durations.merge(e.watchMillis, 1, Integer::sum);
          topDuration = Math.max(topDuration, seen);
        }
      }
      case Kinds.LIKE -> {
        p.likes++;
        likesByMask[mask]++;
      }
      case Kinds.UNLIKE -> p.unlikes++;
      case Kinds.FOLLOW -> {
        p.follows++;
        followsByMask[mask]++;
      }
      case Kinds.UNFOLLOW -> {
        p.unfollows++;
        if (Flags.has(e.flags, Flags.WITHDRAWN)) {
          p.withdrawnFollows++;
        }
      }
      default -> { }
    }
  }

  /**
   * Adds another partial of the same bucket. Frequent-items sketches merge in the order they are
   * given (a full sketch purges): callers that need a result independent of arrival order merge in
   * a fixed order ({@link EventTimeOrder#merged}).
   */
  public void merge(VideoPartial other) {
    VideoPartial p = partial;
    p.events += other.events;
    p.maxEventTime = Math.max(p.maxEventTime, other.maxEventTime);
    p.views += other.views;
    p.likes += other.likes;
    p.unlikes += other.unlikes;
    p.follows += other.follows;
    p.unfollows += other.unfollows;
    p.watchMillis += other.watchMillis;
    p.withdrawnFollows += other.withdrawnFollows;
    p.freshEvents += other.freshEvents;
    p.sharedDeviceEvents += other.sharedDeviceEvents;
    mergedRegularViews += other.regularViews;
    for (int i = 0; i < other.masks.length; i++) {
      int m = other.masks[i];
      viewsByMask[m] += other.maskViews[i];
      watchByMask[m] += other.maskWatch[i];
      likesByMask[m] += other.maskLikes[i];
      followsByMask[m] += other.maskFollows[i];
    }
    mergedViewers = Sketches.mergeHll(mergedViewers, other.viewers, hllLgK);
    Sketches.mergeInto(devices, other.devices);
    Sketches.mergeInto(prefixes, other.prefixes);
    Sketches.mergeInto(accounts, other.accounts);
    p.creatorLikeRate = highestKnown(p.creatorLikeRate, other.creatorLikeRate);
    p.creatorFollowRate = highestKnown(p.creatorFollowRate, other.creatorFollowRate);
  }

  /** The partial as built so far; call once. */
  public VideoPartial build() {
    VideoPartial p = partial;
    // Views at the partial's most common middle duration, beyond the first: people's durations are continuous.
    p.regularViews = Math.max(0, topDuration - 1) + mergedRegularViews;
    int present = 0;
    for (int m = 0; m < Flags.MASKS; m++) {
      if ((viewsByMask[m] | likesByMask[m] | followsByMask[m]) != 0) {
        present++;
      }
    }
    p.masks = new byte[present];
    p.maskViews = new long[present];
    p.maskWatch = new long[present];
    p.maskLikes = new long[present];
    p.maskFollows = new long[present];
    for (int m = 0, i = 0; m < Flags.MASKS; m++) {
      if ((viewsByMask[m] | likesByMask[m] | followsByMask[m]) != 0) {
        p.masks[i] = (byte) m;
        p.maskViews[i] = viewsByMask[m];
        p.maskWatch[i] = watchByMask[m];
        p.maskLikes[i] = likesByMask[m];
        p.maskFollows[i] = followsByMask[m];
        i++;
      }
    }
    byte[] own = Sketches.bytes(viewers);
    p.viewers = mergedViewers == null ? own : own == null ? mergedViewers : Sketches.mergeHll(mergedViewers, own, hllLgK);
    p.devices = Sketches.bytes(devices);
    p.prefixes = Sketches.bytes(prefixes);
    p.accounts = Sketches.bytes(accounts);
    return p;
  }

  /**
   * Of two creator norms stamped by the creator stage (NaN: unknown), the higher (the more lenient
   * bar for "too many likes per view": the creator stage stamps a bucket's partials alike, except
   * one that came late, after its bucket was taken),
   * and the same whatever order the partials came in.
   */
  static double highestKnown(double a, double b) {
    return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
  }
}
