package com.creatormarket.integrity.common.io;

import com.creatormarket.integrity.common.codec.AvroCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads what a topic holds right now as the order system would: read-committed, from the
 * beginning up to the last stable offsets, so records of open or aborted transactions never show.
 */
public final class CommittedRecords {

  private CommittedRecords() {}

  public static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaConnection kafka, String topicName) {
    Properties props = kafka.properties();
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", "false");
    props.put("max.poll.records", "5000");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topicName, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // Under read_committed the end offsets are the last stable offsets: nothing open is waited for.
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("timed out reading " + topicName);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  /**
   * The offset of the last committed record (heartbeats included) of every non-empty partition, as a
   * read-committed reader sees it: what a job must have read past to have read the topic to its
   * end. Reads only each partition's tail: a transactional topic has commit markers after its
   * records, which take offsets too, but a marker only follows a record of its transaction, so a
   * short tail holds the last record; the tail widens until it does.
   */
  public static Map<TopicPartition, Long> lastRecordOffsets(KafkaConnection kafka, String topicName) {
    Properties props = kafka.properties();
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", "false");
    Map<TopicPartition, Long> last = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topicName, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      for (TopicPartition p : partitions) {
        long tail = 16;
        long from = end.get(p);
        while (!last.containsKey(p) && from > 0) {
          from = Math.max(0, end.get(p) - tail);
          consumer.assign(List.of(p));
          consumer.seek(p, from);
          while (consumer.position(p) < end.get(p)) {
            if (System.nanoTime() > deadline) {
              throw new IllegalStateException("timed out reading the tail of " + p);
            }
            consumer.poll(Duration.ofMillis(200)).forEach(r -> last.merge(p, r.offset(), Math::max));
          }
          tail *= 4;
        }
      }
    }
    return last;
  }

  /** Every committed record but heartbeats, decoded; an unreadable one is an error, since outputs are ours. */
  public static <T extends SpecificRecord> List<T> readAll(KafkaConnection kafka, String topicName, AvroCodec<T> codec) {
    List<T> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : readAll(kafka, topicName)) {
      if (Heartbeats.isHeartbeat(record)) {
        continue; // a producer's word that time moved on, not a record of the topic
      }
      try {
        out.add(codec.decode(record.value()));
      } catch (IOException e) {
        throw new IllegalStateException(topicName + " holds an unreadable record at partition " + record.partition()
            + " offset " + record.offset() + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** Committed end offsets summed over partitions: grows as transactions commit. */
  public static long committedEnd(KafkaConnection kafka, String topicName) {
    Properties props = kafka.properties();
    props.put("isolation.level", "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topicName, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
