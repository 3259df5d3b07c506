package com.creatormarket.integrity.benchmarks.baseline;

/** Operator uids of the baseline jobs; the same names the pipeline jobs use for the same role. */
public final class Uids {

  private Uids() {}

  public static final String ENGAGEMENT_SOURCE = "engagement-source";
  public static final String ENGAGEMENT_TRIAGE = "engagement-triage";
  public static final String DISCARD = "discard";
  public static final String DEAD_LETTER_DISCARD = "dead-letter-discard";
  public static final String VIDEO_COUNTER = "video-counter";
  public static final String ACCOUNT_COUNTER = "account-counter";
  public static final String COUNTER_DISCARD = "counter-discard";
  public static final String ECHO_SINK = "echo-sink";
}
