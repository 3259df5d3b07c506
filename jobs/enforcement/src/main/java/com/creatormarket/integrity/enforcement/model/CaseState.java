package com.creatormarket.integrity.enforcement.model;

import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.ReviewDecision;

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
  /** The creator of an enforced case, so a dismissal after enforcement can name the penalty to reverse. */
  public String creatorId;
  /** The DISMISS that closed the case, kept so that an enforcement from before it, taken behind the watermark, is reversed by it. */
  public ReviewDecision dismissal;
  /** Enforced, then dismissed: the penalty was reversed; nothing from before the dismissal enforces it again. */
  public boolean reversed;
  /** Event time at which the open case went to review (its first version at REVIEW); null when not waiting for review. */
  public Long reviewSince;
  /** The review deadline's OVERDUE record was sent for {@link #reviewSince}. */
  public boolean overdueAnnounced;
  /** The DISMISS that closed the case before a materially stronger version re-opened it: the same decision again changes nothing. */
  public String reopenedFrom;
  /**
   * When the case re-opened, the dismissal it re-opened from and the version that dismissal closed:
   * a CONFIRM or an ENFORCE version from before that dismissal, arriving behind the watermark,
   * belongs to the earlier closure (in event-time order it enforced the case and the dismissal reversed it).
   */
  public Long reopenedAt;
  public ReviewDecision reopenedDismissal;
  public FlaggedCase dismissedVersion;
  /** Event time after which the case is forgotten. */
  public long forgetAt;

  public CaseState() {}
}
