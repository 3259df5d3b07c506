package com.creatormarket.integrity.faketraffic.model;

/** One engagement event with the account-level findings ({@link Flags}) attached. A Flink POJO. */
public class AnnotatedEngagement {
  public String videoId;
  public String creatorId;
  public String accountId;
  public String deviceId;
  public String networkPrefix;
  /** One of {@link Kinds}. */
  public byte kind;
  public long watchMillis;
  public long lengthMillis;
  public long eventTime;
  public int flags;

  public AnnotatedEngagement() {}

  @Override
  public String toString() {
    return "AnnotatedEngagement{" + videoId + " " + accountId + " kind=" + kind + " flags=" + flags + " t=" + eventTime + "}";
  }
}
