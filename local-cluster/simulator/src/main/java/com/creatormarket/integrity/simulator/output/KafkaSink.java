package com.creatormarket.integrity.simulator.output;

import com.creatormarket.integrity.common.io.KafkaConnection;
import java.io.IOException;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import com.creatormarket.integrity.common.io.Heartbeats;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends records to the pipeline's input topics, keyed as {@code Topics} says. The Kafka record
 * timestamp is left to the producer (wall clock): simulated event times lie in the past and would
 * make the broker's time-based retention delete fresh segments at once; jobs read event time from
 * the value.
 */
public final class KafkaSink implements RecordSink {

  private final KafkaProducer<byte[], byte[]> producer;
  private final String[] topicNames;
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  /** {@code topicPrefix} is put before every topic name; empty for none. */
  public KafkaSink(KafkaConnection kafka, String topicPrefix) {
    Properties props = new Properties();
    props.putAll(kafka.properties());
    props.put("acks", "all");
    props.put("enable.idempotence", "true");
    // One request in flight: a batch retried after NOT_LEADER on a just-created partition cannot be
    // overtaken by later ones (seen here as OUT_OF_ORDER_SEQUENCE_NUMBER until delivery timed out),
    // and per-key order holds whatever the retries. Big batches keep the throughput.
    props.put("max.in.flight.requests.per.connection", "1");
    props.put("linger.ms", "20");
    props.put("batch.size", String.valueOf(512 * 1024));
    props.put("buffer.memory", String.valueOf(128L * 1024 * 1024));
    props.put("compression.type", "lz4");
    props.put("client.id", "simulator");
    producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    InputTopic[] topics = InputTopic.values();
    topicNames = new String[topics.length];
    for (InputTopic t : topics) {
      topicNames[t.ordinal()] = topicPrefix + t.topic().name();
    }
  }

  public String topicName(InputTopic topic) {
    return topicNames[topic.ordinal()];
  }

  @Override
  public void write(InputTopic topic, byte[] key, byte[] value, int length, long eventTimeMs) throws IOException {
    Exception e = failure.get();
    if (e != null) {
      throw new IOException("Kafka send failed: " + e.getMessage(), e);
    }
    producer.send(new ProducerRecord<>(topicNames[topic.ordinal()], key, Arrays.copyOf(value, length)), (meta, error) -> {
      if (error != null) {
        failure.compareAndSet(null, error);
      }
    });
  }

  @Override
  public void heartbeat(InputTopic topic, int partition, long eventTimeMs) throws IOException {
    Exception e = failure.get();
    if (e != null) {
      throw new IOException("Kafka send failed: " + e.getMessage(), e);
    }
    producer.send(Heartbeats.record(topicNames[topic.ordinal()], partition, eventTimeMs), (meta, error) -> {
      if (error != null) {
        failure.compareAndSet(null, error);
      }
    });
  }

  @Override
  public void flush() throws IOException {
    producer.flush();
    Exception e = failure.get();
    if (e != null) {
      throw new IOException("Kafka send failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      producer.close();
    }
  }
}
