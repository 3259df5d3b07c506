package com.creatormarket.integrity.enforcement.functions;

import com.creatormarket.integrity.avro.DeadlineKind;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.avro.ReviewDeadline;
import com.creatormarket.integrity.avro.ReviewDecision;
import com.creatormarket.integrity.avro.ReviewOutcome;
import com.creatormarket.integrity.avro.ViolationKind;
import com.creatormarket.integrity.common.StableIds;
import com.creatormarket.integrity.common.codec.AvroCodec;
import com.creatormarket.integrity.common.config.Durations;
import com.creatormarket.integrity.enforcement.model.CaseInput;
import com.creatormarket.integrity.enforcement.model.CaseState;
import com.creatormarket.integrity.enforcement.model.CaseStatus;
import com.creatormarket.integrity.enforcement.model.ConfirmedViolation;
import com.creatormarket.integrity.enforcement.model.PenaltyReview;
import com.creatormarket.integrity.enforcement.model.Policy;
import com.creatormarket.integrity.common.io.DeadLetters;
import com.creatormarket.integrity.common.io.Rejection;
import com.creatormarket.integrity.common.time.EventTimeBuffer;
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
import org.apache.flink.util.OutputTag;

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
 *   <li>A record behind the watermark is taken at the next watermark, at its own event time. Where
 *       event-time order would have let it enforce the case, it still does: a version at ENFORCE
 *       older (in event time) than the newest version seen of an open case, or a version at ENFORCE
 *       or a CONFIRM from before the DISMISS that closed the case. What was enforced stays enforced.
 *   <li>A case is forgotten {@code review.case-retention} after its last version or decision; an
 *       open one then counts as expired unreviewed. The ledger's own memory of causes still stops
 *       a forgotten case from deducting twice.
 * </ul>
 */
public final class CaseReview extends KeyedProcessFunction<String, CaseInput, ConfirmedViolation> {

  private static final long serialVersionUID = 1L;

  /** Dismissals of enforced cases: the ledger reverses their penalties. */
  public static final OutputTag<PenaltyReview> REVERSALS =
      new OutputTag<>("penalty-reversals", TypeInformation.of(PenaltyReview.class));

  /** Cases left at REVIEW past review.escalate-after (overdue) and review.default-after (closed by default). */
  public static final OutputTag<ReviewDeadline> DEADLINES =
      new OutputTag<>("review-deadlines", TypeInformation.of(ReviewDeadline.class));

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
  private transient Counter dismissedAfterEnforcement;
  private transient Counter reopened;
  private transient Counter overdue;
  private transient Counter closedByDefault;
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
    dismissedAfterEnforcement = metrics.counter("casesDismissedAfterEnforcement");
    reopened = metrics.counter("casesReopened");
    overdue = metrics.counter("casesOverdue");
    closedByDefault = metrics.counter("casesClosedByDefault");
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
    if (state != null && state.status == CaseStatus.OPEN && state.reviewSince != null) {
      applyDeadlines(state, time, ctx);
    }
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
      if (version.getLevel() == ResponseLevel.ENFORCE && dismissedAfter(state, time, null)) {
        // Behind the watermark: in event-time order this version enforced the case before the dismissal.
        enforceBeforeDismissal(state, version, null, time, ctx, out);
        return;
      }
      if (reopens(state, version, time)) {
        reopen(state, version, time, ctx);
        return;
      }
      versionsAfterClose.inc();
      remember(state, time, ctx);
      return;
    }
    if (state != null && version.getLevel() == ResponseLevel.ENFORCE && beforeReopenedDismissal(state, time, null)) {
      // Behind the watermark, from before the dismissal this re-opened case came from: enforced, then reversed by it.
      undoReopen(state);
      enforceBeforeDismissal(state, version, null, time, ctx, out);
      return;
    }
    if (state != null && version.getVersion() <= state.version) {
      // (At the same instant versions go by version number: the older one first.)
      if (version.getLevel() == ResponseLevel.ENFORCE && state.reopenedFrom == null && state.versionAt != null
          && time <= state.versionAt) {
        // An older version at ENFORCE, taken behind the watermark: in event-time order it came first and
        // enforced the case at its time, before the newer version was seen.
        enforced.inc();
        out.collect(enforce(state, version, null, time));
        close(state, CaseStatus.ENFORCED, "enforced automatically at level ENFORCE (version " + version.getVersion() + ")", time);
        remember(state, time, ctx);
      }
      return;
    }
    if (state == null) {
      state = new CaseState();
      state.status = CaseStatus.OPEN;
    }
    state.version = version.getVersion();
    state.versionAt = time;
    // A re-opened case waits for a reviewer whatever the detector says: a person dismissed it once.
    if (version.getLevel() == ResponseLevel.ENFORCE && state.reopenedFrom == null) {
      enforced.inc();
      out.collect(enforce(state, version, null, time));
      close(state, CaseStatus.ENFORCED, "enforced automatically at level ENFORCE (version " + version.getVersion() + ")", time);
    } else {
      latest.update(version);
      if (state.reviewSince == null && version.getLevel() == ResponseLevel.REVIEW) {
        startReviewClock(state, time, ctx);
      }
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
    if (decision.getDecisionId().equals(state.closingDecisionId) || decision.getDecisionId().equals(state.reopenedFrom)) {
      // The closing decision delivered again: the same fact, not a second decision.
      duplicateDecisions.inc();
      remember(state, time, ctx);
      return;
    }
    if (state.reopenedAt != null && decision.getDecidedAt().toEpochMilli() < state.reopenedAt) {
      // Behind the watermark, decided before the case re-opened: it belongs to the closure the case re-opened from.
      if (decision.getDecision() == ReviewOutcome.CONFIRM && beforeReopenedDismissal(state, time, decision.getDecisionId())) {
        undoReopen(state);
        enforceBeforeDismissal(state, latest.value(), decision, time, ctx, out);
      } else {
        reject(decision, "case-closed", "decided before case " + decision.getCaseId() + " re-opened at "
            + java.time.Instant.ofEpochMilli(state.reopenedAt) + ", while it was closed (dismissed by decision " + state.reopenedFrom
            + "); decision " + decision.getDecision() + " changes nothing", ctx);
        remember(state, time, ctx);
      }
      return;
    }
    if (decision.getDecision() == ReviewOutcome.CONFIRM && dismissedAfter(state, time, decision.getDecisionId()) && latest.value() != null) {
      // Behind the watermark: in event-time order this confirmation closed the case before the dismissal.
      enforceBeforeDismissal(state, latest.value(), decision, time, ctx, out);
      return;
    }
    if (state.status == CaseStatus.ENFORCED && decision.getDecision() == ReviewOutcome.DISMISS && state.creatorId != null
        && state.closedAt != null && decision.getDecidedAt().toEpochMilli() >= state.closedAt) {
      // A reviewer overturns an enforcement: the ledger reverses the penalty (issue #15). A dismissal decided
      // before the enforcement (arriving after it) is not one: it falls to the dead letter below.
      dismissedAfterEnforcement.inc();
      reverse(state, decision, time, ctx);
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
        out.collect(enforce(state, latest.value(), decision, time));
        close(state, CaseStatus.ENFORCED, "confirmed by decision " + decision.getDecisionId(), time);
        state.closingDecisionId = decision.getDecisionId();
      }
      case DISMISS -> {
        dismissed.inc();
        close(state, CaseStatus.DISMISSED, "dismissed by decision " + decision.getDecisionId(), time);
        state.closingDecisionId = decision.getDecisionId();
        state.dismissal = decision;
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

  private void close(CaseState state, CaseStatus status, String how, long time) throws Exception {
    state.status = status;
    state.closedBy = how;
    state.closedAt = time;
    if (status == CaseStatus.ENFORCED) {
      // An enforced case needs no evidence any more: only its status, to turn away what comes later. A dismissed
      // one keeps its latest version, for a confirmation from before the dismissal that arrives behind the watermark.
      latest.clear();
    }
  }

  /**
   * Whether the case was dismissed after a record of {@code time} in the fixed order ({@link #ORDER}:
   * at the same instant versions before decisions, decisions by id): the record arrived behind the
   * watermark. {@code decisionId} is null for a version.
   */
  private static boolean dismissedAfter(CaseState state, long time, String decisionId) {
    if (state.closedAt == null || state.reversed) {
      return false;
    }
    if (state.status == CaseStatus.CLOSED_BY_DEFAULT) {
      // The default applies after the records of its instant.
      return time <= state.closedAt;
    }
    if (state.status != CaseStatus.DISMISSED) {
      return false;
    }
    if (time != state.closedAt) {
      return time < state.closedAt;
    }
    return decisionId == null || (state.closingDecisionId != null && decisionId.compareTo(state.closingDecisionId) < 0);
  }

  /**
   * A version at ENFORCE or a CONFIRM whose event time is before the dismissal that closed the case,
   * taken behind the watermark: in event-time order it enforced the case and the dismissal changed
   * nothing, so it enforces the case now, at its own time. Money facts are not lost to a slow topic.
   */
  private void enforceBeforeDismissal(CaseState state, FlaggedCase version, ReviewDecision confirmedBy, long time, Context ctx,
      Collector<ConfirmedViolation> out) throws Exception {
    ReviewDecision dismissal = state.dismissal;
    if (confirmedBy == null) {
      enforced.inc();
      out.collect(enforce(state, version, null, time));
      close(state, CaseStatus.ENFORCED, "enforced automatically at level ENFORCE (version " + version.getVersion() + ")", time);
      state.closingDecisionId = null;
    } else {
      confirmed.inc();
      out.collect(enforce(state, version, confirmedBy, time));
      close(state, CaseStatus.ENFORCED, "confirmed by decision " + confirmedBy.getDecisionId(), time);
      state.closingDecisionId = confirmedBy.getDecisionId();
    }
    if (dismissal != null) {
      // In event-time order the dismissal came after this enforcement: it reverses it.
      dismissedAfterEnforcement.inc();
      reverse(state, dismissal, dismissal.getDecidedAt().toEpochMilli(), ctx);
    }
    remember(state, time, ctx);
  }

  /** Closes an enforced case as dismissed and asks the ledger to reverse its penalty, at the dismissal's time. */
  private void reverse(CaseState state, ReviewDecision dismissal, long time, Context ctx) {
    ctx.output(REVERSALS, PenaltyReview.ofDismissal(dismissal, state.creatorId, dismissal.getCaseId()));
    state.status = CaseStatus.DISMISSED;
    state.reversed = true;
    state.dismissal = null;
    state.closedBy = "enforced, then dismissed by decision " + dismissal.getDecisionId() + " (penalty reversed)";
    state.closingDecisionId = dismissal.getDecisionId();
    state.closedAt = Math.max(time, state.closedAt == null ? time : state.closedAt);
  }

  /**
   * Whether a version re-opens a dismissed case: it comes after the dismissal (in event time and by
   * version) and is materially stronger than the version the reviewer dismissed: a higher level, or
   * a signal that had not fired. A case whose penalty was reversed stays closed: its cause has been
   * penalised once and cannot be again.
   */
  private boolean reopens(CaseState state, FlaggedCase version, long time) throws Exception {
    FlaggedCase dismissed = latest.value();
    if (state.status != CaseStatus.DISMISSED || state.reversed || dismissed == null || state.closedAt == null
        || time <= state.closedAt || version.getVersion() <= state.version) {
      return false;
    }
    if (version.getLevel().ordinal() > dismissed.getLevel().ordinal()) {
      return true;
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    dismissed.getSignals().forEach(f -> seen.add(f.getSignal()));
    return version.getSignals().stream().anyMatch(f -> !seen.contains(f.getSignal()));
  }

  private void reopen(CaseState state, FlaggedCase version, long time, Context ctx) throws Exception {
    reopened.inc();
    state.reopenedFrom = state.closingDecisionId;
    state.reopenedAt = time;
    state.reopenedDismissal = state.dismissal;
    state.dismissedVersion = latest.value();
    state.status = CaseStatus.OPEN;
    state.closedBy = null;
    state.closedAt = null;
    state.closingDecisionId = null;
    state.dismissal = null;
    state.version = version.getVersion();
    state.versionAt = time;
    latest.update(version);
    startReviewClock(state, time, ctx);
    remember(state, time, ctx);
  }

  /**
   * Whether a record of {@code time} (a version: {@code decisionId} null) comes before the dismissal
   * a re-opened case re-opened from, in the fixed order of {@link #dismissedAfter}.
   */
  private static boolean beforeReopenedDismissal(CaseState state, long time, String decisionId) {
    ReviewDecision d = state.reopenedDismissal;
    if (state.status != CaseStatus.OPEN || state.reopenedAt == null || d == null) {
      return false;
    }
    long at = d.getDecidedAt().toEpochMilli();
    return time < at || (time == at && (decisionId == null || decisionId.compareTo(d.getDecisionId()) < 0));
  }

  /** Back to the closure a re-opened case came from: dismissed by that decision, with the version it dismissed. */
  private void undoReopen(CaseState state) throws Exception {
    ReviewDecision d = state.reopenedDismissal;
    state.status = CaseStatus.DISMISSED;
    state.closedBy = "dismissed by decision " + d.getDecisionId();
    state.closedAt = d.getDecidedAt().toEpochMilli();
    state.closingDecisionId = d.getDecisionId();
    state.dismissal = d;
    state.reviewSince = null;
    if (state.dismissedVersion != null) {
      latest.update(state.dismissedVersion);
    }
    state.reopenedFrom = null;
    state.reopenedAt = null;
    state.reopenedDismissal = null;
    state.dismissedVersion = null;
  }

  /** The case waits for a reviewer from {@code time}: the deadlines run from then (an ESCALATE does not stop them). */
  private void startReviewClock(CaseState state, long time, Context ctx) {
    state.reviewSince = time;
    state.overdueAnnounced = false;
    ctx.timerService().registerEventTimeTimer(time + policy.escalateAfterMillis);
    ctx.timerService().registerEventTimeTimer(time + policy.defaultAfterMillis);
  }

  /**
   * After the records of the instant: a case still open at review.escalate-after is overdue (sent
   * once, to reviewers' leads); at review.default-after the documented default closes it without
   * penalty. A decision at the deadline's very instant still counts.
   */
  private void applyDeadlines(CaseState state, long time, Context ctx) throws Exception {
    long overdueAt = state.reviewSince + policy.escalateAfterMillis;
    long defaultAt = state.reviewSince + policy.defaultAfterMillis;
    if (time >= overdueAt && !state.overdueAnnounced) {
      overdue.inc();
      state.overdueAnnounced = true;
      deadline(state, DeadlineKind.OVERDUE, overdueAt, ctx);
      caseState.update(state);
    }
    if (time >= defaultAt) {
      closedByDefault.inc();
      deadline(state, DeadlineKind.DEFAULT_APPLIED, defaultAt, ctx);
      close(state, CaseStatus.CLOSED_BY_DEFAULT, "closed without a decision: no reviewer decided within "
          + Durations.format(Duration.ofMillis(policy.defaultAfterMillis)) + " (review.default-after)", defaultAt);
      remember(state, defaultAt, ctx);
    }
  }

  private void deadline(CaseState state, DeadlineKind kind, long at, Context ctx) throws Exception {
    FlaggedCase c = latest.value();
    ctx.output(DEADLINES, ReviewDeadline.newBuilder()
        .setDeadlineId(StableIds.of("review-deadline", c.getCaseId(), kind, state.reviewSince))
        .setCaseId(c.getCaseId())
        .setCaseVersionId(c.getCaseVersionId())
        .setOrderId(c.getOrderId())
        .setCreatorId(c.getCreatorId())
        .setAgencyId(c.getAgencyId())
        .setKind(kind)
        .setLevel(c.getLevel())
        .setRiskScore(c.getRiskScore())
        .setReviewSince(java.time.Instant.ofEpochMilli(state.reviewSince))
        .setDeadline(java.time.Instant.ofEpochMilli(at))
        .setEscalations(state.escalations)
        .setPolicyVersion(policy.version)
        .setEventTime(java.time.Instant.ofEpochMilli(at))
        .build());
  }

  private void remember(CaseState state, long time, Context ctx) throws Exception {
    // A record taken behind the watermark never shortens the memory a later one set.
    state.forgetAt = Math.max(state.forgetAt, time + policy.caseRetentionMillis);
    caseState.update(state);
    ctx.timerService().registerEventTimeTimer(state.forgetAt);
  }

  private void reject(ReviewDecision d, String code, String detail, Context ctx) {
    rejectedDecisions.inc();
    ctx.output(DeadLetters.TAG, SetAside.invalid(job, decisionTopic, d.getCaseId(), decisionCodec.encode(d),
        Rejection.of(code, "decision " + d.getDecisionId() + ": " + detail), d.getDecidedAt().toEpochMilli()));
  }

  /** The violation of an enforced case; the case remembers its creator, for a dismissal that reverses the penalty. */
  private static ConfirmedViolation enforce(CaseState state, FlaggedCase c, ReviewDecision confirmedBy, long time) {
    state.creatorId = c.getCreatorId();
    return violation(c, confirmedBy, time);
  }

  private static ConfirmedViolation violation(FlaggedCase c, ReviewDecision confirmedBy, long time) {
    ConfirmedViolation v = new ConfirmedViolation();
    v.kind = ViolationKind.FAKE_TRAFFIC;
    v.causeId = c.getCaseId();
    v.creatorId = c.getCreatorId();
    v.agencyId = c.getAgencyId();
    v.orderId = c.getOrderId();
    v.videoId = c.getVideoId();
    v.advertiserId = c.getAdvertiserId();
    v.evidence = Evidence.of(c, confirmedBy);
    v.confirmedByReviewer = confirmedBy != null;
    long views = c.getEvidence().getViews();
    v.invalidShare = views <= 0 ? 0 : Math.min(1.0, (double) c.getEvidence().getInvalidViews() / views);
    v.eventTime = time;
    return v;
  }
}
