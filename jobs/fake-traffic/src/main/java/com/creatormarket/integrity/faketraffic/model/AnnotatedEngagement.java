package com.creatormarket.integrity.faketraffic.model;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/** One engagement event with the device- and account-level findings ({@link Flags}) attached. Serialized by {@link AnnotatedEngagementSerializer}. */
@TypeInfo(AnnotatedEngagementSerializer.Factory.class)
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
