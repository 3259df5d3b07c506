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
  /**
   * How many of the order's events the registry had applied when it sent this notice: of two
   * notices of one order at one event time, the higher one is the newer. (An order whose registry
   * state predates the count starts again at 1; 0 in a notice that waited in state written before.)
   */
  public int revision;

  public OrderNotice() {}
}
