package com.creatormarket.integrity.common;

import com.creatormarket.integrity.avro.AgencyAlert;
import com.creatormarket.integrity.avro.ContentFinding;
import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.DetectionRule;
import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderTermination;
import com.creatormarket.integrity.avro.Penalty;
import com.creatormarket.integrity.avro.PenaltyReversal;
import com.creatormarket.integrity.avro.Refund;
import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.avro.ReviewDecision;
import com.creatormarket.integrity.avro.ReviewDeadline;
import com.creatormarket.integrity.avro.SanctionLifted;
import com.creatormarket.integrity.avro.VerifiedMetrics;
import com.creatormarket.integrity.avro.VideoLifecycleEvent;
import java.util.List;

/**
 * Every topic of the pipeline. Keys are chosen for ordering: per video for traffic and lifecycle,
 * per order for order facts and money, per creator for the credit ledger.
 */
public final class Topics {

  private Topics() {}

  // Inputs.
  public static final Topic<EngagementEvent> ENGAGEMENT = new Topic<>("engagement-events", EngagementEvent.class, "videoId", 8, false);
  public static final Topic<OrderEvent> ORDERS = new Topic<>("order-events", OrderEvent.class, "orderId", 4, false);
  public static final Topic<VideoLifecycleEvent> LIFECYCLE = new Topic<>("video-lifecycle", VideoLifecycleEvent.class, "videoId", 4, false);
  public static final Topic<ReviewDecision> REVIEW_DECISIONS = new Topic<>("review-decisions", ReviewDecision.class, "caseId", 2, false);
  public static final Topic<ContentFinding> CONTENT_FINDINGS = new Topic<>("content-findings", ContentFinding.class, "creatorId", 2, false);
  /** A changelog of detector settings: compacted, the latest value per key is what counts. */
  public static final Topic<DetectionRule> DETECTION_RULES = new Topic<>("detection-rules", DetectionRule.class, "settingKey", 1, true);

  // Outputs.
  public static final Topic<FlaggedCase> FLAGGED_CASES = new Topic<>("flagged-cases", FlaggedCase.class, "orderId", 4, false);
  /** What a candidate rule set would have decided (the fake-traffic job's shadow mode): for data engineers; enforcement never reads it. */
  public static final Topic<FlaggedCase> SHADOW_CASES = new Topic<>("shadow-cases", FlaggedCase.class, "orderId", 4, false);
  public static final Topic<RetentionViolation> RETENTION_VIOLATIONS = new Topic<>("retention-violations", RetentionViolation.class, "orderId", 4, false);
  public static final Topic<Penalty> PENALTIES = new Topic<>("penalties", Penalty.class, "creatorId", 4, false);
  public static final Topic<OrderTermination> ORDER_TERMINATIONS = new Topic<>("order-terminations", OrderTermination.class, "orderId", 4, false);
  public static final Topic<Refund> REFUNDS = new Topic<>("refunds", Refund.class, "orderId", 4, false);
  /** Penalties taken back (dismissed after enforcement, appeal upheld); per creator, in order with its penalties. */
  public static final Topic<PenaltyReversal> PENALTY_REVERSALS = new Topic<>("penalty-reversals", PenaltyReversal.class, "creatorId", 4, false);
  /** Suspensions that ran out or were taken back: order-taking may resume. */
  public static final Topic<SanctionLifted> SANCTION_LIFTS = new Topic<>("sanction-lifts", SanctionLifted.class, "creatorId", 4, false);
  /** Cases left at REVIEW past a deadline: overdue (to reviewers' leads), then closed by default. */
  public static final Topic<ReviewDeadline> REVIEW_DEADLINES = new Topic<>("review-deadlines", ReviewDeadline.class, "caseId", 2, false);
  /** Agencies whose creators' violations passed the policy threshold; per agency, in order. */
  public static final Topic<AgencyAlert> AGENCY_ALERTS = new Topic<>("agency-alerts", AgencyAlert.class, "agencyId", 2, false);
  public static final Topic<VerifiedMetrics> VERIFIED_METRICS = new Topic<>("verified-metrics", VerifiedMetrics.class, "orderId", 4, false);
  public static final Topic<DeadLetter> DEAD_LETTERS = new Topic<>("dead-letters", DeadLetter.class, "job", 2, false);

  public static final List<Topic<?>> ALL = List.of(
      ENGAGEMENT, ORDERS, LIFECYCLE, REVIEW_DECISIONS, CONTENT_FINDINGS, DETECTION_RULES,
      FLAGGED_CASES, SHADOW_CASES, RETENTION_VIOLATIONS, PENALTIES, ORDER_TERMINATIONS, REFUNDS, PENALTY_REVERSALS, SANCTION_LIFTS, REVIEW_DEADLINES, AGENCY_ALERTS, VERIFIED_METRICS, DEAD_LETTERS);

  public static Topic<?> byName(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown topic '" + name + "'; topics: "
            + ALL.stream().map(Topic::name).toList()));
  }
}
