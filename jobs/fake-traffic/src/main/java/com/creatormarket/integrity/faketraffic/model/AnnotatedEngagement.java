package com.creatormarket.integrity.faketraffic.model;

/** One engagement event with the device- and account-level findings ({@link Flags}) attached. A Flink POJO. */
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
  public long accountCreatedAt;
  public int flags;

  public AnnotatedEngagement() {}

  @Override
  public String toString() {
    return "AnnotatedEngagement{" + videoId + " " + accountId + " kind=" + kind + " flags=" + flags + " t=" + eventTime + "}";
  }
}
