package com.creatormarket.integrity.common.io;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

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
  public static boolean isHeartbeat(ConsumerRecord<?, ?> record) {
    return of(record.headers()) != null;
  }

  /** The event time a consumed heartbeat carries; null when the record is no heartbeat. */
  public static Long eventTime(ConsumerRecord<?, ?> record) {
    Header header = of(record.headers());
    return header == null || header.value() == null || header.value().length != Long.BYTES
        ? null : ByteBuffer.wrap(header.value()).getLong();
  }

  /**
   * The newest event time a heartbeat on these topics carries (read committed), or null when there
   * is none. Reads each partition's last {@code tail} records: a producer sends a heartbeat after
   * every record with an earlier event time, so the newest is among them.
   */
  public static Long newest(KafkaConnection kafka, List<String> topics, int tail) {
    Properties props = kafka.properties();
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", "false");
    long newest = Long.MIN_VALUE;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        consumer.partitionsFor(topic, Duration.ofSeconds(30))
            .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      for (TopicPartition p : partitions) {
        long to = end.get(p);
        if (to == 0) {
          continue;
        }
        consumer.assign(List.of(p));
        consumer.seek(p, Math.max(0, to - tail));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (consumer.position(p) < to && System.nanoTime() < deadline) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            Long t = eventTime(r);
            if (t != null) {
              newest = Math.max(newest, t);
            }
          }
        }
      }
    }
    return newest == Long.MIN_VALUE ? null : newest;
  }

  /** The header if the record is a heartbeat, else null. */
  static Header of(Headers headers) {
    return headers == null ? null : headers.lastHeader(HEADER);
  }
}
