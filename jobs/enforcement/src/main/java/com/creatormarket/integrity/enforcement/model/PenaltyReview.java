package com.creatormarket.integrity.enforcement.model;

import com.creatormarket.integrity.avro.ReviewDecision;
import com.creatormarket.integrity.avro.ReviewOutcome;

/**
 * A reviewer's decision about a penalty, for the creator's ledger: a DISMISS of a case after it was
 * enforced (from the case review), or an upheld or rejected appeal (straight from review-decisions).
 * A Flink POJO.
 */
public class PenaltyReview {
  /** The decision as the reviewer made it; for a dismissal after enforcement, the DISMISS. */
  public ReviewDecision decision;
  public String creatorId;
  /** The penalty the decision is about. */
  public String penaltyId;
  /** Event time at which the ledger takes the decision: its decidedAt. */
  public long eventTime;

  public PenaltyReview() {}

  /** An appeal decision as it came from review-decisions (its creator and penalty checked at the door). */
  public static PenaltyReview ofAppeal(ReviewDecision d) {
    PenaltyReview r = new PenaltyReview();
    r.decision = d;
    r.creatorId = d.getCreatorId();
    r.penaltyId = d.getPenaltyId();
    r.eventTime = d.getDecidedAt().toEpochMilli();
    return r;
  }

  /** A dismissal of a case that was enforced: it reverses the case's penalty. */
  public static PenaltyReview ofDismissal(ReviewDecision d, String creatorId, String caseId) {
    PenaltyReview r = new PenaltyReview();
    r.decision = d;
    r.creatorId = creatorId;
    r.penaltyId = ConfirmedViolation.penaltyId(caseId, creatorId);
    r.eventTime = d.getDecidedAt().toEpochMilli();
    return r;
  }

  /** Whether the decision takes the penalty back (a dismissal after enforcement, an upheld appeal). */
  public boolean reverses() {
    return decision.getDecision() == ReviewOutcome.DISMISS || decision.getDecision() == ReviewOutcome.UPHOLD_APPEAL;
  }

  public boolean isAppeal() {
    return isAppeal(decision);
  }

  /** Whether a decision is on a creator's appeal (for the ledger) rather than on a case (for the case review). */
  public static boolean isAppeal(ReviewDecision d) {
    return d.getDecision() == ReviewOutcome.UPHOLD_APPEAL || d.getDecision() == ReviewOutcome.REJECT_APPEAL;
  }

  @Override
  public String toString() {
    return decision.getDecision() + " " + decision.getDecisionId() + " of penalty " + penaltyId + " at " + eventTime;
  }
}
