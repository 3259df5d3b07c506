package com.creatormarket.integrity.retention.functions;

import static com.creatormarket.integrity.common.checks.Fields.blank;

import com.creatormarket.integrity.avro.Actor;
import com.creatormarket.integrity.avro.LifecycleKind;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.VideoLifecycleEvent;
import com.creatormarket.integrity.common.checks.OrderEventRules;
import com.creatormarket.integrity.common.io.RecordCheck;
import com.creatormarket.integrity.common.io.Rejection;

/**
 * Decides which decoded input records the retention rule can use. The others go to dead letters
 * as INVALID with a reason code, at the door (the Kafka source, before they could move a
 * watermark), and never reach the rule.
 */
public final class InputChecks {

  private InputChecks() {}

  /**
   * Order events: the rules every reader of order-events applies ({@link OrderEventRules}: ids,
   * kind, amounts, currency, the facts each kind must carry, retention days not negative), then
   * this job's own: retention days no longer than {@code retention.max-days}, which sizes the
   * state's safety net.
   */
  public static RecordCheck<OrderEvent> orders(int maxDays) {
    return OrderEventRules.all().and(retentionWithin(maxDays));
  }

  static RecordCheck<OrderEvent> retentionWithin(int maxDays) {
    return e -> e.getRetentionDays() != null && e.getRetentionDays() > maxDays
        ? Rejection.of("retention-over-max", "retentionDays " + e.getRetentionDays() + " over " + maxDays + " (retention.max-days)")
        : null;
  }

  /** Lifecycle events: ids, a kind this reader knows, and for removals an actor it knows (fault depends on it). */
  public static RecordCheck<VideoLifecycleEvent> lifecycle() {
    return e -> {
      if (blank(e.getEventId()) || blank(e.getVideoId()) || blank(e.getCreatorId())) {
        return Rejection.of("blank-id", "lifecycle event without eventId, videoId or creatorId");
      }
      if (e.getKind() == LifecycleKind.UNKNOWN) {
        return Rejection.of("unknown-kind", "lifecycle kind unknown to this reader");
      }
      if ((e.getKind() == LifecycleKind.DELETED || e.getKind() == LifecycleKind.HIDDEN) && e.getActor() == Actor.UNKNOWN) {
        return Rejection.of("unknown-actor", e.getKind() + " by an actor unknown to this reader: cannot tell whose fault it is");
      }
      return null;
    };
  }
}
