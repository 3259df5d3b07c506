package com.creatormarket.integrity.faketraffic.functions;

import com.creatormarket.integrity.common.time.EventTimeBuffer;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.CreatorNorm;
import com.creatormarket.integrity.faketraffic.model.EventTimeOrder;
import com.creatormarket.integrity.faketraffic.model.Flags;
import com.creatormarket.integrity.faketraffic.model.PopulationNorm;
import com.creatormarket.integrity.faketraffic.model.VideoPartial;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.util.Collector;

/**
 * Learns each creator's like and follow rates per view across the creator's videos (keyed by
 * creator, fed with partials, so a hot creator costs a partial per bucket, not an event) and stamps
 * the norm as it stood before each bucket onto the bucket's partials, for the engagement-ratio
 * signal. Events of fresh accounts and repeat views, likes and follows without a view, and likes
 * beyond three times the current norm do not teach the norm: a campaign on one of the creator's
 * videos must not make itself the creator's normal, nor make the creator's honest videos look
 * abnormal.
 *
 * <p>A function of the events and their event times, not of how they were cut into partials nor of
 * when the partials arrive (issue #12): the combiners cut one (video, bucket) into one partial per
 * upstream subtask and more at each early flush (checkpoint barrier, full buffer), and partials
 * arrive in any order. So partials wait in their bucket ({@link #PENDING}, keyed by the bucket's last
 * millisecond, {@link EventTimeBuffer}) until the watermark passes the bucket's end; then the whole
 * bucket is taken at once ({@link #learnBucket}): the norm is decayed to the bucket's end, every
 * partial of the bucket is stamped with it, and the norm then learns from each video's sum over the
 * bucket, the three-times cap applied to that sum (a per-partial cap would depend on the split), the
 * videos in id order. The partials go on in a fixed order (video, then contents) with the timestamps
 * they came with. The cleanup timer follows the newest bucket's end. A partial whose bucket the
 * watermark had already passed (late) is taken at the next watermark, against the norm as it then
 * stands.
 *
 * <p>It also stamps the marketplace's population baselines ({@link PopulationNorm}, broadcast by
 * the population-norms stage after each bucket) onto the partials: the norm after the newest period
 * (hour) that ended before this bucket's. That norm reached every subtask before the watermark
 * passed its period's end, so it is there when this bucket is taken, on every run; later ones are not read.
 */
public final class CreatorNorms extends KeyedBroadcastProcessFunction<String, VideoPartial, PopulationNorm, VideoPartial> {

  private static final long serialVersionUID = 1L;
  private static final long DAY = 86_400_000L;
  /** Views a creator needs before the norm is trusted. */
  static final double MIN_VIEWS = 300;

  /** State name: never change it, savepoints map state by name. */
  static final ValueStateDescriptor<CreatorNorm> NORM = new ValueStateDescriptor<>("creator-norm", CreatorNorm.class);
  /** State name: never change it. Per bucket end, the partials waiting for the watermark to pass it. */
  static final MapStateDescriptor<Long, List<VideoPartial>> PENDING =
      EventTimeBuffer.descriptor("creator-partials-pending", TypeInformation.of(VideoPartial.class));

  /** Broadcast state: the population norm after each period (by the period's start), the last day's. */
  public static final MapStateDescriptor<Long, PopulationNorm> POPULATION =
      new MapStateDescriptor<>("population-norms", Types.LONG, TypeInformation.of(PopulationNorm.class));
  /** How many periods back a bucket looks for the population norm: periods with no traffic anywhere have none. */
  private static final int POPULATION_LOOKBACK_PERIODS = 24;

  private final DetectionSettings settings;
  private transient ValueState<CreatorNorm> norm;
  private transient EventTimeBuffer<VideoPartial> pending;
  private transient EventTimeOrder buckets;

  public CreatorNorms(DetectionSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open(OpenContext openContext) {
    norm = getRuntimeContext().getState(NORM);
    pending = new EventTimeBuffer<>(getRuntimeContext().getMapState(PENDING));
    buckets = new EventTimeOrder(settings);
  }

  /** Keeps the partial with its bucket until the watermark passes the bucket's end. */
  @Override
  public void processElement(VideoPartial p, ReadOnlyContext ctx, Collector<VideoPartial> out) throws Exception {
    pending.add(buckets.endOf(buckets.bucketOf(p.bucketStart)), p, ctx.timerService());
  }

  /**
   * Keeps the norm by its period; drops the ones no bucket still to come can read: more than
   * {@link #POPULATION_LOOKBACK_PERIODS} periods behind this operator's watermark. Not behind the
   * newest norm: the population stage may run hours ahead of this stage's partials (a replay, a
   * backlog), and a norm dropped by arrival would be missing for some buckets in one run and not in
   * another.
   */
  @Override
  public void processBroadcastElement(PopulationNorm n, Context ctx, Collector<VideoPartial> out) throws Exception {
    BroadcastState<Long, PopulationNorm> norms = ctx.getBroadcastState(POPULATION);
    long watermark = ctx.currentWatermark();
    long oldest = watermark == Long.MIN_VALUE ? Long.MIN_VALUE
        : Math.floorDiv(watermark, settings.epochMillis) * settings.epochMillis - POPULATION_LOOKBACK_PERIODS * settings.epochMillis;
    TimedBroadcast.putAndForgetBefore(norms, n.periodStart, n, oldest);
  }

  /** The population norm after the newest period that ended before {@code bucketStart}'s period; null when none is known. */
  private PopulationNorm populationBefore(long bucketStart, ReadOnlyBroadcastState<Long, PopulationNorm> norms) throws Exception {
    long period = Math.floorDiv(bucketStart, settings.epochMillis) * settings.epochMillis;
    return TimedBroadcast.latest(norms, period - settings.epochMillis, settings.epochMillis, POPULATION_LOOKBACK_PERIODS);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<VideoPartial> out) throws Exception {
    List<VideoPartial> bucket = pending.release(timestamp, EventTimeOrder.BY_VIDEO);
    if (!bucket.isEmpty()) {
      PopulationNorm population = populationBefore(buckets.bucketOf(timestamp), ctx.getBroadcastState(POPULATION));
      double sharedShare = population == null ? Double.NaN : population.sharedShare(settings.populationMinEvents);
      double freshShare = population == null ? Double.NaN : population.freshShare(settings.populationMinEvents);
      char[] regions = population == null || Double.isNaN(sharedShare) ? new char[0] : population.knownRegions(settings.populationMinEvents);
      float[] regionShared = new float[regions.length];
      float[] regionFresh = new float[regions.length];
      for (int i = 0; i < regions.length; i++) {
        regionShared[i] = (float) population.sharedShare(regions[i], settings.populationMinEvents);
        regionFresh[i] = (float) population.freshShare(regions[i], settings.populationMinEvents);
      }
      for (VideoPartial p : bucket) {
        p.populationSharedShare = sharedShare;
        p.populationFreshShare = freshShare;
        p.normRegions = regions;
        p.normShared = regionShared;
        p.normFresh = regionFresh;
      }
      learnBucket(bucket, timestamp, ctx.timerService());
      for (VideoPartial p : bucket) {
        // The timestamp the partial came with (the combiner's: its last event), not the timer's.
        if (out instanceof TimestampedCollector<VideoPartial> timestamped) {
          timestamped.setAbsoluteTimestamp(p.maxEventTime);
        }
        out.collect(p);
      }
    }
    CreatorNorm n = norm.value();
    if (n != null && n.cleanupAt <= timestamp) {
      norm.clear();
    }
  }

  /**
   * Stamps the partials of one bucket (sorted by video) with the norm as it stood before the bucket,
   * decayed to the bucket's end, and teaches the norm what the bucket's ordinary events did, per video.
   */
  private void learnBucket(List<VideoPartial> bucket, long end, TimerService timers) throws Exception {
    CreatorNorm n = norm.value();
    if (n == null) {
      n = new CreatorNorm();
    }
    if (n.updatedAt != 0 && end > n.updatedAt) {
      double decay = Math.pow(0.5, (double) (end - n.updatedAt) / settings.creatorNormHalfLifeMillis);
      n.views *= decay;
      n.likes *= decay;
      n.follows *= decay;
    }
    n.updatedAt = Math.max(n.updatedAt, end);
    double likeRate = n.views >= MIN_VIEWS ? n.likes / n.views : Double.NaN;
    double followRate = n.views >= MIN_VIEWS ? n.follows / n.views : Double.NaN;

    int i = 0;
    while (i < bucket.size()) {
      String video = bucket.get(i).videoId;
      // Only what ordinary accounts did teaches the norm: a bot burst's views would drag it down,
      // bought likes and follows push it up. Counts are whole numbers: their sum is the same in any order.
      long views = 0;
      long likes = 0;
      long follows = 0;
      for (; i < bucket.size() && bucket.get(i).videoId.equals(video); i++) {
        VideoPartial p = bucket.get(i);
        p.creatorLikeRate = likeRate;
        p.creatorFollowRate = followRate;
        for (int m = 0; m < p.masks.length; m++) {
          int mask = p.masks[m];
          if (Flags.has(mask, Flags.FRESH) || Flags.has(mask, Flags.REPEAT)) {
            continue;
          }
          views += p.maskViews[m];
          if (!Flags.has(mask, Flags.NO_VIEW)) {
            likes += p.maskLikes[m];
            follows += p.maskFollows[m];
          }
        }
      }
      double taughtLikes = likes;
      double taughtFollows = follows;
      if (!Double.isNaN(likeRate)) {
        taughtLikes = Math.min(taughtLikes, 3 * likeRate * views + 1);
        taughtFollows = Math.min(taughtFollows, 3 * followRate * views + 1);
      }
      n.views += views;
      n.likes += Math.max(0, taughtLikes);
      n.follows += Math.max(0, taughtFollows);
    }

    // From the newest bucket taken (a late one does not move the cleanup back).
    long cleanupAt = (Math.floorDiv(n.updatedAt + settings.creatorIdleTtlMillis, DAY) + 1) * DAY;
    if (cleanupAt != n.cleanupAt) {
      if (n.cleanupAt != 0) {
        timers.deleteEventTimeTimer(n.cleanupAt);
      }
      timers.registerEventTimeTimer(cleanupAt);
      n.cleanupAt = cleanupAt;
    }
    norm.update(n);
  }
}
