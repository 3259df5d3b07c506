package com.creatormarket.integrity.enforcement.model;

import com.creatormarket.integrity.avro.ViolationKind;
import com.creatormarket.integrity.common.CauseIds;

/**
 * A violation the ledger must act on: an early deletion or hiding, a private deal, or a fake-traffic
 * case enforced automatically or confirmed by a reviewer. A Flink POJO (public fields, no-arg
 * constructor) so it travels between operators and sits in state without Kryo.
 */
public class ConfirmedViolation {
  public ViolationKind kind;
  /** The retention violation's id, the flagged case's id or the content finding's id. */
  public String causeId;
  public String creatorId;
  /** The creator's agency as the cause knows it; null when the cause does not say. */
  public String agencyId;
  /** The video the cause is about (fake-traffic cases: one campaign on one video is one act); null when none. */
  public String videoId;
  /** The order concerned; null for a private deal. */
  public String orderId;
  /** The order's advertiser; null for a private deal. */
  public String advertiserId;
  /** Retention violations: natural days of retention in force, and how many of them the video missed. */
  public int retentionDays;
  public int missingDays;
  /** Retention violations: when the video came down; null for other causes. */
  public Long removedAt;
  /** Fake traffic: the share of the case's views that were invalid (evidence invalidViews / views); 0 when unknown. */
  public double invalidShare;
  /** Fake traffic: a reviewer confirmed the case (the detector had left it below ENFORCE). */
  public boolean confirmedByReviewer;
  /** What the cause rests on, in words, carried into the penalty. */
  public String evidence;
  /**
   * The act behind the cause, when several causes can share one: an early removal of one video is
   * one act however many orders the video covered (issue #15). Points are taken once per act; every
   * order still gets its own refund. Null: the cause is its own act.
   */
  public String actId;
  /**
   * Set when this is not a violation but the end of an early hiding (the retention job's
   * HIDING_ENDED, issue #15): the hiding's pro-rata refund is due now, for {@link #missingDays} days
   * really hidden. {@link #causeId} is then the hiding's own violation id.
   */
  public Long hidingEndedAt;
  /** Event time at which the violation became a fact to act on. */
  public long eventTime;

  public ConfirmedViolation() {}

  /** The id of the penalty a cause brings: derived from the cause, so a reversal can name it. */
  public static String penaltyId(String causeId, String creatorId) {
    return CauseIds.penalty(causeId, creatorId);
  }

  public String penaltyId() {
    return penaltyId(causeId, creatorId);
  }

  /** Key of the cause in the ledger's memory of what it has already penalised. */
  public String causeKey() {
    return hidingEndedAt != null ? "HIDING_ENDED/" + causeId : keyOf(kind, causeId);
  }

  /** Key of a violation of this kind and cause id in the ledger's memory. */
  public static String keyOf(ViolationKind kind, String causeId) {
    return kind.name() + "/" + causeId;
  }

  public boolean isHidingEnd() {
    return hidingEndedAt != null;
  }

  @Override
  public String toString() {
    return (isHidingEnd() ? "end of " : "") + kind + " " + causeId + " creator " + creatorId + " order " + orderId + " at " + eventTime;
  }
}
