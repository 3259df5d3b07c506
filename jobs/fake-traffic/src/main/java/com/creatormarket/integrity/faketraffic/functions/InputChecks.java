package com.creatormarket.integrity.faketraffic.functions;

import static com.creatormarket.integrity.common.checks.Fields.blank;

import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.avro.EngagementKind;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.common.checks.OrderEventRules;
import com.creatormarket.integrity.common.config.InvalidConfigException;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.RecordCheck;
import com.creatormarket.integrity.common.io.Rejection;
import com.creatormarket.integrity.faketraffic.FakeTrafficOptions;
import java.time.Duration;

/**
 * Decides which decoded input records the detectors can use. The others go to dead letters as
 * INVALID with a reason code, at the door (the Kafka source, before they could move a watermark),
 * and never reach a detector: a view claiming hours of watch time on a 15-s video, or an account
 * created after the event, would otherwise move verified metrics and signals.
 */
public final class InputChecks {

  private InputChecks() {}

  /** Engagement events, with the tolerances of these settings. */
  public static RecordCheck<EngagementEvent> engagement(Settings settings) {
    return engagement(settings.get(FakeTrafficOptions.WATCH_TIME_TOLERANCE), settings.get(FakeTrafficOptions.MAX_VIDEO_LENGTH));
  }

  /**
   * Engagement events: every id the stages key by or count non-blank, a kind this reader knows;
   * a VIEW carries its watch time and the video's length, the length in (0, max], the watch time in
   * [0, length x (1 + tolerance)]; the account was created no later than the event.
   */
  public static RecordCheck<EngagementEvent> engagement(double watchTimeTolerance, Duration maxVideoLength) {
    long maxLengthMillis = maxVideoLength.toMillis();
    return e -> {
      if (blank(e.getEventId()) || blank(e.getVideoId()) || blank(e.getCreatorId()) || blank(e.getAccountId())
          || blank(e.getDeviceId()) || blank(e.getNetworkPrefix())) {
        // A blank network prefix would pool every such viewer into one "network" for prefix concentration.
        return Rejection.of("blank-id", "engagement event without eventId, videoId, creatorId, accountId, deviceId or networkPrefix");
      }
      if (e.getKind() == EngagementKind.UNKNOWN) {
        return Rejection.of("unknown-kind", "engagement kind unknown to this reader");
      }
      if (e.getKind() == EngagementKind.VIEW) {
        Rejection view = viewProblem(e.getWatchTimeMillis(), e.getVideoLengthMillis(), watchTimeTolerance, maxLengthMillis);
        if (view != null) {
          return view;
        }
      }
      if (e.getAccountCreatedAt().isAfter(e.getEventTime())) {
        return Rejection.of("account-created-after-event", "account created at " + e.getAccountCreatedAt()
            + ", after the event at " + e.getEventTime());
      }
      return null;
    };
  }

  private static Rejection viewProblem(Long watch, Long length, double tolerance, long maxLengthMillis) {
    if (watch == null || length == null) {
      return Rejection.of("missing-field", "VIEW without watchTimeMillis or videoLengthMillis");
    }
    if (length <= 0 || length > maxLengthMillis) {
      return Rejection.of("video-length-out-of-range", "videoLengthMillis " + length + " outside 1.." + maxLengthMillis
          + " (input.max-video-length)");
    }
    // In double: length x (1 + tolerance) cannot overflow, and is exact far beyond any real length.
    if (watch < 0 || watch > length * (1 + tolerance)) {
      return Rejection.of("watch-time-out-of-range", "watchTimeMillis " + watch + " outside 0.." + (long) (length * (1 + tolerance))
          + " for a video of " + length + " ms (input.watch-time-tolerance " + tolerance + ")");
    }
    return null;
  }

  /** Order events, with the bound of these settings; refuses a default retention over the bound. */
  public static RecordCheck<OrderEvent> orders(Settings settings) {
    int maxDays = settings.get(FakeTrafficOptions.MAX_RETENTION_DAYS);
    int defaultDays = settings.get(FakeTrafficOptions.DEFAULT_RETENTION_DAYS);
    if (defaultDays > maxDays) {
      throw new InvalidConfigException(String.format("settings: '%s' (%d) must not exceed '%s' (%d)",
          FakeTrafficOptions.DEFAULT_RETENTION_DAYS.key(), defaultDays, FakeTrafficOptions.MAX_RETENTION_DAYS.key(), maxDays));
    }
    return orders(maxDays);
  }

  /**
   * Order events: the rules every reader of order-events applies ({@link OrderEventRules}), then
   * this job's own: retention days no longer than {@code order.max-retention-days}, since an order is
   * watched (and its video's state kept) until its retention ends.
   */
  public static RecordCheck<OrderEvent> orders(int maxRetentionDays) {
    return OrderEventRules.all().and(e -> e.getRetentionDays() != null && e.getRetentionDays() > maxRetentionDays
        ? Rejection.of("retention-over-max", "retentionDays " + e.getRetentionDays() + " over " + maxRetentionDays
            + " (order.max-retention-days)")
        : null);
  }
}
