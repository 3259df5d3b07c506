package com.creatormarket.integrity.faketraffic.model;

/** What the video stage needs to know about one order of a video: who, since when, until when. A Flink POJO. */
public class OrderNotice {
  public String orderId;
  public String videoId;
  public String creatorId;
  public String advertiserId;
  /** Null when the creator has no agency. */
  public String agencyId;
  public long publishedAt;
  /** Event time from which the order is no longer watched (retention end, cancellation or completion + watch time). */
  public long endsAt;
  public long eventTime;

  public OrderNotice() {}
}
