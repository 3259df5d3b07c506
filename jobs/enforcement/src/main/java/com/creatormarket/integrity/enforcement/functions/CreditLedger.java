package com.creatormarket.integrity.enforcement.functions;

import com.creatormarket.integrity.avro.CompensationBasis;
import com.creatormarket.integrity.avro.CreatorCompensation;
import com.creatormarket.integrity.avro.LiftReason;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderTermination;
import com.creatormarket.integrity.avro.Penalty;
import com.creatormarket.integrity.avro.PenaltyReversal;
import com.creatormarket.integrity.avro.Refund;
import com.creatormarket.integrity.avro.RefundBasis;
import com.creatormarket.integrity.avro.ReversalReason;
import com.creatormarket.integrity.avro.ReviewDecision;
import com.creatormarket.integrity.avro.Sanction;
import com.creatormarket.integrity.avro.SanctionLifted;
import com.creatormarket.integrity.avro.ViolationKind;
import com.creatormarket.integrity.common.CauseIds;
import com.creatormarket.integrity.common.StableIds;
import com.creatormarket.integrity.common.codec.AvroCodec;
import com.creatormarket.integrity.common.config.Durations;
import com.creatormarket.integrity.common.io.DeadLetters;
import com.creatormarket.integrity.common.io.Rejection;
import com.creatormarket.integrity.enforcement.model.ConfirmedViolation;
import com.creatormarket.integrity.enforcement.model.LedgerInput;
import com.creatormarket.integrity.enforcement.model.PenaltyReview;
import com.creatormarket.integrity.enforcement.model.Policy;
import com.creatormarket.integrity.enforcement.model.Standing;
import com.creatormarket.integrity.enforcement.model.TakenPenalty;
import com.creatormarket.integrity.enforcement.model.TrackedOrder;
import com.creatormarket.integrity.common.time.EventTimeBuffer;
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
 *
 * <p>A cause is acted on only for parties the order system has introduced: a creator the ledger
 * has seen an order event of, and (for retention violations and fake-traffic cases) the order the
 * cause names. A cause about a party not seen waits up to {@code ledger.unknown-party-wait} (event
 * time) and is applied when the order event that introduces the party is processed, at that
 * event's time (the moment both facts exist); if none comes, it goes to dead letters
 * ({@code unknown-creator}, {@code unknown-order}) and penalises no one. A creator or order stays
 * known for {@code ledger.seen-cause-retention} after its last order event, and while the ledger
 * keeps the order or the creator's standing: an order known once but forgotten since is penalised
 * as before, its refund dead-lettered as undecided.
 *
 * <p>A record behind the watermark (a slow topic, an upstream job an hour behind) is taken at the
 * next watermark and decided as of its own event time, against the history the ledger keeps: the
 * parties known then (first and last order event of each order), the orders in progress then
 * (created, completed, cancelled, terminated times of each order). So which causes are penalised,
 * and which orders a case ends and refunds, do not depend on when the cause arrived; what does
 * (the score and sanction a penalty reports, which of two overlapping cases ends a shared order)
 * is listed in the README.
 */
public final class CreditLedger extends KeyedProcessFunction<String, LedgerInput, Penalty> {

  private static final long serialVersionUID = 1L;

  public static final OutputTag<OrderTermination> TERMINATIONS =
      new OutputTag<>("order-terminations", TypeInformation.of(OrderTermination.class));
  public static final OutputTag<Refund> REFUNDS = new OutputTag<>("refunds", TypeInformation.of(Refund.class));
  public static final OutputTag<PenaltyReversal> REVERSALS =
      new OutputTag<>("penalty-reversals", TypeInformation.of(PenaltyReversal.class));
  public static final OutputTag<SanctionLifted> LIFTS = new OutputTag<>("sanction-lifts", TypeInformation.of(SanctionLifted.class));

  static final String BUFFER = "ledger-inputs";
  static final String STANDING = "standing";
  static final String SEEN_CAUSES = "seen-causes";
  static final String ORDERS = "orders";
  static final String NEXT_CLEANUP = "next-cleanup";
  static final String SEEN_ORDERS = "seen-orders";
  static final String SEEN_ORDERS_SINCE = "seen-orders-since";
  static final String WAITING_CAUSES = "causes-waiting-for-party";
  static final String TAKEN = "penalties-taken";
  static final String WAITING_REVIEWS = "reviews-waiting-for-penalty";
  static final String WAITING_HIDING_ENDS = "hiding-ends-waiting-for-hiding";

  static final String STATUS_TERMINATED = TrackedOrder.TERMINATED;
  private static final long DAY = Duration.ofDays(1).toMillis();
  /** The platform's retention when an order names none (DESIGN.md, section 1). */
  private static final int DEFAULT_RETENTION_DAYS = 60;

  /**
   * Order events first; among them by order, then lifecycle; violations by kind, then cause id;
   * then decisions about penalties (a penalty decided at an instant can be reversed at that instant), by decision id.
   */
  static final Comparator<LedgerInput> ORDER = Comparator
      .comparingInt((LedgerInput in) -> in.order != null ? 0 : in.violation != null ? 1 : 2)
      .thenComparing(in -> in.order != null ? in.order.getOrderId() : in.violation != null ? in.violation.kind.name() : "")
      .thenComparingInt(in -> in.order != null ? in.order.getKind().ordinal() : 0)
      .thenComparing(in -> in.order != null ? in.order.getEventId()
          : in.violation != null ? in.violation.causeId : in.review.decision.getDecisionId());

  private final String job;
  private final String retentionTopic;
  private final String casesTopic;
  private final String findingsTopic;
  private final String decisionsTopic;
  private final Policy policy;
  private final AvroCodec<ReviewDecision> decisionCodec = AvroCodec.of(ReviewDecision.class);

  private transient EventTimeBuffer<LedgerInput> buffer;
  private transient ValueState<Standing> standing;
  private transient MapState<String, Long> seenCauses;
  private transient MapState<String, TrackedOrder> orders;
  private transient ValueState<Long> nextCleanup;
  private transient KnownParties parties;
  private transient MapState<String, TakenPenalty> taken;
  private transient MapState<String, PenaltyReview> waitingReviews;
  /** Ends of early hidings taken before their hiding (arrival order, or the hiding waiting for its party), by hiding id. */
  private transient MapState<String, ConfirmedViolation> waitingHidingEnds;
  private transient Counter penalties;
  private transient Counter duplicateCauses;
  private transient Counter actsAlreadyPenalised;
  private transient Counter removalsAfterTermination;
  private transient Counter terminations;
  private transient Counter refunds;
  private transient Counter refundsUndecided;
  private transient Counter orderEventsForUnknownOrders;
  private transient Counter behindWatermark;
  private transient Counter heldForUnknownParty;
  private transient Counter droppedForUnknownParty;
  private transient Counter reversals;
  private transient Counter appealsRejected;
  private transient Counter reviewsRejected;
  private transient Counter duplicateReviews;
  private transient Counter sanctionsLifted;

  /** The topic names go into the ledger's dead letters: the topic the set-aside cause came from. */
  public CreditLedger(String job, String retentionTopic, String casesTopic, String findingsTopic, String decisionsTopic,
      Policy policy) {
    this.job = job;
    this.retentionTopic = retentionTopic;
    this.casesTopic = casesTopic;
    this.findingsTopic = findingsTopic;
    this.decisionsTopic = decisionsTopic;
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
    parties = new KnownParties(
        getRuntimeContext().getMapState(new MapStateDescriptor<>(SEEN_ORDERS, Types.STRING, Types.LONG)),
        getRuntimeContext().getMapState(new MapStateDescriptor<>(SEEN_ORDERS_SINCE, Types.STRING, Types.LONG)),
        getRuntimeContext().getMapState(new MapStateDescriptor<>(WAITING_CAUSES, Types.STRING,
            TypeInformation.of(ConfirmedViolation.class))),
        policy.seenCauseRetentionMillis, policy.unknownPartyWaitMillis);
    taken = getRuntimeContext().getMapState(new MapStateDescriptor<>(TAKEN, Types.STRING, TypeInformation.of(TakenPenalty.class)));
    waitingReviews = getRuntimeContext().getMapState(
        new MapStateDescriptor<>(WAITING_REVIEWS, Types.STRING, TypeInformation.of(PenaltyReview.class)));
    waitingHidingEnds = getRuntimeContext().getMapState(
        new MapStateDescriptor<>(WAITING_HIDING_ENDS, Types.STRING, TypeInformation.of(ConfirmedViolation.class)));
    var metrics = getRuntimeContext().getMetricGroup();
    penalties = metrics.counter("penalties");
    duplicateCauses = metrics.counter("duplicateCauses");
    actsAlreadyPenalised = metrics.counter("causesOfAnActAlreadyPenalised");
    removalsAfterTermination = metrics.counter("removalsAfterTermination");
    terminations = metrics.counter("orderTerminations");
    refunds = metrics.counter("refunds");
    refundsUndecided = metrics.counter("refundsUndecided");
    orderEventsForUnknownOrders = metrics.counter("orderEventsForUnknownOrders");
    behindWatermark = metrics.counter("recordsBehindWatermark");
    heldForUnknownParty = metrics.counter("causesHeldForUnknownParty");
    droppedForUnknownParty = metrics.counter("causesDroppedForUnknownParty");
    reversals = metrics.counter("penaltiesReversed");
    appealsRejected = metrics.counter("appealsRejected");
    reviewsRejected = metrics.counter("penaltyDecisionsRejected");
    duplicateReviews = metrics.counter("duplicatePenaltyDecisions");
    sanctionsLifted = metrics.counter("sanctionsLifted");
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
    List<LedgerInput> inputs = buffer.release(time, ORDER);
    boolean orderEvents = false;
    for (LedgerInput in : inputs) {
      if (in.order != null) {
        onOrderEvent(in.order, time, ctx);
        orderEvents = true;
      }
    }
    if (orderEvents) {
      // Causes that waited for a party these order events introduced: now, before this instant's own causes.
      for (ConfirmedViolation v : parties.takeResolved(v -> partiesKnownAt(v, time))) {
        penalise(v, time, ctx, out);
      }
    }
    for (LedgerInput in : inputs) {
      if (in.violation != null) {
        onViolation(in.violation, time, ctx, out);
      }
    }
    for (LedgerInput in : inputs) {
      if (in.review != null) {
        onReview(in.review, time, ctx);
      }
    }
    Long due = nextCleanup.value();
    if (due != null && due <= time) {
      cleanUp(time, ctx);
    }
  }

  // ---- Orders ----

  private void onOrderEvent(OrderEvent e, long time, Context ctx) throws Exception {
    schedule(parties.seen(e.getOrderId(), time), ctx);
    TrackedOrder o = orders.get(e.getOrderId());
    switch (e.getKind()) {
      case CREATED -> {
        if (o == null) {
          o = new TrackedOrder();
          o.orderId = e.getOrderId();
          o.status = TrackedOrder.IN_PROGRESS;
          o.createdAt = time;
          o.forgetAt = time + policy.orderMaxAgeMillis;
          schedule(o.forgetAt, ctx);
        } else if (o.createdAt != null && time < o.createdAt) {
          o.createdAt = time;
        }
        o.advertiserId = e.getAdvertiserId();
        o.agencyId = e.getAgencyId();
        o.prepaidMinor = e.getPrepaidMinor();
        o.priceMinor = e.getPriceMinor();
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
      case RETENTION_CHANGED -> {
        o.retentionDays = e.getRetentionDays();
        // A completed order is kept until its video may come down: a change agreed after completion
        // moves that too, or a deletion within the new retention would find the order forgotten (issue #15).
        if (TrackedOrder.COMPLETED.equals(o.status)) {
          forgetAfterRetention(o, time, ctx);
        }
      }
      case COMPLETED -> {
        if (o.inProgress()) {
          forgetAfterRetention(o, time, ctx);
          o.status = TrackedOrder.COMPLETED;
          o.completedAt = time;
        }
      }
      case CANCELLED -> {
        if (o.inProgress()) {
          // Cancelled before any violation touched it: the order system settles it; nothing left to refund here.
          // Its history stays for the order grace, so a cause from before the cancellation, taken behind the
          // watermark, still finds the order in progress at its time.
          o.status = TrackedOrder.CANCELLED;
          o.cancelledAt = time;
          o.forgetAt = time + policy.orderGraceMillis;
          schedule(o.forgetAt, ctx);
        }
      }
      case TERMINATED -> {
        // The order system's answer to a termination: ours (already known) or its own. Either way the
        // order is over, and a removal after it costs nothing more.
        if (!o.terminated()) {
          forgetAfterRetention(o, time, ctx);
          o.status = STATUS_TERMINATED;
          o.terminatedAt = time;
        }
      }
      default -> { }
    }
    orders.put(o.orderId, o);
  }

  /**
   * A finished order stays until its video may come down (plus grace), so a late retention violation
   * still finds its money. Called before the status changes: an order that had already ended (a
   * cause taken behind the watermark ends it as of an earlier time) never leaves sooner than it would have.
   */
  private void forgetAfterRetention(TrackedOrder o, long time, Context ctx) throws Exception {
    long retentionEnd = o.publishedAt == null ? time
        : o.publishedAt + ((o.retentionDays == null ? DEFAULT_RETENTION_DAYS : o.retentionDays) + 1L) * DAY;
    long forgetAt = Math.max(time, retentionEnd) + policy.orderGraceMillis;
    o.forgetAt = o.inProgress() ? forgetAt : Math.max(o.forgetAt, forgetAt);
    schedule(o.forgetAt, ctx);
  }

  // ---- Violations ----

  private void onViolation(ConfirmedViolation v, long time, Context ctx, Collector<Penalty> out) throws Exception {
    if (v.isHidingEnd()) {
      onHidingEnded(v, time, ctx);
      return;
    }
    if (seenCauses.contains(v.causeKey()) || parties.isWaiting(v)) {
      duplicateCauses.inc();
      return;
    }
    if (partiesKnownAt(v, time)) {
      penalise(v, time, ctx, out);
      return;
    }
    heldForUnknownParty.inc();
    // A cause taken behind the watermark whose party an order event already taken introduced within
    // the wait: decided as it was when it waited, at that order event's time.
    Long introduced = parties.introducedWithinWait(v.orderId, time);
    if (introduced != null) {
      penalise(v, introduced, ctx, out);
      return;
    }
    schedule(parties.hold(v), ctx);
  }

  /**
   * Whether the ledger knew, at {@code time}, the parties the cause names: the order, for a cause
   * that names one (an order known is of this creator: the ledger is keyed by creator); else the
   * creator. Asked of the history, not of what has been taken so far, so that a cause behind the
   * watermark gets the answer it would have had in event-time order.
   */
  private boolean partiesKnownAt(ConfirmedViolation v, long time) throws Exception {
    return v.orderId != null ? orderKnownAt(v.orderId, time) : creatorKnownAt(time);
  }

  private boolean orderKnownAt(String orderId, long time) throws Exception {
    TrackedOrder o = orders.get(orderId);
    return (o != null && o.existsAt(time)) || parties.knownAt(orderId, time);
  }

  private boolean creatorKnownAt(long time) throws Exception {
    if (standing.value() != null || parties.anyKnownAt(time)) {
      return true;
    }
    for (TrackedOrder o : orders.values()) {
      if (o.existsAt(time)) {
        return true;
      }
    }
    return false;
  }

  private boolean creatorKnown() throws Exception {
    return !orders.isEmpty() || parties.seenAnyOrder() || standing.value() != null;
  }

  /** The penalty of a cause whose parties are known, and what follows from it. */
  private void penalise(ConfirmedViolation v, long time, Context ctx, Collector<Penalty> out) throws Exception {
    long forgetCause = time + policy.seenCauseRetentionMillis;
    seenCauses.put(v.causeKey(), forgetCause);
    schedule(forgetCause, ctx);
    TrackedOrder terminated = terminatedBeforeRemoval(v);
    if (terminated != null) {
      // The platform ended the order (and refunded it in full) before the video came down: the creator owed no
      // retention on it any more. The retention job does not know of terminations (issue #15), so it still emits.
      removalsAfterTermination.inc();
      ctx.output(DeadLetters.TAG, SetAside.invalid(job, retentionTopic, v.orderId, null, Rejection.of("order-terminated",
          "retention violation " + v.causeId + ": order " + v.orderId + " was terminated at "
              + Instant.ofEpochMilli(terminated.terminatedAt) + ", before the video came down at " + Instant.ofEpochMilli(v.removedAt)
              + "; no retention was owed any more: nothing penalised or refunded"), time));
      return;
    }
    // One act, one penalty (issue #15): another cause of an act already penalised takes no points,
    // but what follows for its own order (refund, termination) still does.
    String act = v.actId == null ? null : "act:" + v.actId;
    TakenPenalty penalty;
    TakenPenalty campaign = campaignOf(v, time);
    if (campaign != null) {
      actsAlreadyPenalised.inc();
      penalty = campaign;
    } else if (act != null && seenCauses.contains(act)) {
      actsAlreadyPenalised.inc();
      penalty = penaltyOfAct(v.actId);
    } else {
      if (act != null) {
        seenCauses.put(act, forgetCause);
      }
      penalty = deduct(v, time, ctx, out);
    }
    switch (v.kind) {
      case FAKE_TRAFFIC -> endOrdersForFakeTraffic(v, time, ctx, penalty);
      case EARLY_DELETION -> refundForRetention(v, time, ctx, penalty);
      case EARLY_HIDING -> {
        if (!policy.hidingRefundWaitsForEnd()) {
          refundForRetention(v, time, ctx, penalty);
        } else {
          ConfirmedViolation end = waitingHidingEnds.get(v.causeId);
          if (end != null) {
            waitingHidingEnds.remove(v.causeId);
            refundHiding(end, Math.max(time, end.eventTime), ctx, penalty);
          }
        }
      }
      default -> { }
    }
    if (penalty != null) {
      taken.put(penalty.penaltyId, penalty);
      decideWaitingReviews(penalty, time, ctx);
    }
  }

  /** The order of a retention cause, when the ledger terminated it at or before the removal; else null. */
  private TrackedOrder terminatedBeforeRemoval(ConfirmedViolation v) throws Exception {
    if ((v.kind != ViolationKind.EARLY_DELETION && v.kind != ViolationKind.EARLY_HIDING) || v.removedAt == null) {
      return null;
    }
    TrackedOrder o = orders.get(v.orderId);
    return o != null && o.terminatedAt != null && o.terminatedAt <= v.removedAt ? o : null;
  }

  /**
   * The standing penalty of the fake-traffic campaign a case belongs to: an earlier-decided case of
   * the same video within {@code policy.campaign-window} of it (either side, so the total does not
   * depend on arrival). Its orders are still ended and refunded under the case's own id.
   */
  private TakenPenalty campaignOf(ConfirmedViolation v, long time) throws Exception {
    if (v.kind != ViolationKind.FAKE_TRAFFIC || v.videoId == null || policy.campaignWindowMillis == 0) {
      return null;
    }
    TakenPenalty first = null;
    for (TakenPenalty p : taken.values()) {
      if (p.kind == ViolationKind.FAKE_TRAFFIC && v.videoId.equals(p.videoId) && p.weighs() && withinCampaign(p, time)
          && (first == null || p.sequence < first.sequence)) {
        first = p;
      }
    }
    if (first != null) {
      first.addCampaignCase(time);
    }
    return first;
  }

  /** Whether a case at {@code time} is within the campaign window of any case the penalty's campaign has had. */
  private boolean withinCampaign(TakenPenalty p, long time) {
    if (Math.abs(p.time - time) <= policy.campaignWindowMillis) {
      return true;
    }
    for (long t : p.campaignCaseTimes) {
      if (Math.abs(t - time) <= policy.campaignWindowMillis) {
        return true;
      }
    }
    return false;
  }

  /** The penalty taken for an act (the first of its causes), to which the act's other causes add their refunds. */
  private TakenPenalty penaltyOfAct(String actId) throws Exception {
    for (TakenPenalty p : taken.values()) {
      if (actId.equals(p.actId)) {
        return p;
      }
    }
    return null;
  }

  /** The points and sanction of a cause, as a penalty; returns what the ledger remembers of it for a reversal. */
  private TakenPenalty deduct(ConfirmedViolation v, long time, Context ctx, Collector<Penalty> out) throws Exception {
    Standing s = standing.value();
    if (s == null) {
      s = new Standing();
      s.score = Policy.STARTING_SCORE;
    }
    // The cause knows best; then the creator's orders (contracts at the cause's time); then the last agency known.
    String fromOrders = v.agencyId != null ? null : agencyFromOrders(v.orderId, time);
    String agency = v.agencyId != null ? v.agencyId : fromOrders != null ? fromOrders : s.agencyId;
    if (agency != null) {
      s.agencyId = agency;
    }
    recover(s, time);
    int before = s.score;
    int due = policy.points(v);
    int extra = repeatExtra(time, Long.MAX_VALUE);
    int deducted = Math.min(due + extra, before);
    s.score = before - deducted;
    if (s.score <= policy.accessEndedAt) {
      s.accessEnded = true;
    }
    if (policy.suspendsRegardless(v.kind) || s.score < policy.suspendBelow) {
      long until = time + policy.suspensionMillis;
      s.suspendedUntil = s.suspendedUntil == null ? until : Math.max(s.suspendedUntil, until);
    }
    Sanction sanction = s.sanctionAt(time, policy.warningBelow);
    // A cause taken behind the watermark never moves the reset earlier than a later one already set it.
    s.lastViolationAt = Math.max(s.lastViolationAt, time);
    s.recoveryFrom = Math.max(s.recoveryFrom, time);
    s.resetAt = Math.max(s.resetAt, Math.max(time + policy.scoreResetMillis, s.suspendedUntil == null ? 0 : s.suspendedUntil));
    s.penaltiesDecided++;
    standing.update(s);
    scheduleStanding(s, ctx);

    TakenPenalty p = new TakenPenalty();
    p.penaltyId = v.penaltyId();
    p.kind = v.kind;
    p.causeId = v.causeId;
    p.orderId = v.orderId;
    p.agencyId = agency;
    p.actId = v.actId;
    p.videoId = v.kind == ViolationKind.FAKE_TRAFFIC ? v.videoId : null;
    p.pointsDue = due;
    p.repeatExtra = extra;
    p.pointsDeducted = deducted;
    p.time = time;
    p.sequence = s.penaltiesDecided;
    p.forgetAt = time + policy.seenCauseRetentionMillis;

    penalties.inc();
    out.collect(Penalty.newBuilder()
        .setPenaltyId(p.penaltyId)
        .setCreatorId(v.creatorId)
        .setAgencyId(agency)
        .setCause(v.kind)
        .setCauseId(v.causeId)
        .setOrderId(v.orderId)
        .setPointsDeducted(deducted)
        .setRepeatExtraPoints(Math.max(0, deducted - due))
        .setScoreBefore(before)
        .setScoreAfter(s.score)
        .setSanction(sanction)
        .setSuspendedUntil(sanction == Sanction.ORDER_TAKING_SUSPENDED ? Instant.ofEpochMilli(s.suspendedUntil) : null)
        .setPolicyVersion(policy.version)
        .setEvidence(v.evidence)
        .setEventTime(Instant.ofEpochMilli(time))
        .build());
    return p;
  }

  private String agencyFromOrders(String orderId, long time) throws Exception {
    TrackedOrder o = orderId == null ? null : orders.get(orderId);
    if (o != null && o.agencyId != null && o.keptAt(time)) {
      return o.agencyId;
    }
    // Otherwise any order of the creator at that time that names an agency, the same one every run.
    String agency = null;
    String byOrder = null;
    for (Map.Entry<String, TrackedOrder> e : orders.entries()) {
      if (e.getValue().agencyId != null && e.getValue().keptAt(time) && (byOrder == null || e.getKey().compareTo(byOrder) > 0)) {
        byOrder = e.getKey();
        agency = e.getValue().agencyId;
      }
    }
    return agency;
  }

  /**
   * Confirmed fake traffic ends every order of the creator in progress at its time, unpaid, and
   * refunds each advertiser what remains of the prepayment; the flagged order is refunded too when
   * it was already completed. "In progress at its time" is read from each order's history (created,
   * completed, cancelled), so a case taken behind the watermark ends the orders an on-time one would
   * have: not one created after it, and also one completed or cancelled after it.
   */
  private void endOrdersForFakeTraffic(ConfirmedViolation v, long time, Context ctx, TakenPenalty penalty) throws Exception {
    List<TrackedOrder> all = new ArrayList<>();
    orders.values().forEach(all::add);
    all.sort(Comparator.comparing(o -> o.orderId));
    boolean flaggedKnown = false;
    for (TrackedOrder o : all) {
      if (!o.keptAt(time)) {
        continue;
      }
      boolean flagged = o.orderId.equals(v.orderId);
      flaggedKnown |= flagged;
      if (o.inProgressAt(time)) {
        terminations.inc();
        ctx.output(TERMINATIONS, OrderTermination.newBuilder()
            .setTerminationId(StableIds.of("termination", o.orderId, v.causeId))
            .setOrderId(o.orderId)
            .setCreatorId(v.creatorId)
            .setAdvertiserId(o.advertiserId)
            .setCause(v.kind)
            .setCauseId(v.causeId)
            .setStatusBefore(TrackedOrder.IN_PROGRESS)
            .setStatusAfter(STATUS_TERMINATED)
            .setCreatorPaid(false)
            .setEventTime(Instant.ofEpochMilli(time))
            .build());
        refund(o, v, o.remainingMinor(), RefundBasis.FULL, time, ctx, penalty);
        if (penalty != null) {
          penalty.addTermination(o.orderId, o.advertiserId, policy.reversalCompensationMinor(o.priceMinor, o.publishedAt, time,
              o.retentionDays == null ? DEFAULT_RETENTION_DAYS : o.retentionDays), o.currency);
        }
        forgetAfterRetention(o, time, ctx);
        o.status = STATUS_TERMINATED;
        o.terminatedAt = time;
        orders.put(o.orderId, o);
      } else if (flagged && o.completedBy(time) && !o.terminated()) {
        refund(o, v, o.remainingMinor(), RefundBasis.FULL, time, ctx, penalty);
        orders.put(o.orderId, o);
      }
    }
    if (!flaggedKnown) {
      undecided(v, casesTopic, "fake-traffic case " + v.causeId + ": order " + v.orderId
          + " no longer tracked by the ledger (no CREATED seen, cancelled, or past its lifetime); penalty applied, orders in progress ended,"
          + " no refund decided for this one", time, ctx);
    }
  }

  /** An early deletion or hiding refunds the advertiser by the policy knob; the order itself goes on. */
  private void refundForRetention(ConfirmedViolation v, long time, Context ctx, TakenPenalty penalty) throws Exception {
    TrackedOrder o = orders.get(v.orderId);
    if (o == null || !o.keptAt(time)) {
      undecided(v, retentionTopic, "retention violation " + v.causeId + ": order " + v.orderId
          + " no longer tracked by the ledger (no CREATED seen, cancelled, or past its lifetime); penalty applied, no refund decided", time, ctx);
      return;
    }
    long amount = policy.retentionRefundMinor(o.prepaidMinor, o.remainingMinor(), v.missingDays, v.retentionDays);
    RefundBasis basis = switch (policy.retentionRefund) {
      case FULL -> RefundBasis.FULL;
      case PRO_RATA -> RefundBasis.PRO_RATA;
      case NONE -> RefundBasis.NONE;
    };
    refund(o, v, amount, basis, time, ctx, penalty);
    orders.put(o.orderId, o);
  }

  /**
   * The end of an early hiding (issue #15): a pro-rata refund for the days it was really hidden, under
   * the hiding's own refund id. Until then a hiding was refunded at once from its start to the
   * retention end, as if it never came back: three short hidings could refund the whole prepayment.
   */
  private void onHidingEnded(ConfirmedViolation end, long time, Context ctx) throws Exception {
    if (seenCauses.contains(end.causeKey())) {
      duplicateCauses.inc();
      return;
    }
    long forget = time + policy.seenCauseRetentionMillis;
    seenCauses.put(end.causeKey(), forget);
    schedule(forget, ctx);
    if (!policy.hidingRefundWaitsForEnd()) {
      return; // refunded (or not) at the hiding itself
    }
    if (!seenCauses.contains(ConfirmedViolation.keyOf(ViolationKind.EARLY_HIDING, end.causeId))) {
      // The hiding comes later (behind the watermark, or waiting for its order): its refund follows it.
      waitingHidingEnds.put(end.causeId, end);
      schedule(time + hidingEndWaitMillis(), ctx);
      return;
    }
    TakenPenalty penalty = end.actId == null ? null : penaltyOfAct(end.actId);
    refundHiding(end, time, ctx, penalty);
    if (penalty != null) {
      taken.put(penalty.penaltyId, penalty);
    }
  }

  /** The refund of an early hiding that ended, unless its order was already over or its penalty was reversed. */
  private void refundHiding(ConfirmedViolation end, long time, Context ctx, TakenPenalty penalty) throws Exception {
    if (terminatedBeforeRemoval(end) != null) {
      return; // set aside with the hiding: the order was already over
    }
    if (penalty != null && penalty.reversalId != null) {
      return; // the hiding was found not to be the creator's fault: nothing owed for it
    }
    refundForRetention(end, time, ctx, penalty);
  }

  /** How long an end of a hiding waits for its hiding: the hiding may itself wait for its party, and arrive behind the watermark. */
  private long hidingEndWaitMillis() {
    return Math.max(policy.decisionWaitMillis, policy.unknownPartyWaitMillis);
  }

  /** Ends of hidings whose hiding never came within the wait: the refund is left to a human. Returns the next expiry. */
  private long expireWaitingHidingEnds(long time, Context ctx) throws Exception {
    long next = Long.MAX_VALUE;
    List<ConfirmedViolation> expired = new ArrayList<>();
    for (ConfirmedViolation end : waitingHidingEnds.values()) {
      long due = end.eventTime + hidingEndWaitMillis();
      if (due <= time) {
        expired.add(end);
      } else {
        next = Math.min(next, due);
      }
    }
    expired.sort(Comparator.comparing((ConfirmedViolation end) -> end.causeId));
    for (ConfirmedViolation end : expired) {
      waitingHidingEnds.remove(end.causeId);
      undecided(end, retentionTopic, "end of early hiding " + end.causeId + ": the hiding itself was not penalised here within "
          + Durations.format(Duration.ofMillis(hidingEndWaitMillis())) + " (its order or creator unknown to the ledger, or the hiding"
          + " never came); no refund decided", end.eventTime, ctx);
    }
    if (waitingHidingEnds.isEmpty()) {
      waitingHidingEnds.clear();
    }
    return next;
  }

  private void refund(TrackedOrder o, ConfirmedViolation v, long amount, RefundBasis basis, long time, Context ctx,
      TakenPenalty penalty) {
    refunds.inc();
    o.refundedMinor += amount;
    String refundId = StableIds.of("refund", o.orderId, v.causeId);
    if (penalty != null) {
      penalty.addRefund(refundId);
    }
    ctx.output(REFUNDS, Refund.newBuilder()
        .setRefundId(refundId)
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
    ctx.output(DeadLetters.TAG, SetAside.invalid(job, topic, v.orderId, null, Rejection.of("refund-undecided", reason), time));
  }

  /** A cause whose party never appeared within the wait: no penalty, a dead letter naming the party and the wait. */
  private void drop(ConfirmedViolation v, Context ctx) throws Exception {
    droppedForUnknownParty.inc();
    String wait = Durations.format(Duration.ofMillis(policy.unknownPartyWaitMillis)) + " (ledger.unknown-party-wait)";
    String what = switch (v.kind) {
      case EARLY_DELETION, EARLY_HIDING -> "retention violation " + v.causeId + " (" + v.kind + ")";
      case FAKE_TRAFFIC -> "fake-traffic case " + v.causeId;
      default -> "private-deal finding " + v.causeId;
    };
    Rejection why;
    if (!creatorKnown()) {
      why = Rejection.of("unknown-creator", what + ": creator " + v.creatorId + " has no order event in the ledger within "
          + wait + " of the cause; nothing is penalised for a creator the order system never mentioned");
    } else {
      why = Rejection.of("unknown-order", what + ": order " + v.orderId + " of creator " + v.creatorId
          + " has no order event in the ledger within " + wait + " of the cause; nothing is penalised, ended or refunded for it");
    }
    String topic = switch (v.kind) {
      case EARLY_DELETION, EARLY_HIDING -> retentionTopic;
      case FAKE_TRAFFIC -> casesTopic;
      default -> findingsTopic;
    };
    ctx.output(DeadLetters.TAG, SetAside.invalid(job, topic, v.orderId != null ? v.orderId : v.creatorId, null, why, v.eventTime));
  }

  // ---- Decisions about penalties: dismissals after enforcement, appeals ----

  private void onReview(PenaltyReview r, long time, Context ctx) throws Exception {
    TakenPenalty p = taken.get(r.penaltyId);
    if (p != null) {
      decide(r, p, time, ctx);
      return;
    }
    // The penalty may still be decided (its cause taken behind the watermark, or waiting for its party): wait, in event time.
    if (waitingReviews.contains(r.decision.getDecisionId())) {
      duplicateReviews.inc();
      return;
    }
    waitingReviews.put(r.decision.getDecisionId(), r);
    schedule(r.eventTime + policy.decisionWaitMillis, ctx);
  }

  /** Decisions that came before their penalty was decided apply right after it, at the later of the two times. */
  private void decideWaitingReviews(TakenPenalty p, long time, Context ctx) throws Exception {
    List<PenaltyReview> due = new ArrayList<>();
    for (PenaltyReview r : waitingReviews.values()) {
      if (r.penaltyId.equals(p.penaltyId)) {
        due.add(r);
      }
    }
    due.sort(Comparator.comparing((PenaltyReview r) -> r.decision.getDecisionId()));
    for (PenaltyReview r : due) {
      waitingReviews.remove(r.decision.getDecisionId());
      decide(r, p, Math.max(time, r.eventTime), ctx);
    }
  }

  private void decide(PenaltyReview r, TakenPenalty p, long time, Context ctx) throws Exception {
    String decisionId = r.decision.getDecisionId();
    if (decisionId.equals(p.reversedBy)) {
      duplicateReviews.inc();
      return;
    }
    if (r.isAppeal()) {
      long appealedAt = r.decision.getAppealedAt().toEpochMilli();
      if (appealedAt < p.time) {
        rejectReview(r, "appeal-before-penalty", "appeal filed at " + Instant.ofEpochMilli(appealedAt)
            + ", before penalty " + p.penaltyId + " (" + Instant.ofEpochMilli(p.time) + ")", ctx);
        return;
      }
      if (appealedAt - p.time > policy.appealWindowMillis) {
        rejectReview(r, "appeal-out-of-window", "appeal filed at " + Instant.ofEpochMilli(appealedAt) + ", more than "
            + Durations.format(Duration.ofMillis(policy.appealWindowMillis)) + " (policy.appeal-window) after penalty "
            + p.penaltyId + " (" + Instant.ofEpochMilli(p.time) + "); the penalty stands", ctx);
        return;
      }
    }
    if (p.reversalId != null) {
      rejectReview(r, "already-reversed", "penalty " + p.penaltyId + " was already reversed (" + p.reversalId
          + ", decision " + p.reversedBy + "); " + r.decision.getDecision() + " changes nothing", ctx);
      return;
    }
    if (!r.reverses()) {
      appealsRejected.inc();
      return;
    }
    reverse(r, p, time, ctx);
  }

  /**
   * Takes a penalty back: the points return and the sanction is recomputed as if the penalty had
   * never been (the creator's other penalties replayed in the order they were decided). Money that
   * moved stays moved: terminated orders stay terminated, refunds are not clawed back; the creator
   * is compensated for delivered work on the orders the cause terminated, by policy.
   */
  private void reverse(PenaltyReview r, TakenPenalty p, long time, Context ctx) throws Exception {
    Standing s = standing.value();
    if (s != null && !s.accessEnded && s.suspendedUntil != null && s.suspendedUntil <= time
        && !s.suspendedUntil.equals(s.liftAnnouncedFor)) {
      // A suspension that ended at or before the reversal is announced as ended first (the timer may not have fired yet).
      announceSuspensionEnd(s, ctx);
    }
    if (s != null) {
      recover(s, time);
    }
    int scoreBefore = s == null ? Policy.STARTING_SCORE : s.score;
    Sanction before = s == null ? Sanction.NONE : s.sanctionAt(time, policy.warningBelow);
    p.reversalId = CauseIds.reversal(p.penaltyId);
    p.reversedBy = r.decision.getDecisionId();
    taken.put(p.penaltyId, p);
    if (s != null && !p.beforeReset) {
      replayStanding(s);
      recover(s, time);
      if (s.suspendedUntil != null && s.suspendedUntil <= time) {
        // A suspension the reversal ended (or shortened into the past) is lifted now, not again at its end.
        s.liftAnnouncedFor = s.suspendedUntil;
      }
      standing.update(s);
      scheduleStanding(s, ctx);
    }
    int scoreAfter = s == null ? Policy.STARTING_SCORE : s.score;
    Sanction after = s == null ? Sanction.NONE : s.sanctionAt(time, policy.warningBelow);
    Long suspendedUntil = after == Sanction.ORDER_TAKING_SUSPENDED ? s.suspendedUntil : null;

    List<CreatorCompensation> compensations = new ArrayList<>();
    for (int i = 0; i < p.terminatedOrderIds.length; i++) {
      compensations.add(CreatorCompensation.newBuilder()
          .setCompensationId(StableIds.of("compensation", p.terminatedOrderIds[i], p.reversalId))
          .setOrderId(p.terminatedOrderIds[i])
          .setAdvertiserId(p.terminatedAdvertiserIds[i])
          .setAmountMinor(p.compensationMinor[i])
          .setCurrency(p.compensationCurrencies[i])
          .setBasis(switch (policy.reversalCompensation) {
            case FULL -> CompensationBasis.FULL;
            case PRO_RATA -> CompensationBasis.PRO_RATA;
            case NONE -> CompensationBasis.NONE;
          })
          .build());
    }
    reversals.inc();
    ctx.output(REVERSALS, PenaltyReversal.newBuilder()
        .setReversalId(p.reversalId)
        .setPenaltyId(p.penaltyId)
        .setCreatorId(r.creatorId)
        .setAgencyId(p.agencyId)
        .setCause(p.kind)
        .setCauseId(p.causeId)
        .setReason(r.isAppeal() ? ReversalReason.APPEAL_UPHELD : ReversalReason.DISMISSED_AFTER_ENFORCEMENT)
        .setDecisionId(r.decision.getDecisionId())
        .setReviewerId(r.decision.getReviewerId())
        .setPointsRestored(scoreAfter - scoreBefore)
        .setScoreBefore(scoreBefore)
        .setScoreAfter(scoreAfter)
        .setSanction(after)
        .setSuspendedUntil(suspendedUntil == null ? null : Instant.ofEpochMilli(suspendedUntil))
        .setOrdersStayTerminated(List.of(p.terminatedOrderIds))
        .setRefundsNotClawedBack(List.of(p.refundIds))
        .setCompensations(compensations)
        .setPolicyVersion(policy.version)
        .setNote(r.decision.getNote())
        .setEventTime(Instant.ofEpochMilli(time))
        .build());
    if (before == Sanction.ACCESS_ENDED && after != Sanction.ACCESS_ENDED
        || before == Sanction.ORDER_TAKING_SUSPENDED && after != Sanction.ORDER_TAKING_SUSPENDED) {
      lift(s, before, after, LiftReason.REVERSAL, p.reversalId, StableIds.of("sanction-lifted", r.creatorId, p.reversalId),
          time, ctx);
    }
  }

  /**
   * The standing from the penalties that still weigh (not reversed, not before the last reset), in
   * the order the ledger decided them: the same arithmetic as {@link #deduct}, so without a
   * reversal it gives the standing the ledger has.
   */
  private void replayStanding(Standing s) throws Exception {
    List<TakenPenalty> standingPenalties = new ArrayList<>();
    for (TakenPenalty p : taken.values()) {
      if (p.weighs()) {
        standingPenalties.add(p);
      }
    }
    standingPenalties.sort(Comparator.comparingLong((TakenPenalty p) -> p.sequence).thenComparing(p -> p.penaltyId));
    int score = Policy.STARTING_SCORE;
    boolean accessEnded = false;
    Long suspendedUntil = null;
    long lastViolationAt = 0;
    long recoveryFrom = 0;
    for (TakenPenalty p : standingPenalties) {
      lastViolationAt = Math.max(lastViolationAt, p.time);
      if (recoveryFrom > 0 && !accessEnded) {
        long periods = policy.recoveryPeriods(recoveryFrom, p.time);
        score = policy.recoveredScore(score, periods);
        recoveryFrom += periods * policy.recoveryPeriodMillis;
      }
      recoveryFrom = Math.max(recoveryFrom, p.time);
      score -= Math.min(p.pointsDue + repeatExtra(p.time, p.sequence), score);
      accessEnded |= score <= policy.accessEndedAt;
      if (policy.suspendsRegardless(p.kind) || score < policy.suspendBelow) {
        long until = p.time + policy.suspensionMillis;
        suspendedUntil = suspendedUntil == null ? until : Math.max(suspendedUntil, until);
      }
    }
    s.score = score;
    s.accessEnded = accessEnded;
    s.suspendedUntil = suspendedUntil;
    s.recoveryFrom = recoveryFrom;
    // The reset counts from the last penalty that stands (with none left, the standing goes at the next clean-up).
    s.lastViolationAt = lastViolationAt;
    s.resetAt = Math.max(lastViolationAt + policy.scoreResetMillis, suspendedUntil == null ? 0 : suspendedUntil);
  }

  /**
   * A repeat offence's extra points. The standing penalties decided before (sequence below {@code
   * sequence}) fall into runs in event time, each penalty within {@code policy.repeat-window} of the
   * next; a penalty at {@code time} pays the extra once for each run it comes within the window of
   * (once, normally; twice when it arrived late and joins two runs in between). So over a creator's
   * penalties the extras add up to the extra times (penalties - runs), whatever order they came in.
   */
  private int repeatExtra(long time, long sequence) throws Exception {
    if (policy.repeatExtraPoints == 0) {
      return 0;
    }
    List<Long> times = new ArrayList<>();
    for (TakenPenalty p : taken.values()) {
      if (p.weighs() && p.sequence < sequence) {
        times.add(p.time);
      }
    }
    times.sort(null);
    int runsTouched = 0;
    boolean touches = false;
    Long previous = null;
    for (long t : times) {
      if (previous != null && t - previous > policy.repeatWindowMillis) {
        runsTouched += touches ? 1 : 0;
        touches = false;
      }
      touches |= Math.abs(t - time) <= policy.repeatWindowMillis;
      previous = t;
    }
    runsTouched += touches ? 1 : 0;
    return runsTouched * policy.repeatExtraPoints;
  }

  /** The suspension ran out: order-taking may resume (at its end, whenever the timer fires); announced once per end. */
  private void announceSuspensionEnd(Standing s, Context ctx) throws Exception {
    recover(s, s.suspendedUntil);
    s.liftAnnouncedFor = s.suspendedUntil;
    standing.update(s);
    lift(s, Sanction.ORDER_TAKING_SUSPENDED, s.sanctionAt(s.suspendedUntil, policy.warningBelow), LiftReason.SUSPENSION_ENDED,
        null, StableIds.of("sanction-lifted", (String) ctx.getCurrentKey(), "suspension-ended", Long.toString(s.suspendedUntil)),
        s.suspendedUntil, ctx);
  }

  private void lift(Standing s, Sanction lifted, Sanction now, LiftReason reason, String reversalId, String liftId, long time,
      Context ctx) {
    sanctionsLifted.inc();
    ctx.output(LIFTS, SanctionLifted.newBuilder()
        .setLiftId(liftId)
        .setCreatorId((String) ctx.getCurrentKey())
        .setAgencyId(s.agencyId)
        .setLifted(lifted)
        .setSanction(now)
        .setReason(reason)
        .setReversalId(reversalId)
        .setScore(s.score)
        .setSuspendedUntil(now == Sanction.ORDER_TAKING_SUSPENDED ? Instant.ofEpochMilli(s.suspendedUntil) : null)
        .setPolicyVersion(policy.version)
        .setEventTime(Instant.ofEpochMilli(time))
        .build());
  }

  private void rejectReview(PenaltyReview r, String code, String detail, Context ctx) {
    reviewsRejected.inc();
    ctx.output(DeadLetters.TAG, SetAside.invalid(job, decisionsTopic, r.decision.getCaseId(), decisionCodec.encode(r.decision),
        Rejection.of(code, "decision " + r.decision.getDecisionId() + ": " + detail), r.eventTime));
  }

  // ---- Bounded state ----

  /** Decisions whose penalty never came within {@code review.decision-wait}: dead letters. Returns the next wait's end. */
  private long expireWaitingReviews(long time, Context ctx) throws Exception {
    long next = Long.MAX_VALUE;
    List<PenaltyReview> expired = new ArrayList<>();
    for (PenaltyReview r : waitingReviews.values()) {
      long end = r.eventTime + policy.decisionWaitMillis;
      if (end <= time) {
        expired.add(r);
      } else {
        next = Math.min(next, end);
      }
    }
    expired.sort(Comparator.comparing((PenaltyReview r) -> r.decision.getDecisionId()));
    for (PenaltyReview r : expired) {
      waitingReviews.remove(r.decision.getDecisionId());
      rejectReview(r, "unknown-penalty", "no penalty " + r.penaltyId + " of creator " + r.creatorId + " in the ledger within "
          + Durations.format(Duration.ofMillis(policy.decisionWaitMillis)) + " (review.decision-wait) of the decision: its cause was"
          + " not penalised (its party never appeared, or it was another cause of an act already penalised), the penalty is older"
          + " than the ledger's memory, or the id is wrong", ctx);
    }
    if (waitingReviews.isEmpty()) {
      waitingReviews.clear();
    }
    return next;
  }

  /** Whether the standing still wins points back over time (policy.recovery-points). */
  private boolean recovering(Standing s) {
    return policy.recoveryPoints > 0 && !s.accessEnded && s.score < Policy.STARTING_SCORE;
  }

  /**
   * Brings the standing's score to what it has won back by {@code time} without a new penalty; the
   * clock moves on by the whole periods used. Returns whether the score changed.
   */
  private boolean recover(Standing s, long time) {
    if (!recovering(s)) {
      return false;
    }
    if (s.recoveryFrom == 0) {
      s.recoveryFrom = s.lastViolationAt; // a standing from before recovery existed counts from its last penalty
    }
    long periods = policy.recoveryPeriods(s.recoveryFrom, time);
    if (periods == 0) {
      return false;
    }
    s.score = policy.recoveredScore(s.score, periods);
    s.recoveryFrom += periods * policy.recoveryPeriodMillis;
    return true;
  }

  /** The standing's own times: its reset, its suspension's end and its next recovery (none once access ended). */
  private void scheduleStanding(Standing s, Context ctx) throws Exception {
    if (!s.accessEnded) {
      schedule(s.resetAt, ctx);
      if (s.suspendedUntil != null) {
        schedule(s.suspendedUntil, ctx);
      }
      if (recovering(s)) {
        schedule(s.recoveryFrom + policy.recoveryPeriodMillis, ctx);
      }
    }
  }

  /** Makes sure a timer fires at {@code time} or earlier to clean up; the earliest pending one is kept in state. */
  private void schedule(long time, Context ctx) throws Exception {
    Long due = nextCleanup.value();
    if (due == null || time < due) {
      nextCleanup.update(time);
      ctx.timerService().registerEventTimeTimer(time);
    }
  }

  private void cleanUp(long time, Context ctx) throws Exception {
    for (ConfirmedViolation v : parties.takeExpired(time)) {
      drop(v, ctx);
    }
    long next = parties.forget(time);
    next = Math.min(next, expireWaitingReviews(time, ctx));
    next = Math.min(next, expireWaitingHidingEnds(time, ctx));
    Standing s = standing.value();
    if (s != null && !s.accessEnded && s.suspendedUntil != null && !s.suspendedUntil.equals(s.liftAnnouncedFor)) {
      if (s.suspendedUntil <= time) {
        announceSuspensionEnd(s, ctx);
      } else {
        next = Math.min(next, s.suspendedUntil);
      }
    }
    if (s != null && recovering(s)) {
      Sanction was = s.sanctionAt(time, policy.warningBelow);
      if (recover(s, time)) {
        standing.update(s);
        if (was == Sanction.WARNING && s.sanctionAt(time, policy.warningBelow) == Sanction.NONE) {
          lift(s, Sanction.WARNING, Sanction.NONE, LiftReason.SCORE_RECOVERED, null,
              StableIds.of("sanction-lifted", (String) ctx.getCurrentKey(), "score-recovered", Long.toString(s.recoveryFrom)),
              s.recoveryFrom, ctx);
        }
      }
      if (recovering(s)) {
        next = Math.min(next, s.recoveryFrom + policy.recoveryPeriodMillis);
      }
    }
    if (s != null && !s.accessEnded) {
      if (s.resetAt <= time) {
        standing.clear();
        s = null;
        // The reset gives back every point: penalties before it weigh no more on a later reversal's replay.
        for (Map.Entry<String, TakenPenalty> e : taken.entries()) {
          if (!e.getValue().beforeReset) {
            e.getValue().beforeReset = true;
            taken.put(e.getKey(), e.getValue());
          }
        }
      } else {
        next = Math.min(next, s.resetAt);
      }
    }
    for (Iterator<Map.Entry<String, TakenPenalty>> it = taken.iterator(); it.hasNext(); ) {
      TakenPenalty p = it.next().getValue();
      // A penalty that still weighs on the standing stays as long as the standing does (until the reset, for good once
      // access ended), or a reversal's replay would start from a score without it.
      if (p.weighs() && s != null) {
        continue;
      }
      if (p.forgetAt <= time) {
        it.remove();
      } else {
        next = Math.min(next, p.forgetAt);
      }
    }
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
    if (taken.isEmpty()) {
      taken.clear();
    }
    if (next == Long.MAX_VALUE) {
      nextCleanup.clear();
    } else {
      nextCleanup.update(next);
      ctx.timerService().registerEventTimeTimer(next);
    }
  }
}
