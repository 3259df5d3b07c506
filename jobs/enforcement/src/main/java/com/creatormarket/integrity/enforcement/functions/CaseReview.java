package com.creatormarket.integrity.enforcement.functions;

import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.avro.ReviewDecision;
import com.creatormarket.integrity.avro.ViolationKind;
import com.creatormarket.integrity.common.codec.AvroCodec;
import com.creatormarket.integrity.enforcement.model.CaseInput;
import com.creatormarket.integrity.enforcement.model.CaseState;
import com.creatormarket.integrity.enforcement.model.CaseStatus;
import com.creatormarket.integrity.enforcement.model.ConfirmedViolation;
import com.creatormarket.integrity.enforcement.model.Policy;
import com.creatormarket.integrity.common.io.DeadLetters;
import com.creatormarket.integrity.common.io.Rejection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decides, per flagged case, whether it is fake traffic to act on: at once when the detector's
 * level is ENFORCE, or when a reviewer confirms it. DISMISS closes the case with no consequence,
 * ESCALATE keeps it open. Keyed by caseId; case versions and decisions are taken in event-time order.
 *
 * <ul>
 *   <li>A decision that comes (in event time) before any version of its case waits up to
 *       {@code review.decision-wait} and is applied when the case arrives; if none does, it goes to
 *       dead letters as INVALID ("unknown case").
 *   <li>A decision for a closed case (enforced or dismissed) changes nothing and goes to dead
 *       letters with the reason: a second CONFIRM must not act twice, and overturning an
 *       enforcement is a human process, not an event. The closing decision itself delivered again
 *       (same decisionId) is the same fact: counted, not dead-lettered.
 *   <li>A later version of a closed case does nothing more; an older version than the one seen is ignored.
 *   <li>A case is forgotten {@code review.case-retention} after its last version or decision; an
 *       open one then counts as expired unreviewed. The ledger's own memory of causes still stops
 *       a forgotten case from deducting twice.
 * </ul>
 */
public final class CaseReview extends KeyedProcessFunction<String, CaseInput, ConfirmedViolation> {

  private static final long serialVersionUID = 1L;

  static final String BUFFER = "case-inputs";
  static final String CASE = "case";
  static final String LATEST_VERSION = "latest-version";
  static final String PENDING_DECISIONS = "pending-decisions";

  /** Versions before decisions at the same instant (a decision applies to the case as it stands then), each in a total order. */
  static final Comparator<CaseInput> ORDER = Comparator
      .comparingInt((CaseInput in) -> in.flagged != null ? 0 : 1)
      .thenComparingInt(in -> in.flagged != null ? in.flagged.getVersion() : 0)
      .thenComparing(in -> in.flagged != null ? in.flagged.getCaseVersionId() : in.decision.getDecisionId());

  private final String job;
  private final String decisionTopic;
  private final Policy policy;
  private final AvroCodec<ReviewDecision> decisionCodec = AvroCodec.of(ReviewDecision.class);

  private transient EventTimeBuffer<CaseInput> buffer;
  private transient ValueState<CaseState> caseState;
  private transient ValueState<FlaggedCase> latest;
  private transient ListState<ReviewDecision> pending;
  private transient Counter enforced;
  private transient Counter confirmed;
  private transient Counter dismissed;
  private transient Counter escalated;
  private transient Counter rejectedDecisions;
  private transient Counter duplicateDecisions;
  private transient Counter versionsAfterClose;
  private transient Counter expiredUnreviewed;
  private transient Counter behindWatermark;

  public CaseReview(String job, String decisionTopic, Policy policy) {
    this.job = job;
    this.decisionTopic = decisionTopic;
    this.policy = policy;
  }

  @Override
  public void open(OpenContext openContext) {
    MapStateDescriptor<Long, List<CaseInput>> bufferDescriptor =
        EventTimeBuffer.descriptor(BUFFER, TypeInformation.of(CaseInput.class));
    buffer = new EventTimeBuffer<>(getRuntimeContext().getMapState(bufferDescriptor));
    caseState = getRuntimeContext().getState(new ValueStateDescriptor<>(CASE, TypeInformation.of(CaseState.class)));
    latest = getRuntimeContext().getState(new ValueStateDescriptor<>(LATEST_VERSION, TypeInformation.of(FlaggedCase.class)));
    pending = getRuntimeContext().getListState(new ListStateDescriptor<>(PENDING_DECISIONS, TypeInformation.of(ReviewDecision.class)));
    var metrics = getRuntimeContext().getMetricGroup();
    enforced = metrics.counter("casesEnforcedAutomatically");
    confirmed = metrics.counter("casesConfirmed");
    dismissed = metrics.counter("casesDismissed");
    escalated = metrics.counter("casesEscalated");
    rejectedDecisions = metrics.counter("decisionsRejected");
    duplicateDecisions = metrics.counter("duplicateDecisions");
    versionsAfterClose = metrics.counter("caseVersionsAfterClose");
    expiredUnreviewed = metrics.counter("casesExpiredUnreviewed");
    behindWatermark = metrics.counter("recordsBehindWatermark");
  }

  @Override
  public void processElement(CaseInput in, Context ctx, Collector<ConfirmedViolation> out) throws Exception {
    long time = in.eventTime();
    if (time <= ctx.timerService().currentWatermark()) {
      behindWatermark.inc();
    }
    buffer.add(time, in, ctx.timerService());
  }

  @Override
  public void onTimer(long time, OnTimerContext ctx, Collector<ConfirmedViolation> out) throws Exception {
    for (CaseInput in : buffer.release(time, ORDER)) {
      if (in.flagged != null) {
        onVersion(in.flagged, time, ctx, out);
      } else {
        onDecision(in.decision, time, ctx, out);
      }
    }
    expireWaitingDecisions(time, ctx);
    CaseState state = caseState.value();
    if (state != null && state.forgetAt <= time) {
      if (state.status == CaseStatus.OPEN) {
        expiredUnreviewed.inc();
      }
      caseState.clear();
      latest.clear();
    }
  }

  private void onVersion(FlaggedCase version, long time, Context ctx, Collector<ConfirmedViolation> out) throws Exception {
    CaseState state = caseState.value();
    if (state != null && state.status.closed()) {
      versionsAfterClose.inc();
      remember(state, time, ctx);
      return;
    }
    if (state != null && version.getVersion() <= state.version) {
      return;
    }
    if (state == null) {
      state = new CaseState();
      state.status = CaseStatus.OPEN;
    }
    state.version = version.getVersion();
    if (version.getLevel() == ResponseLevel.ENFORCE) {
      enforced.inc();
      out.collect(violation(version, null, time));
      close(state, CaseStatus.ENFORCED, "enforced automatically at level ENFORCE (version " + version.getVersion() + ")");
    } else {
      latest.update(version);
    }
    remember(state, time, ctx);
    // Decisions that came before the case apply to it now, in their own order.
    List<ReviewDecision> waiting = new ArrayList<>();
    pending.get().forEach(waiting::add);
    if (!waiting.isEmpty()) {
      pending.clear();
      waiting.sort(Comparator.comparing((ReviewDecision d) -> d.getDecidedAt()).thenComparing(ReviewDecision::getDecisionId));
      for (ReviewDecision d : waiting) {
        onDecision(d, time, ctx, out);
      }
    }
  }

  private void onDecision(ReviewDecision decision, long time, Context ctx, Collector<ConfirmedViolation> out) throws Exception {
    CaseState state = caseState.value();
    if (state == null) {
      // The case may still come: wait for it, in event time (once per decision, however often it is delivered).
      for (ReviewDecision waiting : pending.get()) {
        if (waiting.getDecisionId().equals(decision.getDecisionId())) {
          duplicateDecisions.inc();
          return;
        }
      }
      pending.add(decision);
      ctx.timerService().registerEventTimeTimer(waitEnd(decision));
      return;
    }
    if (decision.getDecisionId().equals(state.closingDecisionId)) {
      // The closing decision delivered again: the same fact, not a second decision.
      duplicateDecisions.inc();
      remember(state, time, ctx);
      return;
    }
    if (state.status.closed()) {
      reject(decision, "case-closed", "case " + decision.getCaseId() + " is already closed (" + state.closedBy + "); decision "
          + decision.getDecision() + " changes nothing", ctx);
      remember(state, time, ctx);
      return;
    }
    switch (decision.getDecision()) {
      case CONFIRM -> {
        confirmed.inc();
        out.collect(violation(latest.value(), decision, time));
        close(state, CaseStatus.ENFORCED, "confirmed by decision " + decision.getDecisionId());
        state.closingDecisionId = decision.getDecisionId();
      }
      case DISMISS -> {
        dismissed.inc();
        close(state, CaseStatus.DISMISSED, "dismissed by decision " + decision.getDecisionId());
        state.closingDecisionId = decision.getDecisionId();
      }
      case ESCALATE -> {
        escalated.inc();
        state.escalations++;
      }
      default -> throw new IllegalStateException("input triage lets no decision " + decision.getDecision() + " through");
    }
    remember(state, time, ctx);
  }

  private void expireWaitingDecisions(long time, Context ctx) throws Exception {
    List<ReviewDecision> still = new ArrayList<>();
    boolean expired = false;
    for (ReviewDecision d : pending.get()) {
      if (waitEnd(d) <= time) {
        expired = true;
        reject(d, "unknown-case", "unknown case " + d.getCaseId() + ": no version of it arrived within "
            + Duration.ofMillis(policy.decisionWaitMillis) + " (review.decision-wait) of the decision", ctx);
      } else {
        still.add(d);
      }
    }
    if (expired) {
      pending.update(still);
    }
  }

  private long waitEnd(ReviewDecision d) {
    return d.getDecidedAt().toEpochMilli() + policy.decisionWaitMillis;
  }

  private void close(CaseState state, CaseStatus status, String how) throws Exception {
    state.status = status;
    state.closedBy = how;
    // A closed case needs no evidence any more: only its status, to turn away what comes later.
    latest.clear();
  }

  private void remember(CaseState state, long time, Context ctx) throws Exception {
    state.forgetAt = time + policy.caseRetentionMillis;
    caseState.update(state);
    ctx.timerService().registerEventTimeTimer(state.forgetAt);
  }

  private void reject(ReviewDecision d, String code, String detail, Context ctx) {
    rejectedDecisions.inc();
    ctx.output(DeadLetters.TAG, SetAside.invalid(job, decisionTopic, d.getCaseId(), decisionCodec.encode(d),
        Rejection.of(code, "decision " + d.getDecisionId() + ": " + detail), d.getDecidedAt().toEpochMilli()));
  }

  private static ConfirmedViolation violation(FlaggedCase c, ReviewDecision confirmedBy, long time) {
    ConfirmedViolation v = new ConfirmedViolation();
    v.kind = ViolationKind.FAKE_TRAFFIC;
    v.causeId = c.getCaseId();
    v.creatorId = c.getCreatorId();
    v.agencyId = c.getAgencyId();
    v.orderId = c.getOrderId();
    v.advertiserId = c.getAdvertiserId();
    v.evidence = Evidence.of(c, confirmedBy);
    v.eventTime = time;
    return v;
  }
}
