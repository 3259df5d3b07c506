package com.creatormarket.integrity.faketraffic.model;

/**
 * What the video stage holds of one event-time bucket of a video until the watermark passes the
 * bucket's end: the order notices dated in it, the partials the upstream subtasks sent for it, and
 * the lockstep findings made during it, each as they came. Transient: judged and dropped when the
 * bucket's timer fires. A Flink POJO.
 */
public class PendingBucket {
  public VideoPartial[] partials = new VideoPartial[0];
  public LockstepFinding[] findings = new LockstepFinding[0];
  /** Null in buckets written before order notices waited here: none. */
  public OrderNotice[] orders = new OrderNotice[0];

  public PendingBucket() {}
}
