package com.creatormarket.integrity.retention;

/** Operator uids of the retention job. Never rename one: savepoints map state by uid. */
public final class Uids {
  private Uids() {}

  public static final String ORDER_SOURCE = "order-source";
  public static final String ORDER_TRIAGE = "order-triage";
  public static final String LIFECYCLE_SOURCE = "lifecycle-source";
  public static final String LIFECYCLE_TRIAGE = "lifecycle-triage";
  public static final String DEAD_LETTER_SINK = "dead-letter-sink";
}
