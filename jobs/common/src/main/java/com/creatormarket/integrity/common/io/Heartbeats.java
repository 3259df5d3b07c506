package com.creatormarket.integrity.common.io;

import java.nio.ByteBuffer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A producer's word that event time on one partition has moved on: a record with no key and no
 * value and the header {@value #HEADER} holding an event time T (8 bytes, big-endian), sent after
 * every record of that partition with an earlier event time. A job's source treats it like an
 * event at T for its watermark and passes nothing on, so time advances on a partition with no
 * traffic, deterministically (the heartbeat is part of the input, unlike a wall-clock idle timeout),
 * including at the end of input and after a restart. It is checked like any record: one dated
 * further ahead of its Kafka timestamp than {@code source.max-event-time-ahead} is a dead letter.
 */
public final class Heartbeats {

  public static final String HEADER = "integrity-heartbeat";

  private Heartbeats() {}

  /** A heartbeat for one partition of a topic. */
  public static ProducerRecord<byte[], byte[]> record(String topic, int partition, long eventTimeMs) {
    Headers headers = new RecordHeaders();
    headers.add(HEADER, ByteBuffer.allocate(Long.BYTES).putLong(eventTimeMs).array());
    return new ProducerRecord<>(topic, partition, null, null, null, headers);
  }

  /** Whether a consumed record is a heartbeat (readers of input topics outside the jobs skip them). */
  public static boolean isHeartbeat(org.apache.kafka.clients.consumer.ConsumerRecord<?, ?> record) {
    return of(record.headers()) != null;
  }

  /** The event time a consumed heartbeat carries; null when the record is no heartbeat. */
  public static Long eventTime(org.apache.kafka.clients.consumer.ConsumerRecord<?, ?> record) {
    Header header = of(record.headers());
    return header == null || header.value() == null || header.value().length != Long.BYTES
        ? null : ByteBuffer.wrap(header.value()).getLong();
  }

  /** The header if the record is a heartbeat, else null. */
  static Header of(Headers headers) {
    return headers == null ? null : headers.lastHeader(HEADER);
  }
}
