package com.creatormarket.integrity.drill;

import com.creatormarket.integrity.avro.Actor;
import com.creatormarket.integrity.avro.ContentFinding;
import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.avro.EngagementKind;
import com.creatormarket.integrity.avro.FindingKind;
import com.creatormarket.integrity.avro.LifecycleKind;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderEventKind;
import com.creatormarket.integrity.avro.ReviewDecision;
import com.creatormarket.integrity.avro.ReviewOutcome;
import com.creatormarket.integrity.avro.VideoLifecycleEvent;
import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.codec.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * Records of each input topic that every reading job accepts: the material bad records are cut
 * from (truncated, re-headed, padded past the size limit, re-dated, or given one broken field).
 * Ids start with the given id, so a record of the drill is never taken for a real one.
 */
final class WellFormedRecords {

  private static final Map<String, AvroCodec<?>> CODECS = new ConcurrentHashMap<>();

  private WellFormedRecords() {}

  static EngagementEvent.Builder view(String id, Instant at) {
    return EngagementEvent.newBuilder().setEventId(id + "-ev").setKind(EngagementKind.VIEW).setVideoId(id + "-video")
        .setCreatorId(id + "-creator").setAccountId(id + "-account").setDeviceId(id + "-device")
        .setNetworkPrefix("198.51.100.0/24").setAccountCreatedAt(at.minus(Duration.ofDays(400))).setCountry("CN")
        .setClient("android-32.1").setWatchTimeMillis(12_000L).setVideoLengthMillis(30_000L).setEventTime(at);
  }

  static OrderEvent.Builder created(String id, Instant at) {
    return OrderEvent.newBuilder().setEventId(id + "-oe").setOrderId(id + "-order").setKind(OrderEventKind.CREATED)
        .setAdvertiserId(id + "-advertiser").setCreatorId(id + "-creator").setAgencyId(null).setVideoId(null)
        .setPriceMinor(1_000_000L).setPrepaidMinor(1_000_000L).setCurrency("CNY").setRetentionDays(null)
        .setPublishedAt(null).setEventTime(at);
  }

  static VideoLifecycleEvent.Builder published(String id, Instant at) {
    return VideoLifecycleEvent.newBuilder().setEventId(id + "-lc").setVideoId(id + "-video").setCreatorId(id + "-creator")
        .setKind(LifecycleKind.PUBLISHED).setActor(Actor.CREATOR).setReason(null).setEventTime(at);
  }

  static ReviewDecision.Builder decision(String id, Instant at) {
    return ReviewDecision.newBuilder().setDecisionId(id + "-decision").setCaseId(id + "-case").setOrderId(id + "-order")
        .setReviewerId(id + "-reviewer").setDecision(ReviewOutcome.CONFIRM).setNote(null).setDecidedAt(at);
  }

  static ContentFinding.Builder finding(String id, Instant at) {
    return ContentFinding.newBuilder().setFindingId(id + "-finding").setCreatorId(id + "-creator").setKind(FindingKind.PRIVATE_DEAL)
        .setVideoId(null).setBrand("drill-brand").setSource("poison-drill").setEvidence(null).setFoundAt(at);
  }

  /** A well-formed record of the topic dated {@code at}. */
  static SpecificRecord of(Topic<?> topic, String id, Instant at) {
    return of(topic, id, at, null);
  }

  /**
   * A well-formed record of the topic dated {@code at} whose one free-text field (client, agency,
   * reason, note, evidence) is {@code text}, or left as usual when null.
   */
  static SpecificRecord of(Topic<?> topic, String id, Instant at, String text) {
    return switch (topic.name()) {
      case "engagement-events" -> text == null ? view(id, at).build() : view(id, at).setClient(text).build();
      case "order-events" -> text == null ? created(id, at).build() : created(id, at).setAgencyId(text).build();
      case "video-lifecycle" -> published(id, at).setReason(text).build();
      case "review-decisions" -> decision(id, at).setNote(text).build();
      case "content-findings" -> finding(id, at).setEvidence(text).build();
      default -> throw new IllegalArgumentException("not an input topic: " + topic.name());
    };
  }

  /** Encodes a record of the topic as the topic's producers do (Avro single-object encoding). */
  @SuppressWarnings("unchecked")
  static <T extends SpecificRecord> byte[] encode(Topic<T> topic, SpecificRecord record) {
    AvroCodec<T> codec = (AvroCodec<T>) CODECS.computeIfAbsent(topic.name(), n -> topic.codec());
    return codec.encode((T) record);
  }

  /** The record's key as the topic's producers write it: its key field in UTF-8. */
  static byte[] key(Topic<?> topic, SpecificRecord record) {
    Object key = record.get(record.getSchema().getField(topic.keyField()).pos());
    return key == null ? null : key.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A well-formed record of exactly {@code bytes} bytes, padded in its free-text field: it would
   * decode and pass every rule, and only its size is wrong.
   */
  static byte[] ofSize(Topic<?> topic, String id, Instant at, int bytes) {
    int pad = 0;
    for (int attempt = 0; attempt < 8; attempt++) {
      byte[] encoded = encode(topic, of(topic, id, at, "x".repeat(pad)));
      if (encoded.length == bytes) {
        return encoded;
      }
      pad += bytes - encoded.length;
      if (pad < 0) {
        throw new IllegalArgumentException(bytes + " bytes is less than a " + topic.name() + " record");
      }
    }
    throw new IllegalStateException("cannot pad a " + topic.name() + " record to exactly " + bytes + " bytes");
  }
}
