package com.creatormarket.integrity.enforcement.model;

/** What the case review remembers of one flagged case. A Flink POJO. */
public class CaseState {
  public CaseStatus status;
  /** Highest version seen; an older version arriving later changes nothing. */
  public int version;
  /** How the case was closed, in words (for the dead letter of a later decision). */
  public String closedBy;
  /** The decision that closed the case; null when it was enforced automatically or is open. */
  public String closingDecisionId;
  public int escalations;
  /** Event time of the highest version; null in state kept before this field existed. */
  public Long versionAt;
  /** Event time at which the case was closed; null while open (or in state kept before this field existed). */
  public Long closedAt;
  /** Event time after which the case is forgotten. */
  public long forgetAt;

  public CaseState() {}
}
