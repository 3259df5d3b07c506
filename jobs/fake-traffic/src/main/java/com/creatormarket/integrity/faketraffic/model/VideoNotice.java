package com.creatormarket.integrity.faketraffic.model;

/**
 * The video stage's input: a bucket's partial, an order change or a lockstep finding, exactly one of
 * them set, with the time it was sent at (the record's timestamp as it reached the video stage: a
 * finding may be sent after its own event time). A Flink POJO.
 */
public class VideoNotice {
  public String videoId;
  public VideoPartial partial;
  public OrderNotice order;
  public LockstepFinding lockstep;
  public long sentAt = Long.MIN_VALUE;

  public VideoNotice() {}

  public static VideoNotice of(VideoPartial partial) {
    VideoNotice n = new VideoNotice();
    n.videoId = partial.videoId;
    n.partial = partial;
    return n;
  }

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
