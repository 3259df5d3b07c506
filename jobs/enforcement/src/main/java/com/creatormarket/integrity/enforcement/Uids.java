package com.creatormarket.integrity.enforcement;

/** Operator uids of the enforcement job. Never rename one: savepoints map state by uid. */
public final class Uids {
  private Uids() {}

  // Sources and input triage.
  public static final String VIOLATION_SOURCE = "violation-source";
  public static final String VIOLATION_TRIAGE = "violation-triage";
  public static final String CASE_SOURCE = "case-source";
  public static final String CASE_TRIAGE = "case-triage";
  public static final String DECISION_SOURCE = "decision-source";
  public static final String DECISION_TRIAGE = "decision-triage";
  public static final String FINDING_SOURCE = "finding-source";
  public static final String FINDING_TRIAGE = "finding-triage";
  public static final String ORDER_SOURCE = "order-source";
  public static final String ORDER_TRIAGE = "order-triage";

  // Causes and the review flow.
  public static final String CASE_INPUT = "case-input";
  public static final String DECISION_INPUT = "decision-input";
  public static final String CASE_DECISIONS = "case-decisions";
  public static final String APPEAL_DECISIONS = "appeal-decisions";
  public static final String CASE_REVIEW = "case-review";
  public static final String RETENTION_CAUSE = "retention-cause";
  public static final String PRIVATE_DEAL_CAUSE = "private-deal-cause";

  // The ledger and the agency watch.
  public static final String VIOLATION_INPUT = "violation-input";
  public static final String ORDER_INPUT = "order-input";
  public static final String DISMISSAL_INPUT = "dismissal-input";
  public static final String APPEAL_INPUT = "appeal-input";
  public static final String CREDIT_LEDGER = "credit-ledger";
  public static final String AGENCY_PENALTIES = "agency-penalties";
  public static final String AGENCY_WATCH = "agency-watch";

  // Sinks.
  public static final String PENALTY_SINK = "penalty-sink";
  public static final String TERMINATION_SINK = "termination-sink";
  public static final String REFUND_SINK = "refund-sink";
  public static final String REVERSAL_SINK = "reversal-sink";
  public static final String LIFT_SINK = "sanction-lift-sink";
  public static final String DEADLINE_SINK = "review-deadline-sink";
  public static final String AGENCY_ALERT_SINK = "agency-alert-sink";
  public static final String DEAD_LETTER_SINK = "dead-letter-sink";
}
