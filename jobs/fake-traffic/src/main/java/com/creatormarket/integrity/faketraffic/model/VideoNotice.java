package com.creatormarket.integrity.faketraffic.model;

/** The video stage's second input: an order change or a lockstep finding, exactly one of them set. A Flink POJO. */
public class VideoNotice {
  public String videoId;
  public OrderNotice order;
  public LockstepFinding lockstep;

  public VideoNotice() {}

  public static VideoNotice of(OrderNotice order) {
    VideoNotice n = new VideoNotice();
    n.videoId = order.videoId;
    n.order = order;
    return n;
  }

  public static VideoNotice of(LockstepFinding finding) {
    VideoNotice n = new VideoNotice();
    n.videoId = finding.videoId;
    n.lockstep = finding;
    return n;
  }
}
