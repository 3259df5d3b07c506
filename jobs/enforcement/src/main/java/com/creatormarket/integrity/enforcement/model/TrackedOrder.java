package com.creatormarket.integrity.enforcement.model;

/** One order of a creator as the ledger tracks it, from CREATED until it can no longer be refunded. A Flink POJO. */
public class TrackedOrder {
  public static final String IN_PROGRESS = "IN_PROGRESS";
  public static final String COMPLETED = "COMPLETED";
  public static final String TERMINATED = "TERMINATED";

  public String orderId;
  public String advertiserId;
  public String agencyId;
  public long prepaidMinor;
  /** Refunded so far by this job; a refund never takes the total past the prepayment. */
  public long refundedMinor;
  public String currency;
  /** Natural days of retention; null means the platform default. */
  public Integer retentionDays;
  public Long publishedAt;
  public String status;
  /** Event time after which the order leaves the ledger. */
  public long forgetAt;

  public TrackedOrder() {}

  public boolean inProgress() {
    return IN_PROGRESS.equals(status);
  }

  public long remainingMinor() {
    return Math.max(0, prepaidMinor - refundedMinor);
  }
}
