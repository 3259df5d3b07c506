package com.creatormarket.integrity.faketraffic.model;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Everything the video stage keeps about one video, in one value (one RocksDB entry, one
 * serialization per partial): its orders and their cases, the sliding window's slots, the
 * baselines, sketches for the current epoch and since publication, the open hour's metrics, and the
 * signals' recent peaks. Sketches are bytes. Sized for at most ~2.5 KB on a busy video (see the
 * README's state table and {@code VideoStateSizeTest}). Serialized by {@link VideoStateSerializer}.
 */
@TypeInfo(VideoStateSerializer.Factory.class)
public class VideoState {
  // Fields of one window slot, in {@link #slots} (slot-major).
  public static final int S_EVENTS = 0;
  public static final int S_VIEWS = 1;
  public static final int S_LIKES = 2;
  public static final int S_FOLLOWS = 3;
  public static final int S_EXTREME = 4;
  public static final int S_REGULAR = 5;
  public static final int S_FRESH = 6;
  public static final int S_FRESH_EXTREME = 7;
  public static final int S_REPEAT = 8;
  public static final int S_NO_VIEW_LIKES = 9;
  public static final int S_NO_VIEW_FOLLOWS = 10;
  /**
   * Bits: {@link #SUSPECT} when a signal fired while the slot was the newest; {@link #BURST} when the
   * window held honest virality while the slot was the newest (the drip detector leaves it out). A slot with
   * either does not teach the baselines.
   */
  public static final int S_SUSPECT = 11;
  public static final int SUSPECT = 1;
  public static final int BURST = 2;
  public static final int S_SHARED = 12;
  public static final int SLOT_FIELDS = 13;

  // Counts since publication the signals read, in {@link #totals}.
  public static final int T_EVENTS = 0;
  public static final int T_VIEWS = 1;
  public static final int T_LIKES = 2;
  public static final int T_FOLLOWS = 3;
  public static final int T_UNFOLLOWS = 4;
  public static final int T_WITHDRAWN = 5;
  public static final int T_FRESH = 6;
  public static final int T_SHARED = 7;
  public static final int TOTAL_FIELDS = 8;

  // Verified-metrics counters, in {@link #hour} and {@link #life}.
  public static final int M_EVENTS = 0;
  public static final int M_INVALID = 1;
  public static final int M_VIEWS = 2;
  public static final int M_VALID_VIEWS = 3;
  public static final int M_LIKES = 4;
  public static final int M_INVALID_LIKES = 5;
  public static final int M_UNLIKES = 6;
  public static final int M_FOLLOWS = 7;
  public static final int M_INVALID_FOLLOWS = 8;
  public static final int M_UNFOLLOWS = 9;
  public static final int M_WATCH = 10;
  public static final int M_VALID_WATCH = 11;
  public static final int METRIC_FIELDS = 12;

  public static final long NO_INVALID_YET = Long.MIN_VALUE;
  public static final long FIRST_INVALID_UNKNOWN = Long.MAX_VALUE;

  public String videoId;
  public String creatorId;
  public OrderSlot[] orders;
  public long firstSeen;
  public long lastEventTime;

  /** Slot number (event time / slot length) of the newest slot; Long.MIN_VALUE before the first partial. */
  public long newestSlot = Long.MIN_VALUE;
  public int[] slots;

  /** EWMA of per-slot counts (bias-corrected by baseWeight) over slots that left the window unsuspected. */
  public int baselineSlots;
  public double baseWeight;
  public double baseEvents;
  public double baseViews;
  public double baseLikes;
  public double baseExtreme;
  public double baseFresh;

  /**
   * The population's usual shared-device and fresh-account shares for this video's audience as of the
   * newest bucket judged (NaN: unknown): each viewer region's median weighted by the region's events
   * on the video since its first traffic, the marketplace's median for regions it does not know.
   */
  public double populationSharedShare = Double.NaN;
  public double populationFreshShare = Double.NaN;
  /** Events per viewer region since the video's first traffic ({@link Regions}), ascending; at most {@link Regions#AUDIENCE_REGIONS} and the rest under {@link Regions#UNKNOWN}. */
  public char[] audienceRegions;
  public long[] audienceEvents;

  public long epochStart = Long.MIN_VALUE;
  public long epochEvents;
  public byte[] epochDevices;
  public byte[] epochPrefixes;

  public long[] totals;
  public byte[] prefixes;
  public byte[] accounts;
  public byte[] viewers;

  public long hourStart = Long.MIN_VALUE;
  public long[] hour;
  public byte[] hourViewers;
  public long[] life;
  /**
   * Event time engagement on the video was first judged invalid (the start of its partial's bucket,
   * or a lockstep finding's time): {@link #NO_INVALID_YET} until then, {@link #FIRST_INVALID_UNKNOWN}
   * when that happened before this field was kept (state restored from an older savepoint).
   */
  public long firstInvalidAt = NO_INVALID_YET;

  /** Views per hour for the last 24 hours, as a ring; hourlyNewest is the newest hour's number. */
  public int[] hourlyViews;
  public long hourlyNewest = Long.MIN_VALUE;

  /**
   * The sustained-lift change detector (signals.SustainedLift): the hour being summed (hour number)
   * and its events and fresh events; the CUSUM sum, when its current run began (event time) and the
   * fresh events above the usual share in that run.
   */
  public long liftHour = Long.MIN_VALUE;
  /**
   * The campaign shape of the video's shared-device traffic (signals.CampaignShape): the hour of its
   * first traffic, per hour since then the events from shared devices and the others (null until the
   * first traffic, or when the requirement is off; 16-bit counts that stop at 65,535, two bytes an
   * hour each), how many hours are closed and judged, the score.
   */
  public long shapeStartHour = Long.MIN_VALUE;
  public char[] shapeShared;
  public char[] shapeOther;
  public int shapeClosedHours;
  public double shapeScore;
  public long liftHourEvents;
  public long liftHourFresh;
  public double liftCusum;
  public long liftRunStart;
  public double liftRunExcess;

  public int lockSize;
  public double lockWeightedSize;
  public int lockRepeated;
  public int lockRounds;
  public long lockWindow;
  public long lockViews;
  public long lockLikes;
  public long lockFollows;
  public String[] lockSample;
  /** The largest share of the video's views in the signal window that one round of a group's accounts made (0..1). */
  public double lockShare;
  /** Accounts chance would have brought onto the last counted group's videos (lockstep-significance); NaN: not judged. */
  public double lockExpected = Double.NaN;

  /**
   * Per signal: when it last fired (event-time minute), and its peak value, strength, threshold and
   * window (seconds) since it first fired within the memory. Floats: four bytes each, plenty for a case.
   */
  public int[] firedAt;
  public float[] peak;
  public float[] peakStrength;
  public float[] peakThreshold;
  public int[] peakWindow;

  public long hourTimer;
  public long cleanupTimer;

  public VideoState() {}

  /** Widens the per-signal arrays of a state written before a signal was added (restored from an older savepoint). */
  public void fitSignals(int signalCount) {
    if (firedAt.length < signalCount) {
      firedAt = java.util.Arrays.copyOf(firedAt, signalCount);
      peak = java.util.Arrays.copyOf(peak, signalCount);
      peakStrength = java.util.Arrays.copyOf(peakStrength, signalCount);
      peakThreshold = java.util.Arrays.copyOf(peakThreshold, signalCount);
      peakWindow = java.util.Arrays.copyOf(peakWindow, signalCount);
    }
  }

  public static VideoState create(String videoId, String creatorId, int slotCount, int signalCount) {
    VideoState s = new VideoState();
    s.videoId = videoId;
    s.creatorId = creatorId;
    s.orders = new OrderSlot[0];
    s.slots = new int[slotCount * SLOT_FIELDS];
    s.totals = new long[TOTAL_FIELDS];
    s.hour = new long[METRIC_FIELDS];
    s.life = new long[METRIC_FIELDS];
    s.hourlyViews = new int[24];
    s.audienceRegions = new char[0];
    s.audienceEvents = new long[0];
    s.lockSample = new String[0];
    s.firedAt = new int[signalCount];
    s.peak = new float[signalCount];
    s.peakStrength = new float[signalCount];
    s.peakThreshold = new float[signalCount];
    s.peakWindow = new int[signalCount];
    return s;
  }
}
