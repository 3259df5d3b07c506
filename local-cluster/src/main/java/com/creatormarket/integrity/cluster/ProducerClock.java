package com.creatormarket.integrity.cluster;

import com.creatormarket.integrity.common.io.KafkaConnection;
import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.config.Durations;
import com.creatormarket.integrity.common.io.Heartbeats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Moves the inputs' event time on, as the producers of a live marketplace do just by carrying on:
 * finds the newest heartbeat on the pipeline's input topics and sends one {@code advance} later to
 * every partition of every input topic. The jobs' watermarks follow, and with them whatever waits
 * for event time: on simulated traffic that has ended, a reviewer's decision is applied only then.
 * Usage: {@code ProducerClock BOOTSTRAP ADVANCE} (e.g. 1h).
 */
public final class ProducerClock {

  /** The topics the pipeline's jobs read from outside it. */
  static final List<Topic<?>> INPUTS = List.of(Topics.ENGAGEMENT, Topics.ORDERS, Topics.LIFECYCLE, Topics.REVIEW_DECISIONS,
      Topics.CONTENT_FINDINGS);

  private static final int TAIL = 500;

  private ProducerClock() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: ProducerClock BOOTSTRAP ADVANCE   (e.g. 127.0.0.1:9092 1h)");
      System.exit(2);
    }
    Duration advance = Durations.parse(args[1]);
    if (advance == null || advance.isZero()) {
      System.err.println("ProducerClock: '" + args[1] + "' is no duration: a whole number and ms, s, m, h or d (e.g. 1h)");
      System.exit(2);
    }
    Instant[] moved = advance(args[0], advance);
    System.out.printf("input event time moved on from %s to %s on every partition of %d input topics%n",
        moved[0], moved[1], INPUTS.size());
  }

  /** Returns the newest heartbeat time found and the time sent. */
  public static Instant[] advance(String bootstrap, Duration advance) {
    Long newest = Heartbeats.newest(KafkaConnection.forTool(bootstrap), INPUTS.stream().map(Topic::name).toList(), TAIL);
    if (newest == null) {
      throw new IllegalStateException("no heartbeat on the input topics: run traffic first (the simulator sends them)");
    }
    List<TopicPartition> partitions = new ArrayList<>();
    Properties props = new Properties();
    props.putAll(KafkaConnection.forTool(bootstrap).properties());
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      for (Topic<?> topic : INPUTS) {
        consumer.partitionsFor(topic.name(), Duration.ofSeconds(30))
            .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      }
    }
    long target = newest + advance.toMillis();
    Properties producerProps = new Properties();
    producerProps.putAll(KafkaConnection.forTool(bootstrap).properties());
    producerProps.put("enable.idempotence", "true");
    producerProps.put("acks", "all");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (TopicPartition p : partitions) {
        producer.send(Heartbeats.record(p.topic(), p.partition(), target));
      }
      producer.flush();
    }
    return new Instant[] {Instant.ofEpochMilli(newest), Instant.ofEpochMilli(target)};
  }
}
