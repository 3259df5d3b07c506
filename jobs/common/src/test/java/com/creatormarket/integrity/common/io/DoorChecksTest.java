package com.creatormarket.integrity.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.avro.EngagementKind;
import com.creatormarket.integrity.common.codec.AvroCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.ManualClock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class DoorChecksTest {

  private static final AvroCodec<EngagementEvent> CODEC = AvroCodec.of(EngagementEvent.class);
  private static final Instant SENT = Instant.parse("2026-03-01T08:00:00Z");
  private static final EventTime<EngagementEvent> EVENT_TIME = e -> e.getEventTime().toEpochMilli();

  private final DoorChecks<EngagementEvent> door = new DoorChecks<>(CODEC,
      e -> e.getWatchTimeMillis() != null && e.getWatchTimeMillis() < 0 ? Rejection.of("watch-time", "negative") : null,
      EVENT_TIME, 4096, Duration.ofHours(1));

  static EngagementEvent view(Instant at) {
    return EngagementEvent.newBuilder().setEventId("e1").setKind(EngagementKind.VIEW).setVideoId("v1").setCreatorId("c1")
        .setAccountId("a1").setDeviceId("d1").setNetworkPrefix("10.1.2.0/24").setAccountCreatedAt(Instant.parse("2024-01-01T00:00:00Z"))
        .setCountry("CN").setClient("ios-1").setWatchTimeMillis(1500L).setVideoLengthMillis(30_000L).setEventTime(at).build();
  }

  private static ConsumerRecord<byte[], byte[]> sent(byte[] value, Instant sentAt) {
    return new ConsumerRecord<>("engagement-events", 3, 42L, sentAt.toEpochMilli(),
        org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, value == null ? 0 : value.length,
        "v1".getBytes(), value, new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty());
  }

  @Test
  void aGoodRecordIsUsable() {
    SourceRecord<EngagementEvent> read = door.read(sent(CODEC.encode(view(SENT.minusSeconds(5))), SENT));

    assertThat(read.usable()).isTrue();
    assertThat(read.value.getEventId()).isEqualTo("e1");
    assertThat(read.partition).isEqualTo(3);
    assertThat(read.offset).isEqualTo(42L);
  }

  @Test
  void anEventDatedFarAfterItWasSentIsRejectedAndNeverMovesTheWatermark() {
    SourceRecord<EngagementEvent> future = door.read(sent(CODEC.encode(view(Instant.parse("2100-01-01T00:00:00Z"))), SENT));
    SourceRecord<EngagementEvent> onTime = door.read(sent(CODEC.encode(view(SENT.minusSeconds(5))), SENT));

    assertThat(future.usable()).isFalse();
    assertThat(future.decoded()).isTrue();
    assertThat(future.errorCode).isEqualTo("future-event-time");
    assertThat(future.error).contains("2100-01-01").contains("source.max-event-time-ahead");

    // The source's watermark generator sees both; only the on-time one may move it.
    var strategy = ReadableWatermarks.<EngagementEvent>strategy(Duration.ZERO, Duration.ofMinutes(1));
    WatermarkGenerator<SourceRecord<EngagementEvent>> generator =
        new ReadableWatermarks<>(Duration.ZERO, new ManualClock(), Duration.ofMinutes(1));
    var assigner = strategy.createTimestampAssigner(null);
    List<Watermark> emitted = new ArrayList<>();
    WatermarkOutput output = new WatermarkOutput() {
      @Override public void emitWatermark(Watermark watermark) { emitted.add(watermark); }
      @Override public void markIdle() {}
      @Override public void markActive() {}
    };
    generator.onEvent(future, assigner.extractTimestamp(future, SENT.toEpochMilli()), output);
    generator.onEvent(onTime, assigner.extractTimestamp(onTime, SENT.toEpochMilli()), output);
    generator.onPeriodicEmit(output);

    assertThat(assigner.extractTimestamp(future, SENT.toEpochMilli())).isEqualTo(Long.MIN_VALUE);
    assertThat(emitted).isNotEmpty();
    assertThat(emitted.get(emitted.size() - 1).getTimestamp()).isEqualTo(SENT.minusSeconds(5).toEpochMilli() - 1);
  }

  @Test
  void aRejectedRecordDoesNotWakeAnIdlePartition() {
    ManualClock clock = new ManualClock();
    ReadableWatermarks<EngagementEvent> generator = new ReadableWatermarks<>(Duration.ZERO, clock, Duration.ofSeconds(30));
    List<String> signals = new ArrayList<>();
    WatermarkOutput output = new WatermarkOutput() {
      @Override public void emitWatermark(Watermark watermark) { signals.add("watermark " + watermark.getTimestamp()); }
      @Override public void markIdle() { signals.add("idle"); }
      @Override public void markActive() { signals.add("active"); }
    };
    SourceRecord<EngagementEvent> good = door.read(sent(CODEC.encode(view(SENT.minusSeconds(5))), SENT));
    SourceRecord<EngagementEvent> bad = door.read(sent("garbage".getBytes(), SENT));

    generator.onEvent(good, SENT.minusSeconds(5).toEpochMilli(), output);
    clock.advanceTime(Duration.ofSeconds(31));
    generator.onPeriodicEmit(output);
    generator.onEvent(bad, Long.MIN_VALUE, output);
    generator.onPeriodicEmit(output);
    generator.onEvent(good, SENT.minusSeconds(5).toEpochMilli(), output);
    generator.onPeriodicEmit(output);

    assertThat(signals).containsExactly("idle", "idle", "watermark " + (SENT.minusSeconds(5).toEpochMilli() - 1));
  }

  @Test
  void aHeartbeatMovesTimeAndAFarFutureOneIsSetAside() {
    ConsumerRecord<byte[], byte[]> beat = heartbeat(SENT.minusSeconds(60), SENT);
    ConsumerRecord<byte[], byte[]> future = heartbeat(Instant.parse("2100-01-01T00:00:00Z"), SENT);

    SourceRecord<EngagementEvent> read = door.read(beat);
    SourceRecord<EngagementEvent> rejected = door.read(future);

    assertThat(read.heartbeat).isTrue();
    assertThat(read.usable()).isTrue();
    assertThat(read.decoded()).isFalse();
    assertThat(read.eventTime).isEqualTo(SENT.minusSeconds(60).toEpochMilli());
    assertThat(rejected.usable()).isFalse();
    assertThat(rejected.heartbeat).isFalse();
    assertThat(rejected.errorCode).isEqualTo("future-event-time");
    assertThat(rejected.error).startsWith("future-event-time: heartbeat: event time 2100-01-01");
  }

  private static ConsumerRecord<byte[], byte[]> heartbeat(Instant at, Instant sentAt) {
    var producerRecord = Heartbeats.record("engagement-events", 3, at.toEpochMilli());
    return new ConsumerRecord<>("engagement-events", 3, 43L, sentAt.toEpochMilli(),
        org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 0, null, null, producerRecord.headers(), java.util.Optional.empty());
  }

  @Test
  void anEventWithinTheToleranceAheadIsUsable() {
    SourceRecord<EngagementEvent> read = door.read(sent(CODEC.encode(view(SENT.plusSeconds(3000))), SENT));

    assertThat(read.usable()).isTrue();
  }

  @Test
  void aRuleBreakIsInvalidWithItsCode() {
    EngagementEvent negative = view(SENT);
    negative.setWatchTimeMillis(-1L);

    SourceRecord<EngagementEvent> read = door.read(sent(CODEC.encode(negative), SENT));

    assertThat(read.decoded()).isTrue();
    assertThat(read.usable()).isFalse();
    assertThat(read.errorCode).isEqualTo("watch-time");
    assertThat(read.error).isEqualTo("watch-time: negative");
  }

  @Test
  void aRuleThatThrowsRejectsTheRecordNotTheJob() {
    DoorChecks<EngagementEvent> brittle = new DoorChecks<>(CODEC, e -> {
      throw new NullPointerException("videoLengthMillis");
    }, EVENT_TIME, 4096, Duration.ofHours(1));

    SourceRecord<EngagementEvent> read = brittle.read(sent(CODEC.encode(view(SENT)), SENT));

    assertThat(read.errorCode).isEqualTo("rule-error");
    assertThat(read.error).contains("NullPointerException");
  }

  @Test
  void oversizedGarbageAndTombstonesAreUnreadableWithTheirBytes() {
    byte[] big = new byte[4097];
    SourceRecord<EngagementEvent> tooLarge = door.read(sent(big, SENT));
    SourceRecord<EngagementEvent> garbage = door.read(sent("hello".getBytes(), SENT));
    SourceRecord<EngagementEvent> tombstone = door.read(sent(null, SENT));

    assertThat(tooLarge.decoded()).isFalse();
    assertThat(tooLarge.errorCode).isEqualTo("too-large");
    assertThat(tooLarge.error).contains("4097 bytes").contains("source.max-record-bytes");
    assertThat(tooLarge.bytes).hasSize(4097);
    assertThat(garbage.errorCode).isEqualTo("undecodable");
    assertThat(tombstone.errorCode).isEqualTo("tombstone");
    assertThat(garbage.key).isEqualTo("v1".getBytes());
  }
}
