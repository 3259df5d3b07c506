package com.creatormarket.integrity.enforcement.model;

/**
 * One order of a creator as the ledger tracks it, from CREATED until it can no longer be refunded. A Flink POJO.
 *
 * <p>Besides its current status the order keeps the event times of its lifecycle (created,
 * completed, cancelled, terminated), so the ledger can answer "was this order in progress at time
 * t" for a cause that arrives behind the watermark, from the order's history rather than from what
 * has been processed since. A field that is null (state written before these fields existed)
 * falls back to the status.
 */
public class TrackedOrder {
  public static final String IN_PROGRESS = "IN_PROGRESS";
  public static final String COMPLETED = "COMPLETED";
  public static final String TERMINATED = "TERMINATED";
  public static final String CANCELLED = "CANCELLED";

  public String orderId;
  public String advertiserId;
  public String agencyId;
  public long prepaidMinor;
  /** The order price (CREATED): what a creator is compensated from when a penalty that terminated the order is reversed. */
  public Long priceMinor;
  /** Refunded so far by this job; a refund never takes the total past the prepayment. */
  public long refundedMinor;
  public String currency;
  /** Natural days of retention; null means the platform default. */
  public Integer retentionDays;
  public Long publishedAt;
  public String status;
  /** Event time after which the order leaves the ledger. */
  public long forgetAt;
  /** Event time of CREATED; null: older than this field (taken as always there). */
  public Long createdAt;
  /** Event time of the COMPLETED that ended it while in progress; null when it did not. */
  public Long completedAt;
  /** Event time of the CANCELLED that ended it while in progress; null when it did not. */
  public Long cancelledAt;
  /** Event time of the cause that terminated it; null when none did. */
  public Long terminatedAt;

  public TrackedOrder() {}

  public boolean inProgress() {
    return IN_PROGRESS.equals(status);
  }

  /** Created at or before {@code time} (order events come before causes at the same instant). */
  public boolean existsAt(long time) {
    return createdAt == null || createdAt <= time;
  }

  /** Whether the order existed at {@code time} and was not cancelled by then: its money is known to the ledger. */
  public boolean keptAt(long time) {
    return existsAt(time) && !cancelledBy(time);
  }

  public boolean completedBy(long time) {
    return completedAt != null ? completedAt <= time : COMPLETED.equals(status);
  }

  public boolean cancelledBy(long time) {
    return cancelledAt != null ? cancelledAt <= time : CANCELLED.equals(status);
  }

  public boolean terminated() {
    return terminatedAt != null || TERMINATED.equals(status);
  }

  /**
   * In progress at {@code time} by its history: created by then, neither completed nor cancelled by
   * then, and never terminated (an order is terminated once, by the first cause the ledger decides).
   */
  public boolean inProgressAt(long time) {
    return existsAt(time) && !completedBy(time) && !cancelledBy(time) && !terminated();
  }

  public long remainingMinor() {
    return Math.max(0, prepaidMinor - refundedMinor);
  }
}
