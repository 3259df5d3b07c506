package com.creatormarket.integrity.faketraffic;

/** Operator uids of the fake-traffic job. Never rename one: savepoints map state by uid. */
public final class Uids {
  private Uids() {}

  public static final String ENGAGEMENT_SOURCE = "engagement-source";
  public static final String ENGAGEMENT_TRIAGE = "engagement-triage";
  public static final String ORDER_SOURCE = "order-source";
  public static final String ORDER_TRIAGE = "order-triage";
  public static final String DEAD_LETTER_SINK = "dead-letter-sink";
}
