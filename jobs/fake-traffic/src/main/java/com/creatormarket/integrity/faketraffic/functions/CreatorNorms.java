package com.creatormarket.integrity.faketraffic.functions;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.CreatorNorm;
import com.creatormarket.integrity.faketraffic.model.Flags;
import com.creatormarket.integrity.faketraffic.model.VideoPartial;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Learns each creator's like and follow rates per view across the creator's videos (keyed by
 * creator, fed with partials, so a hot creator costs a partial per bucket, not an event) and stamps
 * the norm as it stood before each partial onto it, for the engagement-ratio signal. Events of
 * fresh accounts and repeat views, likes and follows without a view, and likes beyond three times
 * the current norm do not teach the norm: a campaign on one of the creator's videos must not make
 * itself the creator's normal, nor make the creator's honest videos look abnormal.
 */
public final class CreatorNorms extends KeyedProcessFunction<String, VideoPartial, VideoPartial> {

  private static final long serialVersionUID = 1L;
  private static final long DAY = 86_400_000L;
  /** Views a creator needs before the norm is trusted. */
  static final double MIN_VIEWS = 300;

  static final ValueStateDescriptor<CreatorNorm> NORM = new ValueStateDescriptor<>("creator-norm", CreatorNorm.class);

  private final DetectionSettings settings;
  private transient ValueState<CreatorNorm> norm;

  public CreatorNorms(DetectionSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open(OpenContext openContext) {
    norm = getRuntimeContext().getState(NORM);
  }

  @Override
  public void processElement(VideoPartial p, Context ctx, Collector<VideoPartial> out) throws Exception {
    CreatorNorm n = norm.value();
    if (n == null) {
      n = new CreatorNorm();
    }
    long t = p.maxEventTime;
    if (n.updatedAt != 0 && t > n.updatedAt) {
      double decay = Math.pow(0.5, (double) (t - n.updatedAt) / settings.creatorNormHalfLifeMillis);
      n.views *= decay;
      n.likes *= decay;
      n.follows *= decay;
    }
    n.updatedAt = Math.max(n.updatedAt, t);
    double likeRate = n.views >= MIN_VIEWS ? n.likes / n.views : Double.NaN;
    double followRate = n.views >= MIN_VIEWS ? n.follows / n.views : Double.NaN;
    p.creatorLikeRate = likeRate;
    p.creatorFollowRate = followRate;

    // Only what ordinary accounts did teaches the norm: a bot burst's views would drag it down,
    // bought likes and follows push it up.
    double views = 0;
    double likes = 0;
    double follows = 0;
    for (int i = 0; i < p.masks.length; i++) {
      int m = p.masks[i];
      if (Flags.has(m, Flags.FRESH) || Flags.has(m, Flags.REPEAT)) {
        continue;
      }
      views += p.maskViews[i];
      if (!Flags.has(m, Flags.NO_VIEW)) {
        likes += p.maskLikes[i];
        follows += p.maskFollows[i];
      }
    }
    if (!Double.isNaN(likeRate)) {
      likes = Math.min(likes, 3 * likeRate * views + 1);
      follows = Math.min(follows, 3 * followRate * views + 1);
    }
    n.views += views;
    n.likes += Math.max(0, likes);
    n.follows += Math.max(0, follows);

    long cleanupAt = (Math.floorDiv(t + settings.creatorIdleTtlMillis, DAY) + 1) * DAY;
    if (cleanupAt != n.cleanupAt) {
      if (n.cleanupAt != 0) {
        ctx.timerService().deleteEventTimeTimer(n.cleanupAt);
      }
      ctx.timerService().registerEventTimeTimer(cleanupAt);
      n.cleanupAt = cleanupAt;
    }
    norm.update(n);
    out.collect(p);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<VideoPartial> out) throws Exception {
    CreatorNorm n = norm.value();
    if (n != null && n.cleanupAt <= timestamp) {
      norm.clear();
    }
  }
}
