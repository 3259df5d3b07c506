package com.creatormarket.integrity.common.io;

import com.creatormarket.integrity.common.codec.AvroCodec;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Decides, in the source thread and before a record may carry a timestamp or move a watermark,
 * whether it can be used: its size, whether it decodes, the rules of its topic, and whether its
 * event time is credible. A record that fails any of them leaves with the reason and never touches
 * event time: one record dated 2100 must not move a job's clock to 2100.
 *
 * <p>"Credible" is judged against the record's Kafka timestamp, the time its producer sent it (the
 * broker refuses timestamps more than an hour ahead of its own clock,
 * {@code log.message.timestamp.after.max.ms}): an event cannot have happened much after it was
 * sent. The reference is part of the stored record, so a replay judges every record the same way.
 * A producer's heartbeat ({@link Heartbeats}) is judged by the same bound.
 */
final class DoorChecks<T extends SpecificRecord> implements Serializable {

  private static final long serialVersionUID = 1L;

  private final AvroCodec<T> codec;
  private final RecordCheck<T> rules;
  private final EventTime<T> eventTime;
  private final int maxRecordBytes;
  private final long maxAheadMillis;

  DoorChecks(AvroCodec<T> codec, RecordCheck<T> rules, EventTime<T> eventTime, int maxRecordBytes, Duration maxAhead) {
    this.codec = codec;
    this.rules = rules;
    this.eventTime = eventTime;
    this.maxRecordBytes = maxRecordBytes;
    this.maxAheadMillis = maxAhead.toMillis();
  }

  SourceRecord<T> read(ConsumerRecord<byte[], byte[]> record) {
    SourceRecord<T> read = new SourceRecord<>();
    read.topic = record.topic();
    read.partition = record.partition();
    read.offset = record.offset();
    read.recordTimestamp = record.timestamp();
    Header heartbeat = Heartbeats.of(record.headers());
    if (heartbeat != null) {
      return heartbeat(read, record, heartbeat);
    }
    byte[] value = record.value();
    if (value != null && value.length > maxRecordBytes) {
      return unreadable(read, record, "too-large",
          "record of " + value.length + " bytes is over the limit of " + maxRecordBytes + " bytes (source.max-record-bytes)");
    }
    try {
      read.value = codec.decode(value);
    } catch (IOException e) {
      return unreadable(read, record, value == null ? "tombstone" : "undecodable",
          "cannot decode " + codec.type().getSimpleName() + ": " + e.getMessage());
    }
    Rejection rejection;
    try {
      rejection = check(read.value, record.timestamp());
    } catch (RuntimeException e) {
      // A rule that trips over a field it did not expect is a rejection of the record, not of the job.
      rejection = Rejection.of("rule-error", e.getClass().getSimpleName() + " while checking: " + e.getMessage());
    }
    if (rejection != null) {
      read.errorCode = rejection.code();
      read.error = rejection.reason();
    } else {
      read.eventTime = eventTime.of(read.value);
    }
    return read;
  }

  private SourceRecord<T> heartbeat(SourceRecord<T> read, ConsumerRecord<byte[], byte[]> record, Header header) {
    byte[] at = header.value();
    if (at == null || at.length != Long.BYTES) {
      return unreadable(read, record, "bad-heartbeat", "heartbeat header of " + (at == null ? 0 : at.length) + " bytes; 8 expected");
    }
    long time = java.nio.ByteBuffer.wrap(at).getLong();
    Rejection rejection = credible(time, record.timestamp());
    if (rejection != null) {
      return unreadable(read, record, rejection.code(), "heartbeat: " + rejection.detail());
    }
    read.heartbeat = true;
    read.eventTime = time;
    return read;
  }

  private Rejection check(T value, long sentAt) {
    Rejection rejection = rules.problem(value);
    if (rejection != null) {
      return rejection;
    }
    return credible(eventTime.of(value), sentAt);
  }

  private Rejection credible(long at, long sentAt) {
    if (sentAt >= 0 && at > sentAt + maxAheadMillis) {
      return Rejection.of("future-event-time", "event time " + java.time.Instant.ofEpochMilli(at)
          + " is more than " + Duration.ofMillis(maxAheadMillis) + " after the record was sent ("
          + java.time.Instant.ofEpochMilli(sentAt) + "; source.max-event-time-ahead)");
    }
    return null;
  }

  private SourceRecord<T> unreadable(SourceRecord<T> read, ConsumerRecord<byte[], byte[]> record, String code, String detail) {
    read.errorCode = code;
    read.error = code + ": " + detail;
    read.key = record.key();
    read.bytes = record.value();
    return read;
  }
}
