package com.creatormarket.integrity.enforcement.functions;

import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderTermination;
import com.creatormarket.integrity.avro.Penalty;
import com.creatormarket.integrity.avro.Refund;
import com.creatormarket.integrity.avro.RefundBasis;
import com.creatormarket.integrity.avro.Sanction;
import com.creatormarket.integrity.avro.ViolationKind;
import com.creatormarket.integrity.common.StableIds;
import com.creatormarket.integrity.common.io.DeadLetters;
import com.creatormarket.integrity.enforcement.model.ConfirmedViolation;
import com.creatormarket.integrity.enforcement.model.LedgerInput;
import com.creatormarket.integrity.enforcement.model.Policy;
import com.creatormarket.integrity.enforcement.model.Standing;
import com.creatormarket.integrity.enforcement.model.TrackedOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The credit ledger of one creator (keyed by creatorId): decides what each confirmed violation
 * costs in points and sanctions, which of the creator's orders end, and what each advertiser gets
 * back. Emits penalties; terminations and refunds on side outputs.
 *
 * <p>Order events and violations are taken in event-time order (ties: order events first, so an
 * order created at the instant of a violation counts as in progress), so the same input always
 * yields the same decisions, whatever order the topics were read in and however often the job restarted.
 *
 * <p>A cause (kind and id) is penalised once: the ledger remembers it for
 * {@code ledger.seen-cause-retention}, and whatever arrives again is counted and ignored.
 */
public final class CreditLedger extends KeyedProcessFunction<String, LedgerInput, Penalty> {

  private static final long serialVersionUID = 1L;

  public static final OutputTag<OrderTermination> TERMINATIONS =
      new OutputTag<>("order-terminations", TypeInformation.of(OrderTermination.class));
  public static final OutputTag<Refund> REFUNDS = new OutputTag<>("refunds", TypeInformation.of(Refund.class));

  static final String BUFFER = "ledger-inputs";
  static final String STANDING = "standing";
  static final String SEEN_CAUSES = "seen-causes";
  static final String ORDERS = "orders";
  static final String NEXT_CLEANUP = "next-cleanup";

  static final String STATUS_TERMINATED = TrackedOrder.TERMINATED;
  private static final long DAY = Duration.ofDays(1).toMillis();
  /** The platform's retention when an order names none (DESIGN.md, section 1). */
  private static final int DEFAULT_RETENTION_DAYS = 60;

  /** Order events first; among them by order, then lifecycle; violations by kind, then cause id. */
  static final Comparator<LedgerInput> ORDER = Comparator
      .comparingInt((LedgerInput in) -> in.order != null ? 0 : 1)
      .thenComparing(in -> in.order != null ? in.order.getOrderId() : in.violation.kind.name())
      .thenComparingInt(in -> in.order != null ? in.order.getKind().ordinal() : 0)
      .thenComparing(in -> in.order != null ? in.order.getEventId() : in.violation.causeId);

  private final String job;
  private final String retentionTopic;
  private final String casesTopic;
  private final Policy policy;

  private transient EventTimeBuffer<LedgerInput> buffer;
  private transient ValueState<Standing> standing;
  private transient MapState<String, Long> seenCauses;
  private transient MapState<String, TrackedOrder> orders;
  private transient ValueState<Long> nextCleanup;
  private transient Counter penalties;
  private transient Counter duplicateCauses;
  private transient Counter terminations;
  private transient Counter refunds;
  private transient Counter refundsUndecided;
  private transient Counter orderEventsForUnknownOrders;
  private transient Counter behindWatermark;

  public CreditLedger(String job, String retentionTopic, String casesTopic, Policy policy) {
    this.job = job;
    this.retentionTopic = retentionTopic;
    this.casesTopic = casesTopic;
    this.policy = policy;
  }

  @Override
  public void open(OpenContext openContext) {
    MapStateDescriptor<Long, List<LedgerInput>> bufferDescriptor =
        EventTimeBuffer.descriptor(BUFFER, TypeInformation.of(LedgerInput.class));
    buffer = new EventTimeBuffer<>(getRuntimeContext().getMapState(bufferDescriptor));
    standing = getRuntimeContext().getState(new ValueStateDescriptor<>(STANDING, TypeInformation.of(Standing.class)));
    seenCauses = getRuntimeContext().getMapState(new MapStateDescriptor<>(SEEN_CAUSES, Types.STRING, Types.LONG));
    orders = getRuntimeContext().getMapState(new MapStateDescriptor<>(ORDERS, Types.STRING, TypeInformation.of(TrackedOrder.class)));
    nextCleanup = getRuntimeContext().getState(new ValueStateDescriptor<>(NEXT_CLEANUP, Types.LONG));
    var metrics = getRuntimeContext().getMetricGroup();
    penalties = metrics.counter("penalties");
    duplicateCauses = metrics.counter("duplicateCauses");
    terminations = metrics.counter("orderTerminations");
    refunds = metrics.counter("refunds");
    refundsUndecided = metrics.counter("refundsUndecided");
    orderEventsForUnknownOrders = metrics.counter("orderEventsForUnknownOrders");
    behindWatermark = metrics.counter("recordsBehindWatermark");
  }

  @Override
  public void processElement(LedgerInput in, Context ctx, Collector<Penalty> out) throws Exception {
    long time = in.eventTime();
    if (time <= ctx.timerService().currentWatermark()) {
      behindWatermark.inc();
    }
    buffer.add(time, in, ctx.timerService());
  }

  @Override
  public void onTimer(long time, OnTimerContext ctx, Collector<Penalty> out) throws Exception {
    for (LedgerInput in : buffer.release(time, ORDER)) {
      if (in.order != null) {
        onOrderEvent(in.order, time, ctx);
      } else {
        onViolation(in.violation, time, ctx, out);
      }
    }
    Long due = nextCleanup.value();
    if (due != null && due <= time) {
      cleanUp(time, ctx);
    }
  }

  // ---- Orders ----

  private void onOrderEvent(OrderEvent e, long time, Context ctx) throws Exception {
    TrackedOrder o = orders.get(e.getOrderId());
    switch (e.getKind()) {
      case CREATED -> {
        if (o == null) {
          o = new TrackedOrder();
          o.orderId = e.getOrderId();
          o.status = TrackedOrder.IN_PROGRESS;
          o.forgetAt = time + policy.orderMaxAgeMillis;
          schedule(o.forgetAt, ctx);
        }
        o.advertiserId = e.getAdvertiserId();
        o.agencyId = e.getAgencyId();
        o.prepaidMinor = e.getPrepaidMinor();
        o.currency = e.getCurrency();
        o.retentionDays = e.getRetentionDays();
        orders.put(o.orderId, o);
        return;
      }
      default -> {
        if (o == null) {
          orderEventsForUnknownOrders.inc();
          return;
        }
      }
    }
    switch (e.getKind()) {
      case VIDEO_PUBLISHED -> o.publishedAt = e.getPublishedAt() == null ? null : e.getPublishedAt().toEpochMilli();
      case RETENTION_CHANGED -> o.retentionDays = e.getRetentionDays();
      case COMPLETED -> {
        if (o.inProgress()) {
          o.status = TrackedOrder.COMPLETED;
          forgetAfterRetention(o, time, ctx);
        }
      }
      case CANCELLED -> {
        if (o.inProgress()) {
          // Cancelled before any violation touched it: the order system settles it; nothing left to refund here.
          orders.remove(o.orderId);
          return;
        }
      }
      default -> { }
    }
    orders.put(o.orderId, o);
  }

  /** A finished order stays until its video may come down (plus grace), so a late retention violation still finds its money. */
  private void forgetAfterRetention(TrackedOrder o, long time, Context ctx) throws Exception {
    long retentionEnd = o.publishedAt == null ? time
        : o.publishedAt + ((o.retentionDays == null ? DEFAULT_RETENTION_DAYS : o.retentionDays) + 1L) * DAY;
    o.forgetAt = Math.max(time, retentionEnd) + policy.orderGraceMillis;
    schedule(o.forgetAt, ctx);
  }

  // ---- Violations ----

  private void onViolation(ConfirmedViolation v, long time, Context ctx, Collector<Penalty> out) throws Exception {
    if (seenCauses.contains(v.causeKey())) {
      duplicateCauses.inc();
      return;
    }
    long forgetCause = time + policy.seenCauseRetentionMillis;
    seenCauses.put(v.causeKey(), forgetCause);
    schedule(forgetCause, ctx);

    Standing s = standing.value();
    if (s == null) {
      s = new Standing();
      s.score = Policy.STARTING_SCORE;
    }
    // The cause knows best; then the creator's orders (current contracts); then the last agency known.
    String fromOrders = v.agencyId != null ? null : agencyFromOrders(v.orderId);
    String agency = v.agencyId != null ? v.agencyId : fromOrders != null ? fromOrders : s.agencyId;
    if (agency != null) {
      s.agencyId = agency;
    }
    int before = s.score;
    int deducted = Math.min(policy.points(v.kind), before);
    s.score = before - deducted;
    if (s.score <= policy.accessEndedAt) {
      s.accessEnded = true;
    }
    if (policy.suspendsRegardless(v.kind) || s.score < policy.suspendBelow) {
      long until = time + policy.suspensionMillis;
      s.suspendedUntil = s.suspendedUntil == null ? until : Math.max(s.suspendedUntil, until);
    }
    Sanction sanction = s.sanctionAt(time, policy.warningBelow);
    s.lastViolationAt = time;
    s.resetAt = Math.max(time + policy.scoreResetMillis, s.suspendedUntil == null ? 0 : s.suspendedUntil);
    standing.update(s);
    if (!s.accessEnded) {
      schedule(s.resetAt, ctx);
    }

    penalties.inc();
    out.collect(Penalty.newBuilder()
        .setPenaltyId(StableIds.of("penalty", v.causeId, v.creatorId))
        .setCreatorId(v.creatorId)
        .setAgencyId(agency)
        .setCause(v.kind)
        .setCauseId(v.causeId)
        .setOrderId(v.orderId)
        .setPointsDeducted(deducted)
        .setScoreBefore(before)
        .setScoreAfter(s.score)
        .setSanction(sanction)
        .setSuspendedUntil(sanction == Sanction.ORDER_TAKING_SUSPENDED ? Instant.ofEpochMilli(s.suspendedUntil) : null)
        .setPolicyVersion(policy.version)
        .setEvidence(v.evidence)
        .setEventTime(Instant.ofEpochMilli(time))
        .build());

    switch (v.kind) {
      case FAKE_TRAFFIC -> endOrdersForFakeTraffic(v, time, ctx);
      case EARLY_DELETION, EARLY_HIDING -> refundForRetention(v, time, ctx);
      default -> { }
    }
  }

  private String agencyFromOrders(String orderId) throws Exception {
    TrackedOrder o = orderId == null ? null : orders.get(orderId);
    if (o != null && o.agencyId != null) {
      return o.agencyId;
    }
    // Otherwise any order of the creator that names an agency, the same one every run.
    String agency = null;
    String byOrder = null;
    for (Map.Entry<String, TrackedOrder> e : orders.entries()) {
      if (e.getValue().agencyId != null && (byOrder == null || e.getKey().compareTo(byOrder) > 0)) {
        byOrder = e.getKey();
        agency = e.getValue().agencyId;
      }
    }
    return agency;
  }

  /**
   * Confirmed fake traffic ends every order of the creator still in progress, unpaid, and refunds
   * each advertiser what remains of the prepayment; the flagged order is refunded too when it was
   * already completed.
   */
  private void endOrdersForFakeTraffic(ConfirmedViolation v, long time, Context ctx) throws Exception {
    List<TrackedOrder> all = new ArrayList<>();
    orders.values().forEach(all::add);
    all.sort(Comparator.comparing(o -> o.orderId));
    boolean flaggedKnown = false;
    for (TrackedOrder o : all) {
      boolean flagged = o.orderId.equals(v.orderId);
      flaggedKnown |= flagged;
      if (o.inProgress()) {
        terminations.inc();
        ctx.output(TERMINATIONS, OrderTermination.newBuilder()
            .setTerminationId(StableIds.of("termination", o.orderId, v.causeId))
            .setOrderId(o.orderId)
            .setCreatorId(v.creatorId)
            .setAdvertiserId(o.advertiserId)
            .setCause(v.kind)
            .setCauseId(v.causeId)
            .setStatusBefore(o.status)
            .setStatusAfter(STATUS_TERMINATED)
            .setCreatorPaid(false)
            .setEventTime(Instant.ofEpochMilli(time))
            .build());
        o.status = STATUS_TERMINATED;
        refund(o, v, o.remainingMinor(), RefundBasis.FULL, time, ctx);
        forgetAfterRetention(o, time, ctx);
        orders.put(o.orderId, o);
      } else if (flagged && TrackedOrder.COMPLETED.equals(o.status)) {
        refund(o, v, o.remainingMinor(), RefundBasis.FULL, time, ctx);
        orders.put(o.orderId, o);
      }
    }
    if (!flaggedKnown) {
      undecided(v, casesTopic, "fake-traffic case " + v.causeId + ": order " + v.orderId
          + " unknown to the ledger (no CREATED seen, or forgotten); orders in progress were ended, no refund decided for this one", time, ctx);
    }
  }

  /** An early deletion or hiding refunds the advertiser by the policy knob; the order itself goes on. */
  private void refundForRetention(ConfirmedViolation v, long time, Context ctx) throws Exception {
    TrackedOrder o = orders.get(v.orderId);
    if (o == null) {
      undecided(v, retentionTopic, "retention violation " + v.causeId + ": order " + v.orderId
          + " unknown to the ledger (no CREATED seen, or forgotten); penalty applied, no refund decided", time, ctx);
      return;
    }
    long amount = policy.retentionRefundMinor(o.prepaidMinor, o.remainingMinor(), v.missingDays, v.retentionDays);
    RefundBasis basis = switch (policy.retentionRefund) {
      case FULL -> RefundBasis.FULL;
      case PRO_RATA -> RefundBasis.PRO_RATA;
      case NONE -> RefundBasis.NONE;
    };
    refund(o, v, amount, basis, time, ctx);
    orders.put(o.orderId, o);
  }

  private void refund(TrackedOrder o, ConfirmedViolation v, long amount, RefundBasis basis, long time, Context ctx) {
    refunds.inc();
    o.refundedMinor += amount;
    ctx.output(REFUNDS, Refund.newBuilder()
        .setRefundId(StableIds.of("refund", o.orderId, v.causeId))
        .setOrderId(o.orderId)
        .setAdvertiserId(o.advertiserId)
        .setCreatorId(v.creatorId)
        .setAmountMinor(amount)
        .setCurrency(o.currency)
        .setPrepaidMinor(o.prepaidMinor)
        .setBasis(basis)
        .setCause(v.kind)
        .setCauseId(v.causeId)
        .setEventTime(Instant.ofEpochMilli(time))
        .build());
  }

  private void undecided(ConfirmedViolation v, String topic, String reason, long time, Context ctx) {
    refundsUndecided.inc();
    ctx.output(DeadLetters.TAG, SetAside.invalid(job, topic, v.orderId, null, reason, time));
  }

  // ---- Bounded state ----

  /** Makes sure a timer fires at {@code time} or earlier to clean up; the earliest pending one is kept in state. */
  private void schedule(long time, Context ctx) throws Exception {
    Long due = nextCleanup.value();
    if (due == null || time < due) {
      nextCleanup.update(time);
      ctx.timerService().registerEventTimeTimer(time);
    }
  }

  private void cleanUp(long time, Context ctx) throws Exception {
    long next = Long.MAX_VALUE;
    for (Iterator<Map.Entry<String, Long>> it = seenCauses.iterator(); it.hasNext(); ) {
      long forgetAt = it.next().getValue();
      if (forgetAt <= time) {
        it.remove();
      } else {
        next = Math.min(next, forgetAt);
      }
    }
    for (Iterator<Map.Entry<String, TrackedOrder>> it = orders.iterator(); it.hasNext(); ) {
      long forgetAt = it.next().getValue().forgetAt;
      if (forgetAt <= time) {
        it.remove();
      } else {
        next = Math.min(next, forgetAt);
      }
    }
    // An iterator's removals can leave an empty map behind in some state backends: drop it.
    if (seenCauses.isEmpty()) {
      seenCauses.clear();
    }
    if (orders.isEmpty()) {
      orders.clear();
    }
    Standing s = standing.value();
    if (s != null && !s.accessEnded) {
      if (s.resetAt <= time) {
        standing.clear();
      } else {
        next = Math.min(next, s.resetAt);
      }
    }
    if (next == Long.MAX_VALUE) {
      nextCleanup.clear();
    } else {
      nextCleanup.update(next);
      ctx.timerService().registerEventTimeTimer(next);
    }
  }
}
