package com.creatormarket.integrity.faketraffic.signals;

import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.Flags;
import com.creatormarket.integrity.faketraffic.model.Kinds;
import com.creatormarket.integrity.faketraffic.model.VideoWindow;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code engagement-ratio}: likes and follows that no view by the same account preceded, and like
 * or follow rates per view far above the norm. The norm is the creator's (learned across the
 * creator's videos by the creator-norms stage) when known, else the video's own rate before the
 * window, else a prior. People like what they watched, so a share of no-view likes is damning on its
 * own; a high rate alone needs a large multiple, since some videos are simply better liked.
 */
public final class EngagementRatio {

  public static final String NAME = "engagement-ratio";

  private EngagementRatio() {}

  public static final Knob<Double> NO_VIEW_SHARE = Knob.decimal("signal.ratio.no-view-share", 0.3, 0.01, 1,
      "Share of the window's likes (or follows) with no view by the same account at which the signal fires.");
  public static final Knob<Double> NORM_MULTIPLE = Knob.decimal("signal.ratio.norm-multiple", 5.0, 1.5, 1000,
      "Like or follow rate per view, as a multiple of the creator's (or video's) norm, at which the signal fires.");
  public static final Knob<Integer> MIN_ACTIONS = Knob.integer("signal.ratio.min-actions", 3, 1, 1_000_000,
      "Likes (or follows) a window needs before their no-view share is judged (a rate against the norm needs 10 and signal.min-views views).");
  public static final Knob<Double> LIKE_RATE_PRIOR = Knob.decimal("signal.ratio.like-rate-prior", 0.04, 0.0001, 1,
      "Likes per view assumed while neither the creator's nor the video's norm is known.");
  public static final Knob<Double> FOLLOW_RATE_PRIOR = Knob.decimal("signal.ratio.follow-rate-prior", 0.005, 0.0001, 1,
      "Follows per view assumed while neither the creator's nor the video's norm is known.");
  public static final Knob<Double> WEIGHT = Knob.decimal("signal.ratio.weight", 0.62, 0, 1,
      "Weight of the engagement-ratio signal in the risk score.");

  public static final List<Knob<?>> KNOBS = List.of(NO_VIEW_SHARE, NORM_MULTIPLE, MIN_ACTIONS, LIKE_RATE_PRIOR, FOLLOW_RATE_PRIOR, WEIGHT);

  /** Likes (or follows) a window needs before its rate against the norm is judged. */
  static final int RATE_MIN_ACTIONS = 10;

  public static SignalReading read(VideoWindow w, DetectionSettings s) {
    double noViewLikes = Shares.share(w.noViewLikes, w.likes);
    double noViewFollows = Shares.share(w.noViewFollows, w.follows);
    double likeNorm = norm(w.creatorLikeRate, w.cumLikes - w.likes, w.cumViews - w.views, s.likeRatePrior);
    double followNorm = norm(w.creatorFollowRate, w.cumFollows - w.follows, w.cumViews - w.views, s.followRatePrior);
    double likeMultiple = Shares.share(w.likes, Math.max(1, w.views)) / likeNorm;
    double followMultiple = Shares.share(w.follows, Math.max(1, w.views)) / followNorm;
    Supplier<String> detail = () -> String.format(Locale.ROOT, "%d of %d likes and %d of %d follows had no view by the same account; "
            + "like rate %.1fx and follow rate %.1fx the norm over %d views",
        w.noViewLikes, w.likes, w.noViewFollows, w.follows, likeMultiple, followMultiple, w.views);
    boolean likesJudged = w.likes >= s.ratioMinActions;
    boolean followsJudged = w.follows >= s.ratioMinActions;
    double noView = Math.max(likesJudged ? noViewLikes : 0, followsJudged ? noViewFollows : 0);
    if (noView >= s.ratioNoViewShare) {
      return SignalReading.fired(NAME, noView, s.ratioNoViewShare, Math.min(1, 2 * s.ratioNoViewShare), w.windowMillis, detail);
    }
    // A rate alone is judged on enough views only: creators' like rates differ several-fold, and a
    // dozen views of a well-liked video can carry a handful of likes.
    boolean enoughViews = w.views >= s.minViews;
    double multiple = !enoughViews ? 0 : Math.max(
        w.likes >= RATE_MIN_ACTIONS && Shares.z(w.likes, w.views, likeNorm) >= 4 ? likeMultiple : 0,
        w.follows >= RATE_MIN_ACTIONS && Shares.z(w.follows, w.views, followNorm) >= 4 ? followMultiple : 0);
    if (multiple >= s.ratioNormMultiple) {
      return SignalReading.fired(NAME, multiple, s.ratioNormMultiple, 4 * s.ratioNormMultiple, w.windowMillis, detail);
    }
    return SignalReading.quiet(NAME, noView, s.ratioNoViewShare, w.windowMillis, detail);
  }

  /**
   * The larger of the creator's norm and the video's own rate before the window (each when known),
   * else the prior: a video that always drew more likes than the creator's others is not abnormal.
   */
  static double norm(double creatorRate, long actionsBefore, long viewsBefore, double prior) {
    double creator = !Double.isNaN(creatorRate) && creatorRate > 0 ? creatorRate : 0;
    double own = viewsBefore >= 200 && actionsBefore > 0 ? (double) actionsBefore / viewsBefore : 0;
    double best = Math.max(creator, own);
    return best > 0 ? best : prior;
  }

  /** Likes and follows without a view are invalid once the signal fired. */
  public static boolean invalidates(int mask, byte kind) {
    return (kind == Kinds.LIKE || kind == Kinds.FOLLOW) && Flags.has(mask, Flags.NO_VIEW);
  }
}
