package com.creatormarket.integrity.retention;

import com.creatormarket.integrity.avro.Actor;
import com.creatormarket.integrity.avro.LifecycleKind;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderEventKind;
import com.creatormarket.integrity.avro.VideoLifecycleEvent;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.retention.model.OrderTerms;
import com.creatormarket.integrity.retention.model.RetentionPolicy;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Order and lifecycle events for tests, with instants written as Shanghai local time. */
public final class Fixtures {

  public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  public static final long MINUTE = 60_000L;
  public static final long HOUR = 60 * MINUTE;
  public static final long DAY = 24 * HOUR;

  private static final AtomicLong IDS = new AtomicLong();

  private Fixtures() {}

  public static Settings settings(Map<String, String> overrides) {
    return Settings.from(overrides, "test", RetentionOptions.KNOBS);
  }

  public static RetentionPolicy policy(Map<String, String> overrides) {
    return RetentionPolicy.from(settings(overrides));
  }

  public static RetentionPolicy defaultPolicy() {
    return policy(Map.of());
  }

  /** Epoch millis of a Shanghai local date-time such as {@code 2026-03-01T10:00}. */
  public static long local(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant().toEpochMilli();
  }

  public static OrderEvent.Builder order(OrderEventKind kind, String orderId, long at) {
    return OrderEvent.newBuilder()
        .setEventId("oe-" + IDS.incrementAndGet())
        .setOrderId(orderId)
        .setKind(kind)
        .setAdvertiserId("adv-" + orderId)
        .setCreatorId("creator-1")
        .setEventTime(Instant.ofEpochMilli(at));
  }

  public static OrderEvent created(String orderId, Integer days, String agency, long at) {
    return order(OrderEventKind.CREATED, orderId, at).setRetentionDays(days).setAgencyId(agency)
        .setPriceMinor(100_000L).setPrepaidMinor(100_000L).setCurrency("CNY").build();
  }

  public static OrderEvent published(String orderId, String videoId, long publishedAt, long at) {
    return order(OrderEventKind.VIDEO_PUBLISHED, orderId, at).setVideoId(videoId)
        .setPublishedAt(Instant.ofEpochMilli(publishedAt)).build();
  }

  public static OrderEvent changed(String orderId, String videoId, int days, long at) {
    return order(OrderEventKind.RETENTION_CHANGED, orderId, at).setVideoId(videoId).setRetentionDays(days).build();
  }

  public static OrderEvent cancelled(String orderId, String videoId, long at) {
    return order(OrderEventKind.CANCELLED, orderId, at).setVideoId(videoId).build();
  }

  public static OrderEvent terminated(String orderId, String videoId, long at) {
    return order(OrderEventKind.TERMINATED, orderId, at).setVideoId(videoId).build();
  }

  public static OrderEvent completed(String orderId, String videoId, long at) {
    return order(OrderEventKind.COMPLETED, orderId, at).setVideoId(videoId).build();
  }

  public static VideoLifecycleEvent lifecycle(LifecycleKind kind, String videoId, Actor actor, long at) {
    return VideoLifecycleEvent.newBuilder()
        .setEventId("le-" + IDS.incrementAndGet())
        .setVideoId(videoId)
        .setCreatorId("creator-1")
        .setKind(kind)
        .setActor(actor)
        .setEventTime(Instant.ofEpochMilli(at))
        .build();
  }

  public static VideoLifecycleEvent deleted(String videoId, long at) {
    return lifecycle(LifecycleKind.DELETED, videoId, Actor.CREATOR, at);
  }

  public static VideoLifecycleEvent hidden(String videoId, long at) {
    return lifecycle(LifecycleKind.HIDDEN, videoId, Actor.CREATOR, at);
  }

  public static VideoLifecycleEvent restored(String videoId, long at) {
    return lifecycle(LifecycleKind.RESTORED, videoId, Actor.CREATOR, at);
  }

  /** The terms the order router forwards after these events (in this order). */
  public static OrderTerms terms(OrderEvent... events) {
    OrderTerms merged = null;
    for (OrderEvent e : events) {
      OrderTerms fact = OrderTerms.from(e);
      merged = merged == null ? fact : merged.merge(fact);
    }
    return merged;
  }
}
