package com.creatormarket.integrity.faketraffic;

import static com.creatormarket.integrity.faketraffic.FakeTrafficOptions.*;

import com.creatormarket.integrity.common.config.InvalidConfigException;
import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.faketraffic.signals.CampaignShape;
import com.creatormarket.integrity.faketraffic.signals.Concentration;
import com.creatormarket.integrity.faketraffic.signals.EngagementRatio;
import com.creatormarket.integrity.faketraffic.signals.FollowWithdrawal;
import com.creatormarket.integrity.faketraffic.signals.SustainedLift;
import com.creatormarket.integrity.faketraffic.signals.LockstepGroup;
import com.creatormarket.integrity.faketraffic.signals.RepeatEngagement;
import com.creatormarket.integrity.faketraffic.signals.VelocityBurst;
import com.creatormarket.integrity.faketraffic.signals.WatchTimeShape;
import java.io.Serializable;
import java.util.Map;

/**
 * Every threshold, weight and window of the detectors, read once from the job's settings into
 * plain fields for the hot path. Immutable: a run-time change (a {@code DetectionRule} from the
 * detection-rules topic) is applied with {@link #with}, which validates the value like start-up
 * does and returns a new instance, so an operator can swap its settings atomically.
 */
public final class DetectionSettings implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Settings source;

  // Account stage.
  public final long freshAgeMillis;
  public final int history;
  /** Other videos in an account's history that make its first hit on a video one in passing ({@code account.spread-videos}). */
  public final int spreadVideos;
  public final long shortViewMillis;
  public final long fullToleranceMillis;
  public final long noViewLookbackMillis;
  public final long repeatWindowMillis;
  public final int repeatMinViews;
  public final long followWithdrawWithinMillis;

  public final long deviceWindowMillis;
  public final int deviceSharedAccounts;

  // Pre-aggregation.
  public final long bucketMillis;
  public final int maxBuffered;

  // Video stage.
  public final long windowMillis;
  public final int slots;
  public final long slotMillis;
  public final long epochMillis;
  public final long baselineHalfLifeMillis;
  public final int minViews;

  public final double velocityRatio;
  public final int velocityMinExcess;
  public final int velocityMinHistorySlots;
  public final double velocityOrganicLikeShare;
  public final double velocityWeight;

  public final double watchShapeMinExcess;
  public final double watchShapeMinZ;
  public final double watchShapeRegularShare;
  public final double watchShapeBaselinePrior;
  public final double watchShapeWeight;

  public final double ratioNoViewShare;
  public final double ratioNormMultiple;
  public final int ratioMinActions;
  public final double likeRatePrior;
  public final double followRatePrior;
  public final double ratioWeight;

  public final int concentrationTopK;
  public final int concentrationMinEvents;
  /** z above the top-share threshold a top-device or top-prefix share needs ({@code signal.concentration.min-z}). */
  public final double concentrationMinZ;
  public final double deviceTopShare;
  public final int deviceMinItemEvents;
  public final double sharedDevicePrior;
  public final double campaignShapeMin;
  public final int shapeHours;
  public final double shapeTolerance;
  public final long shapeWarmUpMillis;
  public final double deviceWeight;
  public final double prefixTopShare;
  public final int prefixMinItemEvents;
  public final double prefixWeight;
  public final double freshMinExcess;
  public final double freshMinZ;
  public final double freshPrior;
  public final double freshWeight;

  public final double repeatShare;
  public final double repeatSaturation;
  public final double repeatPrior;
  public final double repeatWeight;

  public final long lockstepWindowMillis;
  public final int lockstepMinVideos;
  /** Fewest videos of a group that counts only when it repeats ({@code lockstep.min-videos-repeated}). */
  public final int lockstepMinVideosRepeated;
  /** Fewest videos of a group that counts on significance alone ({@code lockstep.min-videos-significant}). */
  public final int lockstepMinVideosSignificant;
  /** Fewest videos in an account's set for the account stage to send it to the band stage: the smallest group looked for. */
  public final int lockstepSmallestSet;
  public final int lockstepBands;
  public final int lockstepRows;
  public final int lockstepMinGroup;
  public final int lockstepMinRepeat;
  public final double lockstepMinRepeatShare;
  public final int lockstepMaxMembers;
  public final long lockstepMemoryMillis;
  public final double lockstepSingleRoundStrength;
  /** Nats above chance a group's core accounts need ({@code lockstep.min-surprise}); 0: off. */
  public final double lockstepMinSurprise;
  public final double lockstepMinShare;
  public final double lockstepWeight;

  public final double withdrawalShare;
  public final int withdrawalMinFollows;
  public final double withdrawalPrior;
  public final double withdrawalWeight;

  public final double liftShift;
  public final double liftHourCap;
  public final double liftThreshold;
  public final double liftMinLift;
  public final double liftWeight;

  // Score and cases.
  public final double recordOnly;
  public final double review;
  public final double enforce;
  public final int enforceMinSignals;
  public final double evidenceGrowth;
  public final long signalMemoryMillis;

  // Lifetimes.
  public final int defaultRetentionDays;
  public final long watchAfterCompletionMillis;
  public final long stateGraceMillis;
  public final long unregisteredTtlMillis;
  public final long creatorNormHalfLifeMillis;
  public final long creatorIdleTtlMillis;
  public final long populationHalfLifeMillis;
  public final int populationMinEvents;
  public final int populationRegionCell;
  public final boolean populationByPlatform;

  // Sketches.
  public final int hllLgK;
  public final int itemsMapSize;
  /** Map size of the epoch's device sketch ({@code sketch.device-items-map-size}). */
  public final int deviceItemsMapSize;
  /** Map size of the prefix sketch since publication ({@code sketch.lifetime-items-map-size}). */
  public final int lifetimeItemsMapSize;
  public final int partialItemsMapSize;

  private DetectionSettings(Settings s) {
    this.source = s;
    freshAgeMillis = s.get(FRESH_AGE).toMillis();
    history = s.get(HISTORY);
    spreadVideos = s.get(SPREAD_VIDEOS);
    shortViewMillis = s.get(SHORT_VIEW).toMillis();
    fullToleranceMillis = s.get(FULL_TOLERANCE).toMillis();
    noViewLookbackMillis = s.get(NO_VIEW_LOOKBACK).toMillis();
    repeatWindowMillis = s.get(RepeatEngagement.WINDOW).toMillis();
    repeatMinViews = s.get(RepeatEngagement.MIN_VIEWS);
    followWithdrawWithinMillis = s.get(FollowWithdrawal.WITHIN).toMillis();

    deviceWindowMillis = s.get(DEVICE_WINDOW).toMillis();
    deviceSharedAccounts = s.get(DEVICE_SHARED_ACCOUNTS);

    bucketMillis = s.get(BUCKET).toMillis();
    maxBuffered = s.get(MAX_BUFFERED);

    windowMillis = s.get(WINDOW).toMillis();
    slots = s.get(SLOTS);
    slotMillis = windowMillis / slots;
    epochMillis = s.get(EPOCH).toMillis();
    baselineHalfLifeMillis = s.get(BASELINE_HALF_LIFE).toMillis();
    minViews = s.get(MIN_VIEWS);

    velocityRatio = s.get(VelocityBurst.RATIO);
    velocityMinExcess = s.get(VelocityBurst.MIN_EXCESS);
    velocityMinHistorySlots = (int) Math.ceil((double) s.get(VelocityBurst.MIN_HISTORY).toMillis() / Math.max(1, slotMillis));
    velocityOrganicLikeShare = s.get(VelocityBurst.ORGANIC_LIKE_SHARE);
    velocityWeight = s.get(VelocityBurst.WEIGHT);

    watchShapeMinExcess = s.get(WatchTimeShape.MIN_EXCESS);
    watchShapeMinZ = s.get(WatchTimeShape.MIN_Z);
    watchShapeRegularShare = s.get(WatchTimeShape.REGULAR_SHARE);
    watchShapeBaselinePrior = s.get(WatchTimeShape.BASELINE_PRIOR);
    watchShapeWeight = s.get(WatchTimeShape.WEIGHT);

    ratioNoViewShare = s.get(EngagementRatio.NO_VIEW_SHARE);
    ratioNormMultiple = s.get(EngagementRatio.NORM_MULTIPLE);
    ratioMinActions = s.get(EngagementRatio.MIN_ACTIONS);
    likeRatePrior = s.get(EngagementRatio.LIKE_RATE_PRIOR);
    followRatePrior = s.get(EngagementRatio.FOLLOW_RATE_PRIOR);
    ratioWeight = s.get(EngagementRatio.WEIGHT);

    concentrationTopK = s.get(Concentration.TOP_K);
    concentrationMinEvents = s.get(Concentration.MIN_EVENTS);
    concentrationMinZ = s.get(Concentration.MIN_Z);
    deviceTopShare = s.get(Concentration.DEVICE_SHARE);
    deviceMinItemEvents = s.get(Concentration.DEVICE_MIN_ITEM);
    sharedDevicePrior = s.get(Concentration.SHARED_PRIOR);
    campaignShapeMin = s.get(CampaignShape.MIN_SCORE);
    shapeHours = s.get(CampaignShape.HOURS);
    shapeTolerance = s.get(CampaignShape.TOLERANCE);
    shapeWarmUpMillis = s.get(CampaignShape.WARM_UP).toMillis();
    deviceWeight = s.get(Concentration.DEVICE_WEIGHT);
    prefixTopShare = s.get(Concentration.PREFIX_SHARE);
    prefixMinItemEvents = s.get(Concentration.PREFIX_MIN_ITEM);
    prefixWeight = s.get(Concentration.PREFIX_WEIGHT);
    freshMinExcess = s.get(Concentration.FRESH_EXCESS);
    freshMinZ = s.get(Concentration.FRESH_MIN_Z);
    freshPrior = s.get(Concentration.FRESH_PRIOR);
    freshWeight = s.get(Concentration.FRESH_WEIGHT);

    repeatShare = s.get(RepeatEngagement.SHARE);
    repeatSaturation = s.get(RepeatEngagement.SATURATION);
    repeatPrior = s.get(RepeatEngagement.PRIOR);
    repeatWeight = s.get(RepeatEngagement.WEIGHT);

    lockstepWindowMillis = s.get(LockstepGroup.WINDOW).toMillis();
    lockstepMinVideos = s.get(LockstepGroup.MIN_VIDEOS);
    lockstepMinVideosRepeated = s.get(LockstepGroup.MIN_VIDEOS_REPEATED);
    lockstepMinVideosSignificant = s.get(LockstepGroup.MIN_VIDEOS_SIGNIFICANT);
    lockstepBands = s.get(LockstepGroup.BANDS);
    lockstepRows = s.get(LockstepGroup.ROWS);
    lockstepMinGroup = s.get(LockstepGroup.MIN_GROUP);
    lockstepMinRepeat = s.get(LockstepGroup.MIN_REPEAT);
    lockstepMinRepeatShare = s.get(LockstepGroup.MIN_REPEAT_SHARE);
    lockstepMaxMembers = s.get(LockstepGroup.MAX_MEMBERS);
    lockstepMemoryMillis = s.get(LockstepGroup.MEMORY).toMillis();
    lockstepSingleRoundStrength = s.get(LockstepGroup.SINGLE_ROUND_STRENGTH);
    lockstepMinSurprise = s.get(LockstepGroup.MIN_SURPRISE);
    lockstepSmallestSet = Math.min(lockstepMinVideosRepeated, lockstepMinSurprise > 0 ? lockstepMinVideosSignificant : lockstepMinVideos);
    lockstepMinShare = s.get(LockstepGroup.MIN_SHARE);
    lockstepWeight = s.get(LockstepGroup.WEIGHT);

    withdrawalShare = s.get(FollowWithdrawal.SHARE);
    withdrawalMinFollows = s.get(FollowWithdrawal.MIN_FOLLOWS);
    withdrawalPrior = s.get(FollowWithdrawal.PRIOR);
    withdrawalWeight = s.get(FollowWithdrawal.WEIGHT);

    liftShift = s.get(SustainedLift.SHIFT);
    liftHourCap = s.get(SustainedLift.HOUR_CAP);
    liftThreshold = s.get(SustainedLift.THRESHOLD);
    liftMinLift = s.get(SustainedLift.MIN_LIFT);
    liftWeight = s.get(SustainedLift.WEIGHT);

    recordOnly = s.get(RECORD_ONLY);
    review = s.get(REVIEW);
    enforce = s.get(ENFORCE);
    enforceMinSignals = s.get(ENFORCE_MIN_SIGNALS);
    evidenceGrowth = s.get(EVIDENCE_GROWTH);
    signalMemoryMillis = s.get(SIGNAL_MEMORY).toMillis();

    defaultRetentionDays = s.get(DEFAULT_RETENTION_DAYS);
    watchAfterCompletionMillis = s.get(WATCH_AFTER_COMPLETION).toMillis();
    stateGraceMillis = s.get(STATE_GRACE).toMillis();
    unregisteredTtlMillis = s.get(UNREGISTERED_TTL).toMillis();
    creatorNormHalfLifeMillis = s.get(CREATOR_NORM_HALF_LIFE).toMillis();
    creatorIdleTtlMillis = s.get(CREATOR_IDLE_TTL).toMillis();
    populationHalfLifeMillis = s.get(POPULATION_HALF_LIFE).toMillis();
    populationMinEvents = s.get(POPULATION_MIN_EVENTS);
    populationRegionCell = s.get(POPULATION_REGION_CELL);
    populationByPlatform = s.get(POPULATION_BY_PLATFORM);

    hllLgK = s.get(HLL_LG_K);
    itemsMapSize = s.get(ITEMS_MAP);
    deviceItemsMapSize = s.get(DEVICE_ITEMS_MAP);
    lifetimeItemsMapSize = s.get(LIFETIME_ITEMS_MAP);
    partialItemsMapSize = s.get(PARTIAL_ITEMS_MAP);

    if (!(recordOnly <= review && review <= enforce)) {
      throw new InvalidConfigException(String.format("settings: '%s' (%s) <= '%s' (%s) <= '%s' (%s) must hold",
          RECORD_ONLY.key(), recordOnly, REVIEW.key(), review, ENFORCE.key(), enforce));
    }
    if (lockstepMinVideosRepeated > lockstepMinVideos) {
      throw new InvalidConfigException(String.format("settings: '%s' (%d) must be at most '%s' (%d)",
          LockstepGroup.MIN_VIDEOS_REPEATED.key(), lockstepMinVideosRepeated, LockstepGroup.MIN_VIDEOS.key(), lockstepMinVideos));
    }
    if (lockstepMinVideosSignificant > lockstepMinVideos) {
      throw new InvalidConfigException(String.format("settings: '%s' (%d) must be at most '%s' (%d)",
          LockstepGroup.MIN_VIDEOS_SIGNIFICANT.key(), lockstepMinVideosSignificant, LockstepGroup.MIN_VIDEOS.key(), lockstepMinVideos));
    }
    powerOfTwo(ITEMS_MAP, itemsMapSize);
    powerOfTwo(DEVICE_ITEMS_MAP, deviceItemsMapSize);
    powerOfTwo(LIFETIME_ITEMS_MAP, lifetimeItemsMapSize);
    powerOfTwo(PARTIAL_ITEMS_MAP, partialItemsMapSize);
    if (windowMillis % slots != 0) {
      throw new InvalidConfigException(String.format("settings: '%s' (%d ms) must divide into '%s' (%d) whole slots",
          WINDOW.key(), windowMillis, SLOTS.key(), slots));
    }
  }

  private static void powerOfTwo(Knob<Integer> knob, int value) {
    if (Integer.bitCount(value) != 1) {
      throw new InvalidConfigException("settings: bad value '" + value + "' for key '" + knob.key() + "'; allowed: a power of 2");
    }
  }

  public static DetectionSettings from(Settings settings) {
    return new DetectionSettings(settings);
  }

  public static DetectionSettings defaults() {
    return from(FakeTrafficOptions.defaults());
  }

  /** These settings with one knob changed, validated as at start-up; e.g. from a DetectionRule. */
  public DetectionSettings with(String key, String value) {
    return new DetectionSettings(source.with(Map.of(key, value)));
  }

  public DetectionSettings with(Map<String, String> overrides) {
    return new DetectionSettings(source.with(overrides));
  }

  public Settings settings() {
    return source;
  }
}
