package com.creatormarket.integrity.retention.functions;

import com.creatormarket.integrity.avro.Actor;
import com.creatormarket.integrity.avro.LifecycleKind;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderEventKind;
import com.creatormarket.integrity.avro.VideoLifecycleEvent;
import com.creatormarket.integrity.common.io.RecordCheck;

/**
 * Decides which decoded input records the retention rule can use. The others go to dead letters
 * as INVALID with the reason, at the input triage, and never reach the rule.
 */
public final class InputChecks {

  private InputChecks() {}

  /** Order events: a kind this reader knows, the facts each kind must carry, days within bounds. */
  public static RecordCheck<OrderEvent> orders(int maxDays) {
    return e -> {
      if (blank(e.getOrderId())) {
        return "order event without orderId";
      }
      if (e.getKind() == OrderEventKind.UNKNOWN) {
        return "order event kind unknown to this reader";
      }
      Integer days = e.getRetentionDays();
      if (days != null && (days < 0 || days > maxDays)) {
        return "retentionDays " + days + " outside 0.." + maxDays + " (retention.max-days)";
      }
      return switch (e.getKind()) {
        case VIDEO_PUBLISHED -> blank(e.getVideoId()) ? "VIDEO_PUBLISHED without videoId"
            : e.getPublishedAt() == null ? "VIDEO_PUBLISHED without publishedAt" : null;
        case RETENTION_CHANGED -> days == null ? "RETENTION_CHANGED without retentionDays" : null;
        default -> null;
      };
    };
  }

  /** Lifecycle events: a kind this reader knows, and for removals an actor it knows (fault depends on it). */
  public static RecordCheck<VideoLifecycleEvent> lifecycle() {
    return e -> {
      if (blank(e.getVideoId())) {
        return "lifecycle event without videoId";
      }
      if (e.getKind() == LifecycleKind.UNKNOWN) {
        return "lifecycle kind unknown to this reader";
      }
      if ((e.getKind() == LifecycleKind.DELETED || e.getKind() == LifecycleKind.HIDDEN) && e.getActor() == Actor.UNKNOWN) {
        return e.getKind() + " by an actor unknown to this reader: cannot tell whose fault it is";
      }
      return null;
    };
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
