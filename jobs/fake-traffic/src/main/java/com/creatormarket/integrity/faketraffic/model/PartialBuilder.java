package com.creatormarket.integrity.faketraffic.model;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;

/**
 * Builds one {@link VideoPartial} of a (video, event-time bucket): from single events (the
 * combiner in front of the video stage) or from other partials of the same bucket (the video stage,
 * merging what several upstream subtasks sent). Counts add up, per flag combination too; events
 * per account, device and prefix and middle views per duration are counted exactly (up to a bound,
 * {@link Frequencies}), so the merged bucket is the same however its events were split; viewers'
 * HLL sketches are unioned; the creator's norms keep the highest one known. {@link #build} gives
 * the partial as sent on; {@link #judged} the bucket as the video stage reads it (frequent-items
 * sketches made from the exact counts, the regularity count taken). The one place where partials
 * are put together, so the combiner and the video stage cannot drift apart.
 */
public final class PartialBuilder {

  /** Distinct middle durations tracked per partial for the regularity count; enough for any honest bucket. */
  private static final int MAX_DURATIONS = 4096;

  private final VideoPartial partial;
  private final int hllLgK;
  private final HllSketch viewers;
  /** Viewers of merged partials (HLL bytes), unioned with {@link #viewers} at the end. */
  private byte[] mergedViewers;
  private final Frequencies devices;
  private final Frequencies prefixes;
  private final Frequencies accounts;
  private final long[] viewsByMask = new long[Flags.MASKS];
  private final long[] watchByMask = new long[Flags.MASKS];
  private final long[] likesByMask = new long[Flags.MASKS];
  private final long[] followsByMask = new long[Flags.MASKS];
  /** Middle views per exact duration; sorted so that the cap keeps the same durations whatever the arrival order. */
  private final Map<Long, Long> durations = new TreeMap<>();
  /** Regular views of merged partials written before durations travelled (state from an older version). */
  private long mergedRegularViews;
  /** Per viewer region: events, shared-device events, fresh-account events (see {@link VideoPartial#regions}). */
  private final SegmentTally byRegion = new SegmentTally();
  /** The last region counted: a bucket's events mostly share one. */
  private char lastRegion = Character.MAX_VALUE;
  private long[] lastRegionCounts;
  /** Region medians stamped on merged partials: {shared, fresh}, the highest known per region. */
  private final TreeMap<Character, float[]> norms = new TreeMap<>();

  public PartialBuilder(String videoId, String creatorId, long bucketStart, DetectionSettings s) {
    this.partial = VideoPartial.empty(videoId, creatorId, bucketStart);
    this.hllLgK = s.hllLgK;
    this.viewers = new HllSketch(s.hllLgK, TgtHllType.HLL_4);
    this.devices = new Frequencies(s.partialItemsMapSize);
    this.prefixes = new Frequencies(s.partialItemsMapSize);
    this.accounts = new Frequencies(s.partialItemsMapSize);
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
    boolean fresh = Flags.has(e.flags, Flags.FRESH);
    if (fresh) {
      p.freshEvents++;
    }
    if (e.region != lastRegion) {
      lastRegion = e.region;
      lastRegionCounts = byRegion.of(e.region);
    }
    lastRegionCounts[0]++;
    if (fresh) {
      lastRegionCounts[2]++;
    }
    if (Flags.has(e.flags, Flags.FIRST_ON_VIDEO)) {
      p.firstOnVideo++;
    }
    if (Flags.has(e.flags, Flags.FIRST_OF_ACCOUNT)) {
      p.firstOfAccount++;
    }
    if (!Flags.has(e.flags, Flags.YOUNG_DEVICE)) {
      p.settledDeviceEvents++;
      if (Flags.has(e.flags, Flags.SHARED_DEVICE)) {
        p.settledSharedEvents++;
      }
    }
    // Concentration is judged on the events aimed at the video: a hit in passing (a heavy viewer's, a
    // farm's cover) counts as an event, but not for whose devices and networks the video's traffic is on.
    if (!Flags.has(e.flags, Flags.SPREAD)) {
      if (Flags.has(e.flags, Flags.SHARED_DEVICE)) {
        p.sharedDeviceEvents++;
        lastRegionCounts[1]++;
      }
      devices.add(e.deviceId, 1);
      prefixes.add(e.networkPrefix, 1);
    }
    accounts.add(e.accountId, 1);
    switch (e.kind) {
      case Kinds.VIEW -> {
        p.views++;
        p.watchMillis += e.watchMillis;
        viewsByMask[mask]++;
        watchByMask[mask] += e.watchMillis;
        viewers.update(e.accountId);
        boolean middle = !Flags.has(e.flags, Flags.EXTREME_WATCH);
        if (middle) {
          countDuration(e.watchMillis, 1);
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

  private void countDuration(long millis, long views) {
    if (durations.size() < MAX_DURATIONS || durations.containsKey(millis)) {
      durations.merge(millis, views, Long::sum);
    }
  }

  /**
   * Adds another partial of the same bucket. Exact counts add up in any order; past their bound
   * (frequent-items sketches that fill up purge) the merge order shows: callers that need a result
   * independent of arrival order merge in a fixed order ({@link EventTimeOrder#merged}).
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
    p.settledDeviceEvents += other.settledDeviceEvents;
    p.settledSharedEvents += other.settledSharedEvents;
    p.firstOnVideo += other.firstOnVideo;
    p.firstOfAccount += other.firstOfAccount;
    if (other.durationKeys != null) {
      for (int i = 0; i < other.durationKeys.length; i++) {
        countDuration(other.durationKeys[i], other.durationCounts[i]);
      }
    } else {
      mergedRegularViews += other.regularViews;
    }
    for (int i = 0; i < other.masks.length; i++) {
      int m = other.masks[i];
      viewsByMask[m] += other.maskViews[i];
      watchByMask[m] += other.maskWatch[i];
      likesByMask[m] += other.maskLikes[i];
      followsByMask[m] += other.maskFollows[i];
    }
    mergedViewers = Sketches.mergeHll(mergedViewers, other.viewers, hllLgK);
    devices.add(other.deviceKeys, other.deviceCounts, other.devices);
    prefixes.add(other.prefixKeys, other.prefixCounts, other.prefixes);
    accounts.add(other.accountKeys, other.accountCounts, other.accounts);
    p.creatorLikeRate = highestKnown(p.creatorLikeRate, other.creatorLikeRate);
    p.creatorFollowRate = highestKnown(p.creatorFollowRate, other.creatorFollowRate);
    p.populationSharedShare = highestKnown(p.populationSharedShare, other.populationSharedShare);
    p.populationFreshShare = highestKnown(p.populationFreshShare, other.populationFreshShare);
    byRegion.addAll(other.regions, other.regionEvents, other.regionShared, other.regionFresh);
    if (other.normRegions != null) {
      for (int i = 0; i < other.normRegions.length; i++) {
        float[] n = norms.computeIfAbsent(other.normRegions[i], r -> new float[] {Float.NaN, Float.NaN});
        n[0] = (float) highestKnown(n[0], other.normShared[i]);
        n[1] = (float) highestKnown(n[1], other.normFresh[i]);
      }
    }
  }

  /** The partial as sent on: exact counts (sketches only past their bound); call once. */
  public VideoPartial build() {
    VideoPartial p = counted();
    p.devices = devices.overflowSketch();
    p.prefixes = prefixes.overflowSketch();
    p.accounts = accounts.overflowSketch();
    Frequencies.Exact d = devices.exactCounts();
    Frequencies.Exact n = prefixes.exactCounts();
    Frequencies.Exact a = accounts.exactCounts();
    p.deviceKeys = d == null ? null : d.keys();
    p.deviceCounts = d == null ? null : d.counts();
    p.prefixKeys = n == null ? null : n.keys();
    p.prefixCounts = n == null ? null : n.counts();
    p.accountKeys = a == null ? null : a.keys();
    p.accountCounts = a == null ? null : a.counts();
    p.durationKeys = durations.keySet().stream().mapToLong(Long::longValue).toArray();
    p.durationCounts = durations.values().stream().mapToLong(Long::longValue).toArray();
    p.regularViews = 0; // taken when judged, from the durations of the whole bucket
    return p;
  }

  /**
   * The bucket as the video stage reads it: frequent-items sketches made from the exact counts (in
   * key order, so the same counts give the same sketch), and the regularity count: views at the
   * bucket's most common middle duration, beyond the first (people's durations are continuous).
   * Call once.
   */
  public VideoPartial judged() {
    VideoPartial p = counted();
    p.devices = devices.asSketch();
    p.prefixes = prefixes.asSketch();
    p.accounts = accounts.asSketch();
    long top = durations.values().stream().mapToLong(Long::longValue).max().orElse(0);
    p.regularViews = Math.max(0, top - 1) + mergedRegularViews;
    return p;
  }

  /** Counts per flag combination and the viewers' sketch, common to both forms. */
  private VideoPartial counted() {
    VideoPartial p = partial;
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
    p.regions = byRegion.segments();
    p.regionEvents = byRegion.column(0);
    p.regionShared = byRegion.column(1);
    p.regionFresh = byRegion.column(2);
    int r = 0;
    p.normRegions = new char[norms.size()];
    p.normShared = new float[norms.size()];
    p.normFresh = new float[norms.size()];
    r = 0;
    for (Map.Entry<Character, float[]> e : norms.entrySet()) {
      p.normRegions[r] = e.getKey();
      p.normShared[r] = e.getValue()[0];
      p.normFresh[r++] = e.getValue()[1];
    }
    byte[] own = Sketches.bytes(viewers);
    p.viewers = mergedViewers == null ? own : own == null ? mergedViewers : Sketches.mergeHll(mergedViewers, own, hllLgK);
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
