package com.creatormarket.integrity.faketraffic.model;

/** One order of a video in the video stage: its terms and where its case stands. A Flink POJO. */
public class OrderSlot {
  public String orderId;
  public String creatorId;
  public String advertiserId;
  public String agencyId;
  public long publishedAt;
  public long endsAt;

  /** Last case version emitted (0: none yet), its level (ResponseLevel ordinal, -1: none) and what it showed. */
  public int version;
  public int level = -1;
  public long firstFlaggedAt;
  public long lastCaseEvents;
  public int lastCaseSignals;
  public double maxScore;

  public OrderSlot() {}
}
