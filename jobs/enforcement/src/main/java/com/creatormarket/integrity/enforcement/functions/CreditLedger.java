package com.creatormarket.integrity.enforcement.functions;

import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderTermination;
import com.creatormarket.integrity.avro.Penalty;
import com.creatormarket.integrity.avro.Refund;
import com.creatormarket.integrity.avro.RefundBasis;
import com.creatormarket.integrity.avro.Sanction;
import com.creatormarket.integrity.avro.ViolationKind;
import com.creatormarket.integrity.common.StableIds;
import com.creatormarket.integrity.common.config.Durations;
import com.creatormarket.integrity.common.io.DeadLetters;
import com.creatormarket.integrity.common.io.Rejection;
import com.creatormarket.integrity.enforcement.model.ConfirmedViolation;
import com.creatormarket.integrity.enforcement.model.LedgerInput;
import com.creatormarket.integrity.enforcement.model.Policy;
import com.creatormarket.integrity.enforcement.model.Standing;
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

  static final String BUFFER = "ledger-inputs";
  static final String STANDING = "standing";
  static final String SEEN_CAUSES = "seen-causes";
  static final String ORDERS = "orders";
  static final String NEXT_CLEANUP = "next-cleanup";
  static final String SEEN_ORDERS = "seen-orders";
  static final String SEEN_ORDERS_SINCE = "seen-orders-since";
  static final String WAITING_CAUSES = "causes-waiting-for-party";

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
  private final String findingsTopic;
  private final Policy policy;

  private transient EventTimeBuffer<LedgerInput> buffer;
  private transient ValueState<Standing> standing;
  private transient MapState<String, Long> seenCauses;
  private transient MapState<String, TrackedOrder> orders;
  private transient ValueState<Long> nextCleanup;
  private transient KnownParties parties;
  private transient Counter penalties;
  private transient Counter duplicateCauses;
  private transient Counter actsAlreadyPenalised;
  private transient Counter terminations;
  private transient Counter refunds;
  private transient Counter refundsUndecided;
  private transient Counter orderEventsForUnknownOrders;
  private transient Counter behindWatermark;
  private transient Counter heldForUnknownParty;
  private transient Counter droppedForUnknownParty;

  /** The topic names go into the ledger's dead letters: the topic the set-aside cause came from. */
  public CreditLedger(String job, String retentionTopic, String casesTopic, String findingsTopic, Policy policy) {
    this.job = job;
    this.retentionTopic = retentionTopic;
    this.casesTopic = casesTopic;
    this.findingsTopic = findingsTopic;
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
    var metrics = getRuntimeContext().getMetricGroup();
    penalties = metrics.counter("penalties");
    duplicateCauses = metrics.counter("duplicateCauses");
    actsAlreadyPenalised = metrics.counter("causesOfAnActAlreadyPenalised");
    terminations = metrics.counter("orderTerminations");
    refunds = metrics.counter("refunds");
    refundsUndecided = metrics.counter("refundsUndecided");
    orderEventsForUnknownOrders = metrics.counter("orderEventsForUnknownOrders");
    behindWatermark = metrics.counter("recordsBehindWatermark");
    heldForUnknownParty = metrics.counter("causesHeldForUnknownParty");
    droppedForUnknownParty = metrics.counter("causesDroppedForUnknownParty");
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
    // One act, one penalty (issue #15): another cause of an act already penalised takes no points,
    // but what follows for its own order (refund, termination) still does.
    String act = v.actId == null ? null : "act:" + v.actId;
    if (act != null && seenCauses.contains(act)) {
      actsAlreadyPenalised.inc();
    } else {
      if (act != null) {
        seenCauses.put(act, forgetCause);
      }
      deduct(v, time, ctx, out);
    }
    switch (v.kind) {
      case FAKE_TRAFFIC -> endOrdersForFakeTraffic(v, time, ctx);
      case EARLY_DELETION, EARLY_HIDING -> refundForRetention(v, time, ctx);
      default -> { }
    }
  }

  /** The points and sanction of a cause, as a penalty. */
  private void deduct(ConfirmedViolation v, long time, Context ctx, Collector<Penalty> out) throws Exception {
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
    // A cause taken behind the watermark never moves the reset earlier than a later one already set it.
    s.lastViolationAt = Math.max(s.lastViolationAt, time);
    s.resetAt = Math.max(s.resetAt, Math.max(time + policy.scoreResetMillis, s.suspendedUntil == null ? 0 : s.suspendedUntil));
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
  private void endOrdersForFakeTraffic(ConfirmedViolation v, long time, Context ctx) throws Exception {
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
        refund(o, v, o.remainingMinor(), RefundBasis.FULL, time, ctx);
        forgetAfterRetention(o, time, ctx);
        o.status = STATUS_TERMINATED;
        o.terminatedAt = time;
        orders.put(o.orderId, o);
      } else if (flagged && o.completedBy(time) && !o.terminated()) {
        refund(o, v, o.remainingMinor(), RefundBasis.FULL, time, ctx);
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
  private void refundForRetention(ConfirmedViolation v, long time, Context ctx) throws Exception {
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
    for (ConfirmedViolation v : parties.takeExpired(time)) {
      drop(v, ctx);
    }
    long next = parties.forget(time);
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
