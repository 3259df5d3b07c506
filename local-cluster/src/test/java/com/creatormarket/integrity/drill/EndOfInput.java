package com.creatormarket.integrity.drill;

import com.creatormarket.integrity.avro.Actor;
import com.creatormarket.integrity.avro.CaseEvidence;
import com.creatormarket.integrity.avro.ContentFinding;
import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.avro.EngagementKind;
import com.creatormarket.integrity.avro.FindingKind;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.LifecycleKind;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderEventKind;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.avro.RetentionOutcome;
import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.avro.ReviewDecision;
import com.creatormarket.integrity.avro.ReviewOutcome;
import com.creatormarket.integrity.avro.VideoLifecycleEvent;
import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The last record of every partition a job reads: well formed, about parties nobody else
 * mentions, dated {@code at}. Once a job has read them all, its watermark stands at {@code at}
 * minus the out-of-orderness in every run, whatever the wall clock did: what a bounded replay's
 * final watermark does, for jobs that keep running. The jobs run without idleness, so no
 * partition is ever released early and the end of a run is decided by data alone.
 *
 * <p>Harmless by construction: no order of the scenario is named; a cancelled order, a video and
 * views without an order, a finding, a decision, a record-only case and a platform removal dated
 * {@code at} are taken by no event-time rule before the watermark passes {@code at}, which it never
 * does. Ids start with {@link #ID}, so outputs can leave them out.
 */
final class EndOfInput {

  static final String ID = "end-of-input";

  private EndOfInput() {}

  /** The external inputs other than review decisions: engagement, orders, lifecycle, content findings. */
  static List<ProducerRecord<byte[], byte[]>> inputs(String prefix, Instant at) {
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
    out.addAll(perPartition(prefix, Topics.ENGAGEMENT, p -> EngagementEvent.newBuilder().setEventId(ID + "-ev-" + p)
        .setKind(EngagementKind.VIEW).setVideoId(ID + "-video").setCreatorId(ID + "-creator").setAccountId(ID + "-account")
        .setDeviceId(ID + "-device").setNetworkPrefix("192.0.2.0/24").setAccountCreatedAt(at.minus(Duration.ofDays(400)))
        .setCountry("CN").setClient("android-32.1").setWatchTimeMillis(10_000L).setVideoLengthMillis(30_000L).setEventTime(at).build()));
    out.addAll(perPartition(prefix, Topics.ORDERS, p -> OrderEvent.newBuilder().setEventId(ID + "-oe-" + p).setOrderId(ID + "-order-" + p)
        .setKind(OrderEventKind.CANCELLED).setAdvertiserId(ID + "-advertiser").setCreatorId(ID + "-creator").setEventTime(at).build()));
    out.addAll(perPartition(prefix, Topics.LIFECYCLE, p -> VideoLifecycleEvent.newBuilder().setEventId(ID + "-lc-" + p)
        .setVideoId(ID + "-video-" + p).setCreatorId(ID + "-creator").setKind(LifecycleKind.PUBLISHED).setActor(Actor.CREATOR)
        .setEventTime(at).build()));
    out.addAll(perPartition(prefix, Topics.CONTENT_FINDINGS, p -> ContentFinding.newBuilder().setFindingId(ID + "-finding-" + p)
        .setCreatorId(ID + "-creator").setKind(FindingKind.PRIVATE_DEAL).setSource(ID).setFoundAt(at).build()));
    return out;
  }

  /** What the upstream jobs write and enforcement reads: flagged cases and retention violations. */
  static List<ProducerRecord<byte[], byte[]>> upstreamOutputs(String prefix, Instant at) {
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
    out.addAll(perPartition(prefix, Topics.FLAGGED_CASES, p -> FlaggedCase.newBuilder().setCaseId(ID + "-case-" + p).setVersion(1)
        .setCaseVersionId(ID + "-case-" + p + "-v1").setOrderId(ID + "-order-" + p).setVideoId(ID + "-video-" + p)
        .setCreatorId(ID + "-creator").setAdvertiserId(ID + "-advertiser").setLevel(ResponseLevel.RECORD_ONLY).setRiskScore(0.0)
        .setSignals(List.of()).setEvidence(CaseEvidence.newBuilder().setTopAccounts(List.of()).setTopDevices(List.of())
            .setTopNetworkPrefixes(List.of()).setHourlyViews(List.of()).setViews(0).setLikes(0).setFollows(0).setUniqueViewers(0).build())
        .setFirstFlaggedAt(at).setLastEventTime(at).build()));
    out.addAll(perPartition(prefix, Topics.RETENTION_VIOLATIONS, p -> RetentionViolation.newBuilder()
        .setViolationId(ID + "-violation-" + p).setOrderId(ID + "-order-" + p).setVideoId(ID + "-video-" + p)
        .setCreatorId(ID + "-creator").setAdvertiserId(ID + "-advertiser").setOutcome(RetentionOutcome.PLATFORM_REMOVAL)
        .setRemovalKind(LifecycleKind.DELETED).setActor(Actor.PLATFORM_MODERATION).setPublishedAt(at.minus(Duration.ofDays(1)))
        .setRetentionDays(60).setRetentionEnd(at.plus(Duration.ofDays(59))).setRemovedAt(at).setDecidedAt(at).setHideCount(0)
        .setTimeZone("Asia/Shanghai").build()));
    return out;
  }

  /**
   * Review decisions: written last of all. Until then this topic holds nothing usable, so the
   * enforcement job's watermark cannot move before every other input has been read to its end.
   */
  static List<ProducerRecord<byte[], byte[]>> reviewDecisions(String prefix, Instant at) {
    return perPartition(prefix, Topics.REVIEW_DECISIONS, p -> ReviewDecision.newBuilder().setDecisionId(ID + "-decision-" + p)
        .setCaseId(ID + "-case").setOrderId(ID + "-order").setReviewerId(ID + "-reviewer").setDecision(ReviewOutcome.ESCALATE)
        .setDecidedAt(at).build());
  }

  /** Writes the records (acknowledged by all replicas, each checked) and returns each one's partition and offset. */
  static Map<TopicPartition, Long> write(String bootstrap, List<ProducerRecord<byte[], byte[]>> records) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("acks", "all");
    props.put("enable.idempotence", "true");
    props.put("max.in.flight.requests.per.connection", "1");
    Map<TopicPartition, Long> offsets = new HashMap<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      records.forEach(r -> acks.add(producer.send(r)));
      producer.flush();
      for (Future<RecordMetadata> ack : acks) {
        RecordMetadata meta = ack.get(2, TimeUnit.MINUTES);
        offsets.merge(new TopicPartition(meta.topic(), meta.partition()), meta.offset(), Math::max);
      }
    } catch (Exception e) {
      throw new IllegalStateException("end-of-input records not written", e);
    }
    return offsets;
  }

  private static <T extends SpecificRecord> List<ProducerRecord<byte[], byte[]>> perPartition(String prefix, Topic<T> topic,
      java.util.function.IntFunction<T> record) {
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
    for (int p = 0; p < topic.partitions(); p++) {
      T value = record.apply(p);
      out.add(new ProducerRecord<>(prefix + topic.name(), p, (ID + "-" + p).getBytes(StandardCharsets.UTF_8), topic.codec().encode(value)));
    }
    return out;
  }
}
