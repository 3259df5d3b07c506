package com.creatormarket.integrity.faketraffic.signals;

import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.VideoWindow;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code follow-withdrawal}: follows bought for a campaign are undone soon after it. The account
 * stage remembers each account's recent follows and marks an unfollow {@code WITHDRAWN} when it
 * undoes a follow younger than {@code follow-withdraw.within}; this signal fires when withdrawn
 * follows are a large share of the video's follows since publication.
 */
public final class FollowWithdrawal {

  public static final String NAME = "follow-withdrawal";

  private FollowWithdrawal() {}

  public static final Knob<Duration> WITHIN = Knob.duration("follow-withdraw.within", Duration.ofDays(7), Duration.ofHours(1),
      Duration.ofDays(60), "An unfollow counts as withdrawn when the follow it undoes is younger than this.");
  public static final Knob<Double> SHARE = Knob.decimal("signal.withdrawal.share", 0.3, 0.01, 1,
      "Share of the video's follows withdrawn at which the signal fires.");
  public static final Knob<Integer> MIN_FOLLOWS = Knob.integer("signal.withdrawal.min-follows", 15, 1, 1_000_000,
      "Follows a video needs before withdrawals are judged.");
  public static final Knob<Double> PRIOR = Knob.decimal("signal.withdrawal.baseline", 0.05, 0, 0.99,
      "Share of follows withdrawn in honest traffic, for the chance test.");
  public static final Knob<Double> WEIGHT = Knob.decimal("signal.withdrawal.weight", 0.62, 0, 1,
      "Weight of the follow-withdrawal signal in the risk score.");

  public static final List<Knob<?>> KNOBS = List.of(WITHIN, SHARE, MIN_FOLLOWS, PRIOR, WEIGHT);

  public static SignalReading read(VideoWindow w, DetectionSettings s) {
    double share = Shares.share(w.cumWithdrawn, w.cumFollows);
    double z = Shares.z(w.cumWithdrawn, w.cumFollows, s.withdrawalPrior);
    Supplier<String> detail = () -> String.format(Locale.ROOT, "%d of %d follows since publication were withdrawn within %d h of being made",
        w.cumWithdrawn, w.cumFollows, s.followWithdrawWithinMillis / 3_600_000L);
    if (w.cumFollows >= s.withdrawalMinFollows && share >= s.withdrawalShare && z >= 4) {
      return SignalReading.fired(NAME, share, s.withdrawalShare, Math.min(1, 2 * s.withdrawalShare), 0, detail);
    }
    return SignalReading.quiet(NAME, share, s.withdrawalShare, 0, detail);
  }
}
