package com.creatormarket.integrity.faketraffic;

/** Operator uids of the fake-traffic job. Never rename one: savepoints map state by uid. */
public final class Uids {
  private Uids() {}

  public static final String ENGAGEMENT_SOURCE = "engagement-source";
  public static final String ENGAGEMENT_TRIAGE = "engagement-triage";
  public static final String ENGAGEMENT_COMPACT = "engagement-compact";
  public static final String ORDER_SOURCE = "order-source";
  public static final String ORDER_TRIAGE = "order-triage";
  public static final String DEAD_LETTER_SINK = "dead-letter-sink";
  public static final String RULE_SOURCE = "detection-rule-source";
  public static final String RULE_TRIAGE = "detection-rule-triage";
  public static final String RULE_WATERMARKS = "rule-gate-watermarks";
  public static final String RULE_GATE = "rule-gate";

  public static final String DEVICE_SHARING = "device-sharing";
  public static final String ACCOUNT_FEATURES = "account-features";
  public static final String VIDEO_COMBINER = "video-bucket-combiner";
  public static final String CREATOR_NORMS = "creator-norms";
  public static final String POPULATION_TOTALS = "population-totals";
  public static final String POPULATION_NORMS = "population-norms";
  public static final String ORDER_REGISTRY = "order-registry";
  public static final String LOCKSTEP_GROUPS = "lockstep-groups";
  public static final String LOCKSTEP_SIGNIFICANCE = "lockstep-significance";
  public static final String PARTIAL_NOTICES = "partial-notices";
  public static final String NOTICE_TIMES = "notice-times";
  public static final String VIDEO_JUDGE = "video-judge";
  public static final String CASE_SINK = "flagged-case-sink";
  public static final String METRICS_SINK = "verified-metrics-sink";
  public static final String SHADOW_CASE_SINK = "shadow-case-sink";
}
