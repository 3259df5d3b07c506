package com.creatormarket.integrity.enforcement;

/** Operator uids of the enforcement job. Never rename one: savepoints map state by uid. */
public final class Uids {
  private Uids() {}

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
  public static final String DEAD_LETTER_SINK = "dead-letter-sink";
}
