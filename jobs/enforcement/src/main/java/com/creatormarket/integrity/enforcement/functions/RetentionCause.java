package com.creatormarket.integrity.enforcement.functions;

import com.creatormarket.integrity.avro.LifecycleKind;
import com.creatormarket.integrity.avro.RetentionOutcome;
import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.avro.ViolationKind;
import com.creatormarket.integrity.common.CauseIds;
import com.creatormarket.integrity.common.StableIds;
import com.creatormarket.integrity.enforcement.model.ConfirmedViolation;
import com.creatormarket.integrity.enforcement.model.Policy;
import java.time.ZoneId;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decides which retention violations are the creator's fault: early deletion and early hiding go
 * on to the ledger; a platform removal carries no penalty (the order system reads it from
 * retention-violations directly) and is only counted. The end of an early hiding goes on too, marked
 * as such: it is no new violation, but a pro-rata refund of the hiding is due for the days it lasted.
 */
public final class RetentionCause extends ProcessFunction<RetentionViolation, ConfirmedViolation> {

  private static final long serialVersionUID = 1L;

  private transient Counter platformRemovals;

  @Override
  public void open(OpenContext openContext) {
    platformRemovals = getRuntimeContext().getMetricGroup().counter("platformRemovalsWithoutPenalty");
  }

  @Override
  public void processElement(RetentionViolation v, Context ctx, Collector<ConfirmedViolation> out) {
    ConfirmedViolation c = toViolation(v);
    if (c == null) {
      platformRemovals.inc();
      return;
    }
    out.collect(c);
  }

  /** The confirmed violation of a retention violation, or null when it is not the creator's. */
  static ConfirmedViolation toViolation(RetentionViolation v) {
    ViolationKind kind;
    boolean hidingEnd = v.getOutcome() == RetentionOutcome.HIDING_ENDED;
    if (v.getOutcome() == RetentionOutcome.EARLY_DELETION) {
      kind = ViolationKind.EARLY_DELETION;
    } else if (v.getOutcome() == RetentionOutcome.EARLY_HIDING || hidingEnd) {
      kind = ViolationKind.EARLY_HIDING;
    } else {
      return null;
    }
    if (hidingEnd && v.getHidingEndedAt() == null) {
      return null; // stopped at the input checks; never a penalty cause
    }
    ConfirmedViolation c = new ConfirmedViolation();
    c.kind = kind;
    // The end of a hiding names the hiding itself: its refund and its act are the hiding's.
    c.causeId = hidingEnd
        ? CauseIds.retentionViolation(v.getOrderId(), v.getVideoId(), v.getRemovedAt().toEpochMilli(), LifecycleKind.HIDDEN)
        : v.getViolationId();
    c.creatorId = v.getCreatorId();
    c.agencyId = v.getAgencyId();
    c.orderId = v.getOrderId();
    c.videoId = v.getVideoId();
    c.advertiserId = v.getAdvertiserId();
    c.removedAt = v.getRemovedAt().toEpochMilli();
    c.retentionDays = v.getRetentionDays();
    ZoneId zone = ZoneId.of(v.getTimeZone());
    if (hidingEnd) {
      c.hidingEndedAt = v.getHidingEndedAt().toEpochMilli();
      c.missingDays = Policy.hiddenDays(v.getRemovedAt(), v.getHidingEndedAt(), zone, v.getRetentionDays());
    } else {
      c.missingDays = Policy.missingDays(v.getRemovedAt(), v.getRetentionEnd(), zone, v.getRetentionDays());
    }
    c.evidence = Evidence.of(v, c.missingDays);
    // One removal (or hiding) of one video at one instant: one act, whatever orders it breaks.
    c.actId = StableIds.of("act", kind.name(), v.getVideoId(), Long.toString(v.getRemovedAt().toEpochMilli()));
    c.eventTime = v.getDecidedAt().toEpochMilli();
    return c;
  }
}
