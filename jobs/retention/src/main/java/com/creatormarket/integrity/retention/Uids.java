package com.creatormarket.integrity.retention;

/** Operator uids of the retention job. Never rename one: savepoints map state by uid. */
public final class Uids {
  private Uids() {}

  public static final String ORDER_SOURCE = "order-source";
  public static final String ORDER_TRIAGE = "order-triage";
  public static final String LIFECYCLE_SOURCE = "lifecycle-source";
  public static final String LIFECYCLE_TRIAGE = "lifecycle-triage";
  /** Keyed by order: joins an order's facts and forwards them to its video once published. */
  public static final String ORDER_ROUTER = "order-router";
  /** Keyed by video: judges removals against every order of the video. */
  public static final String EARLY_REMOVAL_RULE = "early-removal-rule";
  public static final String VIOLATION_SINK = "violation-sink";
  public static final String DEAD_LETTER_SINK = "dead-letter-sink";
}
