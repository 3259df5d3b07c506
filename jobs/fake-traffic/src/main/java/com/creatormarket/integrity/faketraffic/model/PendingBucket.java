package com.creatormarket.integrity.faketraffic.model;

/**
 * One event-time bucket of a video as the video stage gathers it once the watermark passed the
 * bucket's end: the order notices dated in it, the partials the upstream subtasks sent for it, and
 * the lockstep findings made during it, each as they came. On the heap only: judged and dropped at
 * the bucket's timer, within the same watermark.
 */
public class PendingBucket {
  public VideoPartial[] partials = new VideoPartial[0];
  public LockstepFinding[] findings = new LockstepFinding[0];
  public OrderNotice[] orders = new OrderNotice[0];

  public PendingBucket() {}
}
