package com.creatormarket.integrity.faketraffic.model;

import com.creatormarket.integrity.avro.EngagementEvent;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One engagement event as the job carries it from its source on: the fields the stages read, with
 * the device- and account-level findings ({@link Flags}) attached as they are made. Built from the
 * Avro record in the source's chain ({@link #of}), so no hop and no waiting list carries the Avro
 * record (issue #16). Serialized by {@link AnnotatedEngagementSerializer}.
 */
@TypeInfo(AnnotatedEngagementSerializer.Factory.class)
public class AnnotatedEngagement {
  /** The producer's event id: the device stage drops the copies of one event by it, then clears it (null after that stage). */
  public String eventId;
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
  /** The viewer's country and platform ({@link Regions#segment}), for the population baselines per segment. */
  public char region;
  public int flags;

  public AnnotatedEngagement() {}

  /** The event's fields the job reads, no flags yet. */
  public static AnnotatedEngagement of(EngagementEvent e) {
    AnnotatedEngagement a = new AnnotatedEngagement();
    a.eventId = e.getEventId();
    a.videoId = e.getVideoId();
    a.creatorId = e.getCreatorId();
    a.accountId = e.getAccountId();
    a.deviceId = e.getDeviceId();
    a.networkPrefix = e.getNetworkPrefix();
    a.kind = Kinds.of(e.getKind());
    a.watchMillis = e.getWatchTimeMillis() == null ? 0 : e.getWatchTimeMillis();
    a.lengthMillis = e.getVideoLengthMillis() == null ? 0 : e.getVideoLengthMillis();
    a.eventTime = e.getEventTime().toEpochMilli();
    a.accountCreatedAt = e.getAccountCreatedAt().toEpochMilli();
    a.region = Regions.segment(e.getCountry(), e.getClient());
    return a;
  }

  @Override
  public String toString() {
    return "AnnotatedEngagement{" + videoId + " " + accountId + " kind=" + kind + " flags=" + flags + " t=" + eventTime + "}";
  }
}
